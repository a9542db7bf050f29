import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../client/tools';
import { defaultTempRoot, openEnvironment, type Contender } from './environment';
import { memory, replay, sampleVillage, throughput, type MemoryFigures, type ThroughputFigures, type Workload } from './phases';
import { barePlan, type VillageCounts } from './profile';
import { deskPhase, type DeskFigures } from './desk';
import { codecPhase, type CodecFigures, type CodecPlan } from './codec';
import { clusterPhase, type ClusterFigures, type ClusterPlan } from './cluster';
import { defaultClusterEnvFile, readClusterEnv } from './clusterEnv';
import { growthOf, markdown, targetsOf, type BenchResults } from './report';
import { round } from './measure';
import { scriptedDecisions } from './villages';

const USAGE = `npm run bench [-- --sizes 17,300,1000] [--only replay] [--cluster] [--replays 9] [--batch 10] [--park 2] [--tmp DIR]
  --sizes    village counts to run (default 17,300,1000; the 1,000-village run takes most of the time)
  --only     phases to run, comma-separated: throughput, replay, desk, memory, codec, cluster (default all but codec and cluster);
             replay alone drives one sample village of each contender instead of taking it from the throughput
             run; desk is the approvers' desk on a 300-village county (whatever --sizes says); codec is the
             payload codec's cost, the same villages with it and without it (not in the default run); a run of
             other phases than the default writes <date>.only-<phases>.json, never latest.md
  --cluster  the same villages on the dev server and on a running cluster of scripts/cluster.sh, side by side (= --only
             cluster; writes <date>.cluster.json)
  --cluster-env       the cluster's description (default $ELECTION_CLUSTER_DIR/cluster.env, else data/cluster/cluster.env)
  --cluster-villages  villages per cluster-phase run (default 100)
  --cluster-in-flight villages driven at once in a cluster-phase run (default 20)
  --cluster-rounds    runs on each server, alternating which goes first (default 1)
  --codec-villages  villages per codec run (default 100)
  --codec-in-flight villages driven at once in a codec run (default 20)
  --codec-rounds    runs of each side, alternating which goes first (default 2)
  --replays  Worker.runReplayHistory calls per contender (median reported)
  --batch    copies of the history per runReplayHistories call (replay without the worker's start-up)
  --park     decisions sent before a village is parked for the memory figure (2: waiting for the start approval)
  --tmp      folder for the dev server's SQLite file and the outcome stores (default /dev/shm, else the OS temp folder)`;

const DEFAULT_SIZES = [17, 300, 1000];
const PHASES = ['throughput', 'replay', 'desk', 'memory', 'codec', 'cluster'] as const;
type Phase = (typeof PHASES)[number];
/** The codec and cluster phases run only when asked for: they add minutes and measure what the other phases do not compare. */
const DEFAULT_PHASES: readonly Phase[] = ['throughput', 'replay', 'desk', 'memory'];

