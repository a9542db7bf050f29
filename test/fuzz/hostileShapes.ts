import fc from 'fast-check';
import { DECISION_ROLES, DECISION_TYPES, type DecisionType } from '../../machines/events';

/** A well-formed payload of every decision type (not necessarily one a village's state admits): the base that hostile values bend. */
export const WELL_FORMED: Record<DecisionType, Record<string, unknown>> = {
  RECORD_INVESTIGATION: { category: 'good', stable: true, instability: 'none found', representatives: 24, notes: 'calm village' },
  PROPOSE_POSTPONEMENT: { reason: 'the harvest is late', until: '2027-03-01' },
  APPROVE_POSTPONEMENT: { until: '2027-03-01' },
  REFUSE_POSTPONEMENT: { reason: 'no grounds given' },
  REPORT_FIT_TO_PROCEED: { findings: 'the land dispute is settled' },
  SUBMIT_START_REQUEST: { seats: 5, electsDeputy: true, method: 'two-recommendations-one-election' },
  APPROVE_START: { seats: 5, electsDeputy: true, method: 'two-recommendations-one-election' },
  SEND_BACK_START: { reason: 'the seats are missing' },
  RECORD_MOBILISATION: { postedOn: '2026-11-24', democraticEvaluation: 'held on 20 November' },
  RECORD_MEMBER_RECOMMENDATION: { tally: { participants: 30, ballotsIssued: 30, ballotsReturned: 30, votes: { m04: 20, m05: 18 } } },
  RECORD_MASS_RECOMMENDATION: { tally: { participants: 24, ballotsIssued: 24, ballotsReturned: 24, votes: { m04: 20 } } },
  RECORD_INSPECTION: { verdicts: [{ nomineeId: 'm04', pass: true, reason: 'a clean record' }] },
  APPROVE_SLATE: {
    candidates: ['m04', 'm05', 'm06'],
    ageExceptions: [{ memberId: 'm05', reason: 'the only member with accounting experience' }],
  },
  SEND_BACK_SLATE: { reason: 'too few women' },
  FILE_OBJECTION: { candidateId: 'm04', grounds: 'an undeclared business interest', filedBy: 'a villager' },
  RECORD_OBJECTION_FINDINGS: { findings: 'the interest was declared in 2024' },
  RULE_OBJECTION: { ruling: 'dismissed', reason: 'the interest was declared' },
  CALL_CONFERENCE: { date: '2026-12-08', time: '09:00', place: 'the village hall' },
  RECORD_ATTENDANCE: {
    present: ['m01', 'm02'],
    excusals: [{ memberId: 'm03', category: 'illness', higherLevelConsent: true, conferenceApproved: true }],
  },
  APPOINT_SCRUTINEERS: { scrutineers: ['m30', 'm31'] },
  RECORD_ROUND: {
    votersPresent: 30,
    ballotsIssued: 30,
    ballotsReturned: 30,
    validBallots: 30,
    invalidBallots: 0,
    votes: { m04: 20, m05: 9 },
    writeIns: { Liming: 1 },
    disapprovedCandidates: ['m06'],
    membersLeft: [{ memberId: 'm07', reason: 'left for hospital' }],
    writeInMembers: { Liming: 'm08' },
  },
  CONFIRM_COUNT: {},
  REDUCE_SEATS: { votesFor: 20 },
  RECORD_PLENARY: {
    secretary: 'm01',
    deputy: 'm02',
    membersPresent: ['m01', 'm02', 'm03'],
    votes: { secretary: { m01: 3 }, deputy: { m02: 3 } },
  },
  APPROVE_RESULT: {},
  REJECT_RESULT: { reason: 'the count was not confirmed' },
  RECORD_HANDOVER: { handedOverOn: '2026-12-01', talks: [{ memberId: 'm01', notes: 'handed over the seal' }] },
  CANCEL: { reason: 'the village is merged into Heluo' },
};

