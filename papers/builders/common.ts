import type { ElectionFacts } from '../../machines/facts';
import { beijingDateOfMs, beijingTimeText } from '../../machines/rules/isoDate';
import { PAPER_TITLES, type PaperKind } from '../kinds';
import type { ElectionRecord, RecordedDecision } from '../record';
import { NOT_RECORDED, type SignatureLine } from '../model';
import { PaperRefusal } from '../refusal';

/** The roles as a paper names them. */
export const ROLE_NAMES: Record<string, string> = {
  'town-committee': '乡镇党委',
  'county-org-dept': '县委组织部',
  'guidance-group': '包村指导组',
  'inspection-team': '考察组',
  'village-branch': '村党组织',
  scrutineer: '监票人',
};

/** The Beijing day (YYYY-MM-DD) of an ISO instant; NOT_RECORDED for none. */
export function beijingDay(at: string | undefined): string {
  const ms = at ? Date.parse(at) : NaN;
  return Number.isNaN(ms) ? NOT_RECORDED : beijingDateOfMs(ms);
}

/** The Beijing day and time (YYYY-MM-DD HH:MM) of an ISO instant. */
export function beijingTime(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? NOT_RECORDED : beijingTimeText(ms, false);
}

/** Chinese names in the order of the strokes of their surnames (姓氏笔画为序), then of the rest of the name. */
const strokes = new Intl.Collator('zh-u-co-stroke');

/** Names sorted by the strokes of their surnames, as a ballot lists its candidates. */
export const byStrokes = (names: readonly string[]): string[] => [...names].sort((a, b) => strokes.compare(a, b));

/** A member's name from the roster: a paper never prints a member id. */
export function memberName(facts: ElectionFacts, id: string): string {
  return facts.roster.find((m) => m.id === id)?.name ?? '（名册中无此党员）';
}

/** Members' names, in the order of the strokes of their surnames. */
export const memberNames = (facts: ElectionFacts, ids: readonly string[]): string[] => byStrokes(ids.map((id) => memberName(facts, id)));

/** Who took a decision, by name: the name it was recorded with, else the roster's, never the id. */
export function actorName(record: ElectionRecord, decision: RecordedDecision): string {
  if (decision.byName) return decision.byName;
  const member = record.facts.roster.find((m) => m.id === decision.byId);
  return member?.name ?? '（未记录姓名）';
}

/** The signature line for a recorded decision: its author by name and role, when, and the key it was signed with. */
export function signatureOf(record: ElectionRecord, decision: RecordedDecision, role?: string): SignatureLine {
  return {
    role: role ?? ROLE_NAMES[decision.byRole] ?? decision.byRole,
    name: actorName(record, decision),
    at: beijingTime(decision.at),
    ...(decision.keyId ? { keyId: decision.keyId } : {}),
  };
}

/** The latest accepted decision of one of the types, if any. */
export const latest = (record: ElectionRecord, ...types: string[]): RecordedDecision | undefined =>
  [...record.decisions].reverse().find((d) => types.includes(d.type));

/** Every accepted decision of a type, in step order. */
export const allOf = (record: ElectionRecord, ...types: string[]): RecordedDecision[] =>
  record.decisions.filter((d) => types.includes(d.type));

/** A whole number of a payload, or undefined. */
export const numberIn = (payload: Record<string, unknown>, field: string): number | undefined =>
  typeof payload[field] === 'number' ? payload[field] : undefined;

/** A count as printed: the number, or NOT_RECORDED. */
export const count = (n: number | undefined): string => (n === undefined ? NOT_RECORDED : String(n));

/** Votes per id of a payload (a tally's or a round's), as numbers. */
export function votesIn(value: unknown): Record<string, number> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}

/** The conference as called (CALL_CONFERENCE, from machine version 3): date, time and place, each NOT_RECORDED when absent. */
export function conferenceCall(record: ElectionRecord): { date: string; time: string; place: string; call?: RecordedDecision } {
  const call = latest(record, 'CALL_CONFERENCE');
  const text = (field: string) => (call && typeof call.payload[field] === 'string' ? call.payload[field] : NOT_RECORDED);
  return { date: text('date'), time: text('time'), place: text('place'), ...(call ? { call } : {}) };
}

/** The edition's majority rule, as a paper states it. */
export function majorityRule(facts: ElectionFacts): string {
  return facts.machineVersion >= 2
    ? '候选人获得赞成票超过应到会有选举权党员的半数，始得当选（《中国共产党基层组织选举工作条例》，2020年）'
    : '候选人获得赞成票超过实到会有选举权党员的半数，始得当选（1990年暂行条例，本次选举按其开始时的规则执行）';
}

/** The ballot kind's name on a paper. */
export const CONTEST_NAMES: Record<string, string> = { committee: '委员会委员', secretary: '书记', deputy: '副书记' };

/** The heading fields every paper of an election prints. */
export const headerOf = (record: ElectionRecord, kind: PaperKind, date: string, title = PAPER_TITLES[kind]) => ({
  kind,
  title,
  town: record.election.town,
  village: record.election.village,
  term: Number(record.election.term),
  date,
});

/** The decision a paper prints, or a refusal saying the stage that records it has not been reached. */
export function required(record: ElectionRecord, kind: PaperKind, types: string[], when: string): RecordedDecision {
  const decision = latest(record, ...types);
  if (!decision) throw new PaperRefusal('kind', kind, `a paper of a stage this election has reached: the ${kind} is printed ${when}`);
  return decision;
}

/** Members sorted by the strokes of their names, with their ids: two members may share a name. */
export const membersByStrokes = (facts: ElectionFacts, ids: readonly string[]): { id: string; name: string }[] =>
  ids.map((id) => ({ id, name: memberName(facts, id) })).sort((a, b) => strokes.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));

/** The election method's name. */
export const METHOD_NAMES: Record<string, string> = {
  'two-recommendations-one-election': '"两推一选"（党员推荐、群众推荐，党员大会选举）',
  'two-recommendations-direct-election': '"两推直选"（党员推荐、群众推荐，党员大会直接选举书记）',
};

/** Yes or no as a paper prints it. */
export const yesNo = (value: unknown): string => (value === true ? '是' : value === false ? '否' : NOT_RECORDED);

/** Standing in the Party as a paper prints it. */
export const STANDING_NAMES: Record<string, string> = {
  full: '正式党员',
  probationary: '预备党员',
  'on-probation': '留党察看',
  suspended: '权利暂停',
};

/** Education as a paper prints it (the town report's bands). */
export const EDUCATION_NAMES: Record<string, string> = {
  college: '大专及以上',
  'high-school': '高中（中专）',
  'junior-high-or-below': '初中及以下',
};
