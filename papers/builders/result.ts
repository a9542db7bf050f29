import { ageOn } from '../../machines/rules';
import { NOT_RECORDED, type PaperModel, type SignatureLine } from '../model';
import type { ElectionRecord } from '../record';
import { PaperRefusal } from '../refusal';
import { beijingDay, EDUCATION_NAMES, headerOf, latest, memberName, membersByStrokes, signatureOf, votesIn } from './common';
import { conferenceRounds } from './rounds';

/** The votes a member was elected with: in the round that elected them, as a candidate or by their written-in name. */
function votesElectedWith(record: ElectionRecord, id: string): string {
  const round = conferenceRounds(record).find((r) => r.counted?.elected?.includes(id) && r.recorded);
  if (!round?.recorded) return NOT_RECORDED;
  const payload = round.recorded.payload;
  const votes = votesIn(payload.votes);
  if (votes[id] !== undefined) return String(votes[id]);
  const writeInMembers = (payload.writeInMembers ?? {}) as Record<string, unknown>;
  const written = Object.keys(writeInMembers).find((name) => writeInMembers[name] === id);
  const writeIns = votesIn(payload.writeIns);
  return written !== undefined && writeIns[written] !== undefined ? String(writeIns[written]) : NOT_RECORDED;
}

/**
 * The result report for approval (报批表): the committee elected with each member's post, particulars and votes, the
 * secretary and deputy as the first plenary (or the conference) elected them, and the town committee's approval.
 */
export function resultReport(record: ElectionRecord): PaperModel {
  const { facts } = record;
  if (!facts.secretary)
    throw new PaperRefusal(
      'kind',
      'result-report',
      'a paper of a stage this election has reached: the result-report is printed once the secretary is elected',
    );
  const plenary = latest(record, 'RECORD_PLENARY');
  const ruling = latest(record, 'APPROVE_RESULT', 'REJECT_RESULT');
  const members = facts.form === 'committee' ? facts.elected : [facts.secretary, ...(facts.deputy ? [facts.deputy] : [])];
  const date = beijingDay((plenary ?? latest(record, 'CONFIRM_COUNT', 'RECORD_ROUND'))?.at);
  const post = (id: string) => (id === facts.secretary ? '书记' : id === facts.deputy ? '副书记' : '委员');
  const rank = (id: string) => (id === facts.secretary ? 0 : id === facts.deputy ? 1 : 2);
  const rows = membersByStrokes(facts, members)
    .sort((a, b) => rank(a.id) - rank(b.id))
    .map(({ id, name }) => {
      const m = facts.roster.find((r) => r.id === id);
      return [
        name,
        post(id),
        m ? { male: '男', female: '女' }[m.gender] : NOT_RECORDED,
        m && date !== NOT_RECORDED ? String(ageOn(m.birthDate, date)) : NOT_RECORDED,
        m ? (EDUCATION_NAMES[m.education] ?? m.education) : NOT_RECORDED,
        votesElectedWith(record, id),
      ];
    });
  const plenaryVotes = facts.plenary?.votes;
  const approval =
    ruling?.type === 'APPROVE_RESULT'
      ? '同意'
      : ruling?.type === 'REJECT_RESULT'
        ? `不同意：${typeof ruling.payload.reason === 'string' ? ruling.payload.reason : NOT_RECORDED}`
        : '待乡镇党委审批';
  const signatures: SignatureLine[] = [
    ...(plenary ? [signatureOf(record, plenary, '报送（包村指导组）')] : []),
    ...(ruling ? [signatureOf(record, ruling, '审批（乡镇党委）')] : [{ role: '审批（乡镇党委）', name: '' }]),
  ];
  return {
    ...headerOf(record, 'result-report', date),
    blocks: [
      {
        type: 'fields',
        rows: [
          ['书记', memberName(facts, facts.secretary)],
          ['副书记', facts.deputy ? memberName(facts, facts.deputy) : '不设'],
          ...(plenaryVotes
            ? ([
                [
                  '一次全体会议书记得票',
                  Object.entries(votesIn(plenaryVotes.secretary))
                    .map(([id, n]) => `${memberName(facts, id)} ${n}票`)
                    .join('；'),
                ],
                ...(plenaryVotes.deputy
                  ? [
                      [
                        '一次全体会议副书记得票',
                        Object.entries(votesIn(plenaryVotes.deputy))
                          .map(([id, n]) => `${memberName(facts, id)} ${n}票`)
                          .join('；'),
                      ],
                    ]
                  : []),
              ] as [string, string][])
            : []),
        ],
      },
      { type: 'table', caption: '新一届委员会成员', head: ['姓名', '职务', '性别', '年龄', '文化程度', '党员大会得票'], rows },
      { type: 'fields', rows: [['乡镇党委审批意见', approval], ...(ruling ? ([['审批日期', beijingDay(ruling.at)]] as const) : [])] },
    ],
    signatures,
  };
}

/** The handover record (交接记录): the day the outgoing team handed over, the two teams, and the talks with the outgoing members not re-elected. */
export function handoverRecord(record: ElectionRecord): PaperModel {
  const handover = latest(record, 'RECORD_HANDOVER');
  if (!handover)
    throw new PaperRefusal(
      'kind',
      'handover-record',
      'a paper of a stage this election has reached: the handover-record is printed once the handover is recorded',
    );
  const { facts } = record;
  const handedOverOn = typeof handover.payload.handedOverOn === 'string' ? handover.payload.handedOverOn : NOT_RECORDED;
  const outgoing = facts.roster.filter((m) => m.outgoingPost).map((m) => m.id);
  const incoming = facts.form === 'committee' ? facts.elected : [facts.secretary, facts.deputy].filter((id): id is string => !!id);
  const talks = Array.isArray(handover.payload.talks) ? (handover.payload.talks as { memberId?: unknown; notes?: unknown }[]) : [];
  const postOf = (id: string) =>
    ({ secretary: '书记', deputy: '副书记', member: '委员' })[facts.roster.find((m) => m.id === id)?.outgoingPost ?? 'member'];
  const outgoingSecretary = facts.roster.find((m) => m.outgoingPost === 'secretary');
  return {
    ...headerOf(record, 'handover-record', handedOverOn),
    blocks: [
      { type: 'fields', rows: [['交接日期', handedOverOn]] },
      {
        type: 'table',
        caption: '原班子成员',
        head: ['姓名', '原任职务'],
        rows: membersByStrokes(facts, outgoing).map(({ id, name }) => [name, postOf(id)]),
      },
      {
        type: 'table',
        caption: '新班子成员',
        head: ['姓名', '职务'],
        rows: membersByStrokes(facts, incoming).map(({ id, name }) => [
          name,
          id === facts.secretary ? '书记' : id === facts.deputy ? '副书记' : '委员',
        ]),
      },
      {
        type: 'table',
        caption: '与未进入新班子的原班子成员谈心谈话',
        head: ['姓名', '谈话情况'],
        rows: talks.map((t) => [
          typeof t.memberId === 'string' ? memberName(facts, t.memberId) : NOT_RECORDED,
          typeof t.notes === 'string' ? t.notes : '',
        ]),
      },
    ],
    signatures: [
      signatureOf(record, handover, '记录（村党组织）'),
      { role: '移交人（原书记）', name: outgoingSecretary?.name ?? '' },
      { role: '接收人（新任书记）', name: facts.secretary ? memberName(facts, facts.secretary) : '' },
      { role: '监交人（乡镇党委）', name: '' },
    ],
  };
}
