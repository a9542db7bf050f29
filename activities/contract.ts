import type { RefusalVia } from '../machines/events';
import type { WorkerFacts } from '../machines/hostEvents';
import type { NoticeParams } from '../machines/notices';
import type { OutcomeParams } from '../machines/outcome';
import type { Actor } from '../machines/roles';

/** Which election a record belongs to; `key` makes the write idempotent across activity retries. */
export interface RecordKey {
  key: string;
  workflowId: string;
  town: string;
  village: string;
  term: number;
  at: string;
}

export type NoticeInput = RecordKey & NoticeParams;
export type OutcomeInput = RecordKey & OutcomeParams;
export type DecisionInput = RecordKey & { seq: number; type: string; by: Actor; stage: string; payload: unknown };
export type RefusalInput = RecordKey & { type: string; by?: Actor; code: string; reason: string; via: RefusalVia };

/** The activities the election workflow calls; all I/O lives behind them. */
export interface ElectionActivities {
  sendNotice(input: NoticeInput): Promise<{ noticeId: string; duplicate: boolean }>;
  recordDecision(input: DecisionInput): Promise<{ duplicate: boolean }>;
  recordRefusal(input: RefusalInput): Promise<{ duplicate: boolean }>;
  recordOutcome(input: OutcomeInput): Promise<{ duplicate: boolean }>;
  /** The worker's mode and the official holiday calendars loaded into the store, asked once when an election starts. */
  workerFacts(): Promise<WorkerFacts>;
}
