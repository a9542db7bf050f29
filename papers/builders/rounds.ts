import type { Ballot, RoundRecord } from '../../machines/contest';
import { PAPER_TITLES } from '../kinds';
import { NOT_RECORDED, type PaperModel, type SignatureLine } from '../model';
import type { ElectionRecord, RecordedDecision } from '../record';
import { PaperRefusal } from '../refusal';
import {
  allOf,
  beijingDay,
  byStrokes,
  CONTEST_NAMES,
  conferenceCall,
  count,
  majorityRule,
  membersByStrokes,
  memberNames,
  numberIn,
  signatureOf,
  votesIn,
} from './common';

/**
 * A ballot round of the conference by its number (1, 2, ... over every contest: committee, then secretary or deputy
 * when the conference elects them): a counted round, the round recorded and awaiting the scrutineers, or the open
 * ballot not yet voted on, with the RECORD_ROUND and CONFIRM_COUNT decisions that recorded it.
 */
export interface ConferenceRound {
  number: number;
  ballot: Ballot;
  /** The round as the machine counted it; absent for the open ballot. */
  counted?: RoundRecord;
  recorded?: RecordedDecision;
  confirmed?: RecordedDecision;
}

/** The conference's rounds, numbered in order, the open ballot last. */
export function conferenceRounds(record: ElectionRecord): ConferenceRound[] {
  const { facts } = record;
  const recordings = allOf(record, 'RECORD_ROUND');
  const confirmations = allOf(record, 'CONFIRM_COUNT');
  const counted = [...facts.rounds, ...(facts.pendingRound ? [facts.pendingRound] : [])];
  const rounds: ConferenceRound[] = counted.map((round, i) => {
    const recorded = recordings[i];
    const next = recordings[i + 1];
    const confirmed = recorded && confirmations.find((c) => c.seq > recorded.seq && (!next || c.seq < next.seq));
    return {
      number: i + 1,
      ballot: { kind: round.kind, seats: round.seats, candidates: round.candidates, round: round.round, purpose: round.purpose },
      counted: round,
      ...(recorded ? { recorded } : {}),
      ...(confirmed ? { confirmed } : {}),
    };
  });
  if (facts.ballot && !facts.pendingRound) rounds.push({ number: rounds.length + 1, ballot: facts.ballot });
  return rounds;
}

/** The round a request names, or a refusal naming the rounds there are. */
export function roundOf(record: ElectionRecord, number: number | undefined, needsCount: boolean): ConferenceRound {
  const rounds = conferenceRounds(record).filter((r) => !needsCount || r.recorded);
  const accepted = rounds.length
    ? `a round of this election's conference ${needsCount ? 'whose count is recorded' : 'with a ballot'}: ${rounds.map((r) => r.number).join(', ')}`
    : needsCount
      ? 'none yet: no ballot round of this election is recorded'
      : 'none yet: this election has no ballot (the conference has not begun)';
  if (number === undefined) throw new PaperRefusal('round', number, accepted);
  const round = rounds.find((r) => r.number === number);
  if (!round) throw new PaperRefusal('round', number, accepted);
  return round;
}

const header = (record: ElectionRecord, kind: PaperModel['kind'], round: number, title: string, date: string) => ({
  kind,
  title,
  town: record.election.town,
  village: record.election.village,
  term: Number(record.election.term),
  round,
  date,
});

/** The day a round is (or was) voted on: the round's own day when recorded, else the conference's as called. */
function roundDay(record: ElectionRecord, round: ConferenceRound): string {
  if (round.counted?.onDate) return round.counted.onDate;
  if (round.recorded) return beijingDay(round.recorded.at);
  return conferenceCall(record).date;
}

/**
 * The ballot paper (选票) of a round: the candidates by the strokes of their surnames, an empty box each, as many
 * write-in lines as seats, and the rules printed on it. Nothing else: a ballot bearing any number or mark beyond its
 * printed fields is spoilt, so it carries neither a signature nor the verification code (the office's file copy does).
 */
