import { plainHttpOffLoopback, type WebhookChannel } from './channels';
import { ChannelRefusalError, WebhookAnswerError } from './failures';
import { signWebhook, WEBHOOK_HEADERS } from './webhookSignature';

/**
 * Posts one signed JSON body; resolves with the HTTP status. Rejects on a network error or a timeout, with a
 * WebhookAnswerError on a non-2xx answer (redirects are not followed: a moved receiver is a setting to fix).
 */
export async function postWebhook(
  channel: WebhookChannel,
  secret: string,
  idempotencyKey: string,
  body: string,
  now: Date,
): Promise<string> {
  // The channel file is checked at start; a config built by other means still never posts in clear off loopback.
  if (plainHttpOffLoopback(channel.url))
    throw new ChannelRefusalError(`webhook.url: ${channel.url} is plain http to a host that is not loopback; accepted: an https:// URL`);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const response = await fetch(channel.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      [WEBHOOK_HEADERS.idempotencyKey]: idempotencyKey,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(channel.timeoutSeconds * 1000),
  });
  const answer = await response.text().catch(() => '');
  if (!response.ok) {
    const retryAfter = response.headers.get('retry-after');
    throw new WebhookAnswerError(
      `HTTP ${response.status} ${response.statusText}${answer ? `: ${answer.slice(0, 200)}` : ''}`,
      response.status,
      retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : null,
    );
  }
  return `HTTP ${response.status}`;
}
