import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { openStore, type OutcomeStore, type StoredNotice, type StoreOptions } from '../../activities/store';
import type { NoticeKind } from '../../machines/notices';
import type { PublicView } from '../../machines/view';
import { statusQuery } from '../../workflows/contract';
import { Limiter, type DrivenVillage } from './driver';
import { emptyNoticeDeliveryTally, tallyDeliveries, type ChaosChannels, type NoticeDeliveryTally } from './noticeAccounting';
import type { Received } from './receivers';

/**
 * The notices a village sends on the scripted happy path, each once (machines/electionMachine.ts):
 * approval of the start request, the mobilisation posting and the recommendation meeting, candidate
 * publicity, the conference notice, the result filed with the county and announced to the village.
 * Approval reminders never fire: the chaos plan sets them an hour away.
 */
export const HAPPY_PATH_NOTICES: readonly NoticeKind[] = [
  'start-approved',
  'mobilisation-posting',
  'recommendation-meeting',
  'candidate-publicity',
  'conference-notice',
  'result-filing',
  'results-announcement',
];

const EventType = temporal.api.enums.v1.EventType;
/** The workflow task Temporal itself fails where a reset cut the history: the reset's mark, not a failure of the code. */
const RESET_WORKFLOW = temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW;

/** The counts the chaos run prints; the invariants are checked on them. */
export interface Tally {
  villages: number;
  completed: number;
  /** Villages still running at the deadline: held up by something the run did. */
  stalled: number;
  /** Sum over villages of the final view's decisions. */
  decisionsAccepted: number;
  /** Store rows that record the final view's decisions (for a reset village, the reset branch's where it differs). */
  decisionRows: number;
  /** The same workflow id and seq stored more than once outside a logged conflict. */
  decisionDuplicates: number;
  /** View decisions without exactly one store row of the same seq and type. */
  decisionsNotRecordedOnce: number;
  /** Store rows no view decision accounts for (a reset village's abandoned branch aside). */
  decisionRowsUnaccounted: number;
  /**
   * A decision stored right after an identical one (type, stage and payload): a resend the machine
   * took twice, as it does a round's tally re-recorded before the count is confirmed.
   */
  decisionsRepeated: number;
  /** Driver receipts whose seq differs from the view's decision of that number. */
  receiptMismatches: number;
  /** Villages reset to an earlier point with `temporal workflow reset`. */
  resets: number;
  /** Records the abandoned branch of a reset village wrote, kept in the store. */
  abandonedBranchRows: number;
  /** Steps written again with other content (record_conflicts rows) of the chaos villages. */
  conflictsLogged: number;
  /** Logged conflicts whose reset-branch record is missing from its table: a record lost. */
  conflictsWithoutRecord: number;
  /** A reset village whose new branch decided otherwise, yet no conflict was logged: a record dropped. */
  resetsWithoutConflict: number;
  noticesExpected: number;
  noticeRows: number;
  noticeDuplicates: number;
  noticesMissing: number;
  noticesUnexpected: number;
  deliveries: NoticeDeliveryTally;
  outcomeRows: number;
  outcomesNotOnce: number;
  refusalRows: number;
  runs: number;
  updatesAccepted: number;
  workflowTaskFailed: number;
  /** Workflow tasks failed by a reset (the reset's own mark in the history): not counted as failures. */
  workflowTasksFailedByReset: number;
  workflowTaskTimedOut: number;
  /** Activity attempts after the first: a killed worker's activity is retried once its start-to-close timeout passes. */
  activityRetries: number;
  /** The longest an activity took from scheduled to completed: how long a kill stalled a village. */
  slowestActivityMs: number;
  /** The longest a village waited between two of its accepted decisions. */
  longestGapMs: number;
}

/** The tally and what it shows to be wrong, village by village. */
export interface Verification {
  tally: Tally;
  problems: string[];
  workflowTaskFailures: string[];
}

/** What verify reads besides the workflows: the store, the receivers and the channels they stand for, the resets. */
export interface VerifyInputs {
  store: StoreOptions;
  channels: ChaosChannels;
  receivers: { email: Received; webhook: Received };
  /** The villages reset, with how many of their decisions each reset kept. */
  resets: { workflowId: string; kept: number }[];
  /** How long to let notice deliveries settle after the workflows closed (a delivery of their own may lag). */
  settleMs?: number;
}

