import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The value at rank `p` (0..100) of the sorted values, nearest rank; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: number[]) => percentile(values, 50);

/** Runs of villages driven and timed: how many, the wall time, each whole village's and each decision's milliseconds. */
export interface TimedRuns {
  villages: number;
  wallMs: number;
  villagesMs: number[];
  decisionsMs: number[];
}

/** How fast runs went, pooled: villages per second, wall ms per village, p50 and p95 of a whole village and of a decision. */
export interface Pace {
  villagesPerSecond: number;
  msPerVillage: number;
  villageP50Ms: number;
  villageP95Ms: number;
  decisionP50Ms: number;
  decisionP95Ms: number;
}

/** The pace of runs pooled, percentiles taken over every village and decision of every run. */
export function pooledPace(runs: TimedRuns[]): Pace {
  const villages = runs.reduce((sum, r) => sum + r.villages, 0);
  const wallMs = runs.reduce((sum, r) => sum + r.wallMs, 0);
  const at = (values: number[], p: number) => round(percentile(values, p));
  const villagesMs = runs.flatMap((r) => r.villagesMs);
  const decisionsMs = runs.flatMap((r) => r.decisionsMs);
  return {
    villagesPerSecond: round((villages * 1000) / wallMs),
    msPerVillage: round(wallMs / villages),
    villageP50Ms: at(villagesMs, 50),
    villageP95Ms: at(villagesMs, 95),
    decisionP50Ms: at(decisionsMs, 50),
    decisionP95Ms: at(decisionsMs, 95),
  };
}

/** Rounds a figure for the results file to `digits` decimals. */
export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/**
 * A /proc stat line's fields after the command name (which may hold spaces and parentheses): [0] the state, [1] the
 * parent, [11] and [12] utime and stime, [13] and [14] those of reaped children, in clock ticks.
 */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** A process's own CPU seconds and its reaped children's, from its /proc stat line. */
export function statCpu(stat: string): { parent: number; ownSeconds: number; reapedSeconds: number } {
  const fields = statFields(stat);
  return {
    parent: Number(fields[1]),
    ownSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
    reapedSeconds: (Number(fields[13]) + Number(fields[14])) / TICKS,
  };
}

/** utime + stime of a /proc stat line, in seconds, with the reaped children's when asked. */
function statCpuSeconds(stat: string, withChildren: boolean): number {
  const { ownSeconds, reapedSeconds } = statCpu(stat);
  return ownSeconds + (withChildren ? reapedSeconds : 0);
}

/** CPU seconds a process (by pid) has used so far, from /proc; undefined off Linux or when it is gone. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'), true);
  } catch {
    return undefined;
  }
}

/** CPU seconds of each thread of this process so far, by thread id, with the thread's name. */
function threadCpuSeconds(): Map<string, { name: string; seconds: number }> {
  const threads = new Map<string, { name: string; seconds: number }>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        threads.set(tid, { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), seconds: statCpuSeconds(stat, false) });
      } catch {
        // the thread ended between listing and reading
      }
    }
  } catch {
    // not Linux: no per-thread figures
  }
  return threads;
}

/** One thread's CPU over a stretch, by the thread's name. */
export interface ThreadCpu {
  thread: string;
  cpuMs: number;
}

/** Wall time and CPU time (this process, all threads; its main and busiest other thread; the dev server) of one measured stretch. */
export interface Stretch {
  wallMs: number;
  nodeCpuMs: number;
  mainThreadCpuMs?: number;
  /** The busiest thread but the main one: the workflow thread, where every village's workflow code runs. */
  busiestOtherThread?: ThreadCpu;
  serverCpuMs?: number;
}

/** Starts measuring a stretch; the returned function ends it. */
export function startStretch(serverPid: number | undefined): () => Stretch {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const server = processCpuSeconds(serverPid);
  const threads = threadCpuSeconds();
  return () => {
    const used = process.cpuUsage(cpu);
    const serverNow = processCpuSeconds(serverPid);
    const deltas = [...threadCpuSeconds()].map(([tid, t]) => ({
      tid,
      thread: t.name,
      cpuMs: (t.seconds - (threads.get(tid)?.seconds ?? 0)) * 1000,
    }));
    const main = deltas.find((d) => d.tid === String(process.pid));
    const busiest = deltas.filter((d) => d !== main).sort((a, b) => b.cpuMs - a.cpuMs)[0];
    return {
      wallMs: performance.now() - wall,
      nodeCpuMs: (used.user + used.system) / 1000,
      mainThreadCpuMs: main?.cpuMs,
      busiestOtherThread: busiest && { thread: busiest.thread, cpuMs: busiest.cpuMs },
      serverCpuMs: server !== undefined && serverNow !== undefined ? (serverNow - server) * 1000 : undefined,
    };
  };
}

/** Heap in use after full garbage collections (needs `node --expose-gc`), and the resident set size. */
export async function settledMemory(): Promise<{ heapUsed: number; rss: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the memory figures need a forced GC: run with `node --expose-gc` (npm run bench does)');
  for (let i = 0; i < 4; i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}
