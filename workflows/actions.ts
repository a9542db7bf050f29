import { log, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { ElectionActivities, NoticeInput, RecordKey } from '../activities/contract';
import type { NoticeParams } from '../machines/notices';
import type { OutcomeParams } from '../machines/outcome';
import type { DelayedRaise, DurableTimers } from './timers';

/**
 * Records are one write: a worker that dies mid-activity is noticed after RECORD_TIMEOUT and the write retried
 * (idempotently). A notice may make several network deliveries (e-mail, webhooks), so it may take longer, but it
 * heartbeats while it works: a dead worker is noticed after NOTICE_HEARTBEAT, not after the whole NOTICE_TIMEOUT.
 */
const RECORD_TIMEOUT = '15 seconds';
const NOTICE_TIMEOUT = '5 minutes';
const NOTICE_HEARTBEAT = '15 seconds';

/**
 * Histories written before this change send each notice in the `sendNotice` activity, awaited and retried until
 * every server confirms, so one mistyped address or one receiver that is down held the village (and the town's
 * other villages on the same channels) up; they replay as they ran. New runs post the notice to the outbox in one
 * short local activity, which also starts the notice's `noticeDelivery` workflow: nothing of the delivery is in the
 * election's history. (A child workflow's completion would be: one arriving while the election completes fails
 * that workflow task with UnhandledCommand, as a chaos run showed.)
 */
export const NOTICES_OFF_CRITICAL_PATH = 'notices-off-critical-path';

/** The election's activities: the machine's named actions below, and the host's records of decisions and refusals. */
export const activities = proxyActivities<ElectionActivities>({
  startToCloseTimeout: RECORD_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The outbox write is a local activity: one short transaction in the worker that runs the workflow task, then the
 * start of the notice's delivery workflow when it has deliveries to make.
 */
const { postNotice } = proxyLocalActivities<ElectionActivities>({
  startToCloseTimeout: RECORD_TIMEOUT,
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * What the worker running this election says of itself (its mode, the holiday notices in its store): a local
 * activity, so the worker that runs the workflow answers, without a round trip through the task queue; history
 * keeps the answer as a marker, so a replay reads the same.
 */
export const workerActivities = proxyLocalActivities<Pick<ElectionActivities, 'workerFacts' | 'villageKeyring'>>({
  startToCloseTimeout: RECORD_TIMEOUT,
});

/** Summaries shown on each activity in the Temporal UI, in the domain's words. */
const activitySummary = {
  notice: (p: NoticeParams) => `Send notice "${p.kind}" to ${p.audience}`,
  outcome: (p: OutcomeParams) => `Record the village's outcome: ${p.status}`,
};

/** One action as XState's pure `transition` returns it, not yet run. */
export interface MachineAction {
  type: string;
  params?: unknown;
}

/** What running an action needs from the host: its timers, and the record key of a step. */
export interface ActionHost {
  timers: DurableTimers;
  keyOf: (step: string) => RecordKey;
}

/**
 * Runs the actions of step `step` in the machine's order: a delayed raise starts a durable timer, a cancel
 * cancels it, and each named action is one activity, awaited before the next (its record key names the step
 * and the action's place in it, so a retried activity writes once).
 */
export async function runActions(actions: readonly MachineAction[], step: number, host: ActionHost): Promise<void> {
  for (const [index, action] of actions.entries()) {
    const key = `step/${step}/${index}`;
    switch (action.type) {
      case 'xstate.raise': {
        const { params } = action as DelayedRaise;
        host.timers.start(params.id ?? params.event.type, params.event, params.delay ?? 0);
        break;
      }
      case 'xstate.cancel':
        host.timers.cancel((action.params as { sendId: string }).sendId);
        break;
      case 'notify': {
        const params = action.params as NoticeParams;
        const notice: NoticeInput = { ...host.keyOf(key), ...params };
        if (patched(NOTICES_OFF_CRITICAL_PATH)) await postNotice(notice);
        else {
          await activities.sendNotice.executeWithOptions(
            { startToCloseTimeout: NOTICE_TIMEOUT, heartbeatTimeout: NOTICE_HEARTBEAT, summary: activitySummary.notice(params) },
            [notice],
          );
        }
        break;
      }
      case 'recordOutcome': {
        const params = action.params as OutcomeParams;
        await activities.recordOutcome.executeWithOptions(
          { startToCloseTimeout: RECORD_TIMEOUT, summary: activitySummary.outcome(params) },
          [{ ...host.keyOf(key), ...params }],
        );
        break;
      }
      default:
        log.warn('action without an executor ignored', { type: action.type });
    }
  }
}
