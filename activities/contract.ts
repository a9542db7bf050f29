import type { PlannedDelivery } from './delivery';

export type { PlannedDelivery };
import type { RefusalVia } from '../machines/events';
import type { ElectionFacts } from '../machines/facts';
import type { WorkerFacts } from '../machines/hostEvents';
import type { NoticeParams } from '../machines/notices';
import type { OutcomeParams } from '../machines/outcome';
import type { VillageKeyring } from '../machines/keyring';
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
/**
 * An accepted decision to record; `envelope` is the signed envelope it was taken on, as received (elections with signed
 * decisions only); `facts` the election's facts after it (absent from workflows built before the papers), kept per election.
 */
export type DecisionInput = RecordKey & {
  seq: number;
  type: string;
  by: Actor;
  stage: string;
  payload: unknown;
  envelope?: unknown;
  facts?: ElectionFacts;
};
export type RefusalInput = RecordKey & { type: string; by?: Actor; code: string; reason: string; via: RefusalVia };

/** How the delivery workflow retries a delivery that may pass later (see `deliveryRetrySchema`). */
export interface DeliveryRetrySettings {
  maxIntervalSeconds: number;
  giveUpAfterSeconds: number;
}

/**
 * A notice as the election left it in the outbox: the key it is stored under (the step's, or a reset branch's), the
 * deliveries still to make (none for a town with only the outbox, or once all are confirmed) and how to retry them.
 */
export interface PostedNotice {
  noticeId: string;
  key: string;
  /** What the notice is and whom it is for, as posted (a history's reader, the benchmark's profile, finds them here). */
  kind: NoticeInput['kind'];
  audience: NoticeInput['audience'];
  duplicate: boolean;
  deliveries: PlannedDelivery[];
  retry: DeliveryRetrySettings;
}

/** What the delivery workflow of one notice is started with. */
export interface NoticeDeliveryInput {
  noticeKey: string;
  kind: string;
  audience: string;
  village: string;
  town: string;
  deliveries: PlannedDelivery[];
  retry: DeliveryRetrySettings;
}

/** One delivery to make: the notice by its key, and the delivery as planned with it. */
export type DeliveryInput = PlannedDelivery & { noticeKey: string };

/** A delivery given up: `reason` is recorded, followed by the delivery's last error when `withLastError`. */
export interface DeliveryGivenUp {
  idempotencyKey: string;
  reason: string;
  withLastError: boolean;
}

/** The activities the election workflow calls; all I/O lives behind them. */
export interface ElectionActivities {
  /**
   * The earlier way, which elections whose histories predate the delivery workflow still call (they awaited it, and
   * it retried until every server confirmed): now it posts the notice like `postNotice` and starts its delivery
   * workflow itself, so such a village goes on at once.
   */
  sendNotice(input: NoticeInput): Promise<{ noticeId: string; duplicate: boolean }>;
  /** Stores the notice with its planned deliveries in one short write and starts its delivery workflow, which sends them. */
  postNotice(input: NoticeInput): Promise<PostedNotice>;
  recordDecision(input: DecisionInput): Promise<{ duplicate: boolean }>;
  recordRefusal(input: RefusalInput): Promise<{ duplicate: boolean }>;
  recordOutcome(input: OutcomeInput): Promise<{ duplicate: boolean }>;
  /** The worker's mode and the official holiday calendars loaded into the store, asked once when an election starts. */
  workerFacts(): Promise<WorkerFacts>;
  /** The village's keyring as the people registry stands now: who may sign its decisions, in which roles (issue #14). */
  villageKeyring(village: VillageOfElection): Promise<VillageKeyring>;
}

/** Which village's keyring to read. */
export interface VillageOfElection {
  town: string;
  village: string;
}

/** The activities of the delivery workflow (`noticeDelivery`): one send, and the record of a delivery given up. */
export interface NoticeDeliveryActivities {
  deliverToRecipient(input: DeliveryInput): Promise<{ result: 'sent' | 'already-confirmed'; receipt: string | null }>;
  recordDeliveryFailed(input: DeliveryGivenUp): Promise<void>;
}