interface Options {
  sizes: number[];
  only: Phase[];
  replays: number;
  batch: number;
  park: number;
  tmp: string;
  codec: CodecPlan;
  cluster: ClusterPlan;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    sizes: DEFAULT_SIZES,
    only: [...DEFAULT_PHASES],
    replays: 9,
    batch: 10,
    park: 2,
    tmp: defaultTempRoot(),
    codec: { villages: 100, inFlight: 20, rounds: 2 },
    cluster: { villages: 100, inFlight: 20, rounds: 1, envFile: defaultClusterEnvFile() },
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    const whole = (name: string, text: string | undefined) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`${name}: got ${JSON.stringify(text)}; accepted: a whole number of 1 or more\n${USAGE}`);
      return n;
    };
    const phase = (text: string): Phase => {
      if ((PHASES as readonly string[]).includes(text)) return text as Phase;
      throw new Error(`--only: got ${JSON.stringify(text)}; accepted: ${PHASES.join(', ')}, comma-separated\n${USAGE}`);
    };
    if (flag === '--sizes') options.sizes = (value ?? '').split(',').map((s) => whole('--sizes', s.trim()));
    else if (flag === '--only') options.only = (value ?? '').split(',').map((s) => phase(s.trim()));
    else if (flag === '--replays') options.replays = whole('--replays', value);
    else if (flag === '--batch') options.batch = whole('--batch', value);
    else if (flag === '--park') options.park = whole('--park', value);
    else if (flag === '--codec-villages') options.codec.villages = whole('--codec-villages', value);
    else if (flag === '--codec-in-flight') options.codec.inFlight = whole('--codec-in-flight', value);
    else if (flag === '--codec-rounds') options.codec.rounds = whole('--codec-rounds', value);
    else if (flag === '--cluster-villages') options.cluster.villages = whole('--cluster-villages', value);
    else if (flag === '--cluster-in-flight') options.cluster.inFlight = whole('--cluster-in-flight', value);
    else if (flag === '--cluster-rounds') options.cluster.rounds = whole('--cluster-rounds', value);
    else if (flag === '--cluster-env' && value) options.cluster.envFile = value;
    else if (flag === '--cluster') {
      options.only = ['cluster'];
      continue;
    } else if (flag === '--tmp' && value) options.tmp = value;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}\n${USAGE}`);
    i += 1;
  }
  options.sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
  options.only = [...new Set(options.only)];
  return options;
}

const log = (line: string) => console.log(line);

/** The busiest processes on the machine, so that figures taken beside other work can be judged. */
function busiestProcesses(): string[] {
  try {
    return execFileSync('ps', ['-eo', 'pcpu,rss,comm', '--sort=-pcpu'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(1, 6)
      .map((l) => l.trim());
  } catch {
    return [];
  }
}

function machine(tmp: string): Record<string, unknown> {
  const version = (name: string) =>
    (JSON.parse(readFileSync(join(projectRoot(), 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: projectRoot(), encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim(),
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    node: process.versions.node,
    platform: `${process.platform} ${release()}`,
    temporalSdk: version('@temporalio/worker'),
    xstate: version('xstate'),
    gitCommit: git(['rev-parse', '--short', 'HEAD']),
    gitDirtyFiles: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
    heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    serverDbFolder: tmp,
    serverDbFilesystem: filesystemOf(tmp),
  };
}

function filesystemOf(folder: string): string {
  try {
    return execFileSync('stat', ['-f', '-c', '%T', folder], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The kinds of history event the bare baseline must match, side by side; empty when they agree. */
function countMismatches(ours: VillageCounts, bare: VillageCounts): string[] {
  const keys = ['updatesAccepted', 'activitiesTotal', 'timersStarted', 'timersCancelled', 'searchAttributeUpserts'] as const;
  const problems = keys.filter((k) => ours[k] !== bare[k]).map((k) => `${k}: ours ${ours[k]}, bare ${bare[k]}`);
  for (const name of new Set([...Object.keys(ours.activities), ...Object.keys(bare.activities)])) {
    if (ours.activities[name] !== bare.activities[name])
      problems.push(`activity ${name}: ours ${ours.activities[name] ?? 0}, bare ${bare.activities[name] ?? 0}`);
  }
  return problems;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const began = performance.now();
  const loadStart = loadavg().map((l) => round(l));
  const busiestAtStart = busiestProcesses();
  log(`village benchmark: ${options.only.join(', ')}; sizes ${options.sizes.join(', ')}; load average ${loadStart.join(' / ')}`);
  // Without a cluster to run on, stop before anything starts, and before a results file of failures replaces the day's.
  if (options.only.includes('cluster')) readClusterEnv(options.cluster.envFile);
  const env = await openEnvironment(log, options.tmp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the dev server`);
      void env.close().finally(() => process.exit(130));
    });
  }
  try {
    // The desk phase drives its own villages: a run of it alone needs no probe.
    const probed = options.only.some((p) => p !== 'desk');
    const probe = probed ? await env.startWorker('ours') : undefined;
    const decisions = probe ? await scriptedDecisions(env.client, probe.taskQueue, 'bench/probe/ours').finally(() => probe.stop()) : [];
    const plan = probe
      ? await barePlan(await env.client.workflow.getHandle('bench/probe/ours').fetchHistory(), env.dataConverters.sealed)
      : [];
    const work: Workload = { env, decisions, plan, log };
    if (probed) log(`happy path: ${decisions.length} decisions (${decisions.map((d) => d.type).join(', ')})`);

    const contendersFor = (i: number): Contender[] => (i % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours']);
    const failures: string[] = [];
    // A failed phase is recorded and the run goes on, so that the other figures are still written.
    const attempt = async <T>(label: string, phase: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await phase();
      } catch (err) {
        const reason = `${label}: ${err instanceof Error ? err.message : String(err)}`;
        failures.push(reason);
        log(`  FAILED ${reason}`);
        return undefined;
      }
    };

    const runs = (phase: Phase) => options.only.includes(phase);
    const throughputs: ThroughputFigures[] = [];
    for (const [i, villages] of runs('throughput') ? options.sizes.entries() : []) {
      for (const contender of contendersFor(i)) {
        log(`throughput: ${villages} villages, ${contender} ...`);
        const figures = await attempt(`throughput ${contender} ${villages}`, async () => {
          const f = await throughput(work, contender, villages, `${contender}-${villages}`);
          if (f.outcomesRecorded !== villages) throw new Error(`${f.outcomesRecorded} outcomes recorded for ${villages} villages`);
          return f;
        });
        if (!figures) continue;
        throughputs.push(figures);
        log(
          `  ${figures.villagesPerSecond} villages/s (${(figures.wallMs / 1000).toFixed(1)} s), update p50 ${figures.updateP50Ms} ms, p99 ${figures.updateP99Ms} ms` +
            `${figures.refusalsRetried ? `, ${figures.refusalsRetried} refusals retried` : ''}` +
            `${figures.updateRpcTimeouts ? `, ${figures.updateRpcTimeouts} update calls timed out by the server and retried` : ''}`,
        );
      }
    }

    const sampleSize = options.sizes.find((s) => throughputs.filter((t) => t.villages === s).length === 2);
    const sampleOf = (c: Contender) => throughputs.find((t) => t.contender === c && t.villages === sampleSize)!.sampleWorkflowId;
    const samples = async (): Promise<Record<Contender, string>> =>
      sampleSize === undefined
        ? { ours: await sampleVillage(work, 'ours'), bare: await sampleVillage(work, 'bare') }
        : { ours: sampleOf('ours'), bare: sampleOf('bare') };
    if (runs('replay')) log(`replay: ${options.replays} runReplayHistory calls and batches of ${options.batch} per contender ...`);
    const replays = runs('replay')
      ? await attempt('replay', async () => replay(work, await samples(), options.replays, options.batch))
      : undefined;
    const mismatches = replays ? countMismatches(replays.ours.counts, replays.bare.counts) : [];
    if (replays) {
      log(
        `  ours ${replays.ours.medianMs} ms, bare ${replays.bare.medianMs} ms (history alone: ours ${replays.ours.batchedMedianMs} ms, bare ${replays.bare.batchedMedianMs} ms; its CPU: ours ${replays.ours.batchedMedianCpuMs} ms, bare ${replays.bare.batchedMedianCpuMs} ms)`,
      );
      if (mismatches.length) log(`  warning: the bare village's history differs from ours: ${mismatches.join('; ')}`);
    }

    const codec: CodecFigures | undefined = runs('codec') ? await attempt('codec', () => codecPhase(work, options.codec)) : undefined;
    if (codec) {
      const o = codec.overhead;
      log(
        `  codec: without/with villages per second ${o.throughputRatio}, process CPU per village +${o.nodeCpuMsPerVillage} ms (${o.nodeCpuRatio}×), ` +
          `payload bytes per village +${o.payloadBytesPerVillage} (${o.payloadBytesRatio}×); ` +
          codec.payloads.map((p) => `${p.payload} encode ${p.encodeUs} µs, decode ${p.decodeUs} µs`).join('; '),
      );
    }

    const cluster: ClusterFigures | undefined = runs('cluster')
      ? await attempt('cluster', () => clusterPhase(work, options.cluster))
      : undefined;
    if (cluster)
      log(
        `  cluster: ${cluster.onCluster.villagesPerSecond} villages/s against the dev server's ${cluster.dev.villagesPerSecond}; ` +
          `server CPU per village ${cluster.onCluster.serverCpuMsPerVillage} ms (+ PostgreSQL ${cluster.onCluster.postgresCpuMsPerVillage} ms) ` +
          `against ${cluster.dev.serverCpuMsPerVillage} ms`,
      );

    // Before the memory phase, which leaves villages parked waiting for the town committee: the desk's inbox would list them.
    if (runs('desk')) log("desk: the approvers' desk on a 300-village county ...");
    const desk: DeskFigures | undefined = runs('desk') ? await attempt('desk', () => deskPhase(env, log)) : undefined;

    const memories: MemoryFigures[] = [];
    for (const [i, villages] of runs('memory') ? options.sizes.entries() : []) {
      for (const contender of contendersFor(i)) {
        log(`memory: ${villages} parked villages, ${contender} ...`);
        const figures = await attempt(`memory ${contender} ${villages}`, () =>
          memory(work, contender, villages, options.park, `mem-${contender}-${villages}`),
        );
        if (!figures) continue;
        memories.push(figures);
        log(`  ${(figures.heapBytesPerVillage / 1024).toFixed(1)} KiB heap per village (${figures.cached} cached)`);
      }
    }

    const latencySize = options.sizes.includes(300) ? 300 : options.sizes[options.sizes.length - 1]!;
    const latencyOf = (c: Contender) => {
      const t = throughputs.find((f) => f.contender === c && f.villages === latencySize);
      return { p50Ms: t?.updateP50Ms ?? NaN, p99Ms: t?.updateP99Ms ?? NaN };
    };
    const growth = growthOf(options.sizes, throughputs, memories);
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: machine(options.tmp),
      load: { start: loadStart, end: loadavg().map((l) => round(l)), busiestAtStart, busiestAtEnd: busiestProcesses() },
      sizes: options.sizes,
      workload: {
        decisionsPerVillage: decisions.length,
        decisionTypes: decisions.map((d) => d.type),
        activities: 'the same activities over the same SQLite outcome store for both (bare notices and outcomes carry empty facts)',
        timers:
          'publicity and notice lead zero-length (delivered at once, no timer in history); approval reminder timers started and cancelled',
        parkedAfterDecisions: options.park,
      },
      counts: replays && { ours: replays.ours.counts, bare: replays.bare.counts },
      throughput: throughputs,
      replay: replays,
      memory: memories,
      latency: { villages: latencySize, ours: latencyOf('ours'), bare: latencyOf('bare') },
      desk,
      codec,
      cluster,
      growth,
      targets: targetsOf(options.sizes, throughputs, replays, growth),
      failures,
      durationS: round((performance.now() - began) / 1000, 0),
    };
    const written = writeResults(results, options);
    console.log(`\n${markdown(results)}`);
    log(`results: ${written.join(', ')}`);
    if (mismatches.length) log(`warning: history counts differ between ours and bare: ${mismatches.join('; ')}`);
    if (failures.length)
      throw new Error(`${failures.length} phase(s) failed (their figures are missing from the results): ${failures.join(' | ')}`);
  } finally {
    await env.close();
  }
}

