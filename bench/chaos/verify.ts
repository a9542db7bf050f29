import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { openStore } from '../../activities/store';
import type { NoticeKind } from '../../machines/notices';
import type { PublicView } from '../../machines/view';
import { statusQuery } from '../../workflows/contract';
import { Limiter, type DrivenVillage } from './driver';

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

/** temporal.api.enums.v1.EventType numbers (stable protobuf enum values). */
const EVENT = {
  workflowTaskTimedOut: 8,
  workflowTaskFailed: 9,
  activityTaskScheduled: 10,
  activityTaskStarted: 11,
  activityTaskCompleted: 12,
  updateAccepted: 41,
} as const;

/** The counts the chaos run prints; the invariants are checked on them. */
export interface Tally {
  villages: number;
  completed: number;
  /** Sum over villages of the final view's decisions. */
  decisionsAccepted: number;
  /** Rows in the store's decisions table for these workflows. */
  decisionRows: number;
  /** The same workflow id and seq stored more than once. */
  decisionDuplicates: number;
  /** View decisions without exactly one store row of the same seq and type. */
  decisionsNotRecordedOnce: number;
  /** Store rows no view decision accounts for. */
  decisionRowsUnaccounted: number;
  /**
   * A decision stored right after an identical one (type, stage and payload): a resend the machine
   * took twice, as it does a round's tally re-recorded before the count is confirmed.
   */
  decisionsRepeated: number;
  /** Driver receipts whose seq differs from the view's decision of that number. */
  receiptMismatches: number;
  noticesExpected: number;
  noticeRows: number;
  noticeDuplicates: number;
  noticesMissing: number;
  noticesUnexpected: number;
  outcomeRows: number;
  outcomesNotOnce: number;
  refusalRows: number;
  runs: number;
  updatesAccepted: number;
  workflowTaskFailed: number;
  workflowTaskTimedOut: number;
  /** Activity attempts after the first: a killed worker's activity is retried once its start-to-close timeout passes. */
  activityRetries: number;
  /** The longest an activity took from scheduled to completed: how long a kill stalled a village. */
  slowestActivityMs: number;
}

/** The tally and what it shows to be wrong, village by village. */
export interface Verification {
  tally: Tally;
  problems: string[];
  workflowTaskFailures: string[];
}

