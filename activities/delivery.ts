/**
 * The contract between notice delivery (activities/notices/) and the outcome store: how a notice
 * is rendered for a board, which channels carry it, and the ledger of deliveries that makes a
 * retried activity send nothing that was confirmed before.
 */

/** A notice as a village board would post it: the same text as Markdown and as an HTML page. */
export interface RenderedNotice {
  title: string;
  markdown: string;
  html: string;
}

/** The channels a town can configure; the outbox (the store itself) is always on. */
export const CHANNELS = ['outbox', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Where a delivery stands: being tried, confirmed by the recipient's server, or failed on its last try. */
export type DeliveryState = 'sending' | 'confirmed' | 'failed';

/** One delivery of one notice over one channel to one recipient; `idempotencyKey` is stable across retries. */
export interface DeliveryAttempt {
  noticeKey: string;
  channel: Channel;
  recipient: string;
  idempotencyKey: string;
  at: string;
}

/** The deliveries recorded for a notice, as `election notices` shows them. */
export interface DeliveryRecord {
  channel: Channel;
  recipient: string;
  idempotencyKey: string;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  confirmedAt: string | null;
  receipt: string | null;
}

/** What delivery needs of the store; every method is idempotent by the idempotency key. */
export interface DeliveryLedger {
  /** True once a delivery with this key was confirmed: a retry after a confirmed send must send nothing. */
  isConfirmed(idempotencyKey: string): Promise<boolean>;
  /** Notes an attempt about to be made (creates the delivery as `sending`, or counts one more attempt). */
  recordAttempt(attempt: DeliveryAttempt): Promise<void>;
  /** Marks the delivery confirmed, with what the recipient's server answered (an SMTP reply, an HTTP status). */
  recordConfirmed(idempotencyKey: string, at: string, receipt: string): Promise<void>;
  /** Marks the delivery's last attempt failed, with the error a person can read. */
  recordFailed(idempotencyKey: string, at: string, error: string): Promise<void>;
}