/**
 * Writes <date>.json (a reduced run: <date>.sizes-17-300.json) and latest.md under bench/results; a run of
 * other phases than the default writes <date>.only-replay.json (say) alone, so that latest.md keeps the last
 * run of the default phases.
 */
function writeResults(results: BenchResults, options: Options): string[] {
  const dir = join(projectRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const day = results.date.slice(0, 10);
  const json = join(dir, `${day}${resultsSuffix(options)}.json`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  if (!isDefaultRun(options)) return [json];
  const md = join(dir, 'latest.md');
  writeFileSync(md, markdown(results));
  return [json, md];
}

/** What sets a reduced run's results file apart from the full run of the day (the cluster phase alone: `.cluster`). */
function resultsSuffix(options: Options): string {
  if (options.only.length === 1 && options.only[0] === 'cluster') return '.cluster';
  const sizes = options.sizes.join(',') === DEFAULT_SIZES.join(',') ? '' : `.sizes-${options.sizes.join('-')}`;
  const only = isDefaultRun(options) ? '' : `.only-${PHASES.filter((p) => options.only.includes(p)).join('-')}`;
  return `${sizes}${only}`;
}

/** Whether the run is of the default phases, no more and no fewer. */
function isDefaultRun(options: Options): boolean {
  return options.only.length === DEFAULT_PHASES.length && DEFAULT_PHASES.every((p) => options.only.includes(p));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
