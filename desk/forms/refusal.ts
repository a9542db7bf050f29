import type { MessageKey, Translate } from '../i18n';
import type { DecisionType } from '../../machines/events';
import type { FieldError } from './types';

/**
 * Payload paths whose form field has another name: lists are ticked in one group, records of written names are
 * rows, per-member excusals sit in the attendance table. A path not listed is its field's name (reason, seats,
 * tally.votes.m07, votes.m07, votes.secretary.m01).
 */
const PATH_FIELDS: { [K in DecisionType]?: [RegExp, string][] } = {
  APPROVE_SLATE: [
    [/^candidates(\.|$)/, 'candidates'],
    [/^ageExceptions(\.|$)/, 'candidates'],
  ],
  RECORD_ATTENDANCE: [
    [/^present(\.|$)/, 'present'],
    [/^excusals(\.|$)/, 'present'],
  ],
  APPOINT_SCRUTINEERS: [[/^scrutineers(\.|$)/, 'scrutineers']],
  RECORD_ROUND: [
    [/^disapprovedCandidates(\.|$)/, 'votes'],
    [/^writeIns(\.|$)/, 'writeIns'],
    [/^writeInMembers(\.|$)/, 'writeIns'],
    [/^membersLeft(\.|$)/, 'left'],
    [/^votes$/, 'votes'],
  ],
  RECORD_PLENARY: [
    [/^membersPresent(\.|$)/, 'membersPresent'],
    [/^votes(\.(secretary|deputy))?$/, 'votes'],
  ],
  RECORD_HANDOVER: [[/^talks(\.|$)/, 'talk']],
  RECORD_MEMBER_RECOMMENDATION: [[/^participants$/, 'tally.participants']],
  RECORD_MASS_RECOMMENDATION: [[/^participants$/, 'tally.participants']],
  RECORD_INSPECTION: [[/^verdicts(\.|$)/, '']],
};

/** Sentences of the rules that name no path, and the field each is about (`$1` a member id the sentence names). */
const SENTENCE_FIELDS: { [K in DecisionType]?: [RegExp, string][] } = {
  RECORD_ROUND: [
    [/ballots issued \d+ is more than/, 'ballotsIssued'],
    [/valid \d+ \+ invalid \d+/, 'validBallots'],
    [/voters? present, more than the/, 'votersPresent'],
    [/^(\S+) has \d+ votes?, more than the [\d,]+ valid ballot/, 'votes.$1'],
    [/no votes recorded for/, 'votes'],
    [/votes? in all, more than/, 'votes'],
    [/write-in/, 'writeIns'],
    [/disapproved/, 'votes'],
  ],
  RECORD_MEMBER_RECOMMENDATION: [
    [/ballots returned \d+ is more than ballots issued/, 'tally.ballotsReturned'],
    [/ballots issued \d+ is more than the/, 'tally.ballotsIssued'],
    [/^(\S+) has \d+ votes?, more than the [\d,]+ ballots? returned/, 'tally.votes.$1'],
    [/votes? in all, more than/, 'tally.votes'],
  ],
  APPROVE_SLATE: [[/candidate/, 'candidates']],
  RECORD_ATTENDANCE: [
    [/^present /, 'present'],
    [/excusal/, 'present'],
  ],
  APPOINT_SCRUTINEERS: [[/scrutineer/, 'scrutineers']],
  RECORD_PLENARY: [[/^(secretary|deputy) \S+ has \d+ votes?/, 'votes']],
  REDUCE_SEATS: [[/in favour/, 'votesFor']],
  SUBMIT_START_REQUEST: [[/seat/, 'seats']],
  APPROVE_START: [[/seat/, 'seats']],
  FILE_OBJECTION: [[/candidate/, 'candidateId']],
  PROPOSE_POSTPONEMENT: [[/postponed until/, 'until']],
  APPROVE_POSTPONEMENT: [[/postponed until/, 'until']],
};
SENTENCE_FIELDS.RECORD_MASS_RECOMMENDATION = SENTENCE_FIELDS.RECORD_MEMBER_RECOMMENDATION;

/** A path as the refusal writes it (`excusals[0].category`, `tally.votes.m07`), dot-joined. */
const PATH_AT_START = /^((?:[A-Za-z_$][\w$-]*|\[\d+\])(?:\.[^\s:;()]+|\[\d+\])*):\s/;

