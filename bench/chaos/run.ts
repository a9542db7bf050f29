import { Client, Connection } from '@temporalio/client';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, startDevServer, type DevServer } from '../../client/devServer';
import { inputProblems, startElection } from '../../client/commands/start';
import { demoRoster, HELUO_VILLAGES } from '../../client/demo/heluo';
import { demoSeats } from '../../client/demo/townOffice';
import type { ElectionInputRaw } from '../../machines/input';
import { driveVillage, emptyDriverFigures, Limiter, type DriveContext, type DrivenVillage, type DriverFigures } from './driver';
import { verify, type Tally } from './verify';
import { builtWorker, WorkerProcess, type WorkerCommand } from './workerProcess';

/** How big and how rough a chaos run is. */
export interface ChaosOptions {
  villages?: number;
  /** Worker SIGKILLs (each followed by a restart). */
  kills?: number;
  /** Dev server stops and restarts on the same SQLite file and port. */
  serverRestarts?: number;
  /** Seeds the chaos schedule: when to kill, how long to stay down. */
  seed?: number;
  /** Length of the publicity and conference-notice timers. */
  timerMs?: number;
  /** Bound on the whole run, from the first start to the last check. */
  timeoutMs?: number;
  /** The worker process; `node dist/worker/main.js` unless given. */
  worker?: WorkerCommand;
  /** Progress lines; silent unless given. */
  say?: (line: string) => void;
  /** Keep the temp folder (server database, outcome store, logs) even when every invariant holds. */
  keepFiles?: boolean;
}

/** One thing the chaos did, in milliseconds since the run began. */
export interface ChaosEvent {
  atMs: number;
  what: 'worker-killed' | 'worker-restarted' | 'server-stopped' | 'server-restarted';
  downMs?: number;
  /** Decisions accepted so far over all villages, when it happened. */
  decisionsSoFar: number;
}

/** What a chaos run found: the counts, the invariants that failed, where its files are. */
export interface ChaosReport {
  ok: boolean;
  failures: string[];
  tally: Tally;
  driver: Omit<DriverFigures, 'refusals'>;
  chaos: { workerKills: number; serverRestarts: number; unexpectedWorkerExits: number; events: ChaosEvent[] };
  timings: { startVillagesMs: number; driveMs: number; closeAndVerifyMs: number; totalMs: number };
  /** First problems found, village by village (all of them are in the temp folder's problems.txt). */
  problems: string[];
  workflowTaskFailures: string[];
  refusals: DriverFigures['refusals'];
  tempDir: string;
  seed: number;
}

/** Decisions a village's scripted happy path takes (15 to 19 by method): paces the chaos through the run. */
const DECISIONS_PER_VILLAGE = 15;

