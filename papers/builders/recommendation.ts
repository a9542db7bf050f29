import type { PaperKind } from '../kinds';
import { NOT_RECORDED, type PaperModel } from '../model';
import type { ElectionRecord } from '../record';
import { beijingDay, count, headerOf, latest, membersByStrokes, numberIn, required, signatureOf, votesIn } from './common';

type Round = 'member' | 'mass';

const WHO: Record<Round, { voters: string; decision: string; tally: PaperKind; ballot: PaperKind }> = {
  member: {
    voters: '党员',
    decision: 'RECORD_MEMBER_RECOMMENDATION',
    tally: 'member-recommendation-tally',
    ballot: 'member-recommendation-ballot',
  },
  mass: {
    voters: '村民代表',
    decision: 'RECORD_MASS_RECOMMENDATION',
    tally: 'mass-recommendation-tally',
    ballot: 'mass-recommendation-ballot',
  },
};

/**
 * A blank recommendation ballot (推荐票): the seats and how to fill it in, with as many lines as seats. A voter's paper:
 * it carries no verification code and no signature.
 */
function recommendationBallot(record: ElectionRecord, round: Round): PaperModel {
  const who = WHO[round];
  const approval = required(
    record,
    who.ballot,
    ['APPROVE_START'],
    'once the town committee has approved the start (the seats are fixed then)',
  );
  const seats = numberIn(approval.payload, 'seats');
  const posting = latest(record, 'RECORD_MOBILISATION');
  const date = typeof posting?.payload.postedOn === 'string' ? posting.payload.postedOn : beijingDay(approval.at);
  return {
    ...headerOf(record, who.ballot, date, `${record.election.village}党支部委员会委员人选${who.voters}推荐票`),
    blocks: [
      { type: 'fields', rows: [['应选委员名额', seats === undefined ? NOT_RECORDED : `${seats}名`]] },
      { type: 'lines', caption: '推荐人选姓名', count: seats ?? 0 },
      {
        type: 'rules',
        caption: '填写说明',
        items: [
          '请在上表中填写您推荐的新一届村党组织委员会委员人选的姓名。',
          '被推荐人须为本村有选举权和被选举权的正式党员。',
          `推荐人数等于或少于应选名额${seats === undefined ? '' : `${seats}名`}的为有效票，多于应选名额的为无效票。`,
          '本票不记名，除以上所列栏目外，不得书写编号或作任何记号。',
        ],
      },
    ],
    signatures: [],
  };
}

/** A recommendation tally sheet (推荐计票表): participants, ballots issued and returned, votes per nominee by name. */
function recommendationTally(record: ElectionRecord, round: Round): PaperModel {
  const who = WHO[round];
  const decision = required(
    record,
    who.tally,
    [who.decision],
    `once the ${round === 'member' ? 'Party member' : 'mass'} recommendation is recorded`,
  );
  const tally = (decision.payload.tally ?? {}) as Record<string, unknown>;
  const votes = votesIn(tally.votes);
  const participants = numberIn(tally, 'participants');
  const { numerator, denominator } = record.facts.plan.recommendationThreshold;
  const passes = (n: number) => participants !== undefined && n * denominator > participants * numerator;
  const rows = membersByStrokes(record.facts, Object.keys(votes)).map(({ id, name }) => [
    name,
    String(votes[id]),
    ...(round === 'member' ? [passes(votes[id]!) ? '是' : '否'] : []),
  ]);
  return {
    ...headerOf(record, who.tally, beijingDay(decision.at)),
    blocks: [
      {
        type: 'fields',
        rows: [
          [`参加推荐${who.voters}`, count(participants)],
          ['发出推荐票', count(numberIn(tally, 'ballotsIssued'))],
          ['收回推荐票', count(numberIn(tally, 'ballotsReturned'))],
        ],
      },
      {
        type: 'table',
        caption: '被推荐人得票（按姓氏笔画为序）',
        head: ['被推荐人', '得票', ...(round === 'member' ? [`超过参加人数${numerator}/${denominator}`] : [])],
        rows,
      },
      {
        type: 'text',
        text:
          round === 'member'
            ? `得票超过参加推荐党员${numerator}/${denominator}的被推荐人，列为组织考察对象。`
            : '群众推荐结果作为确定考察对象的重要参考。',
      },
    ],
    signatures: [signatureOf(record, decision, '记录人（包村指导组）'), { role: '计票人', name: '' }, { role: '监票人', name: '' }],
  };
}

/** The Party members' blank recommendation ballot. */
export const memberRecommendationBallot = (record: ElectionRecord) => recommendationBallot(record, 'member');
/** The villager representatives' blank recommendation ballot. */
export const massRecommendationBallot = (record: ElectionRecord) => recommendationBallot(record, 'mass');
/** The tally sheet of the Party member recommendation, with who passed the threshold. */
export const memberRecommendationTally = (record: ElectionRecord) => recommendationTally(record, 'member');
/** The tally sheet of the mass recommendation (a reference for the inspection). */
export const massRecommendationTally = (record: ElectionRecord) => recommendationTally(record, 'mass');
