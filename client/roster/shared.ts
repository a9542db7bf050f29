import { z } from 'zod';
import { decisionSchemas, electionMethodSchema } from '../../machines/events';
import { electionInputSchema, type ElectionInput, type ElectionInputRaw } from '../../machines/input';
import { LIMITS } from '../../machines/limits';
import { roleSchema } from '../../machines/roles';
import { committeeForm, fieldNames, fieldPath, seatsForBranch, votingMembers, type Member } from '../../machines/rules';
import { isPersonal, personalFieldsOf, unquoted } from '../../machines/personal';
import { cut, echo } from '../../machines/text';

/** What the roster readers share: the village facts, the checked-roster shapes, option and problem helpers. */

export const investigation = decisionSchemas.RECORD_INVESTIGATION.shape;
export const startRequest = decisionSchemas.SUBMIT_START_REQUEST.shape;

/**
 * What a roster may say about a village beyond its start input: the investigation's representatives,
 * category and stability, and the seats to fill. The election input does not carry them (the guidance
 * group and the town record them as decisions), so they are checked here and kept in the workflow's memo.
 */
export const villageFactsSchema = z.strictObject({
  representatives: investigation.representatives.optional(),
  category: investigation.category.optional(),
  stable: investigation.stable.optional(),
  seats: startRequest.seats.optional(),
});
export type VillageFacts = z.infer<typeof villageFactsSchema>;

/** One village of a roster, with every problem found in it; `input` is set when it may start. */
export interface RosterVillage {
  town: string;
  village: string;
  /** Where it is in the file: `lines 2-14` (CSV) or `towns[0].villages[3]` (JSON). */
  where: string;
  raw: ElectionInputRaw;
  facts: VillageFacts;
  problems: string[];
  input?: ElectionInput;
  workflowId?: string;
}

/** A checked roster file. */
export interface RosterCheck {
  format: 'csv' | 'json';
  /**
   * Problems no single village owns (unreadable file, bad header, bad term, a row without its town or
   * village): they stop the whole file, even with --skip-invalid.
   */
  fileProblems: string[];
  villages: RosterVillage[];
}

/** Values from the command line: --term (required with CSV), --town and --village (one village's member array), --method, --plan. */
export interface RosterOptions {
  term?: string | number;
  town?: string;
  village?: string;
  /** The method of villages that name none. */
  method?: string;
  /** The town plan for every village, replacing the file's. */
  plan?: unknown;
}

/** Every problem of a checked roster, file-level first, in file order. */
export const rosterProblems = (check: RosterCheck): string[] => [...check.fileProblems, ...check.villages.flatMap((v) => v.problems)];

/** Villages that may start: none while the file itself has a problem. */
export const validVillages = (check: RosterCheck) =>
  check.fileProblems.length ? [] : check.villages.filter((v): v is RosterVillage & { input: ElectionInput } => !!v.input);

/** Stands in for a bad or missing term while the rows are still checked; the file-level problem keeps anything from starting. */
export const PLACEHOLDER_TERM = 2026;

export function termOption(value: unknown, accepted: string, name = '--term'): { ok: true; term: number } | { ok: false; problem: string } {
  if (value === undefined) return { ok: false, problem: `${name}: got nothing; accepted: ${accepted}` };
  const asNumber = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  const parsed = electionInputSchema.shape.term.safeParse(asNumber);
  return parsed.success ? { ok: true, term: parsed.data } : { ok: false, problem: `${name}: got ${shown(value)}; accepted: ${accepted}` };
}

export function methodOption(value: string | undefined): { ok: true; method?: string } | { ok: false; problem: string } {
  if (value === undefined || electionMethodSchema.safeParse(value).success) return { ok: true, method: value };
  return { ok: false, problem: `--method: got ${shown(value)}; accepted: one of ${electionMethodSchema.options.join(', ')}` };
}

