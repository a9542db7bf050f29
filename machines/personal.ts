import type { DecisionType } from './events';
import { thousands } from './text';

/**
 * Which fields of a message hold personal data about villagers or cadres: a roster's names (in characters and in pinyin), birth dates, gender,
 * education and Party standing (suspended means detained or arrested), the approvers' names, an objection's grounds
 * and who filed it, the excusal category of an absent member (illness, serving a sentence), the reasons given about a
 * nominee, the notes of a heart-to-heart talk, a written-in name. A refusal names such a field and what is accepted
 * but never quotes the value given; a decision's summary in the status view leaves them out. The outcome store keeps
 * the complete record. A pattern is a whole path, `*` for any list index or record key.
 */
export const PERSONAL_FIELDS: Record<'input' | DecisionType, readonly string[]> = {
  input: [
    'roster.*.name',
    'roster.*.pinyin',
    'roster.*.gender',
    'roster.*.birthDate',
    'roster.*.joinedParty',
    'roster.*.fullMemberSince',
    'roster.*.standing',
    'roster.*.education',
    'roster.*',
    'approvers.*.*.name',
    'approvers.*.*',
  ],
  RECORD_INVESTIGATION: [],
  PROPOSE_POSTPONEMENT: [],
  APPROVE_POSTPONEMENT: [],
  REFUSE_POSTPONEMENT: [],
  REPORT_FIT_TO_PROCEED: [],
  SUBMIT_START_REQUEST: [],
  APPROVE_START: [],
  SEND_BACK_START: [],
  RECORD_MOBILISATION: [],
  RECORD_MEMBER_RECOMMENDATION: [],
  RECORD_MASS_RECOMMENDATION: [],
  RECORD_INSPECTION: ['verdicts.*.reason'],
  APPROVE_SLATE: ['ageExceptions.*.reason'],
  SEND_BACK_SLATE: [],
  FILE_OBJECTION: ['grounds', 'filedBy'],
  RECORD_OBJECTION_FINDINGS: ['findings'],
  RULE_OBJECTION: [],
  CALL_CONFERENCE: [],
  RECORD_ATTENDANCE: ['excusals.*.category'],
  APPOINT_SCRUTINEERS: [],
  RECORD_ROUND: [],
  CONFIRM_COUNT: [],
  REDUCE_SEATS: [],
  RECORD_PLENARY: [],
  APPROVE_RESULT: [],
  REJECT_RESULT: [],
  RECORD_HANDOVER: ['talks.*.notes'],
  CANCEL: [],
};

/** Records whose keys are personal data: votes per written-in name. */
const PERSONAL_KEYS: Partial<Record<DecisionType, readonly string[]>> = { RECORD_ROUND: ['writeIns'] };

/** Fields no role needs in the status view at all: who filed an objection (those who act on it need its grounds, not its author). */
const WITHHELD: Partial<Record<DecisionType, readonly string[]>> = { FILE_OBJECTION: ['filedBy'] };

const matches = (pattern: string, path: readonly PropertyKey[]) => {
  const parts = pattern.split('.');
  return parts.length === path.length && parts.every((part, i) => part === '*' || part === String(path[i]));
};

/** The type of a decision, or nothing for a start input (or anything without a known type). */
function decisionTypeOf(message: unknown): DecisionType | undefined {
  const type = message && typeof message === 'object' ? (message as { type?: unknown }).type : undefined;
  return typeof type === 'string' && type !== 'input' && Object.hasOwn(PERSONAL_FIELDS, type) ? (type as DecisionType) : undefined;
}

/** How a message's fields are to be quoted back: which hold personal data, and which records are keyed by it. */
export interface PersonalFields {
  fields: readonly string[];
  keyedBy: readonly string[];
}

/** The personal fields of a message: a decision's by its `type`, a start input's otherwise. */
export function personalFieldsOf(message: unknown): PersonalFields {
  const type = decisionTypeOf(message);
  return type ? { fields: PERSONAL_FIELDS[type], keyedBy: PERSONAL_KEYS[type] ?? [] } : { fields: PERSONAL_FIELDS.input, keyedBy: [] };
}

