import { proxyActivities } from '@temporalio/workflow';
import type { ElectionActivities, NoticeInput } from '../../../activities/contract';

export { noticeDelivery } from '../../../workflows/noticeDelivery';

/** The earlier election's notice step, as histories written before notices left the critical path issue it. */
const { sendNotice } = proxyActivities<ElectionActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A village's step that awaits the `sendNotice` activity, as a village started before this release does. */
export async function legacyNotice(notice: NoticeInput): Promise<{ noticeId: string; duplicate: boolean }> {
  return sendNotice(notice);
}
