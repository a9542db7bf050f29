import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { BareOp } from './baseline/workflows';
import { openedValues } from '../common/codec';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** What one village's history holds, counted by kind: the figures the bare baseline must match. */
export interface VillageCounts {
  events: number;
  historyBytes: number;
  workflowTasks: number;
  updatesAccepted: number;
  updatesRejected: number;
  activities: Record<string, number>;
  activitiesTotal: number;
  timersStarted: number;
  timersFired: number;
  timersCancelled: number;
  searchAttributeUpserts: number;
}

/** Counts one history's events by the kinds the benchmark compares. */
export function countEvents(history: History): VillageCounts {
  const events = history.events ?? [];
  const counts: VillageCounts = {
    events: events.length,
    historyBytes: temporal.api.history.v1.History.encode(history).finish().length,
    workflowTasks: 0,
    updatesAccepted: 0,
    updatesRejected: 0,
    activities: {},
    activitiesTotal: 0,
    timersStarted: 0,
    timersFired: 0,
    timersCancelled: 0,
    searchAttributeUpserts: 0,
  };
  for (const event of events) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        counts.workflowTasks += 1;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        counts.updatesAccepted += 1;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED:
        counts.updatesRejected += 1;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const name = event.activityTaskScheduledEventAttributes?.activityType?.name ?? 'unknown';
        counts.activities[name] = (counts.activities[name] ?? 0) + 1;
        counts.activitiesTotal += 1;
        break;
      }
      case EventType.EVENT_TYPE_TIMER_STARTED:
        counts.timersStarted += 1;
        break;
      case EventType.EVENT_TYPE_TIMER_FIRED:
        counts.timersFired += 1;
        break;
      case EventType.EVENT_TYPE_TIMER_CANCELED:
        counts.timersCancelled += 1;
        break;
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        counts.searchAttributeUpserts += 1;
        break;
    }
  }
  return counts;
}

/**
 * The bare baseline's plan from one XState village's history: what happened before the first update
 * (step 0) and after each accepted update (steps 1..n), in history order, with the point where the
 * update was answered. Every step after an update answers it exactly once. The history's payloads are
 * sealed by the codec: `dataConverter` (the one that wrote them) opens the activities' inputs and results.
 */
export async function barePlan(history: History, dataConverter: DataConverter): Promise<BareOp[][]> {
  const steps: BareOp[][] = [[]];
  const current = () => steps[steps.length - 1]!;
  for (const event of history.events ?? []) {
    const op = await opOf(event, dataConverter);
    if (op === 'accepted') steps.push([]);
    else if (op) current().push(op);
  }
  return steps.map((ops, i) => {
    if (i === 0) return ops.filter((op) => op.op !== 'reply');
    const first = ops.findIndex((op) => op.op === 'reply');
    const kept = ops.filter((op, j) => op.op !== 'reply' || j === first);
    return first === -1 ? [...kept, { op: 'reply' }] : kept;
  });
}

async function opOf(event: HistoryEvent, dataConverter: DataConverter): Promise<BareOp | 'accepted' | undefined> {
  const firstPayload = (payloads: temporal.api.common.v1.IPayload[] | null | undefined) => firstValue(payloads, dataConverter);
  switch (event.eventType) {
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
      return 'accepted';
    case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
      return { op: 'reply' };
    case EventType.EVENT_TYPE_TIMER_STARTED:
      return { op: 'startTimer' };
    case EventType.EVENT_TYPE_TIMER_CANCELED:
      return { op: 'cancelTimer' };
    case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
      return { op: 'upsert' };
    case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
      const attributes = event.activityTaskScheduledEventAttributes;
      const name = attributes?.activityType?.name;
      const input = await firstPayload(attributes?.input?.payloads);
      if (name === 'recordDecision') return { op: 'recordDecision' };
      if (name === 'recordRefusal') return { op: 'recordRefusal' };
      if (name === 'sendNotice') return { op: 'sendNotice', kind: input.kind, audience: input.audience };
      if (name === 'recordOutcome') return { op: 'recordOutcome', status: input.status };
      throw new Error(`activity ${name ?? '(unnamed)'} in the measured history: the bare baseline has no twin for it`);
    }
    case EventType.EVENT_TYPE_MARKER_RECORDED: {
      // A notice is posted by a local activity, recorded as a marker with the activity's type and result.
      const attributes = event.markerRecordedEventAttributes;
      if (attributes?.markerName !== 'core_local_activity') return undefined;
      const name = (await firstPayload(attributes.details?.data?.payloads)).activity_type as string | undefined;
      const result = await firstPayload(attributes.details?.result?.payloads);
      if (name === 'postNotice') return { op: 'postNotice', kind: result.kind, audience: result.audience };
      // A village with shortened periods asks the worker its mode before anything else.
      if (name === 'workerFacts') return { op: 'workerFacts' };
      throw new Error(`local activity ${name ?? '(unnamed)'} in the measured history: the bare baseline has no twin for it`);
    }
    default:
      return undefined;
  }
}

/** An activity's input or result as the measured workflow wrote it (JSON); the fields read are typed by BareOp. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type WrittenValue = Record<string, any>;

/** The first payload's value, opened with the converter that sealed it. */
async function firstValue(
  payloads: temporal.api.common.v1.IPayload[] | null | undefined,
  dataConverter: DataConverter,
): Promise<WrittenValue> {
  const [value] = await openedValues(payloads?.slice(0, 1), dataConverter);
  return value ?? {};
}