/** A well-formed decision of a type, made by someone in the first role allowed to make it. */
export function wellFormed(type: DecisionType): Record<string, unknown> {
  return { type, by: { id: 'wang.li', name: 'Wang Li', role: DECISION_ROLES[type][0] }, ...structuredClone(WELL_FORMED[type]) };
}

export type Path = (string | number)[];

/** The paths of the string values in a value (record keys are not values). */
export function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

/** Every path to a value, objects and lists included, the whole value first. */
export function allPaths(value: unknown, path: Path = []): Path[] {
  const inner =
    value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => allPaths(v, [...path, Array.isArray(value) ? Number(k) : k]))
      : [];
  return [path, ...inner];
}

/** A copy of `root` with the value at `path` replaced (the root itself for an empty path). */
export function replaced(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

/** JSON text of a value nested `depth` levels deep (objects or lists), built as text: JSON.stringify cannot write it. */
export function deepJson(depth: number, kind: 'object' | 'array' = 'object'): string {
  return kind === 'object' ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** One of each character a text must refuse, by what it is. */
export const HIDDEN_CHARACTERS: Record<string, string> = {
  NUL: '\u0000',
  'bell (C0)': '\u0007',
  'carriage return': '\r',
  DEL: '\u007f',
  'C1 control': '\u0085',
  'right-to-left override': '\u202e',
  'left-to-right embedding': '\u202a',
  'first strong isolate': '\u2068',
  'pop directional isolate': '\u2069',
  'left-to-right mark': '\u200e',
  'right-to-left mark': '\u200f',
  'Arabic letter mark': '\u061c',
  'zero-width space': '\u200b',
  'zero-width joiner': '\u200d',
  'word joiner': '\u2060',
  'byte-order mark': '\ufeff',
  'line separator': '\u2028',
  'lone high surrogate': '\ud800',
  'lone low surrogate': '\udfff',
};

/** Values a sender may put where a string, a number or a list belongs. */
export const WRONG_SHAPES: unknown[] = [
  { toString: 1 },
  { valueOf: {} },
  { toString: {}, valueOf: [] },
  { toJSON: 1, constructor: 1 },
  [],
  [{ toString: 1 }],
  null,
  true,
  -0.5,
  1e308,
  '',
];

/** A message to send as raw JSON text: most are small; `weight` says how heavy it is for the server (deep, megabytes). */
export interface HostileMessage {
  shape: string;
  json: string;
}

const PLACEHOLDER = '\u0000PLACEHOLDER';

/** The message with the value at `path` replaced by raw JSON text (for values JSON.stringify cannot write). */
export function withRawJson(root: unknown, path: Path, json: string): string {
  return JSON.stringify(replaced(root, path, PLACEHOLDER)).replace(JSON.stringify(PLACEHOLDER), json);
}

const typeArb = fc.constantFrom(...DECISION_TYPES);

/** A string past its field's limit, or with a hidden character spliced in. */
const badStringArb: fc.Arbitrary<{ shape: string; value: (old: string) => string }> = fc.oneof(
  fc.constantFrom(...Object.entries(HIDDEN_CHARACTERS)).chain(([name, ch]) =>
    fc.nat().map((at) => ({
      shape: `string with ${name}`,
      value: (old: string) => `${old.slice(0, at % (old.length + 1))}${ch}${old.slice(at % (old.length + 1))}`,
    })),
  ),
  fc.constantFrom(65, 101, 2_001, 20_000).map((n) => ({ shape: `string of ${n} characters`, value: () => 'x'.repeat(n) })),
);

/**
 * Small hostile messages (each well under a kilobyte or a few): a well-formed decision with one value bent into a
 * wrong shape or a bad string, unknown and `toString` keys, random JSON. Every one must be refused.
 */
export const smallHostileArb: fc.Arbitrary<HostileMessage> = fc.oneof(
  fc.tuple(typeArb, fc.nat(), fc.constantFrom(...WRONG_SHAPES)).map(([type, pick, value]) => {
    const base = wellFormed(type);
    const paths = allPaths(base).filter((p) => p.length > 0);
    const path = paths[pick % paths.length]!;
    return { shape: 'wrong shape in a field', json: JSON.stringify(replaced(base, path, value)) };
  }),
  fc.tuple(typeArb, fc.nat(), badStringArb).map(([type, pick, bad]) => {
    const base = wellFormed(type);
    const paths = stringPaths(base).filter((p) => !(p[0] === 'type') && !(p[0] === 'by' && p[1] === 'role'));
    const path = paths[pick % paths.length]!;
    const old = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], base) as string;
    return { shape: bad.shape, json: JSON.stringify(replaced(base, path, bad.value(old))) };
  }),
  fc.tuple(typeArb, fc.constantFrom('toString', 'valueOf', '__proto__', 'constructor', 'hasOwnProperty', 'extra')).map(([type, key]) => ({
    shape: `unknown key ${key}`,
    json: JSON.stringify(wellFormed(type)).replace(/^\{/, `{${JSON.stringify(key)}:{"toString":1},`),
  })),
  fc.tuple(typeArb, fc.constantFrom(...Object.values(HIDDEN_CHARACTERS))).map(([type, ch]) => ({
    shape: 'hidden character in the type',
    json: JSON.stringify({ ...wellFormed(type), type: `${type}${ch}` }),
  })),
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ shape: 'random JSON', json: JSON.stringify(value) ?? 'null' })),
);

