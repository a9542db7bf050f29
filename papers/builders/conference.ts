import { conferenceRounds } from './rounds';
import { NOT_RECORDED, type PaperModel, type SignatureLine } from '../model';
import type { ElectionRecord, RecordedDecision, RecordedNotice } from '../record';
import { PaperRefusal } from '../refusal';
import { beijingDay, conferenceCall, headerOf, latest, majorityRule, memberNames, ROLE_NAMES, signatureOf } from './common';

/** Who called the conference, in their role (the village branch or the guidance group may). */
const calledAs = (call: RecordedDecision): string => `召集（${ROLE_NAMES[call.byRole] ?? call.byRole}）`;

const latestNotice = (record: ElectionRecord, kind: string): RecordedNotice | undefined =>
  [...record.notices].reverse().find((n) => n.kind === kind);

const text = (value: unknown): string => (typeof value === 'string' && value ? value : NOT_RECORDED);

/** The years a provisional period was counted over, from the notice's note (`provisional: counted over 2027 ...`). */
const provisionalYears = (note: unknown): string[] => (typeof note === 'string' ? [...new Set(note.match(/\b\d{4}\b/g) ?? [])] : []);

/**
 * The candidate publicity notice (公示): the candidates by name in stroke order, the first and last day of the period as
 * the posted notice dated them (Beijing working days; a last day counted over a year without the State Council's
 * holiday notice is marked provisional), and where to raise an objection.
 */
export function publicityNotice(record: ElectionRecord): PaperModel {
  const notice = latestNotice(record, 'candidate-publicity');
  if (!notice)
    throw new PaperRefusal(
      'kind',
      'publicity-notice',
      'a paper of a stage this election has reached: the publicity-notice is printed once the candidate publicity has been posted',
    );
  const candidates = Array.isArray(notice.facts.candidates) ? (notice.facts.candidates as unknown[]).map(String) : [];
  const years = provisionalYears(notice.facts.provisional);
  const slate = latest(record, 'APPROVE_SLATE');
  return {
    ...headerOf(record, 'publicity-notice', beijingDay(notice.at)),
    blocks: [
      {
        type: 'text',
        text: `经${record.election.town}党委研究，确定以下同志为${record.election.village}党支部新一届委员会委员候选人，现予公示（按姓氏笔画为序）：`,
      },
      { type: 'table', head: ['序号', '候选人'], rows: memberNamesInOrder(candidates).map((name, i) => [String(i + 1), name]) },
      {
        type: 'fields',
        rows: [
          ['公示开始日期', text(notice.facts.from)],
          ['公示截止日期', text(notice.facts.until)],
          ['公示期限', `${record.facts.plan.publicityWorkingDays}个工作日（法定节假日不计，调休工作日计入）`],
          ...(years.length
            ? ([['说明', `${years.join('、')}年的国务院放假通知尚未载入，截止日期按预设节假日计算，可能调整`]] as const)
            : []),
        ],
      },
      {
        type: 'text',
        text: '公示期间，党员和群众如对候选人有意见，可向乡镇党委或包村指导组反映。反映问题应实事求是，以个人名义反映的请写明真实姓名。',
      },
    ],
    signatures: slate ? [signatureOf(record, slate, '确定候选人（乡镇党委）')] : [],
  };
}

// Names as posted are already names: only their order is the paper's.
const memberNamesInOrder = (names: string[]): string[] => [...names].sort(new Intl.Collator('zh-u-co-stroke').compare);

/** The conference notice (会议通知): date, time and place as the conference was called, the lead time, who attends. */
export function conferenceNotice(record: ElectionRecord): PaperModel {
  const notice = latestNotice(record, 'conference-notice');
  const call = conferenceCall(record);
  if (!notice && !call.call)
    throw new PaperRefusal(
      'kind',
      'conference-notice',
      'a paper of a stage this election has reached: the conference-notice is printed once the conference is called',
    );
  const leadDays = typeof notice?.facts.leadDays === 'number' ? notice.facts.leadDays : record.facts.plan.conferenceNoticeDays;
  const members = typeof notice?.facts.members === 'number' ? `${notice.facts.members}名` : NOT_RECORDED;
  const signatures: SignatureLine[] = call.call ? [signatureOf(record, call.call, calledAs(call.call))] : [{ role: '村党组织', name: '' }];
  return {
    ...headerOf(record, 'conference-notice', beijingDay(call.call?.at ?? notice?.at)),
    blocks: [
      { type: 'text', text: `${record.election.village}党支部全体党员：` },
      {
        type: 'text',
        text: `经${record.election.town}党委批准，定于下列时间召开党员大会，选举产生新一届党支部委员会。请有选举权的党员准时参加；因故不能参加的，须事先向党支部请假。不得委托他人代为投票。`,
      },
      {
        type: 'fields',
        rows: [
          ['会议日期', call.date],
          ['会议时间', call.time],
          ['会议地点', call.place],
          ['应参会有选举权党员', members],
          ['提前通知天数', `至少${leadDays}天`],
          ...(notice?.facts.renotice === true ? ([['说明', '上次会议到会人数未超过应到会人数的五分之四，本次为重新通知']] as const) : []),
        ],
      },
    ],
    signatures,
  };
}

