import { z } from 'zod';
import { startSignatureSchema } from './envelope/start';
import { electionMethodSchema } from './events';
import { roleSchema } from './roles';
import { LIMITS } from './limits';
import { committeeForm, rosterSchema, safeguardProblems, townPlanSchema, votingMembers } from './rules';
import { listOf, text } from './text';

/** The house form of a zod error: one line per issue with the field, the value given and what is accepted. */
export { describeZodIssues } from './rules';

const approverSchema = z.object({ id: text('id', 'the approver id'), name: text('name', "the approver's name") }).strict();

/** Town and village names make the workflow id `reelection/<term>/<town>/<village>`: a "/" in one could give two villages one id. */
const WORKFLOW_ID_PART = { characters: ['/'], why: 'it separates the parts of the workflow id' };

/**
 * What the town office gives to start one village's election. When `approvers` lists people for a
 * role, only they may decide in that role for this village.
 */
export const electionInputSchema = z
  .object({
    town: text('name', 'the town name', { forbid: WORKFLOW_ID_PART }),
    village: text('name', 'the village name', { forbid: WORKFLOW_ID_PART }),
    term: z.number().int().min(2000, 'a year such as 2026').max(2100, 'a year such as 2026'),
    method: electionMethodSchema.default('two-recommendations-one-election'),
    roster: rosterSchema,
    approvers: z.partialRecord(roleSchema, listOf(approverSchema, 'approvers', { max: LIMITS.approversPerRole })).default({}),
    plan: townPlanSchema.default(() => townPlanSchema.parse({})),
    /** The statechart version this election runs on to its end (machines/versions.ts); absent means 1. */
    machineVersion: z.number().int().min(1, 'a version number from machines/versions.ts').optional(),
    /**
     * Decisions must come as envelopes signed by a key of the village's keyring, which the worker reads from the people
     * registry (issue #14); absent means unsigned decisions, as elections took them before.
     */
    signedDecisions: z.boolean().optional(),
    /**
     * An election with signed decisions is started signed: a town Party committee member's signature over this whole
     * input (machines/envelope/start.ts), which the workflow verifies before anything is recorded.
     */
    startSignature: startSignatureSchema.optional(),
    /** Continue-as-new once the history holds this many events (default 10,000; tests lower it). */
    historyLimit: z
      .number()
      .int()
      .min(20, 'at least 20 events')
      .max(50_000, "at most 50,000 events, below Temporal's own limit")
      .optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.startSignature !== undefined && input.signedDecisions !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['startSignature'],
        message: 'accepted: a start signature only with signedDecisions: true (an election with unsigned decisions does not check one)',
      });
    }
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
