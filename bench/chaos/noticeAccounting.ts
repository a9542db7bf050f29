import type { StoredNotice } from '../../activities/store';
import type { Received } from './receivers';

/** The channels the chaos run configures for its town: who gets e-mail per audience, and one webhook for every notice. */
export interface ChaosChannels {
  emailTo: Partial<Record<string, string[]>>;
  webhookUrl?: string;
}

/** Each notice's deliveries against what the channels promise and what the receivers got. */
export interface NoticeDeliveryTally {
  /** Deliveries the channels call for: one per notice, channel and recipient (the outbox aside). */
  expected: number;
  /** Confirmed by the recipient's server, and held by the receiver under its idempotency key. */
  deliveredOnce: number;
  /** Marked failed with a reason, and never held by the receiver. */
  markedFailed: number;
  /** Neither confirmed nor marked failed by the end: still sending, or never tried. */
  unsettled: number;
  /** Confirmed, but the receiver holds no copy under its key. */
  confirmedNotReceived: number;
  /** Held by the receiver, yet recorded as failed or not recorded at all. */
  receivedNotConfirmed: number;
  /** Copies beyond the first that a receiver was handed under one key (it keeps one: the effect is still once). */
  extraCopies: number;
  /** Deliveries that took more than one attempt. */
  retried: number;
}

export const emptyNoticeDeliveryTally = (): NoticeDeliveryTally => ({
  expected: 0,
  deliveredOnce: 0,
  markedFailed: 0,
  unsettled: 0,
  confirmedNotReceived: 0,
  receivedNotConfirmed: 0,
  extraCopies: 0,
  retried: 0,
});

/**
 * Counts the deliveries of the given notices (rows of the store's outbox, each with its delivery rows), whichever
 * part of the engine made them: the election itself or a delivery of its own. Reads only the store and the receivers.
 */
export function tallyDeliveries(
  notices: StoredNotice[],
  channels: ChaosChannels,
  receivers: { email: Received; webhook: Received },
  problems: string[],
): NoticeDeliveryTally {
  const tally = emptyNoticeDeliveryTally();
  const recorded = new Set<string>();
  for (const notice of notices) {
    const wanted = [
      ...(channels.emailTo[notice.audience] ?? []).map((recipient) => ({ channel: 'email' as const, recipient })),
      ...(channels.webhookUrl ? [{ channel: 'webhook' as const, recipient: channels.webhookUrl }] : []),
    ];
    for (const { channel, recipient } of wanted) {
      tally.expected += 1;
      const delivery = notice.deliveries.find((d) => d.channel === channel && d.recipient === recipient);
      const where = `${notice.workflow_id}: notice ${notice.kind} (${notice.key}) by ${channel} to ${recipient}`;
      if (!delivery) {
        tally.unsettled += 1;
        problems.push(`${where}: never tried`);
        continue;
      }
      recorded.add(delivery.idempotencyKey);
      if (delivery.attempts > 1) tally.retried += 1;
      const copies = receivers[channel].copies.get(delivery.idempotencyKey) ?? 0;
      tally.extraCopies += Math.max(0, copies - 1);
      if (delivery.state === 'confirmed') {
        if (copies > 0) tally.deliveredOnce += 1;
        else {
          tally.confirmedNotReceived += 1;
          problems.push(`${where}: confirmed (${delivery.receipt ?? 'no receipt'}) but the receiver holds no copy`);
        }
      } else if (delivery.state === 'failed') {
        if (copies === 0) tally.markedFailed += 1;
        else {
          tally.receivedNotConfirmed += 1;
          problems.push(`${where}: marked failed (${delivery.lastError ?? 'no reason'}) but the receiver holds it`);
        }
      } else {
        tally.unsettled += 1;
        problems.push(
          `${where}: still ${delivery.state} after ${delivery.attempts} attempts (${delivery.lastError ?? 'no error recorded'})`,
        );
      }
    }
  }
  for (const [channel, received] of Object.entries(receivers)) {
    for (const key of received.copies.keys()) {
      if (recorded.has(key)) continue;
      tally.receivedNotConfirmed += 1;
      problems.push(`${channel} receiver holds ${key}, which no delivery row records`);
    }
  }
  return tally;
}
