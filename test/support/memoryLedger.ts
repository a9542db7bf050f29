import type { DeliveryAttempt, DeliveryLedger, DeliveryRecord } from '../../activities/delivery';

/**
 * An in-memory `DeliveryLedger` for delivery tests: it keeps what the real store keeps (state, attempts,
 * last error, receipt per idempotency key) and nothing more, so a test sees what a retry would see.
 */
export class MemoryLedger implements DeliveryLedger {
  readonly deliveries = new Map<string, DeliveryRecord & { noticeKey: string }>();

  async isConfirmed(idempotencyKey: string): Promise<boolean> {
    return this.deliveries.get(idempotencyKey)?.state === 'confirmed';
  }

  async recordAttempt(attempt: DeliveryAttempt): Promise<void> {
    const known = this.deliveries.get(attempt.idempotencyKey);
    if (known) {
      known.attempts += 1;
      known.state = 'sending';
      return;
    }
    this.deliveries.set(attempt.idempotencyKey, {
      noticeKey: attempt.noticeKey,
      channel: attempt.channel,
      recipient: attempt.recipient,
      idempotencyKey: attempt.idempotencyKey,
      state: 'sending',
      attempts: 1,
      lastError: null,
      confirmedAt: null,
      receipt: null,
    });
  }

  async recordConfirmed(idempotencyKey: string, at: string, receipt: string): Promise<void> {
    Object.assign(this.must(idempotencyKey), { state: 'confirmed', confirmedAt: at, receipt });
  }

  async recordRetry(idempotencyKey: string, _at: string, error: string): Promise<void> {
    const known = this.must(idempotencyKey);
    if (known.state !== 'confirmed') Object.assign(known, { state: 'sending', lastError: error });
  }

  async recordFailed(idempotencyKey: string, _at: string, reason: string): Promise<void> {
    const known = this.must(idempotencyKey);
    if (known.state !== 'confirmed') Object.assign(known, { state: 'failed', lastError: reason });
  }

  /** The deliveries of one channel, in the order they were first attempted. */
  of(channel: DeliveryRecord['channel']): DeliveryRecord[] {
    return [...this.deliveries.values()].filter((d) => d.channel === channel);
  }

  private must(idempotencyKey: string) {
    const known = this.deliveries.get(idempotencyKey);
    if (!known) throw new Error(`no attempt recorded for delivery ${idempotencyKey}`);
    return known;
  }
}
