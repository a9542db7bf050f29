import { z } from 'zod';
import { electionMethodSchema } from '../../machines/events';
import { memberSchema } from '../../machines/rules';

const count = z.number().int().min(0);
const memberFields = memberSchema.shape;

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
 * The facts `outcomeFacts()` in machines/electionMachine.ts records with each outcome. Figures are optional
 * because a postponed or cancelled village stops before they exist; unknown fields are kept, not refused.
 * `outgoingCommittee`, when recorded, is the whole outgoing committee (the basis of the previous term's age).
 */
export const outcomeFactsSchema = z.looseObject({
  town: z.string(),
  village: z.string(),
  term: z.number().int(),
  method: electionMethodSchema.optional(),
  form: z.enum(['committee', 'secretary-direct']).optional(),
  category: z.enum(['good', 'medium', 'poor']).optional(),
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
  postponement: z.looseObject({ reason: z.string(), until: z.string(), approved: z.boolean().optional() }).optional(),
  cancellation: z.looseObject({ reason: z.string(), by: z.string().optional() }).optional(),
});

export type OutcomeFacts = z.infer<typeof outcomeFactsSchema>;
