import { z } from 'zod';
import { describeZodIssues } from '../machines/input';
import { outcomeFactsSchema, outcomeStatusSchema, type OutcomeFacts } from '../machines/outcome';

/** One row of the outcome store: `facts` is the JSON text the workflow recorded, `at` its ISO timestamp. */
export const outcomeRowSchema = z.object({
  workflow_id: z.string(),
  village: z.string(),
  status: outcomeStatusSchema,
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
    return { ...base, problem: `facts do not match the recorded shape: ${describeZodIssues(parsed.error, json).join('; ')}` };
  }
  return { ...base, facts: parsed.data };
}

/** The committee a village's election put in office, as the store's committee tables hold it. */
export const storedCommitteeSchema = z.object({
  workflowId: z.string(),
  village: z.string(),
  /** The outcome record the committee was written with. */
  outcomeKey: z.string(),
  members: z.array(z.object({ id: z.string(), post: z.enum(['secretary', 'deputy', 'member']) })),
});

export type StoredCommittee = z.infer<typeof storedCommitteeSchema>;

/** A step of a village's election written again with other content by a later run (a Temporal reset); both versions are kept. */
export const recordConflictSchema = z.object({
  village: z.string(),
  table: z.enum(['decisions', 'notices', 'outcomes']),
  key: z.string(),
  branchKey: z.string(),
  runId: z.string(),
  differences: z.string(),
});

export type RecordConflict = z.infer<typeof recordConflictSchema>;
