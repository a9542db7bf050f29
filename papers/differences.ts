import { isDeepStrictEqual } from 'node:util';

const shown = (value: unknown): string => (value === undefined ? '(nothing)' : JSON.stringify(value));

/**
 * What differs between the paper as printed and as the record makes it now, one line per differing value:
 * its place in the paper's model, what was printed and what the record says now.
 */
export function differences(printed: unknown, now: unknown, path = 'paper'): string[] {
  if (isDeepStrictEqual(printed, now)) return [];
  // A row of a table or of fields differs as a whole: the line names its label or its name with the value.
  const row = (v: unknown) => Array.isArray(v) && v.every((cell) => typeof cell === 'string');
  if (row(printed) && row(now)) return [`${path}: printed ${shown(printed)}, the record now gives ${shown(now)}`];
  const both = (v: unknown) => v !== null && typeof v === 'object';
  if (both(printed) && both(now) && Array.isArray(printed) === Array.isArray(now)) {
    const a = printed as Record<string, unknown>;
    const b = now as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => differences(a[k], b[k], Array.isArray(printed) ? `${path}[${k}]` : `${path}.${k}`));
  }
  return [`${path}: printed ${shown(printed)}, the record now gives ${shown(now)}`];
}
