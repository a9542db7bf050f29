import type { CodecFigures } from './codec';
import type { ClusterFigures } from './cluster';
import { clusterSection } from './clusterReport';
import { header, row } from './table';
import type { DeskFigures, Spread, TimedCalls } from './desk';
import type { Contender } from './environment';
import type { MemoryFigures, ReplayFigures, ThroughputFigures } from './phases';
import type { VillageCounts } from './profile';

/** Everything one benchmark run measured, as written to bench/results/<date>.json. */
export interface BenchResults {
  date: string;
  machine: Record<string, unknown>;
  load: { start: number[]; end: number[]; busiestAtStart: string[]; busiestAtEnd: string[] };
  sizes: number[];
  workload: { decisionsPerVillage: number; decisionTypes: string[]; timers: string; activities: string; parkedAfterDecisions: number };
  counts?: Record<Contender, VillageCounts>;
  throughput: ThroughputFigures[];
  replay?: Record<Contender, ReplayFigures>;
  memory: MemoryFigures[];
  latency: { villages: number; ours: { p50Ms: number; p99Ms: number }; bare: { p50Ms: number; p99Ms: number } };
  /** The approvers' desk on a 300-village county; absent when the phase did not run or failed. */
  desk?: DeskFigures;
  /** The payload codec's cost, with it against without it; absent unless the codec phase ran (and did not fail). */
  codec?: CodecFigures;
  /** The same villages on the dev server and on the cluster; absent unless the cluster phase ran (and did not fail). */
  cluster?: ClusterFigures;
  growth: Growth[];
  targets: Target[];
  /** Phases that failed; their figures are missing. */
  failures: string[];
  durationS: number;
}

/** One per-village figure at each size, and how much it grew from the smallest size to the largest. */
export interface Growth {
  figure: string;
  unit: string;
  bySize: Record<string, number | undefined>;
  largestOverSmallest: number;
  judged: boolean;
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  pass: boolean;
  /** How far inside (positive) or outside (negative) the target the figure is, in the target's unit. */
  margin: string;
}