const emptyTally = (villages: number): Tally => ({
  villages,
  completed: 0,
  stalled: 0,
  decisionsAccepted: 0,
  decisionRows: 0,
  decisionDuplicates: 0,
  decisionsNotRecordedOnce: 0,
  decisionRowsUnaccounted: 0,
  decisionsRepeated: 0,
  receiptMismatches: 0,
  resets: 0,
  abandonedBranchRows: 0,
  conflictsLogged: 0,
  conflictsWithoutRecord: 0,
  resetsWithoutConflict: 0,
  noticesExpected: 0,
  noticeRows: 0,
  noticeDuplicates: 0,
  noticesMissing: 0,
  noticesUnexpected: 0,
  deliveries: emptyNoticeDeliveryTally(),
  outcomeRows: 0,
  outcomesNotOnce: 0,
  refusalRows: 0,
  runs: 0,
  updatesAccepted: 0,
  workflowTaskFailed: 0,
  workflowTasksFailedByReset: 0,
  workflowTaskTimedOut: 0,
  activityRetries: 0,
  slowestActivityMs: 0,
  longestGapMs: 0,
});

/** Reads the final view, every run's history and the outcome store of each village, and the receivers, and counts. */
export async function verify(client: Client, villages: DrivenVillage[], inputs: VerifyInputs, deadline: number): Promise<Verification> {
  const problems: string[] = [];
  const workflowTaskFailures: string[] = [];
  const tally = emptyTally(villages.length);
  tally.resets = inputs.resets.length;

  const limit = new Limiter(4);
  const finals = await Promise.all(villages.map((village) => closedView(client, village, deadline, limit)));
  const store = await openStore(inputs.store);
  try {
    const outcomes = await store.outcomes({ town: 'Chaos' });
    for (const [index, village] of villages.entries()) {
      const id = village.workflowId;
      tally.longestGapMs = Math.max(tally.longestGapMs, village.longestGapMs);
      const { status, view } = finals[index]!;
      if (status === 'RUNNING') {
        tally.stalled += 1;
        problems.push(
          `${id}: still running at the deadline, last seen at ${village.view?.stage ?? 'no view'}${village.lost ? `; ${village.lost}` : ''}`,
        );
        continue;
      }
      if (!view) {
        problems.push(`${id}: closed ${status}, but its status query never answered before the deadline`);
        continue;
      }
      if (status === 'COMPLETED' && view.status === 'completed') tally.completed += 1;
      else problems.push(`${id}: closed ${status} with the election ${view.status} at ${view.stage}`);
      const reset = inputs.resets.find((r) => r.workflowId === id);
      await countDecisions(store, village, view, reset, tally, problems);
      await countNotices(store, id, view, tally, problems);
      const own = outcomes.filter((o) => o.workflow_id === id);
      tally.outcomeRows += own.length;
      if (view.status === 'completed' && (own.length !== 1 || own[0]!.status !== 'completed')) {
        tally.outcomesNotOnce += 1;
        problems.push(`${id}: ${own.length} outcome rows (${own.map((o) => o.status).join(', ') || 'none'}), expected one "completed"`);
      }
      tally.refusalRows += (await store.refusals(id)).length;
    }
    tally.deliveries = await settledDeliveries(store, villages, inputs, deadline, problems);
  } finally {
    await store.close();
  }

  for (const village of villages) {
    const histories = await allRuns(client, village.workflowId);
    tally.runs += histories.length;
    for (const events of histories) countHistory(village.workflowId, events, tally, workflowTaskFailures);
  }
  return { tally, problems, workflowTaskFailures };
}

/**
 * The view's decisions against the store's rows. A reset village's store also holds its abandoned branch: at a step
 * both branches decided, the earlier record keeps the key and the reset branch's is kept under `<key>@<run id>` with a
 * logged conflict; the row that records the view's decision is the reset branch's where there is one.
 */
