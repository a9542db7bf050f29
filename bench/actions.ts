/**
 * Temporal Cloud's billable actions of one workflow, counted from its history the way the published rules say
 * (https://docs.temporal.io/evaluate/cloud/actions, stored copy of temporalio/documentation
 * docs/evaluate/cloud/actions.mdx at 24afc58). What a history cannot show (rejected updates, queries) the caller
 * counts as it sends them. The page warns that history gives an estimate, not the bill: the rules below are the ones
 * its tables map to history events.
 */
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** What a workflow was sent that leaves no event in its history, as the sender counted it. */
export interface SentOutsideHistory {
  /** Queries answered by a worker. */
  queries: number;
  /**
   * Updates the sender saw refused, both kinds: those the validator rejected (never in history) and those accepted
   * and then failed by the handler (in history, counted there as accepted).
   */
  updatesRefused: number;
}

/** The billable actions of one workflow (all its runs), by the page's categories; `total` is their sum. */
export interface BillableActions {
  workflowStarts: number;
  childWorkflowStarts: number;
  searchAttributeUpserts: number;
  optionsUpdates: number;
  resets: number;
  signals: number;
  updatesAccepted: number;
  updatesRejected: number;
  activityAttempts: number;
  localActivityTasks: number;
  localActivityRetries: number;
  timersStarted: number;
  queries: number;
  total: number;
}

type Counted = Exclude<keyof BillableActions, 'total' | 'updatesRejected' | 'queries'>;

const ofType = (events: HistoryEvent[], type: temporal.api.enums.v1.EventType) => events.filter((e) => e.eventType === type);

/** The search attribute the SDK upserts for `patched()`, which the page exempts. */
const CHANGE_VERSION = 'TemporalChangeVersion';

/** One counting rule per kind of action: each reads one run's events. */
const RULES: Record<Counted, (events: HistoryEvent[]) => number> = {
  /**
   * "Workflow started": one per run, by a client, by Continue-As-New (the new run's started event; the page's table
   * shows the action there, not on the old run's ContinuedAsNew event) or as a child. A child's start is counted
   * with its parent's initiation (below), so a run started by a parent is not counted again here.
   */
  workflowStarts: (events) =>
    ofType(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED).filter(
      (e) => !e.workflowExecutionStartedEventAttributes?.parentWorkflowExecution,
    ).length,
  /** "Start Child Workflow Execution initiated": two actions, the intent and the attempt to start it. */
  childWorkflowStarts: (events) => 2 * ofType(events, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED).length,
  /**
   * "Search Attribute upsert requested": one per UpsertSearchAttributes command, however many attributes it sets;
   * an upsert of TemporalChangeVersion alone (the SDK's, for `patched()`) is exempt.
   */
  searchAttributeUpserts: (events) =>
    ofType(events, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES).filter((e) => {
      const names = Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {});
      return names.some((name) => name !== CHANGE_VERSION);
    }).length,
  /** "Workflow Execution Options updated": one per WorkflowExecutionOptionsUpdated event. */
  optionsUpdates: (events) => ofType(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_OPTIONS_UPDATED).length,
  /** "Workflow reset": the reset run's workflow task failed with cause RESET_WORKFLOW. */
  resets: (events) =>
    ofType(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).filter(
      (e) =>
        e.workflowTaskFailedEventAttributes?.cause ===
        temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
    ).length,
  /**
   * "Signal sent": one per signal received (a signal from another workflow is counted in the history of the one it
   * reached, not the sender's). A Signal-With-Start is one action in all: its signal is the event right after the
   * start, before the first workflow task is scheduled, and is not counted beside the start.
   */
  signals: (events) =>
    events.filter(
      (e, i) =>
        e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED &&
        !(i === 1 && events[0]?.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED),
    ).length,
  /** "Update received by Worker", accepted: one per UpdateAccepted event (a de-duplicated update id writes none). */
  updatesAccepted: (events) => ofType(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).length,
  /**
   * "Activity started or retried": every attempt. The first is the ActivityTaskScheduled event; the retries leave
   * no event of their own, but the ActivityTaskStarted event holds the attempt it started on (attempt - 1 retries).
   * An activity scheduled and never started counts its one schedule.
   */
  activityAttempts: (events) => {
    const scheduled = ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length;
    const retries = ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).reduce(
      (sum, e) => sum + Math.max(0, (e.activityTaskStartedEventAttributes?.attempt ?? 1) - 1),
      0,
    );
    return scheduled + retries;
  },
  /**
   * "Local Activity started": all the local activities of one workflow task are one action, since Cloud counts all
   * the RecordMarker commands of a workflow task as one. Markers name the workflow task that recorded them; every
   * workflow task with at least one marker is one action. (`patched()` records markers too; in this project's
   * histories they share the workflow task of a local activity, so they add nothing.)
   */
  localActivityTasks: (events) =>
    new Set(
      ofType(events, EventType.EVENT_TYPE_MARKER_RECORDED).map((e) =>
        String(e.markerRecordedEventAttributes?.workflowTaskCompletedEventId),
      ),
    ).size,
  /** "Retry Local Activity": the retries the SDK reports on each WorkflowTaskCompleted event's metering metadata. */
  localActivityRetries: (events) =>
    ofType(events, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).reduce(
      (sum, e) => sum + (e.workflowTaskCompletedEventAttributes?.meteringMetadata?.nonfirstLocalActivityExecutionAttempts ?? 0),
      0,
    ),
  /** "Timer started": one per TimerStarted event, whether it fires or is cancelled. */
  timersStarted: (events) => ofType(events, EventType.EVENT_TYPE_TIMER_STARTED).length,
};

/** Updates accepted and then failed by their handler: refused to the sender, yet in history as accepted. */
export function updatesFailedInHistory(events: HistoryEvent[]): number {
  return ofType(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED).filter(
    (e) => e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.failure,
  ).length;
}

/**
 * The billable actions of one workflow from the histories of all its runs, plus what the sender counted outside
 * them: "Reject Workflow Update" (one per update the validator refused: the sender's refusals less those history
 * shows accepted and failed) and "Query received by Worker" (one per query).
 */
export function billableActions(
  runs: temporal.api.history.v1.IHistory[],
  outside: SentOutsideHistory = { queries: 0, updatesRefused: 0 },
): BillableActions {
  const events = runs.map((run) => run.events ?? []);
  const counted = Object.fromEntries(
    (Object.keys(RULES) as Counted[]).map((name) => [name, events.reduce((sum, run) => sum + RULES[name](run), 0)]),
  ) as Record<Counted, number>;
  const failed = events.reduce((sum, run) => sum + updatesFailedInHistory(run), 0);
  const updatesRejected = Math.max(0, outside.updatesRefused - failed);
  const total = Object.values(counted).reduce((a, b) => a + b, 0) + updatesRejected + outside.queries;
  return { ...counted, updatesRejected, queries: outside.queries, total };
}