/** A small seeded generator (mulberry32): the same seed gives the same chaos schedule. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The start input of chaos village `index`: Heluo's village shapes in turn, timers short, reminders out of reach. */
export function chaosVillage(index: number, timerMs: number): ElectionInputRaw {
  const shape = HELUO_VILLAGES[index % HELUO_VILLAGES.length]!;
  const village = `${shape.name}-${String(index + 1).padStart(3, '0')}`;
  const hour = 3_600_000;
  return {
    town: 'Chaos',
    village,
    term: 2026,
    method: 'method' in shape ? shape.method : 'two-recommendations-one-election',
    roster: demoRoster(village, shape.members),
    approvers: {},
    plan: {
      durationOverridesMs: {
        publicity: timerMs,
        conferenceNotice: timerMs,
        approvalReminder: hour,
        approvalEscalation: 2 * hour,
        postponementReminder: hour,
        postponementLimit: 2 * hour,
      },
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The chaos run: its own dev server (SQLite in a temp folder) and outcome store, the election worker
 * as a child process, N villages driven by the scripted town office while the worker is SIGKILLed and
 * restarted K times and the server is stopped and restarted; then every invariant is counted.
 */
export async function runChaos(options: ChaosOptions = {}): Promise<ChaosReport> {
  const villagesWanted = options.villages ?? 100;
  const kills = options.kills ?? 5;
  const serverRestarts = options.serverRestarts ?? 1;
  const seed = options.seed ?? 1;
  const timerMs = options.timerMs ?? 300;
  const say = options.say ?? (() => undefined);
  const began = Date.now();
  const deadline = began + (options.timeoutMs ?? 10 * 60_000);
  // The schedule has its own generator: the drive's jitter draws at moments no seed can fix.
  const random = seededRandom(seed);
  const jitter = seededRandom(seed + 1);

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-'));
  const dbFile = path.join(tempDir, 'temporal.sqlite');
  const storePath = path.join(tempDir, 'outcomes.sqlite');
  const port = await freePort();
  const serverOptions = { dbFile, port, headless: true } as const;
  say(`temp folder ${tempDir}`);
  let ok = false;

  let server: DevServer | undefined = await startDevServer(serverOptions);
  say(`dev server at ${server.address}`);
  const worker = new WorkerProcess(
    options.worker ?? builtWorker(),
    { address: server.address, storePath, logFile: path.join(tempDir, 'worker.log') },
    say,
  );
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const stopDriving = new AbortController();
  const events: ChaosEvent[] = [];
  const figures = emptyDriverFigures();
  const villages: DrivenVillage[] = [];
  const decisionsSoFar = () => villages.reduce((sum, v) => sum + (v.view?.decisions.length ?? 0), 0);
  let timeout: NodeJS.Timeout | undefined;
  let progress: NodeJS.Timeout | undefined;
  const note = (what: ChaosEvent['what'], downMs?: number) => {
    events.push({ atMs: Date.now() - began, what, downMs, decisionsSoFar: decisionsSoFar() });
    say(`${((Date.now() - began) / 1000).toFixed(1)} s  ${what}${downMs !== undefined ? ` after ${downMs} ms down` : ''}`);
  };

  try {
    await worker.start();
    const startedAt = Date.now();
    const today = new Date().toISOString().slice(0, 10);
    const limit = new Limiter(8);
    await Promise.all(
      Array.from({ length: villagesWanted }, (_, index) =>
        limit.run(async () => {
          const raw = chaosVillage(index, timerMs);
          const { input, problems } = inputProblems(raw);
          if (!input) throw new Error(`chaos village ${index} is invalid: ${problems.join('; ')}`);
          const { workflowId } = await startElection(client, raw, input);
          const { representatives } = HELUO_VILLAGES[index % HELUO_VILLAGES.length]!;
          villages[index] = {
            workflowId,
            handle: client.workflow.getHandle(workflowId),
            script: { roster: input.roster, representatives, ...demoSeats(input.roster), today },
            receipts: new Map(),
            refusedAttempts: new Map(),
          };
        }),
      ),
    );
    const startVillagesMs = Date.now() - startedAt;
    say(`${villagesWanted} villages started in ${startVillagesMs} ms`);

    const driveStarted = Date.now();
    const ctx: DriveContext = { client, limit: new Limiter(16), figures, random: jitter, signal: stopDriving.signal };
    timeout = setTimeout(() => stopDriving.abort(), Math.max(0, deadline - Date.now()));
    const driving = Promise.all(villages.map((village) => driveVillage(village, ctx)));
    let allDriven = false;
    const driven = () => (allDriven = true);
    driving.then(driven, driven);

    progress = setInterval(() => {
      const done = villages.filter((v) => v.view && v.view.status !== 'running').length;
      say(
        `${((Date.now() - began) / 1000).toFixed(0)} s  ${done}/${villages.length} closed, ${decisionsSoFar()} decisions, worker ${worker.running ? 'up' : 'down'}, server ${server ? 'up' : 'down'}`,
      );
    }, 5000);

    // The chaos, one fault at a time, each at a random point of the villages' progress.
    const faults = [...Array<'kill'>(kills).fill('kill'), ...Array<'server'>(serverRestarts).fill('server')];
    for (let i = faults.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [faults[i], faults[j]] = [faults[j]!, faults[i]!];
    }
    const marks = faults.map(() => 0.05 + random() * 0.8).sort((a, b) => a - b);
    for (const [i, fault] of faults.entries()) {
      const mark = marks[i]! * villages.length * DECISIONS_PER_VILLAGE;
      while (!allDriven && !stopDriving.signal.aborted && decisionsSoFar() < mark) await sleep(100);
      if (stopDriving.signal.aborted) break;
      await sleep(random() * 1500);
      const downMs = Math.round(300 + random() * 2700);
      if (fault === 'kill') {
        await worker.kill();
        note('worker-killed');
        await sleep(downMs);
        await worker.start();
        note('worker-restarted', downMs);
      } else {
        await server.stop();
        server = undefined;
        note('server-stopped');
        await sleep(downMs);
        server = await startDevServer(serverOptions);
        note('server-restarted', downMs);
      }
      await sleep(1000 + random() * 3000);
    }

    await driving;
    clearInterval(progress);
    const driveMs = Date.now() - driveStarted;
    say(`driving done in ${driveMs} ms; waiting for every workflow to close, then counting`);

    const verifyStarted = Date.now();
    const { tally, problems, workflowTaskFailures } = await verify(client, villages, storePath, deadline);
    const closeAndVerifyMs = Date.now() - verifyStarted;

    const failures = invariantFailures(tally, figures, events, { kills, serverRestarts });
    const { refusals, ...driver } = figures;
    const report: ChaosReport = {
      ok: failures.length === 0,
      failures,
      tally,
      driver,
      chaos: {
        workerKills: events.filter((e) => e.what === 'worker-killed').length,
        serverRestarts: events.filter((e) => e.what === 'server-restarted').length,
        unexpectedWorkerExits: worker.unexpectedExits,
        events,
      },
      timings: { startVillagesMs, driveMs, closeAndVerifyMs, totalMs: Date.now() - began },
      problems: problems.slice(0, 20),
      workflowTaskFailures: workflowTaskFailures.slice(0, 20),
      refusals: refusals.slice(0, 20),
      tempDir,
      seed,
    };
    fs.writeFileSync(path.join(tempDir, 'problems.txt'), [...problems, ...workflowTaskFailures].join('\n'));
    fs.writeFileSync(path.join(tempDir, 'report.json'), JSON.stringify(report, null, 2));
    ok = report.ok;
    return report;
  } finally {
    clearTimeout(timeout);
    clearInterval(progress);
    stopDriving.abort();
    await worker.stop();
    await connection.close().catch(() => undefined);
    await server?.stop();
    // A failed run keeps its server database, outcome store and logs for the reproduction.
    if (ok && !options.keepFiles) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Each invariant the issue names, as a sentence when it does not hold. */
function invariantFailures(
  tally: Tally,
  driver: DriverFigures,
  events: ChaosEvent[],
  asked: { kills: number; serverRestarts: number },
): string[] {
  const failures: string[] = [];
  const check = (holds: boolean, why: string) => holds || failures.push(why);
  check(tally.completed === tally.villages, `${tally.villages - tally.completed} of ${tally.villages} villages did not complete`);
  check(tally.decisionDuplicates === 0, `${tally.decisionDuplicates} decisions stored twice (same workflow id and seq)`);
  check(
    tally.decisionsNotRecordedOnce === 0,
    `${tally.decisionsNotRecordedOnce} accepted decisions not recorded exactly once with their seq and type`,
  );
  check(tally.decisionRowsUnaccounted === 0, `${tally.decisionRowsUnaccounted} stored decisions the workflows never accepted`);
  check(tally.decisionsRepeated === 0, `${tally.decisionsRepeated} decisions accepted twice in a row with the same payload`);
  check(tally.decisionRows === tally.decisionsAccepted, `${tally.decisionsAccepted} decisions accepted but ${tally.decisionRows} stored`);
  check(
    tally.receiptMismatches === 0 && driver.receiptsMissingFromView === 0,
    `${tally.receiptMismatches + driver.receiptsMissingFromView} receipts the record does not match`,
  );
  check(tally.noticeDuplicates === 0, `${tally.noticeDuplicates} notices sent more than once`);
  check(tally.noticesMissing === 0, `${tally.noticesMissing} expected notices never sent`);
  check(tally.noticesUnexpected === 0, `${tally.noticesUnexpected} notices outside the happy path`);
  check(tally.outcomesNotOnce === 0, `${tally.outcomesNotOnce} completed villages without exactly one outcome row`);
  check(
    tally.refusalRows === 0 && driver.refused === 0,
    `${driver.refused} decisions refused, ${tally.refusalRows} refusals stored: with one decision in flight per village, a refusal means one arrived twice`,
  );
  check(tally.workflowTaskFailed === 0, `${tally.workflowTaskFailed} workflow task failures`);
  check(
    events.filter((e) => e.what === 'worker-killed').length === asked.kills,
    `only ${events.filter((e) => e.what === 'worker-killed').length} of ${asked.kills} worker kills happened`,
  );
  check(
    events.filter((e) => e.what === 'server-restarted').length === asked.serverRestarts,
    `only ${events.filter((e) => e.what === 'server-restarted').length} of ${asked.serverRestarts} server restarts happened`,
  );
  return failures;
}