/**
 * The heavy ones, a few of each: nesting 100,000 levels deep (as a field and as the whole message), 1.9 MB strings,
 * lists of 100,000 entries, records of 50,000 keys, and one past Temporal's 2 MB payload limit (which the server refuses).
 */
export function heavyHostile(): HostileMessage[] {
  const deepField = (type: DecisionType, path: Path, kind: 'object' | 'array') => ({
    shape: `${kind} nested 100,000 deep in ${path.join('.')}`,
    json: withRawJson(wellFormed(type), path, deepJson(100_000, kind)),
  });
  const huge = 'x'.repeat(1_900_000);
  const manyIds = Array.from({ length: 100_000 }, (_, i) => `m${i}`);
  const manyVotes = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`m${i}`, 1]));
  return [
    { shape: 'message nested 100,000 deep', json: deepJson(100_000) },
    { shape: 'list nested 100,000 deep', json: deepJson(100_000, 'array') },
    deepField('CANCEL', ['type'], 'object'),
    deepField('CANCEL', ['reason'], 'object'),
    deepField('RECORD_ATTENDANCE', ['present'], 'array'),
    deepField('RECORD_ROUND', ['votes'], 'object'),
    { shape: '1.9 MB type', json: JSON.stringify({ type: huge }) },
    { shape: '1.9 MB reason', json: JSON.stringify({ ...wellFormed('CANCEL'), reason: huge }) },
    { shape: '1.9 MB person id', json: JSON.stringify({ ...wellFormed('CANCEL'), by: { id: huge, role: 'town-committee' } }) },
    { shape: '1.9 MB record key', json: JSON.stringify({ ...wellFormed('RECORD_ROUND'), votes: { [huge]: 1 } }) },
    { shape: '100,000 members present', json: JSON.stringify({ ...wellFormed('RECORD_ATTENDANCE'), present: manyIds }) },
    { shape: '100,000 wrong entries', json: JSON.stringify({ ...wellFormed('APPROVE_SLATE'), candidates: manyIds.map((_, i) => i) }) },
    { shape: '50,000 votes', json: JSON.stringify({ ...wellFormed('RECORD_ROUND'), votes: manyVotes }) },
    { shape: '50,000 unknown keys', json: JSON.stringify({ ...manyVotes, ...wellFormed('CANCEL') }) },
    { shape: 'past the 2 MB payload limit', json: JSON.stringify({ ...wellFormed('CANCEL'), reason: 'x'.repeat(2_200_000) }) },
  ];
}
