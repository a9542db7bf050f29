import { ApplicationFailure } from '@temporalio/common';
import type { NoticeInput } from '../contract';
import type { Channel, DeliveryLedger, RenderedNotice } from '../delivery';
import type { DeliveryTarget } from './channels';
import { emailSender } from './email';
import { isPermanentFailure, retryAfterSeconds } from './failures';
import { deliveryKey } from './idempotency';
import { postWebhook } from './webhook';

/** What a delivery says of its notice: the record key, the election, the audience, the kind, the facts. */
export type NoticeEnvelope = Pick<NoticeInput, 'key' | 'town' | 'village' | 'term' | 'audience' | 'at' | 'kind'> & { facts: unknown };

/** What happened to one delivery in this call. */
export interface DeliveryOutcome {
  channel: Channel;
  recipient: string;
  idempotencyKey: string;
  /** `sent`: confirmed now; `already-confirmed`: confirmed by an earlier attempt, so nothing was sent. */
  result: 'sent' | 'already-confirmed';
  receipt: string | null;
}

/** The clock and environment delivery reads (tests set them). */
export interface DeliveryOptions {
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

/** Failure types a workflow or an operator can match on. */
export const DELIVERY_FAILURES = {
  /** Some deliveries failed; the activity's retry policy retries, and the retry sends only those. */
  failed: 'NoticeDeliveryFailed',
  /** The recipient's server refused the delivery for good (SMTP 5xx, HTTP 4xx but 408 and 429): never retried. */
  refused: 'NoticeDeliveryRefused',
  /**
   * The channel file names a secret that is not in the worker's environment. Retried all the same (the worker
   * checks its secrets at start, so this means the environment changed under it): the village waits, with
   * this message on its pending activity, until an operator sets the secret and restarts the worker.
   */
  misconfigured: 'NoticeChannelMisconfigured',
} as const;

/** An error as a person reads it, with the network cause (ECONNREFUSED, ...) when the message lacks it. */
export const messageOf = (error: unknown): string => {
  // Read by shape, not instanceof: fetch's errors come from Node's own realm, which a test sandbox does not share.
  const message = (value: unknown) => (typeof value === 'object' && value && 'message' in value ? String(value.message) : null);
  const text = message(error);
  if (text === null) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = message(cause) ?? (typeof cause === 'object' && cause && 'code' in cause ? String(cause.code) : '');
  return detail && !text.includes(detail) ? `${text} (${detail})` : text;
};

/** Reads each secret the targets name; a missing one is a configuration error, not something a retry fixes. */
function secretsOf(targets: DeliveryTarget[], env: NodeJS.ProcessEnv): Map<string, string> {
  const secrets = new Map<string, string>();
  const missing: string[] = [];
  const need = (name: string, field: string) => {
    const value = env[name];
    if (value) secrets.set(name, value);
    else
      missing.push(
        `${field}: the environment variable ${name} is not set (accepted: set ${name} to the secret in the worker's environment)`,
      );
  };
  for (const target of targets) {
    if (target.channel === 'email' && target.email.smtp.auth) need(target.email.smtp.auth.passwordEnv, 'email.smtp.auth.passwordEnv');
    if (target.channel === 'webhook') need(target.webhook.secretEnv, 'webhook.secretEnv');
  }
  if (missing.length) {
    throw ApplicationFailure.create({
      type: DELIVERY_FAILURES.misconfigured,
      message: `notice channels are misconfigured: ${missing.join('; ')}`,
    });
  }
  return secrets;
}

/**
 * Sends one notice over every target (see `channelsFor`), at least once and never twice from the recipient's
 * view: each delivery has a key stable across retries, carried as the webhook's `Idempotency-Key` and in the
 * e-mail's Message-ID; a delivery the ledger holds as confirmed is skipped. Every target is tried before a
 * failure is thrown, so one channel that is down does not hold back the others; the thrown failure is retryable
 * and the retry re-sends only what is not confirmed. This is the `sendNotice` activity's way, which elections
 * whose histories predate the delivery workflow still take; new notices go one delivery at a time (`deliverTo`).
 */
export async function deliverNotice(
  notice: NoticeInput,
  rendered: RenderedNotice,
  targets: DeliveryTarget[],
  ledger: DeliveryLedger,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome[]> {
  const { now = () => new Date(), env = process.env } = options;
  const secrets = secretsOf(targets, env);
  const outcomes: DeliveryOutcome[] = [];
  const failures: string[] = [];

  const deliver = async (channel: Channel, recipient: string, send: (key: string) => Promise<string>) => {
    const idempotencyKey = deliveryKey(notice.key, channel, recipient);
    if (await ledger.isConfirmed(idempotencyKey)) {
      outcomes.push({ channel, recipient, idempotencyKey, result: 'already-confirmed', receipt: null });
      return;
    }
    await ledger.recordAttempt({ noticeKey: notice.key, channel, recipient, idempotencyKey, at: now().toISOString() });
    let receipt: string;
    try {
      receipt = await send(idempotencyKey);
    } catch (error) {
      const reason = messageOf(error);
      // This activity is retried until every delivery is confirmed: the delivery is still being sent.
      await ledger.recordRetry(idempotencyKey, now().toISOString(), reason);
      failures.push(`${channel} to ${recipient}: ${reason}`);
      return;
    }
    await ledger.recordConfirmed(idempotencyKey, now().toISOString(), receipt);
    outcomes.push({ channel, recipient, idempotencyKey, result: 'sent', receipt });
  };

  for (const target of targets) {
    if (target.channel === 'outbox') {
      // The notice is in the outbox once the store holds it; the ledger shows it beside the other channels.
      for (const recipient of target.recipients) await deliver('outbox', recipient, async () => 'kept in the outbox');
      continue;
    }
    const send = sender(notice, rendered, target, secrets, now);
    try {
      for (const recipient of target.recipients) await deliver(target.channel, recipient, (key) => send(recipient, key));
    } finally {
      send.close();
    }
  }

  if (failures.length) {
    throw ApplicationFailure.create({
      type: DELIVERY_FAILURES.failed,
      message: `${failures.length} delivery(ies) of notice ${notice.key} (${notice.kind}) failed and will be retried: ${failures.join('; ')}`,
      details: [failures],
    });
  }
  return outcomes;
}

/**
 * Sends one notice to one recipient over one channel, once from the recipient's view: a delivery the ledger holds
 * as confirmed is not sent again, and every try carries the same idempotency key. A refusal for good (see
 * failures.ts) is thrown as a non-retryable `NoticeDeliveryRefused`, for the delivery workflow to record; any other
 * failure is noted on the delivery and thrown as a retryable `NoticeDeliveryFailed` for the activity's retry policy.
 */
export async function deliverTo(
  notice: NoticeEnvelope,
  rendered: RenderedNotice,
  target: Exclude<DeliveryTarget, { channel: 'outbox' }>,
  recipient: string,
  idempotencyKey: string,
  ledger: DeliveryLedger,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const { now = () => new Date(), env = process.env } = options;
  const { channel } = target;
  if (await ledger.isConfirmed(idempotencyKey)) return { channel, recipient, idempotencyKey, result: 'already-confirmed', receipt: null };
  const send = sender(notice, rendered, target, secretsOf([target], env), now);
  await ledger.recordAttempt({ noticeKey: notice.key, channel, recipient, idempotencyKey, at: now().toISOString() });
  let receipt: string;
  try {
    receipt = await send(recipient, idempotencyKey);
  } catch (error) {
    // The delivery (channel, recipient) is named by the activity's summary and the ledger's row: the reason is the server's.
    const reason = messageOf(error);
    if (isPermanentFailure(error)) throw ApplicationFailure.nonRetryable(reason, DELIVERY_FAILURES.refused);
    await ledger.recordRetry(idempotencyKey, now().toISOString(), reason);
    const wait = retryAfterSeconds(error);
    throw ApplicationFailure.create({
      type: DELIVERY_FAILURES.failed,
      message: reason,
      ...(wait !== null && { nextRetryDelay: `${wait}s` }),
    });
  } finally {
    send.close();
  }
  await ledger.recordConfirmed(idempotencyKey, now().toISOString(), receipt);
  return { channel, recipient, idempotencyKey, result: 'sent', receipt };
}

/** Sends a notice over one channel: a function of the recipient and the delivery's key, with `close` for its connection. */
function sender(
  notice: NoticeEnvelope,
  rendered: RenderedNotice,
  target: Exclude<DeliveryTarget, { channel: 'outbox' }>,
  secrets: Map<string, string>,
  now: () => Date,
): ((recipient: string, idempotencyKey: string) => Promise<string>) & { close(): void } {
  if (target.channel === 'email') {
    const mail = emailSender(target.email, target.email.smtp.auth && secrets.get(target.email.smtp.auth.passwordEnv));
    const send = (to: string, idempotencyKey: string) =>
      mail.send({
        to,
        subject: `${rendered.title}: ${notice.village}, ${notice.town}`,
        markdown: rendered.markdown,
        html: rendered.html,
        idempotencyKey,
        date: new Date(notice.at),
        kind: notice.kind,
      });
    return Object.assign(send, { close: () => mail.close() });
  }
  const secret = secrets.get(target.webhook.secretEnv)!;
  const send = (recipient: string, idempotencyKey: string) => {
    const body = JSON.stringify(webhookBody(notice, rendered, idempotencyKey, target.webhook.recipients ? recipient : null));
    return postWebhook(target.webhook, secret, idempotencyKey, body, now());
  };
  return Object.assign(send, { close: () => undefined });
}

/** The webhook's JSON: the notice, both renderings and its facts; the same on every retry of a delivery. */
export function webhookBody(notice: NoticeEnvelope, rendered: RenderedNotice, idempotencyKey: string, recipient: string | null) {
  return {
    idempotencyKey,
    noticeKey: notice.key,
    kind: notice.kind,
    town: notice.town,
    village: notice.village,
    term: notice.term,
    audience: notice.audience,
    recipient,
    at: notice.at,
    title: rendered.title,
    markdown: rendered.markdown,
    html: rendered.html,
    facts: notice.facts,
  };
}
