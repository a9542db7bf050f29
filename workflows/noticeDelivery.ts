import { RetryState } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  log,
  proxyActivities,
  TimeoutFailure,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { DeliveryInput, NoticeDeliveryActivities, NoticeDeliveryInput, PlannedDelivery } from '../activities/contract';
import { countDeliveryFailed } from './metrics';

/** Each try is one SMTP conversation or one POST, each step bounded by the channel's timeout; a dead worker is noticed by its heartbeat. */
const SEND_TIMEOUT = '5 minutes';
const SEND_HEARTBEAT = '15 seconds';

const { deliverToRecipient, recordDeliveryFailed } = proxyActivities<NoticeDeliveryActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** How each delivery of the notice ended. */
export interface NoticeDeliveryResult {
  delivered: number;
  failed: { channel: PlannedDelivery['channel']; recipient: string; reason: string }[];
}

/**
 * Delivers one notice (the workflow type `noticeDelivery`): every planned delivery at once, each its own activity, so
 * one recipient that is down or refuses holds back no other. A failure that may pass is retried with backoff (from
 * 1 s, doubling, at most `retry.maxIntervalSeconds` apart) until `retry.giveUpAfterSeconds`; a refusal for good is
 * not retried. Either way the delivery is recorded `failed` with its reason and the workflow completes: nothing
 * here fails or waits for ever, and the election that posted the notice never waits for it.
 */
export async function noticeDelivery(input: NoticeDeliveryInput): Promise<NoticeDeliveryResult> {
  const sendOptions: ActivityOptions = {
    startToCloseTimeout: SEND_TIMEOUT,
    heartbeatTimeout: SEND_HEARTBEAT,
    scheduleToCloseTimeout: `${input.retry.giveUpAfterSeconds} seconds`,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: `${input.retry.maxIntervalSeconds} seconds` },
  };
  const result: NoticeDeliveryResult = { delivered: 0, failed: [] };

  const deliver = async (delivery: PlannedDelivery): Promise<void> => {
    const one: DeliveryInput = { ...delivery, noticeKey: input.noticeKey };
    try {
      await deliverToRecipient.executeWithOptions(
        // Named by its key, never its recipient: the Temporal UI shows the summary to whoever reads the namespace.
        { ...sendOptions, summary: `Deliver notice "${input.kind}" by ${delivery.channel} (delivery ${delivery.idempotencyKey})` },
        [one],
      );
      result.delivered += 1;
    } catch (err) {
      if (isCancellation(err) || !(err instanceof ActivityFailure)) throw err;
      // Retries end at the schedule-to-close timeout; the server then reports the last try's failure (or the timeout).
      const gaveUp = err.retryState === RetryState.TIMEOUT || err.cause instanceof TimeoutFailure;
      const reason = gaveUp
        ? `gave up: nothing confirmed the delivery within ${spell(input.retry.giveUpAfterSeconds)} of trying`
        : err.cause instanceof ApplicationFailure
          ? err.cause.message
          : (err.cause?.message ?? err.message);
      await recordDeliveryFailed({ idempotencyKey: delivery.idempotencyKey, reason, withLastError: gaveUp });
      countDeliveryFailed(delivery.channel, input.kind, gaveUp ? 'gave-up' : 'refused');
      log.warn('notice delivery failed', { notice: input.noticeKey, channel: delivery.channel, delivery: delivery.idempotencyKey, reason });
      result.failed.push({ channel: delivery.channel, recipient: delivery.recipient, reason });
    }
  };

  await Promise.all(input.deliveries.map(deliver));
  return result;
}

/** A number of seconds as a person says it: "3 days", "2 hours", "90 seconds". */
function spell(seconds: number): string {
  const { unit, size } =
    seconds % 86_400 === 0
      ? { unit: 'day', size: 86_400 }
      : seconds % 3600 === 0
        ? { unit: 'hour', size: 3600 }
        : { unit: 'second', size: 1 };
  const n = seconds / size;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