export function planOption(value: unknown, at = '--plan'): { ok: true; plan?: unknown } | { ok: false; problems: string[] } {
  if (value === undefined) return { ok: true };
  const parsed = electionInputSchema.shape.plan.safeParse(value);
  if (parsed.success) return { ok: true, plan: value };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `${at}${issue.path.length ? `.${fieldPath(issue.path)}` : ''}: unknown field(s) ${fieldNames(issue.keys)}; accepted: only the town plan's fields`
        : `${at}${issue.path.length ? `.${fieldPath(issue.path)}` : ''}: got ${shown(valueAt(value, issue.path))}; accepted: ${acceptedBy(issue)}`,
    ),
  };
}

/** Fewer than 3 full members cannot form a branch: judged from the standing alone, so it is reported even when other fields are wrong. */
export function branchProblem(roster: unknown[]): string | undefined {
  const full = votingMembers(roster.filter(isObject) as Member[]).length;
  const form = committeeForm(full);
  return form.ok ? undefined : `${form.message}; accepted: at least 3 members with standing "full"`;
}

/** Members whose id an earlier member already has: judged on the ids alone, so reported even when other fields are wrong. */
export function duplicateIds(roster: unknown[]): Array<{ index: number; first: number }> {
  const firstIndex = new Map<unknown, number>();
  const duplicates: Array<{ index: number; first: number }> = [];
  roster.forEach((member, index) => {
    const id = isObject(member) ? member.id : undefined;
    if (typeof id !== 'string' || id === '') return;
    if (firstIndex.has(id)) duplicates.push({ index, first: firstIndex.get(id)! });
    else firstIndex.set(id, index);
  });
  return duplicates;
}

/** The seats the roster gives must suit the branch, as APPROVE_START checks them. */
export function seatsProblem(roster: Member[], seats: number): string | undefined {
  const verdict = seatsForBranch(seats, votingMembers(roster).length);
  return verdict.ok ? undefined : `seats that suit the branch (${verdict.message})`;
}

/** What a zod issue accepts, in words: the schema's own "accepted: ..." message, the allowed values, or the expected type. */
export function acceptedBy(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('accepted: ')) return issue.message.slice('accepted: '.length);
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => String(v)).join(', ')}`;
  if (issue.code === 'invalid_type') {
    const words: Record<string, string> = {
      string: 'text',
      number: 'a number',
      boolean: 'true or false',
      array: 'a list',
      object: 'an object',
    };
    return words[issue.expected] ?? issue.expected;
  }
  if (issue.code === 'invalid_key' && issue.path[0] === 'approvers') return `a role among ${roleSchema.options.join(', ')}`;
  return issue.message;
}

/** A value as a roster problem quotes it: JSON cut short, hidden characters escaped; never throws (deep nesting, `toString` keys). */
export const shown = (value: unknown) => echo(value);

/**
 * The value at a start input's path as a roster problem shows it: a member's name, birth date, standing and the other
 * personal fields, and an approver, by their kind and size only (machines/personal.ts); anything else quoted.
 */
export const shownAt = (path: readonly PropertyKey[], value: unknown) =>
  isPersonal(personalFieldsOf(undefined), path) ? unquoted(value) : echo(value);

/** A name from the file as a label shows it: a string cut short, anything else quoted. */
export const nameText = (value: unknown) => (typeof value === 'string' ? cut(value, LIMITS.nameLength) : echo(value));

export const villageName = (v: { town: string; village: string }) => `village ${nameText(v.village)} of ${nameText(v.town)}`;

/** `lines 2-5, 9`: a village's rows, runs of lines shortened. */
export function linesText(lines: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j += 1;
    runs.push(j > i ? `${lines[i]}-${lines[j]}` : `${lines[i]}`);
    i = j + 1;
  }
  return `${lines.length > 1 ? 'lines' : 'line'} ${runs.join(', ')}`;
}

export const sortByLine = (problems: Array<{ line: number; text: string }>) =>
  problems
    .map((p, order) => ({ ...p, order }))
    .sort((a, b) => a.line - b.line || a.order - b.order)
    .map((p) => p.text);

export const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A roster that could not be read or parsed: one file-level problem, no villages. */
export function fileOnly(format: 'csv' | 'json', problem: string): RosterCheck {
  return { format, fileProblems: [problem], villages: [] };
}
