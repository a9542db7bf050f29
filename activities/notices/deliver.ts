import { ApplicationFailure } from '@temporalio/common';
import type { NoticeInput } from '../contract';
import type { Channel, DeliveryLedger, RenderedNotice } from '../delivery';
import type { DeliveryTarget } from './channels';
import { emailSender } from './email';
import { deliveryKey } from './idempotency';
import { postWebhook } from './webhook';

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
  /**
   * The channel file names a secret that is not in the worker's environment. Retried all the same (the worker
   * checks its secrets at start, so this means the environment changed under it): the village waits, with
   * this message on its pending activity, until an operator sets the secret and restarts the worker.
   */
  misconfigured: 'NoticeChannelMisconfigured',
} as const;

const messageOf = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : typeof cause === 'object' && cause && 'code' in cause ? String(cause.code) : '';
  return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
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
 * and the retry re-sends only what is not confirmed.
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
      await ledger.recordFailed(idempotencyKey, now().toISOString(), reason);
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
    } else if (target.channel === 'email') {
      const sender = emailSender(target.email, target.email.smtp.auth && secrets.get(target.email.smtp.auth.passwordEnv));
      try {
        for (const to of target.recipients) {
          await deliver('email', to, (idempotencyKey) =>
            sender.send({
              to,
              subject: `${rendered.title}: ${notice.village}, ${notice.town}`,
              markdown: rendered.markdown,
              html: rendered.html,
              idempotencyKey,
              date: new Date(notice.at),
              kind: notice.kind,
            }),
          );
        }
      } finally {
        sender.close();
      }
    } else {
      const secret = secrets.get(target.webhook.secretEnv)!;
      for (const recipient of target.recipients) {
        await deliver('webhook', recipient, (idempotencyKey) => {
          const body = JSON.stringify(webhookBody(notice, rendered, idempotencyKey, target.webhook.recipients ? recipient : null));
          return postWebhook(target.webhook, secret, idempotencyKey, body, now());
        });
      }
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

/** The webhook's JSON: the notice, both renderings and its facts; the same on every retry of a delivery. */
export function webhookBody(notice: NoticeInput, rendered: RenderedNotice, idempotencyKey: string, recipient: string | null) {
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
