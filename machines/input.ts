import { z } from 'zod';
import { electionMethodSchema } from './events';
import { roleSchema } from './roles';
import { committeeForm, rosterSchema, townPlanSchema, votingMembers } from './rules';

const approverSchema = z.object({ id: z.string().min(1), name: z.string().min(1) }).strict();

/**
 * What the town office gives to start one village's election. When `approvers` lists people for a
 * role, only they may decide in that role for this village.
 */
export const electionInputSchema = z
  .object({
    town: z.string().trim().min(1, 'the town name'),
    village: z.string().trim().min(1, 'the village name'),
    term: z.number().int().min(2000, 'a year such as 2026').max(2100, 'a year such as 2026'),
    method: electionMethodSchema.default('two-recommendations-one-election'),
    roster: rosterSchema,
    approvers: z.partialRecord(roleSchema, z.array(approverSchema)).default({}),
    plan: townPlanSchema.default(() => townPlanSchema.parse({})),
    /** The statechart version this election runs on to its end (machines/versions.ts); absent means 1. */
    machineVersion: z.number().int().min(1, 'a version number from machines/versions.ts').optional(),
    /** Continue-as-new once the history holds this many events (default 10,000; tests lower it). */
    historyLimit: z.number().int().min(20, 'at least 20 events').optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    // Fewer than 3 full members cannot form a branch: a joint branch is out of this engine's scope.
    const form = committeeForm(votingMembers(input.roster).length);
    if (!form.ok) ctx.addIssue({ code: 'custom', path: ['roster'], message: form.message });
  });

export type ElectionInput = z.infer<typeof electionInputSchema>;
export type ElectionInputRaw = z.input<typeof electionInputSchema>;

/** A readable list of what is wrong with an input: field path, value given, what is accepted. */
export function describeZodIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') return `${path}: unknown field(s) ${issue.keys.join(', ')}; remove them or check their spelling`;
    if (issue.path[0] === 'roster' && issue.path.length === 1 && issue.code === 'custom') return `roster: ${issue.message}`;
    const given = valueAt(input, issue.path);
    const shown = given === undefined ? 'nothing' : JSON.stringify(given)?.slice(0, 80);
    return `${path}: got ${shown} (${issue.message})`;
  });
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