/**
 * The election method (选举办法) the conference adopts: seats, candidates, the competitive ratio, the secret ballot and
 * its marks, the validity of a ballot and of a round, the majority rule of the election's edition, the scrutineers.
 */
export function electionMethod(record: ElectionRecord): PaperModel {
  const { facts } = record;
  const call = conferenceCall(record);
  const rounds = conferenceRounds(record);
  if (!call.call && !latestNotice(record, 'conference-notice') && !rounds.length)
    throw new PaperRefusal(
      'kind',
      'election-method',
      'a paper of a stage this election has reached: the election-method is printed once the conference is called',
    );
  const committee = facts.form === 'committee';
  const seats = facts.seats;
  const candidates = memberNames(facts, facts.candidates);
  const needed = seats === undefined ? undefined : Math.ceil((seats * 12) / 10);
  const scrutineers = memberNames(facts, facts.scrutineers);
  const appointed = latest(record, 'APPOINT_SCRUTINEERS');
  const date =
    call.date !== NOT_RECORDED
      ? call.date
      : (rounds[0]?.counted?.onDate ?? (rounds[0]?.recorded ? beijingDay(rounds[0].recorded.at) : NOT_RECORDED));
  return {
    ...headerOf(record, 'election-method', date),
    blocks: [
      { type: 'text', text: `根据《中国共产党基层组织选举工作条例》，结合本村实际，制定本办法，经党员大会通过后执行。` },
      {
        type: 'fields',
        rows: [
          [
            committee ? '应选委员名额' : '直接选举',
            committee ? (seats === undefined ? NOT_RECORDED : `${seats}名`) : `书记1名${facts.electsDeputy ? '、副书记1名' : ''}`,
          ],
          ['候选人（按姓氏笔画为序）', candidates.length ? candidates.join('、') : NOT_RECORDED],
          ...(committee
            ? ([
                [
                  '差额',
                  needed === undefined
                    ? NOT_RECORDED
                    : `候选人数不少于应选人数的120%（向上取整，至少${needed}名），本次候选人${candidates.length}名`,
                ],
              ] as const)
            : []),
          ['监票人', scrutineers.length ? scrutineers.join('、') : '由大会从不是候选人的党员中推选，经大会通过'],
        ],
      },
      {
        type: 'rules',
        caption: '选举规则',
        items: [
          '选举采用无记名投票方式；不得委托他人投票。',
          '选票上的候选人按姓氏笔画为序排列。对候选人赞成的画"○"，不赞成的画"×"，弃权的不画任何符号；不赞成某候选人而另选他人的，在该候选人下方画"×"并在另选人栏内写上另选人姓名，另选人只能在不赞成的候选人名额内填写。',
          '每张选票所选人数等于或少于应选名额的为有效票，多于应选名额的为无效票；无效票计入收回票数。',
          '收回的选票等于或少于发出的选票，选举有效；多于发出的选票，选举无效，应重新投票。',
          `${majorityRule(facts)}。`,
          '得票超过半数的候选人多于应选名额时，以得票多少为序至取足应选名额为止；如遇票数相等不能确定当选人时，应就票数相等的候选人重新投票，得票多的当选。',
          '当选人数少于应选名额时，对不足的名额在未当选的候选人中另行选举；如接近应选名额且符合规定的最低人数，经大会半数以上同意，也可以减少名额，不再选举。',
          '选举结果由监票人核对计票结果后当场宣布，报乡镇党委审批。',
        ],
      },
    ],
    signatures: [
      ...(appointed ? [signatureOf(record, appointed, '记录监票人（包村指导组）')] : []),
      ...(call.call ? [signatureOf(record, call.call, calledAs(call.call))] : []),
      { role: '大会主持人', name: '' },
    ],
  };
}