const FLAT_LIMIT = 1.2;
const pct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)}%`;

const at = <T extends { villages: number; contender: Contender }>(rows: T[], contender: Contender, villages: number) =>
  rows.find((r) => r.contender === contender && r.villages === villages);

/** The per-village figures at each size; the cost figures are judged for flatness, latency is shown. */
export function growthOf(sizes: number[], throughput: ThroughputFigures[], memory: MemoryFigures[]): Growth[] {
  const figure = (name: string, unit: string, judged: boolean, value: (villages: number) => number | undefined): Growth => {
    const bySize = Object.fromEntries(sizes.map((s) => [String(s), value(s)]));
    const first = value(sizes[0]!);
    const last = value(sizes[sizes.length - 1]!);
    return {
      figure: name,
      unit,
      bySize,
      largestOverSmallest: first && last !== undefined ? Math.round((last / first) * 100) / 100 : NaN,
      judged,
    };
  };
  const rows: Growth[] = [];
  for (const c of ['ours', 'bare'] as const) {
    rows.push(figure(`${c}: wall time per village`, 'ms', c === 'ours', (s) => at(throughput, c, s)?.msPerVillage));
    rows.push(figure(`${c}: worker process CPU per village`, 'ms', c === 'ours', (s) => at(throughput, c, s)?.nodeCpuMsPerVillage));
    rows.push(figure(`${c}: dev server CPU per village`, 'ms', c === 'ours', (s) => at(throughput, c, s)?.serverCpuMsPerVillage));
    rows.push(figure(`${c}: heap per cached village`, 'KiB', c === 'ours', (s) => kib(at(memory, c, s)?.heapBytesPerVillage)));
    rows.push(figure(`${c}: update round trip p50`, 'ms', false, (s) => at(throughput, c, s)?.updateP50Ms));
    rows.push(figure(`${c}: update round trip p99`, 'ms', false, (s) => at(throughput, c, s)?.updateP99Ms));
  }
  return rows;
}

const kib = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round((bytes / 1024) * 10) / 10);

/** Each target of the issue against this run's figures, with its margin. */
export function targetsOf(
  sizes: number[],
  throughput: ThroughputFigures[],
  replay: Record<Contender, ReplayFigures> | undefined,
  growth: Growth[],
): Target[] {
  const targets: Target[] = [];
  for (const s of sizes) {
    const ours = at(throughput, 'ours', s);
    const bare = at(throughput, 'bare', s);
    if (!ours || !bare) continue;
    const ratio = bare.villagesPerSecond / ours.villagesPerSecond;
    const cpu = cpuRatio(ours, bare);
    targets.push({
      name: `throughput overhead, ${s} villages`,
      goal: 'bare/ours ≤ 1.05',
      measured: `${ratio.toFixed(3)} (bare ${bare.villagesPerSecond}/s, ours ${ours.villagesPerSecond}/s; CPU per village ours/bare ${cpu})`,
      pass: ratio <= 1.05,
      margin: `${(5 - (ratio - 1) * 100).toFixed(1)} points (overhead ${pct(ratio)} against 5%)`,
    });
  }
  for (const [label, key] of [
    ['replay, Worker.runReplayHistory', 'medianMs'],
    ['replay, history alone (batched)', 'batchedMedianMs'],
  ] as const) {
    if (!replay) break;
    const ratio = replay.ours[key] / replay.bare[key];
    targets.push({
      name: label,
      goal: 'ours/bare ≤ 1.20',
      measured: `${ratio.toFixed(3)} (ours ${replay.ours[key]} ms, bare ${replay.bare[key]} ms)`,
      pass: ratio <= 1.2,
      margin: `${(20 - (ratio - 1) * 100).toFixed(1)} points (overhead ${pct(ratio)} against 20%)`,
    });
  }
  const county = at(throughput, 'ours', 300);
  if (county) {
    targets.push({
      name: '300-village county, whole process',
      goal: '< 120 s',
      measured: `${(county.wallMs / 1000).toFixed(1)} s`,
      pass: county.wallMs < 120_000,
      margin: `${((120_000 - county.wallMs) / 1000).toFixed(1)} s`,
    });
  }
  if (sizes.length > 1) {
    // A figure no phase of this run measured (say, `--only replay`) is not judged.
    for (const g of growth.filter((row) => row.judged && Number.isFinite(row.largestOverSmallest))) {
      targets.push({
        name: `flat: ${g.figure.replace(/^ours: /, '')}`,
        goal: `${sizes[sizes.length - 1]} vs ${sizes[0]} villages ≤ ${FLAT_LIMIT}×`,
        measured: `${g.largestOverSmallest}× (${g.bySize[String(sizes[0])]} → ${g.bySize[String(sizes[sizes.length - 1])]} ${g.unit})`,
        pass: g.largestOverSmallest <= FLAT_LIMIT,
        margin: `${(FLAT_LIMIT - g.largestOverSmallest).toFixed(2)}×`,
      });
    }
  }
  return targets;
}

/** Worker process plus dev server CPU per village, ours over bare: the overhead as CPU, which other work on the machine disturbs less than wall time. */
export function cpuRatio(ours: ThroughputFigures, bare: ThroughputFigures): string {
  if (ours.serverCpuMsPerVillage === undefined || bare.serverCpuMsPerVillage === undefined) return '–';
  return ((ours.nodeCpuMsPerVillage + ours.serverCpuMsPerVillage) / (bare.nodeCpuMsPerVillage + bare.serverCpuMsPerVillage)).toFixed(3);
}

/** The results as the Markdown page bench/results/latest.md (and the console) shows them. */
export function markdown(r: BenchResults): string {
  const m = r.machine;
  const lines = [
    `# Benchmark ${r.date}: XState host against a bare Temporal workflow`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; Temporal TS SDK ${m.temporalSdk}, XState ${m.xstate}; ` +
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- machine facts are JSON numbers and strings
      `git ${m.gitCommit}${m.gitDirtyFiles ? ` (+${m.gitDirtyFiles} uncommitted files)` : ''}; heap limit ${m.heapLimitMiB} MiB; ` +
      `dev server SQLite in ${m.serverDbFolder} (${m.serverDbFilesystem}).`,
    `Load average (1/5/15 min) at start ${r.load.start.join(' / ')}, at end ${r.load.end.join(' / ')}. Sizes ${r.sizes.join(', ')}; the run took ${Math.round(r.durationS)} s.`,
    '',
    ...(r.workload.decisionsPerVillage
      ? [`Each village: ${r.workload.decisionsPerVillage} decisions as updates, ${r.workload.activities}; ${r.workload.timers}.`, '']
      : []),
    ...(r.failures.length ? ['## Failed phases (their figures are missing)', '', ...r.failures.map((f) => `- ${f}`), ''] : []),
    '## Targets',
    '',
    ...header(['target', 'goal', 'measured', 'result', 'margin']),
    ...r.targets.map((t) => row([t.name, t.goal, t.measured, t.pass ? 'pass' : '**miss**', t.margin])),
    '',
    '## Throughput (whole happy path, all villages at once)',
    '',
    ...header([
      'villages',
      'ours villages/s',
      'bare villages/s',
      'bare/ours',
      'CPU ours/bare',
      'ours wall s',
      'bare wall s',
      'ours worker CPU ms/village',
      'bare worker CPU ms/village',
      'ours server CPU ms/village',
      'bare server CPU ms/village',
      'update calls timed out, ours / bare',
    ]),
    ...r.sizes.map((s) => {
      const o = at(r.throughput, 'ours', s);
      const b = at(r.throughput, 'bare', s);
      return row([
        s,
        o?.villagesPerSecond,
        b?.villagesPerSecond,
        o && b ? (b.villagesPerSecond / o.villagesPerSecond).toFixed(3) : undefined,
        o && b ? cpuRatio(o, b) : undefined,
        o && (o.wallMs / 1000).toFixed(1),
        b && (b.wallMs / 1000).toFixed(1),
        o?.nodeCpuMsPerVillage,
        b?.nodeCpuMsPerVillage,
        o?.serverCpuMsPerVillage,
        b?.serverCpuMsPerVillage,
        `${o?.updateRpcTimeouts ?? '–'} / ${b?.updateRpcTimeouts ?? '–'}`,
      ]);
    }),
    '',
    "Where the CPU went, per village: the worker process's main thread (client, driver, activities, SDK bridge), its busiest other thread (the workflow thread) with the share of the wall time it was busy, and the dev server.",
    '',
    ...header(['villages', 'contender', 'main thread ms', 'busiest other thread ms', 'its busy share', 'dev server ms']),
    ...r.sizes.flatMap((s) =>
      (['ours', 'bare'] as const).map((c) => {
        const t = at(r.throughput, c, s);
        return row([
          s,
          c,
          t?.mainThreadCpuMsPerVillage,
          t?.busiestOtherThread && `${t.busiestOtherThread.cpuMsPerVillage} (${t.busiestOtherThread.thread})`,
          t?.busiestOtherThread?.busyShare,
          t?.serverCpuMsPerVillage,
        ]);
      }),
    ),
    '',
    '## Replay of one complete village history (median)',
    '',
    ...(r.replay
      ? [
          ...header(['', 'ours ms', 'bare ms', 'ours/bare']),
          row([
            'Worker.runReplayHistory (creates a replay worker)',
            r.replay.ours.medianMs,
            r.replay.bare.medianMs,
            (r.replay.ours.medianMs / r.replay.bare.medianMs).toFixed(2),
          ]),
          row([
            `history alone (${r.replay.ours.batch} copies per runReplayHistories)`,
            r.replay.ours.batchedMedianMs,
            r.replay.bare.batchedMedianMs,
            (r.replay.ours.batchedMedianMs / r.replay.bare.batchedMedianMs).toFixed(2),
          ]),
          row([
            'history alone, CPU time of the process',
            r.replay.ours.batchedMedianCpuMs,
            r.replay.bare.batchedMedianCpuMs,
            (r.replay.ours.batchedMedianCpuMs / r.replay.bare.batchedMedianCpuMs).toFixed(2),
          ]),
        ]
      : ['(not measured: see the failures)']),
    '',
    '## Memory per cached village (parked waiting for a decision)',
    '',
    ...header(['villages', 'ours heap KiB/village', 'bare heap KiB/village', 'ours/bare', 'ours RSS KiB/village', 'bare RSS KiB/village']),
    ...r.sizes.map((s) => {
      const o = at(r.memory, 'ours', s);
      const b = at(r.memory, 'bare', s);
      return row([
        s,
        kib(o?.heapBytesPerVillage),
        kib(b?.heapBytesPerVillage),
        o && b ? (o.heapBytesPerVillage / b.heapBytesPerVillage).toFixed(2) : undefined,
        kib(o?.rssBytesPerVillage),
        kib(b?.rssBytesPerVillage),
      ]);
    }),
    '',
    `## Decision latency while ${r.latency.villages} villages run (client update round trip)`,
    '',
    ...header(['', 'p50 ms', 'p99 ms']),
    row(['ours', r.latency.ours.p50Ms, r.latency.ours.p99Ms]),
    row(['bare', r.latency.bare.p50Ms, r.latency.bare.p99Ms]),
    '',
    ...deskSection(r.desk),
    ...codecSection(r.codec),
    ...clusterSection(r.cluster),
    '## Growth per village',
    '',
    ...header(['figure', ...r.sizes.map((s) => `${s} villages`), `${r.sizes[r.sizes.length - 1]} / ${r.sizes[0]}`]),
    ...r.growth.map((g) => row([`${g.figure} (${g.unit})`, ...r.sizes.map((s) => g.bySize[String(s)]), g.largestOverSmallest])),
    '',
    "## One village's history",
    '',
    ...header([
      '',
      'events',
      'bytes',
      'workflow tasks',
      'updates',
      'activities',
      'timers started',
      'timers cancelled',
      'search attribute upserts',
    ]),
    ...(['ours', 'bare'] as const).map((c) => {
      const k = r.counts?.[c];
      if (!k) return row([c, '(not measured)']);
      return row([
        c,
        k.events,
        k.historyBytes,
        k.workflowTasks,
        k.updatesAccepted,
        `${k.activitiesTotal} (${Object.entries(k.activities)
          .map(([n, v]) => `${n} ${v}`)
          .join(', ')})`,
        k.timersStarted,
        k.timersCancelled,
        k.searchAttributeUpserts,
      ]);
    }),
    '',
  ];
  return lines.join('\n');
}

