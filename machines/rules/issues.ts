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
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Field path as a person writes it: eligibility.maxAgeRetained, calendar.holidays[3]. */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole record)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** One line per zod issue naming the field, the value given and what is accepted. */
export function describeIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length === 0 ? '' : ` in ${fieldPath(issue.path)}`;
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}${where}: check the spelling; accepted: only the documented fields`;
    }
    return `${fieldPath(issue.path)}: got ${shown(valueAt(input, issue.path))}; ${issue.message}`;
  });
}

/** Parses with a schema and answers either the data or the described errors, never throwing. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; errors: string[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: describeIssues(result.error, input) };
}