async function countDecisions(
  store: OutcomeStore,
  village: DrivenVillage,
  view: PublicView,
  reset: { kept: number } | undefined,
  tally: Tally,
  problems: string[],
): Promise<void> {
  const id = village.workflowId;
  tally.decisionsAccepted += view.decisions.length;
  const rows = await store.decisions(id);
  const conflicts = await store.conflicts({ workflowId: id });
  tally.conflictsLogged += conflicts.length;
  const branchKeys = new Set(conflicts.map((c) => c.branch_key));
  const rowKeys = new Set(rows.map((r) => r.key));
  const notices = new Set((await store.notices({ workflowId: id })).map((n) => n.key));
  const outcomeKeys = new Set((await store.outcomes({ town: 'Chaos' })).filter((o) => o.workflow_id === id).map((o) => o.key));
  for (const conflict of conflicts) {
    const kept = conflict.record_table === 'decisions' ? rowKeys : conflict.record_table === 'notices' ? notices : outcomeKeys;
    if (!kept.has(conflict.branch_key)) {
      tally.conflictsWithoutRecord += 1;
      problems.push(`${id}: conflict at ${conflict.key} names ${conflict.branch_key}, which ${conflict.record_table} does not hold`);
    }
  }
  if (reset && !conflicts.some((c) => c.record_table === 'decisions')) {
    tally.resetsWithoutConflict += 1;
    problems.push(`${id}: reset after decision ${reset.kept} and decided again by other officers, yet no conflict was logged`);
  }

  const bySeq = new Map<number, typeof rows>();
  for (const row of rows) bySeq.set(row.seq, [...(bySeq.get(row.seq) ?? []), row]);
  const current = new Set<string>();
  for (const decision of view.decisions) {
    const same = bySeq.get(decision.seq) ?? [];
    const base = same.filter((r) => !branchKeys.has(r.key));
    const branch = same.filter((r) => branchKeys.has(r.key));
    if (base.length > 1) {
      tally.decisionDuplicates += base.length - 1;
      problems.push(`${id}: decision seq ${decision.seq} stored ${base.length} times outside any logged conflict`);
    }
    const recording = branch.at(-1) ?? base[0];
    if (!recording || recording.type !== decision.type) {
      tally.decisionsNotRecordedOnce += 1;
      problems.push(
        `${id}: decision seq ${decision.seq} (${decision.type}) has ${same.length} store rows${same.length ? ` of type ${same.map((r) => r.type).join(', ')}` : ''}`,
      );
      continue;
    }
    current.add(recording.key);
  }
  tally.decisionRows += current.size;
  const recorded = rows.filter((row) => current.has(row.key));
  for (const [i, row] of recorded.entries()) {
    const before = recorded[i - 1];
    if (before && before.seq !== row.seq && before.type === row.type && before.stage === row.stage && before.payload === row.payload) {
      tally.decisionsRepeated += 1;
      problems.push(`${id}: decision seq ${row.seq} repeats seq ${before.seq} (${row.type} with the same payload)`);
    }
  }
  const others = rows.filter((row) => !current.has(row.key));
  if (reset) tally.abandonedBranchRows += others.length;
  else {
    tally.decisionRowsUnaccounted += others.length;
    for (const row of others) problems.push(`${id}: store row seq ${row.seq} (${row.type}) is not in the workflow's decisions`);
  }
  for (const [number, receipt] of village.receipts) {
    const decision = view.decisions[number - 1];
    if (decision?.seq !== receipt.seq) {
      tally.receiptMismatches += 1;
      problems.push(
        `${id}: decision #${number} was receipted as seq ${receipt.seq}, the record has ${decision ? `seq ${decision.seq}` : 'nothing'}`,
      );
    }
  }
}

