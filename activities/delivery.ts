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

/**
 * Where a delivery stands: `sending` until the recipient's server confirms it (not tried yet when it has no attempts;
 * retried with backoff when its last attempt failed, the failure in `lastError`), `confirmed`, or `failed`: given up,
 * because the server refused it for good (SMTP 5xx, HTTP 4xx but 408 and 429) or confirmed nothing within the
 * retry window; `lastError` says which.
 */
export type DeliveryState = 'sending' | 'confirmed' | 'failed';

/** Where a notice stands as a whole, as `election notices` shows it and an operator alerts on it. */
export const NOTICE_STATES = ['pending', 'delivered', 'failed'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/**
 * A notice is `failed` when any of its deliveries was given up (someone must act), `pending` while any is still
 * being sent, else `delivered` (a notice for a town with only the outbox is delivered once it is stored).
 */
export function noticeState(deliveries: readonly { state: DeliveryState }[]): NoticeState {
  if (deliveries.some((d) => d.state === 'failed')) return 'failed';
  if (deliveries.some((d) => d.state === 'sending')) return 'pending';
  return 'delivered';
}

/** A delivery a notice is stored with, before anything is sent: the channel, the recipient and its stable key. */
export interface PlannedDelivery {
  channel: Exclude<Channel, 'outbox'>;
  recipient: string;
  idempotencyKey: string;
}

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
  /** Notes that an attempt failed and another will follow: the delivery stays `sending`, with the error a person can read. */
  recordRetry(idempotencyKey: string, at: string, error: string): Promise<void>;
  /** Gives the delivery up (`failed`), with the reason a person can read; a confirmed delivery stays confirmed. */
  recordFailed(idempotencyKey: string, at: string, reason: string): Promise<void>;
}
