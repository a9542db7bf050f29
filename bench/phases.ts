import { Worker } from '@temporalio/worker';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { DecisionEvent } from '../machines/events';
import type { BareOp } from './baseline/workflows';
import type { BenchEnvironment, Contender } from './environment';
import { eachAtMost } from '../common/concurrency';
import { median, percentile, round, settledMemory, startStretch } from './measure';
import { countEvents, type VillageCounts } from './profile';
import { driveLog, driveVillage, villageId } from './villages';

/** What every phase needs: the environment, the decisions of the happy path, the bare plan. */
export interface Workload {
  env: BenchEnvironment;
  decisions: DecisionEvent[];
  plan: BareOp[][];
  log: (line: string) => void;
}

/**
 * Runs every village to its end even when some fail, so that no call is still in flight when the
 * connection closes; then fails with the count and the first reason.
 */
export async function allVillages(
  work: Workload,
  ids: string[],
  limit: number,
  drive: (workflowId: string) => Promise<void>,
): Promise<void> {
  const failures: string[] = [];
  await eachAtMost(ids, limit, (workflowId) =>
    drive(workflowId).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      if (failures.push(reason) === 1) work.log(`  a village failed: ${reason}`);
    }),
  );
  if (failures.length) throw new Error(`${failures.length} of ${ids.length} villages failed; the first: ${failures[0]}`);
}

/** The workflow ids of a phase's villages. */
export const idsOf = (phase: string, count: number) => Array.from({ length: count }, (_, i) => villageId(phase, i));

/** Villages that run before a phase's clock starts, so that no phase pays for a cold worker. */
export const WARM_UP_VILLAGES = 3;

export interface ThroughputFigures {
  contender: Contender;
  villages: number;
  wallMs: number;
  villagesPerSecond: number;
  msPerVillage: number;
  nodeCpuMsPerVillage: number;
  /** The main thread: client, driver, activities, and the SDK's bridge to its Rust core. */
  mainThreadCpuMsPerVillage?: number;
  /** The busiest other thread (the workflow thread, where all workflow code runs), and how busy it was over the stretch. */
  busiestOtherThread?: { thread: string; cpuMsPerVillage: number; busyShare: number };
  serverCpuMsPerVillage?: number;
  updates: number;
  updateP50Ms: number;
  updateP99Ms: number;
  updateMaxMs: number;
  refusalsRetried: number;
  /** Update calls the server timed out before the workflow took the update in (retried with the same update id). */
  updateRpcTimeouts: number;
  outcomesRecorded: number;
  loadBefore: number[];
  /** One village of this run, for the replay phase. */
  sampleWorkflowId: string;
}

/** Drives `villages` villages through the whole happy path at once and times the lot, from first start to last end. */
export async function throughput(work: Workload, contender: Contender, villages: number, phase: string): Promise<ThroughputFigures> {
  const { env, decisions, plan } = work;
  const running = await env.startWorker(contender);
  try {
    const warmUp = driveLog();
    await allVillages(work, idsOf(`${phase}-warm`, WARM_UP_VILLAGES), WARM_UP_VILLAGES, (id) =>
      driveVillage(env.client, contender, running.taskQueue, id, plan, { decisions, log: warmUp }),
    );
    const loadBefore = loadavg().map((l) => round(l));
    const log = driveLog();
    const end = startStretch(env.server.pid);
    await allVillages(work, idsOf(phase, villages), villages, (id) =>
      driveVillage(env.client, contender, running.taskQueue, id, plan, { decisions, log }),
    );
    const stretch = end();
    const outcomesRecorded = (await running.store.outcomes({ term: 2026 })).length - WARM_UP_VILLAGES;
    return {
      contender,
      villages,
      wallMs: round(stretch.wallMs, 0),
      villagesPerSecond: round((villages * 1000) / stretch.wallMs),
      msPerVillage: round(stretch.wallMs / villages),
      nodeCpuMsPerVillage: round(stretch.nodeCpuMs / villages),
      mainThreadCpuMsPerVillage: stretch.mainThreadCpuMs === undefined ? undefined : round(stretch.mainThreadCpuMs / villages),
      busiestOtherThread: stretch.busiestOtherThread && {
        thread: stretch.busiestOtherThread.thread,
        cpuMsPerVillage: round(stretch.busiestOtherThread.cpuMs / villages),
        busyShare: round(stretch.busiestOtherThread.cpuMs / stretch.wallMs),
      },
      serverCpuMsPerVillage: stretch.serverCpuMs === undefined ? undefined : round(stretch.serverCpuMs / villages),
      updates: log.latenciesMs.length,
      updateP50Ms: round(percentile(log.latenciesMs, 50)),
      updateP99Ms: round(percentile(log.latenciesMs, 99)),
      updateMaxMs: round(Math.max(...log.latenciesMs)),
      refusalsRetried: log.retries,
      updateRpcTimeouts: log.rpcTimeouts,
      outcomesRecorded,
      loadBefore,
      sampleWorkflowId: villageId(phase, 0),
    };
  } finally {
    await running.stop();
  }
}

/** Drives one village of `contender` through the whole happy path on a fresh worker, for a replay phase run without the throughput phase. */
export async function sampleVillage(work: Workload, contender: Contender): Promise<string> {
  const { env, decisions, plan } = work;
  const running = await env.startWorker(contender);
  const workflowId = villageId(`replay-sample-${contender}`, 0);
  try {
    await driveVillage(env.client, contender, running.taskQueue, workflowId, plan, { decisions, log: driveLog() });
    return workflowId;
  } finally {
    await running.stop();
  }
}