export function ballotPaper(record: ElectionRecord, number: number | undefined): PaperModel {
  const round = roundOf(record, number, false);
  const { ballot } = round;
  const contest = CONTEST_NAMES[ballot.kind] ?? ballot.kind;
  const candidates = memberNames(record.facts, ballot.candidates);
  return {
    ...header(
      record,
      'ballot',
      round.number,
      `${record.election.village}党支部${contest}选举${PAPER_TITLES.ballot}`,
      roundDay(record, round),
    ),
    blocks: [
      {
        type: 'fields',
        rows: [
          ['应选名额', `${ballot.seats}名`],
          ['候选人', `${candidates.length}名（按姓氏笔画为序）`],
          ['投票轮次', `第${round.number}轮`],
        ],
      },
      { type: 'ballot', candidates, writeInLines: ballot.seats },
      {
        type: 'rules',
        caption: '填写说明',
        items: [
          '对候选人表示赞成的，在其姓名下方的空格内画"○"；不赞成的画"×"；弃权的不画任何符号。',
          '不赞成某候选人而另选他人的，在该候选人姓名下方的空格内画"×"，并在"另选人姓名"栏内写上另选人的姓名；另选人只能在不赞成的候选人名额内填写。',
          `所选人数（赞成的候选人与另选人合计）等于或少于应选名额${ballot.seats}名的为有效票，多于应选名额的为无效票。`,
          '本票为无记名投票；除以上所列栏目外，不得在选票上书写任何编号或作任何记号，否则作废。',
          '请用同一颜色的笔填写，符号要准确，字迹要清楚。',
        ],
      },
    ],
    signatures: [],
  };
}

const OUTCOMES: Record<string, string> = {
  void: '本轮选举无效：收回的选票多于发出的选票，须重新投票',
  tie: '末位得票相等：须在得票相等的候选人中再次投票',
  shortfall: '当选人数少于应选名额：须就差额另行选举，或经大会表决减少名额',
};

/** The outcome of a round as the count sheet states it. */
function outcomeOf(record: ElectionRecord, round: ConferenceRound): string {
  const status = round.counted?.status;
  if (status === undefined) return '待监票人确认计票结果';
  const elected = memberNames(record.facts, round.counted?.elected ?? []);
  const won = elected.length ? `当选：${elected.join('、')}` : '无人当选';
  return status === 'elected' ? won : `${OUTCOMES[status] ?? status}（${won}）`;
}

/**
 * The count sheet (计票单) of a recorded round: the figures as the RECORD_ROUND decision recorded them, the votes per
 * candidate by name and per written-in name, the outcome, and signature lines for the recorder, the scrutineer who
 * confirmed the count and every scrutineer the conference appointed.
 */
export function countSheet(record: ElectionRecord, number: number | undefined): PaperModel {
  const round = roundOf(record, number, true);
  const { facts } = record;
  const payload = round.recorded!.payload;
  const votes = votesIn(payload.votes);
  const writeIns = votesIn(payload.writeIns);
  const disapproved = new Set(Array.isArray(payload.disapprovedCandidates) ? (payload.disapprovedCandidates as string[]) : []);
  const contest = CONTEST_NAMES[round.ballot.kind] ?? round.ballot.kind;
  const candidateRows = membersByStrokes(facts, round.ballot.candidates).map(({ id, name }) => [
    name,
    count(votes[id]),
    disapproved.has(id) ? '有' : '无',
  ]);
  const writeInRows = byStrokes(Object.keys(writeIns)).map((name) => [name, String(writeIns[name])]);
  const dueToAttend = round.counted?.dueToAttend;
  const signatures: SignatureLine[] = [signatureOf(record, round.recorded!, '计票人（包村指导组）')];
  if (round.confirmed) signatures.push(signatureOf(record, round.confirmed, '监票人（确认计票）'));
  for (const name of memberNames(facts, facts.scrutineers)) signatures.push({ role: '监票人', name });
  signatures.push({ role: '总监票人', name: '' }, { role: '监督人（乡镇党委）', name: '' });
  return {
    ...header(
      record,
      'count-sheet',
      round.number,
      `${record.election.village}党支部${contest}选举${PAPER_TITLES['count-sheet']}`,
      roundDay(record, round),
    ),
    blocks: [
      {
        type: 'fields',
        rows: [
          ['投票轮次', `第${round.number}轮（${contest}，应选${round.ballot.seats}名）`],
          ['实到会有选举权党员', count(numberIn(payload, 'votersPresent'))],
          ...(dueToAttend !== undefined ? ([['应到会有选举权党员', String(dueToAttend)]] as const) : []),
          ['发出选票', count(numberIn(payload, 'ballotsIssued'))],
          ['收回选票', count(numberIn(payload, 'ballotsReturned'))],
          ['有效票', count(numberIn(payload, 'validBallots'))],
          ['无效票', count(numberIn(payload, 'invalidBallots'))],
        ],
      },
      { type: 'table', caption: '候选人得票（按姓氏笔画为序）', head: ['候选人', '赞成票', '有不赞成票'], rows: candidateRows },
      ...(writeInRows.length ? [{ type: 'table' as const, caption: '另选人得票', head: ['另选人姓名', '得票'], rows: writeInRows }] : []),
      {
        type: 'fields',
        rows: [
          ['当选规则', majorityRule(facts)],
          ['计票结果', outcomeOf(record, round)],
        ],
      },
      ...(round.confirmed ? [] : [{ type: 'text' as const, text: `计票结果尚未经监票人确认（${NOT_RECORDED}）` }]),
    ],
    signatures,
  };
}
