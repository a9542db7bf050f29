/**
 * Which failed sends are worth another try. A server that refuses for good (SMTP 5xx, HTTP 4xx but 408 Request
 * Timeout and 429 Too Many Requests, a redirect, a URL that would go out in clear) will refuse the same message
 * again: retrying it only holds the notice up. Everything else (SMTP 4xx, HTTP 5xx, 408, 429, a refused or dropped
 * connection, a timeout) may pass on a later try.
 */

/** An HTTP answer other than 2xx from a webhook receiver, with its status and any `Retry-After` it gave in seconds. */
export class WebhookAnswerError extends Error {
  override name = 'WebhookAnswerError';

  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
  }
}

/** A send the channel's own settings forbid (plain http off loopback); no retry changes a setting. */
export class ChannelRefusalError extends Error {
  override name = 'ChannelRefusalError';
}

/** HTTP statuses below 500 that still say "try again later". */
const TRANSIENT_HTTP = new Set([408, 429]);

/** True when the failure is a refusal for good, which no retry would change. */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof ChannelRefusalError) return true;
  if (error instanceof WebhookAnswerError) return error.status < 500 && !TRANSIENT_HTTP.has(error.status);
  // nodemailer puts the SMTP server's reply code on the error (550 for an unknown mailbox, 451 for "try later").
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** How long to wait before the next try, when the receiver said (`Retry-After` in seconds); capped at an hour. */
export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof WebhookAnswerError) || error.retryAfterSeconds === null) return null;
  return Math.min(error.retryAfterSeconds, 3600);
}
