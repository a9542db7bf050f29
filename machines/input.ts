import { z } from 'zod';
import { electionMethodSchema } from './events';
import { roleSchema } from './roles';
import { committeeForm, rosterSchema, safeguardProblems, townPlanSchema, votingMembers } from './rules';

/** The house form of a zod error: one line per issue with the field, the value given and what is accepted. */
export { describeZodIssues } from './rules';

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
    // Version 1 accepted 0-day periods; elections started on it keep their input valid across continue-as-new.
    if ((input.machineVersion ?? 1) >= 2) {
      for (const problem of safeguardProblems(input.plan))
        ctx.addIssue({ code: 'custom', path: ['plan', problem.path], message: problem.message });
    }
  });

export type ElectionInput = z.infer<typeof electionInputSchema>;
export type ElectionInputRaw = z.input<typeof electionInputSchema>;
