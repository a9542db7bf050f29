import { ageOn } from '../../machines/rules';
import type { PaperModel } from '../model';
import { NOT_RECORDED } from '../model';
import type { ElectionRecord } from '../record';
import {
  beijingDay,
  EDUCATION_NAMES,
  headerOf,
  latest,
  membersByStrokes,
  METHOD_NAMES,
  numberIn,
  required,
  signatureOf,
  STANDING_NAMES,
  yesNo,
} from './common';

const seatsRows = (payload: Record<string, unknown>) =>
  [
    ['委员职数', numberIn(payload, 'seats') === undefined ? NOT_RECORDED : `${String(numberIn(payload, 'seats'))}名`],
    ['是否设副书记', yesNo(payload.electsDeputy)],
    ['选举方式', typeof payload.method === 'string' ? (METHOD_NAMES[payload.method] ?? payload.method) : NOT_RECORDED],
  ] as const;

/** The members of the roster by standing, as the start request and the board notice count them. */
function membership(record: ElectionRecord) {
  const { roster } = record.facts;
  const by = (standing: string) => roster.filter((m) => m.standing === standing).length;
  return { all: roster.length, full: by('full'), probationary: by('probationary') };
}

/** The village branch's start request (请示): seats, deputy and method asked for, the membership, who submitted it. */
export function startRequest(record: ElectionRecord): PaperModel {
  const request = required(record, 'start-request', ['SUBMIT_START_REQUEST'], 'once the village branch has submitted its start request');
  const m = membership(record);
  const investigation = record.facts.investigation;
  return {
    ...headerOf(record, 'start-request', beijingDay(request.at)),
    blocks: [
      { type: 'text', text: `${record.election.town}党委：` },
      {
        type: 'text',
        text: `${record.election.village}党支部本届委员会任期届满。根据《中国共产党基层组织选举工作条例》和${record.election.town}党委的部署，经支部委员会研究，拟于${record.election.term}年开展换届选举工作。本支部现有党员${m.all}名，其中正式党员${m.full}名、预备党员${m.probationary}名。有关事项请示如下：`,
      },
      { type: 'fields', rows: [...seatsRows(request.payload)] },
      ...(investigation
        ? [
            {
              type: 'fields' as const,
              rows: [
                ['调查摸底类别', { good: '好', medium: '中', poor: '差' }[investigation.category] ?? investigation.category],
                ['村情是否稳定', yesNo(investigation.stable)],
                ['村民代表人数', String(investigation.representatives)],
              ] as [string, string][],
            },
          ]
        : []),
      { type: 'text', text: '妥否，请批示。' },
    ],
    signatures: [signatureOf(record, request, '请示人（村党组织）')],
  };
}

/** The town committee's reply (批复): the seats approved, or the request sent back with the reason. */
export function startReply(record: ElectionRecord): PaperModel {
  const reply = required(
    record,
    'start-reply',
    ['APPROVE_START', 'SEND_BACK_START'],
    'once the town committee has approved or sent back the start request',
  );
  const request = latest(record, 'SUBMIT_START_REQUEST');
  const asked = request ? `你支部于${beijingDay(request.at)}报来的请示收悉。` : '你支部的请示收悉。';
  const approved = reply.type === 'APPROVE_START';
  return {
    ...headerOf(record, 'start-reply', beijingDay(reply.at)),
    blocks: [
      { type: 'text', text: `${record.election.village}党支部：` },
      {
        type: 'text',
        text: approved
          ? `${asked}经${record.election.town}党委研究，同意你支部进行换届选举，具体事项批复如下：`
          : `${asked}经${record.election.town}党委研究，请示退回修改，理由如下：`,
      },
      approved
        ? { type: 'fields', rows: [...seatsRows(reply.payload)] }
        : { type: 'fields', rows: [['退回理由', typeof reply.payload.reason === 'string' ? reply.payload.reason : NOT_RECORDED]] },
      {
        type: 'text',
        text: approved ? '请严格按照有关规定和程序组织实施，确保换届选举工作顺利进行。' : '请按上述意见修改后重新报送。',
      },
    ],
    signatures: [signatureOf(record, reply, '批复单位（乡镇党委）')],
  };
}

/**
 * The board notice (宣传动员): the seats, the qualifications and the basic information of the Party members, posted on
 * the village affairs board. Ages are as of the day it is posted.
 */
export function boardNotice(record: ElectionRecord): PaperModel {
  const approval = required(
    record,
    'board-notice',
    ['APPROVE_START'],
    'once the town committee has approved the start (the seats are fixed then)',
  );
  const posting = latest(record, 'RECORD_MOBILISATION');
  const postedOn = typeof posting?.payload.postedOn === 'string' ? posting.payload.postedOn : beijingDay(approval.at);
  const { facts } = record;
  const policy = facts.plan.eligibility;
  const byId = new Map(facts.roster.map((m) => [m.id, m]));
  const members = membersByStrokes(
    facts,
    facts.roster.map((m) => m.id),
  ).map(({ id }) => {
    const m = byId.get(id)!;
    return [
      m.name,
      { male: '男', female: '女' }[m.gender],
      String(ageOn(m.birthDate, postedOn)),
      m.joinedParty,
      STANDING_NAMES[m.standing] ?? m.standing,
      EDUCATION_NAMES[m.education] ?? m.education,
    ];
  });
  return {
    ...headerOf(record, 'board-notice', postedOn),
    blocks: [
      { type: 'text', text: `经${record.election.town}党委批准，${record.election.village}党支部进行换届选举。现将有关事项公告如下：` },
      { type: 'fields', rows: [...seatsRows(approval.payload)] },
      {
        type: 'rules',
        caption: '任职条件',
        items: [
          '候选人须为本村有选举权和被选举权的正式党员；预备党员、受留党察看处分期间的党员和权利暂停的党员没有表决权、选举权和被选举权。',
          `原班子成员年龄一般不超过${policy.maxAgeRetained}周岁，新进班子成员年龄一般不超过${policy.maxAgeNewMember}周岁。`,
          `新一届委员会中一般应有女性委员${policy.minWomen}名以上、35周岁以下委员${policy.minUnder35}名以上。`,
          `书记人选党龄一般不少于${policy.secretaryMinMembershipYears}年。`,
        ],
      },
      {
        type: 'table',
        caption: '党员基本情况（按姓氏笔画为序）',
        head: ['姓名', '性别', '年龄', '入党时间', '党员类别', '文化程度'],
        rows: members,
      },
      ...(posting?.payload.democraticEvaluation && typeof posting.payload.democraticEvaluation === 'string'
        ? [{ type: 'fields' as const, rows: [['民主评议', posting.payload.democraticEvaluation] as const] }]
        : []),
    ],
    signatures: [
      signatureOf(record, approval, '批准（乡镇党委）'),
      ...(posting ? [signatureOf(record, posting, '张贴（包村指导组）')] : []),
    ],
  };
}