const spreadRow = (label: string, s: Spread | undefined) => row([label, s?.count, s?.p50Ms, s?.p95Ms, s?.maxMs, '', '', '', '']);
const timedRow = (label: string, t: TimedCalls | undefined) =>
  row([
    label,
    t?.count,
    t?.p50Ms,
    t?.p95Ms,
    t?.maxMs,
    t?.cpu.processMs,
    t?.cpu.mainThreadMs,
    t?.cpu.busiestOtherThread?.ms,
    t?.cpu.serverMs,
  ]);

/** The desk's figures: its inbox over a 300-village county, next to the calls behind it, and a decision's round trip. */
function deskSection(d: DeskFigures | undefined): string[] {
  const title = "## The approvers' desk: a county's inbox and a decision's round trip";
  if (!d) return [title, '', '(not measured: the phase did not run, or failed)', ''];
  return [
    title,
    '',
    `${d.villages} villages (${d.towns} towns) waiting for the start approval; signed in over HTTP as ${d.person}, ` +
      `password and code (${d.passwordHashing}; sign-in took ${d.signInMs} ms). Load average before: ${d.loadBefore.join(' / ')}; ` +
      `the phase took ${d.durationS} s, ${d.setupS} s of it starting the villages.`,
    '',
    `The inbox page holds ${d.inbox.entries} entries (${Math.round(d.inbox.pageBytes / 1024)} KiB). CPU per call: this process ` +
      "(desk, worker and client, all threads), of it the main thread and the busiest other (the workflow thread, which answers the status queries), and the dev server's.",
    '',
    ...header(['', 'count', 'p50 ms', 'p95 ms', 'max ms', 'process CPU ms', 'main thread ms', 'workflow thread ms', 'dev server CPU ms']),
    timedRow('inbox page, GET / to its last byte', d.inbox.page),
    timedRow(
      `approvalsInbox alone (visibility, then a status query per village, ${d.inbox.approvalsInbox.concurrency} at once)`,
      d.inbox.approvalsInbox,
    ),
    timedRow('its visibility listing alone', d.inbox.visibilityList),
    timedRow(`approvalsInbox, ${d.inbox.approvalsInboxWider.concurrency} status queries at once`, d.inbox.approvalsInboxWider),
    spreadRow('APPROVE_START form page, GET', d.decision.formPage),
    spreadRow('APPROVE_START through the desk, POST to receipt page', d.decision.desk),
    spreadRow('APPROVE_START sent directly (signDecision + sendDecision)', d.decision.direct),
    '',
  ];
}

