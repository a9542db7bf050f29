import { z } from 'zod';
import type { ElectionContext } from './context';
import { electionMethodSchema, investigationCategorySchema } from './events';
import { branchFormSchema, memberSchema, votingMembers } from './rules';
import { electionWarningSchema } from './warnings';

const count = z.number().int().min(0);
const memberFields = memberSchema.shape;

/** How a village's election ended, as its lasting outcome records it. */
export const outcomeStatusSchema = z.enum(['completed', 'postponed', 'cancelled']);
export type OutcomeStatus = z.infer<typeof outcomeStatusSchema>;

/** A postponement as the election keeps it: why, until when, and whether the county approved it. */
export const postponementRecordSchema = z.object({
  reason: z.string(),
  until: z.string(),
  approved: z.boolean(),
  /** From version 2: the original due date the one-year limit runs from (the day of the first request). */
  dueOn: z.string().optional(),
  /** From version 2: every request with the county's decision on it, oldest first. */
  requests: z
    .array(
      z.object({
        requestedOn: z.string(),
        until: z.string(),
        reason: z.string(),
        by: z.string(),
        decision: z.enum(['approved', 'refused']).optional(),
        decidedOn: z.string().optional(),
        decidedBy: z.string().optional(),
        refusal: z.string().optional(),
      }),
    )
    .optional(),
});

/** A cancellation as the election keeps it: why, and who cancelled. */
export const cancellationRecordSchema = z.object({ reason: z.string(), by: z.string() });

/**
 * A person as the outcome facts carry them (a roster record). Every field but the id is optional here:
 * a record missing a field is reported as an inconsistency by the report, never rejected.
 */
export const recordedPersonSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  gender: memberFields.gender.optional(),
  birthDate: z.string().optional(),
  education: memberFields.education.optional(),
  outgoingPost: memberFields.outgoingPost,
  villageCommitteePost: memberFields.villageCommitteePost,
});
export type RecordedPerson = z.infer<typeof recordedPersonSchema>;

/**
 * The facts the machine records with each outcome, and the town report and the store read back. Figures are
 * optional because a postponed or cancelled village stops before they exist; unknown fields are kept, not refused.
 * `outgoingCommittee` is the whole outgoing committee (the basis of the previous term's average age).
 */
export const outcomeFactsSchema = z.looseObject({
  town: z.string(),
  village: z.string(),
  term: z.number().int(),
  method: electionMethodSchema.optional(),
  form: branchFormSchema.optional(),
  category: investigationCategorySchema.optional(),
  members: count.optional(),
  probationaryMembers: count.optional(),
  representatives: count.optional(),
  memberParticipants: count.optional(),
  representativeParticipants: count.optional(),
  nomineesRecommended: count.optional(),
  nomineesPassing: count.optional(),
  candidates: count.optional(),
  seats: count.optional(),
  elected: z.array(recordedPersonSchema).default([]),
  outgoingCommittee: z.array(recordedPersonSchema).optional(),
  secretary: z.string().optional(),
  deputy: z.string().optional(),
  rounds: count.optional(),
  objections: count.optional(),
  postponement: postponementRecordSchema.partial({ approved: true }).loose().optional(),
  /** From version 2: targets not met and exceptions granted (machines/warnings.ts), for the report. */
  warnings: z.array(electionWarningSchema.partial({ raisedAt: true }).loose()).optional(),
  cancellation: cancellationRecordSchema.partial({ by: true }).loose().optional(),
});
export type OutcomeFacts = z.infer<typeof outcomeFactsSchema>;

/**
 * What the machine asks the host to record as the village's lasting outcome. The machine writes every fact
 * ({@link outcomeFacts}); a reader parses them with {@link outcomeFactsSchema}, which tells what is missing.
 */
export interface OutcomeParams {
  status: OutcomeStatus;
  facts: Partial<z.input<typeof outcomeFactsSchema>>;
}

/** The facts of the village's outcome the town's summary report is built from. */
export function outcomeFacts(context: ElectionContext): z.input<typeof outcomeFactsSchema> {
  const member = (id: string) => context.roster.find((m) => m.id === id);
  return {
    town: context.town,
    village: context.village,
    term: context.term,
    method: context.method,
    form: context.form,
    category: context.investigation?.category,
    members: votingMembers(context.roster).length,
    probationaryMembers: context.roster.filter((m) => m.standing === 'probationary').length,
    representatives: context.investigation?.representatives,
    memberParticipants: context.memberTally?.participants,
    representativeParticipants: context.massTally?.participants,
    nomineesRecommended: Object.keys(context.memberTally?.votes ?? {}).length,
    nomineesPassing: context.nominees.length,
    candidates: context.candidates.length,
    seats: context.seats,
    elected: context.elected.map((id) => ({ ...member(id), id })),
    outgoingCommittee: context.roster.filter((m) => m.outgoingPost !== undefined),
    secretary: context.secretary,
    deputy: context.deputy,
    rounds: context.rounds.length,
    objections: context.objections.length,
    postponement: context.postponement,
    cancellation: context.cancellation,
    warnings: context.warnings,
  };
}