export interface ReplayFigures {
  contender: Contender;
  workflowId: string;
  counts: VillageCounts;
  /** `Worker.runReplayHistory` of the one history, each call creating its replay worker. */
  runReplayHistoryMs: number[];
  medianMs: number;
  /** The same history replayed `batch` times through one `Worker.runReplayHistories`: the replay alone, the worker's start-up shared. */
  batch: number;
  batchedPerHistoryMs: number[];
  batchedMedianMs: number;
  /** The process's CPU time (all threads) per history in the batches: other work on the machine stretches it far less than the wall time. */
  batchedCpuPerHistoryMs: number[];
  batchedMedianCpuMs: number;
}

/** Times the replay of one complete village history of each contender, alternating them call by call. */
export async function replay(
  work: Workload,
  samples: Record<Contender, string>,
  repeats: number,
  batch: number,
): Promise<Record<Contender, ReplayFigures>> {
  const { env } = work;
  const contenders = ['ours', 'bare'] as const;
  const histories = Object.fromEntries(
    await Promise.all(contenders.map(async (c) => [c, await env.client.workflow.getHandle(samples[c]).fetchHistory()] as const)),
  );
  const figures = Object.fromEntries(
    contenders.map((c) => [
      c,
      {
        contender: c,
        workflowId: samples[c],
        counts: countEvents(histories[c]!),
        runReplayHistoryMs: [] as number[],
        batchedPerHistoryMs: [] as number[],
        batchedCpuPerHistoryMs: [] as number[],
      },
    ]),
  ) as Record<Contender, Omit<ReplayFigures, 'medianMs' | 'batchedMedianMs' | 'batchedMedianCpuMs' | 'batch'>>;

  // The histories are sealed: the replay worker opens them with the keys that sealed them, as a deployed one would.
  const options = (c: Contender) => ({ workflowBundle: env.bundles[c], dataConverter: env.dataConverters.sealed });
  for (const c of contenders) await Worker.runReplayHistory(options(c), histories[c], samples[c]);
  for (let i = 0; i < repeats; i += 1) {
    for (const c of i % 2 === 0 ? contenders : ([...contenders].reverse() as Contender[])) {
      const began = performance.now();
      await Worker.runReplayHistory(options(c), histories[c], samples[c]);
      figures[c].runReplayHistoryMs.push(round(performance.now() - began));
    }
  }
  for (let i = 0; i < 3; i += 1) {
    for (const c of contenders) {
      const copies = Array.from({ length: batch }, (_, k) => ({ workflowId: `${samples[c]}#${k}`, history: histories[c] }));
      const began = performance.now();
      const cpu = process.cpuUsage();
      for await (const result of Worker.runReplayHistories(options(c), copies)) {
        if (result.error) throw new Error(`replay of ${c}'s ${samples[c]} failed: ${result.error.message}`);
      }
      const spent = process.cpuUsage(cpu);
      figures[c].batchedPerHistoryMs.push(round((performance.now() - began) / batch));
      figures[c].batchedCpuPerHistoryMs.push(round((spent.user + spent.system) / 1000 / batch));
    }
  }
  return Object.fromEntries(
    contenders.map((c) => [
      c,
      {
        ...figures[c],
        medianMs: median(figures[c].runReplayHistoryMs),
        batch,
        batchedMedianMs: median(figures[c].batchedPerHistoryMs),
        batchedMedianCpuMs: median(figures[c].batchedCpuPerHistoryMs),
      },
    ]),
  ) as Record<Contender, ReplayFigures>;
}

export interface MemoryFigures {
  contender: Contender;
  villages: number;
  parkedAfterDecisions: number;
  cached: number;
  heapBytesPerVillage: number;
  rssBytesPerVillage: number;
  heapBefore: number;
  heapAfter: number;
}

/**
 * Fills the worker's workflow cache with `villages` running villages parked waiting for a decision and
 * divides the heap they add by their number. The worker runs its workflows on the main thread
 * (`debugMode`) so that `process.memoryUsage()` sees their heap; the default runs them in a worker thread.
 */
export async function memory(
  work: Workload,
  contender: Contender,
  villages: number,
  parkAfter: number,
  phase: string,
): Promise<MemoryFigures> {
  const { env, decisions, plan } = work;
  const running = await env.startWorker(contender, { debugMode: true, maxCachedWorkflows: villages + 50 });
  try {
    const warmUp = driveLog();
    await allVillages(work, idsOf(`${phase}-warm`, WARM_UP_VILLAGES), 1, (id) =>
      driveVillage(env.client, contender, running.taskQueue, id, plan, { decisions, log: warmUp }),
    );
    const before = await settledMemory();
    const log = driveLog();
    await allVillages(work, idsOf(phase, villages), 200, (id) =>
      driveVillage(env.client, contender, running.taskQueue, id, plan, { decisions, stopAfter: parkAfter, log }),
    );
    const after = await settledMemory();
    const cached = running.worker.getStatus().numCachedWorkflows;
    if (cached < villages) work.log(`  warning: only ${cached} of ${villages} parked villages are in the worker's cache`);
    return {
      contender,
      villages,
      parkedAfterDecisions: parkAfter,
      cached,
      heapBytesPerVillage: Math.round((after.heapUsed - before.heapUsed) / villages),
      rssBytesPerVillage: Math.round((after.rss - before.rss) / villages),
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
    };
  } finally {
    await running.stop();
  }
}