/** The codec's cost: the same villages with it and without it, and the codec alone on typical payloads; nothing when it did not run. */
function codecSection(c: CodecFigures | undefined): string[] {
  if (!c) return [];
  const sides = [c.sealed, c.plain] as const;
  const figure = (label: string, value: (s: CodecFigures['sealed']) => number | string | undefined, ratio?: number | string) =>
    row([label, value(c.sealed), value(c.plain), ratio ?? '']);
  return [
    '## The payload codec: the same villages with it and without it',
    '',
    `${c.villages} villages of the XState host per run, ${c.inFlight} at once, ${c.rounds} runs of each side alternating which goes first ` +
      `(each run's villages per second, process CPU ms per village and load average before it: ` +
      `${sides.map((s) => `${s.sealing} ${s.byRun.map((b) => `${b.villagesPerSecond}/s ${b.nodeCpuMsPerVillage} ms at ${b.loadBefore[0]}`).join(', ')}`).join('; ')}). ` +
      `Without the codec the client and worker keep the failure converter and drop only the codec. Process CPU is this process, ` +
      `worker and client, both of which seal and open. History sizes from ${c.sealed.historiesSampled} histories of each side. The phase took ${c.durationS} s.`,
    '',
    ...header(['', 'with the codec', 'without', 'with/without']),
    figure('villages per second', (s) => s.villagesPerSecond, (c.sealed.villagesPerSecond / c.plain.villagesPerSecond).toFixed(3)),
    figure('wall ms per village', (s) => s.msPerVillage),
    figure('a whole village, p50 ms', (s) => s.villageP50Ms, c.overhead.villageP50Ratio),
    figure('a whole village, p95 ms', (s) => s.villageP95Ms, c.overhead.villageP95Ratio),
    figure('a decision round trip, p50 ms', (s) => s.decisionP50Ms, c.overhead.decisionP50Ratio),
    figure('a decision round trip, p95 ms', (s) => s.decisionP95Ms, c.overhead.decisionP95Ratio),
    figure('process CPU ms per village', (s) => s.nodeCpuMsPerVillage, c.overhead.nodeCpuRatio),
    figure('dev server CPU ms per village', (s) => s.serverCpuMsPerVillage, c.overhead.serverCpuRatio),
    figure('history events per village', (s) => s.eventsPerVillage),
    figure('payloads per village', (s) => s.payloadsPerVillage),
    figure('sealed payloads per village', (s) => s.sealedPayloadsPerVillage),
    figure('payload bytes per village', (s) => s.payloadBytesPerVillage, c.overhead.payloadBytesRatio),
    figure('history bytes per village', (s) => s.historyBytesPerVillage, c.overhead.historyBytesRatio),
    figure('codec encode calls (payloads) per village', (s) => `${s.codecPerVillage.encodeCalls} (${s.codecPerVillage.encodedPayloads})`),
    figure('codec decode calls (payloads) per village', (s) => `${s.codecPerVillage.decodeCalls} (${s.codecPerVillage.decodedPayloads})`),
    figure('time in the codec, ms per village', (s) => s.codecPerVillage.ms),
    '',
    `The codec alone (AES-256-GCM, one payload per call, median µs); at these costs the ${c.sealed.sealedPayloadsPerVillage} sealed ` +
      `payloads of a village, each sealed once and opened once, take about ${c.impliedCodecCpuMsPerVillage} ms of CPU.`,
    '',
    ...header(['payload', 'plain bytes', 'sealed bytes', 'encode µs', 'decode µs']),
    ...c.payloads.map((p) => row([p.payload, p.plainBytes, p.sealedBytes, p.encodeUs, p.decodeUs])),
    '',
  ];
}