/** The field a path of a payload was read from: what the form remembered, else the table above, else the path itself. */
export function fieldOfPath(type: DecisionType, path: string, paths?: ReadonlyMap<string, string>): string {
  if (paths) {
    for (let prefix = path; prefix !== ''; prefix = prefix.includes('.') ? prefix.slice(0, prefix.lastIndexOf('.')) : '') {
      const field = paths.get(prefix);
      if (field !== undefined) return field;
    }
  }
  for (const [pattern, field] of PATH_FIELDS[type] ?? []) if (pattern.test(path)) return field;
  if (path === 'by' || path.startsWith('by.') || path === 'type' || path === '(top level)') return '';
  return path;
}

/** Which field one part of a refusal is about: the path it starts with, or a sentence of the rules about a field. */
function fieldOfPart(type: DecisionType, part: string, paths?: ReadonlyMap<string, string>): string {
  const path = PATH_AT_START.exec(part);
  if (path) return fieldOfPath(type, path[1]!.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, ''), paths);
  for (const [pattern, field] of SENTENCE_FIELDS[type] ?? []) {
    const found = pattern.exec(part);
    if (found) return field.replace('$1', found[1] ?? '');
  }
  return '';
}

/**
 * The problems of a refusal, each beside the field it names: the reason is split where it lists several (`; `),
 * each part goes to the field of the path it starts with or of the rule's sentence, consecutive parts about one
 * field stay one message, and what names no field goes to the summary above the form ('').
 */
export function reasonErrors(
  reason: string,
  type: DecisionType,
  tr: Translate,
  label: MessageKey,
  paths?: ReadonlyMap<string, string>,
): FieldError[] {
  const body = reason.startsWith(`${type}: `) ? reason.slice(type.length + 2) : reason;
  const parts = body.split('; ').filter((p) => p.trim() !== '');
  const grouped: { field: string; parts: string[] }[] = [];
  for (const part of parts) {
    const last = grouped.at(-1);
    // "…: got 12; accepted: …" is one problem: what is accepted belongs to the part before it.
    if (last && /^accepted\b/.test(part)) {
      last.parts.push(part);
      continue;
    }
    // The first part may lead with the rule's verdict before the problems: "the numbers do not add up, ...: valid 10 + ...".
    const colon = part.indexOf(': ');
    const problem = colon >= 0 && !PATH_AT_START.test(part) ? part.slice(colon + 2) : part;
    const field = fieldOfPart(type, part, paths) || fieldOfPart(type, problem, paths);
    if (last && last.field === field) last.parts.push(part);
    else grouped.push({ field, parts: [part] });
  }
  if (grouped.length === 0) return [{ field: '', message: tr(label, { reason }) }];
  return grouped.map((g) => ({ field: g.field, message: tr(label, { reason: g.parts.join('; ') }) }));
}

/**
 * A refusal the workflow sent back (its update validator runs the same admission as every decision) as problems
 * beside the fields they name, each headed "the workflow refused:"; the reason itself is the workflow's, in English.
 * `paths` (the reader's, from reading the same submission) places problems of list entries (`verdicts.2.reason`).
 */
export function refusalErrors(reason: string, type: DecisionType, tr: Translate, paths?: ReadonlyMap<string, string>): FieldError[] {
  return reasonErrors(reason, type, tr, 'form.refused', paths);
}

/**
 * A refusal from the workflow as the desk shows it: the workflow names members by id only (its view is every role's;
 * machines/personal.ts `withoutNames`), and the desk, which reads the roster for a person in scope, puts each member's
 * name before the id ("张伟 (m04)"). An id inside a path (`votes.m04`) stays as it is.
 */
export function withMemberNames(reason: string, roster: readonly { id: string; name: string }[]): string {
  if (!roster.length) return reason;
  const byId = new Map(roster.map((member) => [member.id, member.name]));
  const ids = [...byId.keys()].sort((a, b) => b.length - a.length).map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const alone = new RegExp(`(?<![\\p{L}\\p{N}_.-])(${ids.join('|')})(?![\\p{L}\\p{N}_-])`, 'gu');
  return reason.replace(alone, (id) => `${byId.get(id)} (${id})`);
}
