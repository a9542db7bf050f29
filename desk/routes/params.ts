import { z } from 'zod';
import { DeskError } from './errors';

/** A village's path parameters: the term a year, the town and village names as the workflow id holds them. */
const placeSchema = z.object({
  term: z.coerce.number().int().min(2000).max(2100),
  town: z
    .string()
    .min(1)
    .max(64)
    .refine((v) => !v.includes('/')),
  village: z
    .string()
    .min(1)
    .max(64)
    .refine((v) => !v.includes('/')),
});

/** The village a request's path names; a path that cannot name one is a page not found. */
export function placeOf(params: unknown): { term: number; town: string; village: string } {
  const parsed = placeSchema.safeParse(params);
  if (!parsed.success) throw new DeskError(404, 'error.notFound');
  return parsed.data;
}