/** Whether the field at `path` holds personal data, or is a record keyed by it (the values under its keys are counts). */
export function isPersonal(personal: PersonalFields, path: readonly PropertyKey[]): boolean {
  return (
    personal.fields.some((pattern) => matches(pattern, path)) || personal.keyedBy.some((record) => path.length === 1 && path[0] === record)
  );
}

/** A path as a message may show it: a key that is personal data (a written-in name) is named by what it is, not written out. */
export function shownPath(personal: PersonalFields, path: readonly PropertyKey[]): PropertyKey[] {
  return path.map((key, i) => (i === 1 && personal.keyedBy.includes(String(path[0])) ? '(a written name)' : key));
}

/**
 * A personal value as a refusal may describe it without quoting it: its kind and size ("a date", "text of 23
 * characters", "a list of 3 entries"), so the sender can find the field without the value travelling with the refusal.
 */
export function unquoted(value: unknown): string {
  const note = '(not quoted: personal data)';
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `a date ${note}`;
    const length = [...value].length;
    return `text of ${thousands(length)} character${length === 1 ? '' : 's'} ${note}`;
  }
  if (Array.isArray(value)) return `a list of ${thousands(value.length)} entr${value.length === 1 ? 'y' : 'ies'} ${note}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} ${note}`;
  return `an object ${note}`;
}

/** What a summary shows in place of a personal value. */
export const KEPT_IN_RECORD = '(in the record)';

/**
 * A decision's payload as its summary in the status view shows it: fields no role needs left out, personal values
 * and records keyed by personal data replaced by a note that the outcome store's record holds them.
 */
export function minimisedPayload(type: DecisionType, payload: Record<string, unknown>): Record<string, unknown> {
  const personal: PersonalFields = { fields: PERSONAL_FIELDS[type], keyedBy: PERSONAL_KEYS[type] ?? [] };
  const withheld = WITHHELD[type] ?? [];
  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    if (path.length === 1 && personal.keyedBy.includes(String(path[0])) && value && typeof value === 'object')
      return `${Object.keys(value).length} ${KEPT_IN_RECORD}`;
    if (isPersonal(personal, path)) return KEPT_IN_RECORD;
    if (Array.isArray(value)) return value.map((entry, i) => walk(entry, [...path, i]));
    if (value && typeof value === 'object') {
      const kept = Object.entries(value).filter(([key]) => path.length > 0 || !withheld.includes(key));
      return Object.fromEntries(kept.map(([key, entry]) => [key, walk(entry, [...path, key])]));
    }
    return value;
  };
  return walk(payload, []) as Record<string, unknown>;
}

/** Who a refusal may mention by name: the roster's members and the names written in on the refused message. */
export interface NamesToWithhold {
  roster: readonly { id: string; name: string; pinyin?: string }[];
  written?: readonly string[];
}

/**
 * A refusal's reason as it leaves the rules for the status view, the sender and the store's refusal log: a member
 * named with their id ("张伟 (m-12)") becomes the id alone ("m-12"), and any other mention of a roster name (in
 * characters or pinyin) or of a written-in name becomes "(a name)". The rules name people so that the desk, which
 * checks a decision with them for a person in scope, can show a readable refusal; a view that every role reads names
 * members by id. Longer names go first, so that a name inside another (王伟 in 王伟华) never leaves half of one behind.
 */
export function withoutNames(reason: string, names: NamesToWithhold): string {
  const pairs: [string, string][] = [];
  for (const member of names.roster) {
    for (const name of [member.name, member.pinyin]) {
      if (name && name.trim()) pairs.push([`${name} (${member.id})`, member.id], [name, '(a name)']);
    }
  }
  for (const name of names.written ?? []) if (name.trim()) pairs.push([name, '(a name)']);
  pairs.sort(([a], [b]) => [...b].length - [...a].length);
  return pairs.reduce((text, [name, shown]) => text.split(name).join(shown), reason);
}

/** The names written in on a message (a round's `writeIns` keys; a signed envelope's decision's), which its refusal may not quote back. */
export function writtenNamesOf(message: unknown): string[] {
  const record = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined);
  const inner = record(record(message)?.decision) ?? record(message);
  const writeIns = inner?.writeIns;
  return writeIns && typeof writeIns === 'object' && !Array.isArray(writeIns) ? Object.keys(writeIns) : [];
}
