import { z } from 'zod';
import { LIMITS } from '../limits';
import { isPersonal, personalFieldsOf, shownPath, unquoted, type PersonalFields } from '../personal';
import { echo, thousands } from '../text';

/** Reads the value at a zod issue path in the original input, so an error can say what was given. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A key of a path as a message shows it: as written when it is a plain word, else quoted and cut short (a sender chose it). */
function keyText(key: PropertyKey): string {
  const text = typeof key === 'symbol' ? 'a symbol' : String(key);
  return /^[\w$-]{1,40}$/.test(text) ? text : echo(text, 40);
}

/** Field path as a person writes it: eligibility.maxAgeRetained, calendar.holidays[3]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole record)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${keyText(key)}`)).join('');
}

/** Unknown keys as a message lists them: the first five, quoted when they are not plain words, and how many more. */
export function fieldNames(keys: readonly string[]): string {
  const listed = keys.slice(0, 5).map(keyText).join(', ');
  return keys.length > 5 ? `${listed} and ${thousands(keys.length - 5)} more` : listed;
}

/**
 * The form an issue's line takes: `payload` for decision payloads, start inputs and settings
 * (`towns.Heluo.port: got "465" (accepted: ...)`), `rule` for rule records, whose messages begin with what is
 * accepted (`[2].id: got "a"; accepted: ...`).
 */
export type IssueForm = 'payload' | 'rule';

/**
 * One line per zod issue naming the field, the value given (cut short) and what is accepted; past `listed` issues
 * (LIMITS.issuesListed unless given) the rest are counted in one last line, so a list of a million bad entries makes a short message.
 * A field that holds personal data (machines/personal.ts; a decision's by its type, else a start input's) is named
 * with the kind and size of the value given, never the value.
 */
export function describeZodIssues(
  error: z.ZodError,
  input: unknown,
  form: IssueForm = 'payload',
  listed: number = LIMITS.issuesListed,
  personal: PersonalFields = personalFieldsOf(input),
): string[] {
  const lines = error.issues.slice(0, listed).map((issue) => {
    const shown = shownPath(personal, issue.path);
    const path = form === 'rule' ? fieldPath(shown) : shown.map(keyText).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      if (form === 'payload') return `${path}: unknown field(s) ${fieldNames(issue.keys)}; remove them or check their spelling`;
      const where = issue.path.length === 0 ? '' : ` in ${path}`;
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${fieldNames(issue.keys)}${where}: check the spelling; accepted: only the documented fields`;
    }
    // The roster's own verdict (too few members to form a branch) is a sentence about the whole roster.
    if (form === 'payload' && issue.code === 'custom' && issue.path.length === 1 && issue.path[0] === 'roster')
      return `roster: ${issue.message}`;
    const value = valueAt(input, issue.path);
    const given = isPersonal(personal, issue.path) ? unquoted(value) : echo(value);
    return form === 'payload' ? `${path}: got ${given} (${issue.message})` : `${path}: got ${given}; ${issue.message}`;
  });
  const more = error.issues.length - lines.length;
  return more > 0 ? [...lines, `and ${thousands(more)} more problem${more > 1 ? 's' : ''} not listed`] : lines;
}

/** Parses with a schema and answers either the data or the described errors, never throwing. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; errors: string[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: describeZodIssues(result.error, input, 'rule') };
}