/** The outbox rows of a village: each happy-path notice once (a reset branch's differing one kept beside it). */
async function countNotices(store: OutcomeStore, id: string, view: PublicView, tally: Tally, problems: string[]): Promise<void> {
  const notices = await store.notices({ workflowId: id });
  const branchKeys = new Set((await store.conflicts({ workflowId: id })).map((c) => c.branch_key));
  const own = notices.filter((n) => !branchKeys.has(n.key));
  tally.noticeRows += own.length;
  const kinds = new Map<string, number>();
  for (const notice of own) kinds.set(notice.kind, (kinds.get(notice.kind) ?? 0) + 1);
  for (const [kind, count] of kinds) {
    if (count > 1) {
      tally.noticeDuplicates += count - 1;
      problems.push(`${id}: notice ${kind} sent ${count} times`);
    }
    if (!HAPPY_PATH_NOTICES.includes(kind as NoticeKind)) {
      tally.noticesUnexpected += count;
      problems.push(`${id}: unexpected notice ${kind}`);
    }
  }
  if (view.status === 'completed') {
    tally.noticesExpected += HAPPY_PATH_NOTICES.length;
    for (const kind of HAPPY_PATH_NOTICES) {
      if (!kinds.has(kind)) {
        tally.noticesMissing += 1;
        problems.push(`${id}: notice ${kind} never sent`);
      }
    }
  }
}

/**
 * The deliveries of every notice of the villages, read again until none is left unsettled (a delivery that runs on
 * its own may still be retrying when the elections have closed) or the deadline passes.
 */
async function settledDeliveries(
  store: OutcomeStore,
  villages: DrivenVillage[],
  inputs: VerifyInputs,
  deadline: number,
  problems: string[],
): Promise<NoticeDeliveryTally> {
  const until = Math.min(deadline, Date.now() + (inputs.settleMs ?? 120_000));
  for (;;) {
    const notices: StoredNotice[] = [];
    for (const village of villages) notices.push(...(await store.notices({ workflowId: village.workflowId })));
    const found: string[] = [];
    const tally = tallyDeliveries(notices, inputs.channels, inputs.receivers, found);
    if (tally.unsettled === 0 || Date.now() >= until) {
      problems.push(...found);
      return tally;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Workflow task failures and timeouts, activity retries and the slowest activity, from one run's history. */
function countHistory(workflowId: string, events: HistoryEvent[], tally: Tally, workflowTaskFailures: string[]): void {
  const scheduledAt = new Map<string, number>();
  for (const event of events) {
    const type = event.eventType;
    if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) scheduledAt.set(String(event.eventId), tsToMs(event.eventTime));
    if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
      const scheduled = scheduledAt.get(String(event.activityTaskCompletedEventAttributes?.scheduledEventId));
      if (scheduled !== undefined) tally.slowestActivityMs = Math.max(tally.slowestActivityMs, tsToMs(event.eventTime) - scheduled);
    }
    if (type === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) tally.updatesAccepted += 1;
    if (type === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) tally.workflowTaskTimedOut += 1;
    if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
      tally.activityRetries += Math.max(0, (event.activityTaskStartedEventAttributes?.attempt ?? 1) - 1);
    if (type === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
      const failure = event.workflowTaskFailedEventAttributes;
      if (failure?.cause === RESET_WORKFLOW) {
        tally.workflowTasksFailedByReset += 1;
        continue;
      }
      tally.workflowTaskFailed += 1;
      workflowTaskFailures.push(`${workflowId} event ${event.eventId}: cause ${failure?.cause} ${failure?.failure?.message ?? ''}`);
    }
  }
}

/**
 * Waits for the workflow to close (its last activities done), then reads its final view. Each query
 * of a closed workflow is a full replay on the worker, so they are asked a few at a time, and again
 * when one times out.
 */
async function closedView(
  client: Client,
  village: DrivenVillage,
  deadline: number,
  limit: Limiter,
): Promise<{ status: string; view?: PublicView }> {
  const within = <T>(ms: number, fn: () => Promise<T>) =>
    limit.run(() => client.connection.withDeadline(Math.min(deadline, Date.now() + ms), fn));
  let status = 'RUNNING';
  while (Date.now() < deadline) {
    try {
      if (status === 'RUNNING') status = (await within(10_000, () => village.handle.describe())).status.name;
      if (status !== 'RUNNING') return { status, view: await within(20_000, () => village.handle.query(statusQuery)) };
    } catch {
      // The server may still be coming back, or the worker busy replaying: ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { status };
}

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

/** The events of every run of the village's election, following continue-as-new back to the first run. */
async function allRuns(client: Client, workflowId: string): Promise<HistoryEvent[][]> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    runs.push(events);
    const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) return runs;
    runId = previous;
  }
}
