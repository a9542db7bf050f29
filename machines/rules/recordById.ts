import { z } from 'zod';

const isPlainRecord = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input) && !(input instanceof Map);

/**
 * A record keyed by member id or written name (votes per candidate, identities of write-ins). zod's own record
 * builds its result by assignment, which silently drops a key named `__proto__` and with it that member's votes;
 * this one keeps every key as an own property, whatever the id.
 */
export function recordById<V extends z.ZodType>(key: z.ZodType<string, string>, value: V, accepted: string) {
  return z
    .preprocess((input) => (isPlainRecord(input) ? new Map(Object.entries(input)) : input), z.map(key, value, { error: accepted }))
    .transform((entries) => Object.fromEntries(entries) as Record<string, z.output<V>>);
}

/** The own value under `id`, never one inherited from Object.prototype (a candidate called `constructor` has no votes until recorded). */
export function ownValue<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}
