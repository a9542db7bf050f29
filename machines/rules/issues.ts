import { z } from 'zod';

/** Reads the value at a zod issue path in the original input, so an error can say what was given. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only what JSON cannot show (a function, a symbol) reaches String()
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Field path as a person writes it: eligibility.maxAgeRetained, calendar.holidays[3]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole record)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/**
 * The form an issue's line takes: `payload` for decision payloads, start inputs and settings
 * (`towns.Heluo.port: got "465" (accepted: ...)`), `rule` for rule records, whose messages begin with what is
 * accepted (`[2].id: got "a"; accepted: ...`).
 */
export type IssueForm = 'payload' | 'rule';

/** One line per zod issue naming the field, the value given and what is accepted. */
export function describeZodIssues(error: z.ZodError, input: unknown, form: IssueForm = 'payload'): string[] {
  return error.issues.map((issue) => {
    const path = form === 'rule' ? fieldPath(issue.path) : issue.path.join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      if (form === 'payload') return `${path}: unknown field(s) ${issue.keys.join(', ')}; remove them or check their spelling`;
      const where = issue.path.length === 0 ? '' : ` in ${path}`;
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}${where}: check the spelling; accepted: only the documented fields`;
    }
    // The roster's own verdict (too few members to form a branch) is a sentence about the whole roster.
    if (form === 'payload' && issue.code === 'custom' && issue.path.length === 1 && issue.path[0] === 'roster')
      return `roster: ${issue.message}`;
    const given = shown(valueAt(input, issue.path));
    return form === 'payload' ? `${path}: got ${given} (${issue.message})` : `${path}: got ${given}; ${issue.message}`;
  });
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