/** Reads the final view, every run's history and the outcome store of each village, and counts. */
export async function verify(client: Client, villages: DrivenVillage[], storePath: string, deadline: number): Promise<Verification> {
  const problems: string[] = [];
  const workflowTaskFailures: string[] = [];
  const tally: Tally = {
    villages: villages.length,
    completed: 0,
    decisionsAccepted: 0,
    decisionRows: 0,
    decisionDuplicates: 0,
    decisionsNotRecordedOnce: 0,
    decisionRowsUnaccounted: 0,
    decisionsRepeated: 0,
    receiptMismatches: 0,
    noticesExpected: 0,
    noticeRows: 0,
    noticeDuplicates: 0,
    noticesMissing: 0,
    noticesUnexpected: 0,
    outcomeRows: 0,
    outcomesNotOnce: 0,
    refusalRows: 0,
    runs: 0,
    updatesAccepted: 0,
    workflowTaskFailed: 0,
    workflowTaskTimedOut: 0,
    activityRetries: 0,
    slowestActivityMs: 0,
  };

  const limit = new Limiter(4);
  const finals = await Promise.all(villages.map((village) => closedView(client, village, deadline, limit)));
  const store = await openStore({ file: storePath });
  try {
    for (const [index, village] of villages.entries()) {
      const id = village.workflowId;
      const { status, view } = finals[index]!;
      if (status === 'RUNNING') {
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

      tally.decisionsAccepted += view.decisions.length;
      const rows = await store.decisions(id);
      tally.decisionRows += rows.length;
      const bySeq = new Map<number, typeof rows>();
      for (const row of rows) bySeq.set(row.seq, [...(bySeq.get(row.seq) ?? []), row]);
      for (const [seq, same] of bySeq) {
        if (same.length > 1) {
          tally.decisionDuplicates += same.length - 1;
          problems.push(`${id}: decision seq ${seq} stored ${same.length} times`);
        }
      }
      for (const decision of view.decisions) {
        const same = bySeq.get(decision.seq) ?? [];
        if (same.length !== 1 || same[0]!.type !== decision.type) {
          tally.decisionsNotRecordedOnce += 1;
          problems.push(
            `${id}: decision seq ${decision.seq} (${decision.type}) has ${same.length} store rows${same.length ? ` of type ${same.map((r) => r.type).join(', ')}` : ''}`,
          );
        }
      }
      for (const [i, row] of rows.entries()) {
        const before = rows[i - 1];
        if (before && before.seq !== row.seq && before.type === row.type && before.stage === row.stage && before.payload === row.payload) {
          tally.decisionsRepeated += 1;
          problems.push(`${id}: decision seq ${row.seq} repeats seq ${before.seq} (${row.type} with the same payload)`);
        }
      }
      const viewSeqs = new Set(view.decisions.map((d) => d.seq));
      const unaccounted = rows.filter((row) => !viewSeqs.has(row.seq));
      tally.decisionRowsUnaccounted += unaccounted.length;
      for (const row of unaccounted) problems.push(`${id}: store row seq ${row.seq} (${row.type}) is not in the workflow's decisions`);
      for (const [number, receipt] of village.receipts) {
        const decision = view.decisions[number - 1];
        if (decision?.seq !== receipt.seq) {
          tally.receiptMismatches += 1;
          problems.push(
            `${id}: decision #${number} was receipted as seq ${receipt.seq}, the record has ${decision ? `seq ${decision.seq}` : 'nothing'}`,
          );
        }
      }

      const notices = await store.notices({ workflowId: id });
      tally.noticeRows += notices.length;
      const kinds = new Map<string, number>();
      for (const notice of notices) kinds.set(notice.kind, (kinds.get(notice.kind) ?? 0) + 1);
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

      const outcomes = (await store.outcomes()).filter((o) => o.workflow_id === id);
      tally.outcomeRows += outcomes.length;
      if (view.status === 'completed' && (outcomes.length !== 1 || outcomes[0]!.status !== 'completed')) {
        tally.outcomesNotOnce += 1;
        problems.push(
          `${id}: ${outcomes.length} outcome rows (${outcomes.map((o) => o.status).join(', ') || 'none'}), expected one "completed"`,
        );
      }
      tally.refusalRows += (await store.refusals(id)).length;
    }
  } finally {
    await store.close();
  }

  for (const village of villages) {
    const histories = await allRuns(client, village.workflowId);
    tally.runs += histories.length;
    for (const events of histories) {
      const scheduledAt = new Map<string, number>();
      for (const event of events) {
        const type = Number(event.eventType);
        if (type === EVENT.activityTaskScheduled) scheduledAt.set(String(event.eventId), tsToMs(event.eventTime));
        if (type === EVENT.activityTaskCompleted) {
          const scheduled = scheduledAt.get(String(event.activityTaskCompletedEventAttributes?.scheduledEventId));
          if (scheduled !== undefined) tally.slowestActivityMs = Math.max(tally.slowestActivityMs, tsToMs(event.eventTime) - scheduled);
        }
        if (type === EVENT.updateAccepted) tally.updatesAccepted += 1;
        if (type === EVENT.workflowTaskTimedOut) tally.workflowTaskTimedOut += 1;
        if (type === EVENT.activityTaskStarted)
          tally.activityRetries += Math.max(0, (event.activityTaskStartedEventAttributes?.attempt ?? 1) - 1);
        if (type === EVENT.workflowTaskFailed) {
          tally.workflowTaskFailed += 1;
          const failure = event.workflowTaskFailedEventAttributes;
          workflowTaskFailures.push(
            `${village.workflowId} event ${event.eventId}: cause ${failure?.cause} ${failure?.failure?.message ?? ''}`,
          );
        }
      }
    }
  }
  return { tally, problems, workflowTaskFailures };
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
