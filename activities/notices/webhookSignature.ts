import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of every webhook delivery. */
export const WEBHOOK_HEADERS = {
  /** Stable across retries of one delivery: a receiver keeps the first request with a key and acknowledges the rest. */
  idempotencyKey: 'Idempotency-Key',
  /** Unix time in seconds when this attempt was signed. */
  timestamp: 'X-Election-Timestamp',
  /** `sha256=` and the hex HMAC-SHA256, keyed with the shared secret, of `timestamp + "." + body`. */
  signature: 'X-Election-Signature',
} as const;

/** The signature header value for one attempt: HMAC-SHA256 over `timestamp.body` with the shared secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookToVerify {
  secret: string;
  /** The raw request body, exactly as received (before any JSON parsing). */
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** Reject a timestamp further than this from `nowSeconds` (replayed or badly delayed requests); default 300. */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/**
 * What a receiver runs before trusting a delivery: the signature matches the body and timestamp under the
 * shared secret (compared in constant time), and the timestamp is recent.
 */
export function verifyWebhook(request: WebhookToVerify): { ok: true } | { ok: false; reason: string } {
  const { secret, body, timestamp, signature, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000) } = request;
  if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: `${WEBHOOK_HEADERS.timestamp} missing or not whole seconds` };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds)
    return { ok: false, reason: `${WEBHOOK_HEADERS.timestamp} ${timestamp} is more than ${toleranceSeconds}s from now` };
  if (!signature) return { ok: false, reason: `${WEBHOOK_HEADERS.signature} missing` };
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'signature does not match the body and timestamp' };
  return { ok: true };
}
