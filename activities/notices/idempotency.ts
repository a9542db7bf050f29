import { createHash } from 'node:crypto';
import type { Channel } from '../delivery';

/**
 * The key of one delivery: the same notice (`workflowId/runId/step`), channel and recipient always give the
 * same key, so every retry carries it. Hashed, so it is plain ASCII for headers whatever the names are.
 */
export function deliveryKey(noticeKey: string, channel: Channel, recipient: string): string {
  return createHash('sha256')
    .update(JSON.stringify([noticeKey, channel, recipient]))
    .digest('hex');
}

/** The e-mail Message-ID of a delivery: stable across retries, so a recipient's server can drop a second copy. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<notice.${idempotencyKey}@${domain}>`;
}
