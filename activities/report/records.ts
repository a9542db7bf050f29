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

/** One row of the outcome store: `facts` is the JSON text the workflow recorded, `at` its ISO timestamp. */
export const outcomeRowSchema = z.object({
  workflow_id: z.string(),
  village: z.string(),
  status: z.enum(['completed', 'postponed', 'cancelled']),
  facts: z.string(),
  at: z.string(),
});

export type OutcomeRow = z.infer<typeof outcomeRowSchema>;

/** A village's election still running in Temporal, as the CLI lists it from visibility. */
export const runningElectionSchema = z.object({
  workflowId: z.string().min(1),
  village: z.string().min(1),
  stage: z.string().optional(),
});

export type RunningElection = z.infer<typeof runningElectionSchema>;

/** A stored outcome with its facts read: `facts` is undefined and `problem` says why when they cannot be read. */
export interface OutcomeRecord {
  workflowId: string;
  village: string;
  status: OutcomeRow['status'];
  at: string;
  facts?: OutcomeFacts;
  problem?: string;
}

/** Reads one stored row's facts; unreadable facts become a `problem` the report lists, not an exception. */
export function outcomeRecord(row: OutcomeRow): OutcomeRecord {
  const base = { workflowId: row.workflow_id, village: row.village, status: row.status, at: row.at };
  let json: unknown;
  try {
    json = JSON.parse(row.facts);
  } catch (err) {
    return { ...base, problem: `facts are not JSON (${(err as Error).message})` };
  }
  const parsed = outcomeFactsSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(facts)'}: ${i.message}`);
    return { ...base, problem: `facts do not match the recorded shape: ${issues.join('; ')}` };
  }
  return { ...base, facts: parsed.data };
}
