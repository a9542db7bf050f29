import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { electionDataConverter, generateDevelopmentKeys, KEYS_FILE_VARIABLE, readKeyRingFile } from '../../common/codec';
import { freePort, startDevServer, type DevServer } from '../../client/devServer';
import { inputProblems, startElection } from '../../client/commands/start';
import { demoRoster, HELUO_VILLAGES } from '../../client/demo/heluo';
import { demoSeats } from '../../client/demo/townOffice';
import type { ElectionInputRaw } from '../../machines/input';
import {
  betweenSteps,
  driveVillage,
  emptyDriverFigures,
  Limiter,
  resetVillage,
  type DriveContext,
  type DrivenVillage,
  type DriverFigures,
} from './driver';
import type { ChaosChannels } from './noticeAccounting';
import { PrivateCluster } from './postgresCluster';
import { SmtpSink, WebhookReceiver } from './receivers';
import { resetBeforeDecision, type ResetPoint } from './reset';
import { verify, type Tally } from './verify';
import { builtWorker, WorkerProcess, type WorkerCommand } from './workerProcess';

/** How big and how rough a chaos run is. */
export interface ChaosOptions {
  villages?: number;
  /** Worker SIGKILLs (each followed by a restart). */
  kills?: number;
  /** Dev server stops and restarts on the same SQLite file and port. */
  serverRestarts?: number;
  /** The outcome store: a PostgreSQL cluster of the run's own (default), which it can restart, or a SQLite file. */
  store?: 'postgres' | 'sqlite';
  /** PostgreSQL stops (immediate, as a crash) and restarts, with the store on PostgreSQL. */
  postgresRestarts?: number;
  /** How long the town's SMTP server is down, once (0: never). */
  smtpDownMs?: number;
  /** How long the village board's webhook answers 500, and then as long again 404, once (0: never). */
  webhookOutageMs?: number;
  /** Villages reset to an earlier point with `temporal workflow reset`, each decided again from there by other officers. */
  resets?: number;
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
  /**
   * A Temporal server that is already running (a cluster, scripts/cluster.sh) instead of the run's own dev server; the
   * server fault is then its `restart`, and the villages' names carry `villageSuffix`.
   */
  server?: ExternalServer;
}

/** A server the chaos run uses but does not own: where it answers, and how to crash and restart (part of) it. */
export interface ExternalServer {
  address: string;
  restart(): Promise<void>;
  /**
   * Appended to each village's name: the server keeps the histories of earlier runs, whose closed workflows would
   * otherwise hold this run's workflow ids.
   */
  villageSuffix: string;
}

/** One thing the chaos did, in milliseconds since the run began. */
export interface ChaosEvent {
  atMs: number;
  what:
    | 'worker-killed'
    | 'worker-restarted'
    | 'server-stopped'
    | 'server-restarted'
    | 'postgres-stopped'
    | 'postgres-restarted'
    | 'smtp-down'
    | 'smtp-up'
    | 'webhook-500'
    | 'webhook-404'
    | 'webhook-ok'
    | 'village-reset';
  /** What it hit, when it hit one village. */
  detail?: string;
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
  chaos: {
    workerKills: number;
    serverRestarts: number;
    postgresRestarts: number;
    smtpOutages: number;
    webhookOutages: number;
    resets: ResetPoint[];
    unexpectedWorkerExits: number;
    events: ChaosEvent[];
  };
  /** Where the outcome store was (a PostgreSQL URL without its password). */
  store: string;
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
export function chaosVillage(index: number, timerMs: number, suffix = ''): ElectionInputRaw {
  const shape = HELUO_VILLAGES[index % HELUO_VILLAGES.length]!;
  const village = `${shape.name}-${String(index + 1).padStart(3, '0')}${suffix}`;
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

/** The run's notice channels for its town: e-mail to the board and the county, a signed webhook for every notice. */
function chaosChannels(smtpPort: number, webhookUrl: string) {
  const emailTo = { 'village-board': ['board@chaos.example'], 'county-org-dept': ['org-dept@county.example'] };
  const file = {
    default: {},
    towns: {
      Chaos: {
        email: {
          smtp: { host: '127.0.0.1', port: smtpPort, secure: false, timeoutSeconds: 5 },
          from: 'office@chaos.example',
          recipients: emailTo,
        },
        webhook: { url: webhookUrl, secretEnv: 'CHAOS_WEBHOOK_SECRET', timeoutSeconds: 3 },
      },
    },
  };
  const expected: ChaosChannels = { emailTo, webhookUrl };
  return { file, expected };
}

type Fault = 'kill' | 'server' | 'postgres' | 'smtp' | 'webhook' | 'reset';

/**
 * The chaos run: its own dev server (SQLite in a temp folder), its own outcome store (a private PostgreSQL cluster, or
 * SQLite), its own SMTP server and webhook receiver, and the election worker as a child process, while N villages are
 * driven by the scripted town office. Meanwhile the worker is SIGKILLed and restarted, the server and PostgreSQL are
 * stopped and restarted, the SMTP server goes down for a while, the webhook answers 500 and then 404, and villages are
 * reset to an earlier point; then every invariant is counted.
 */
export async function runChaos(options: ChaosOptions = {}): Promise<ChaosReport> {
  const villagesWanted = options.villages ?? 100;
  const kills = options.kills ?? 5;
  const serverRestarts = options.serverRestarts ?? 1;
  const storeKind = options.store ?? 'postgres';
  const postgresRestarts = storeKind === 'postgres' ? (options.postgresRestarts ?? 1) : 0;
  const smtpDownMs = options.smtpDownMs ?? 60_000;
  const webhookOutageMs = options.webhookOutageMs ?? 30_000;
  const resets = options.resets ?? 1;
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
  const port = await freePort();
  const serverOptions = { dbFile, port, headless: true } as const;
  say(`temp folder ${tempDir}`);
  // The worker process and this client seal payloads with the same keys, as a deployment does.
  const codecKeys = path.join(tempDir, 'codec-keys.json');
  generateDevelopmentKeys(codecKeys);
  let ok = false;

  const cluster = storeKind === 'postgres' ? new PrivateCluster() : undefined;
  const smtp = new SmtpSink();
  const webhookSecret = randomBytes(32).toString('hex');
  const webhook = new WebhookReceiver(webhookSecret);
  let server: Pick<DevServer, 'address' | 'stop'> | undefined;
  let worker: WorkerProcess | undefined;
  let connection: Connection | undefined;
  const stopDriving = new AbortController();
  const events: ChaosEvent[] = [];
  const figures = emptyDriverFigures();
  const villages: DrivenVillage[] = [];
  const resetPoints: ResetPoint[] = [];
  const decisionsSoFar = () => villages.reduce((sum, v) => sum + (v.view?.decisions.length ?? 0), 0);
  let timeout: NodeJS.Timeout | undefined;
  let progress: NodeJS.Timeout | undefined;
  const note = (what: ChaosEvent['what'], downMs?: number, detail?: string) => {
    events.push({ atMs: Date.now() - began, what, downMs, detail, decisionsSoFar: decisionsSoFar() });
    say(
      `${((Date.now() - began) / 1000).toFixed(1)} s  ${what}${detail ? ` ${detail}` : ''}${downMs !== undefined ? ` after ${downMs} ms down` : ''}`,
    );
  };

  try {
    await cluster?.create();
    const sqliteFile = path.join(tempDir, 'outcomes.sqlite');
    const storeSettings: Record<string, string> = cluster ? { DATABASE_URL: cluster.url } : { ELECTION_DB: sqliteFile };
    const store = cluster ? { url: cluster.url } : { file: sqliteFile };
    say(`outcome store ${cluster ? cluster.location : store.file}`);
    await smtp.start();
    const channels = chaosChannels(smtp.port, await webhook.start());
    const channelFile = path.join(tempDir, 'channels.json');
    fs.writeFileSync(channelFile, JSON.stringify(channels.file, null, 2), { mode: 0o600 });

    server = options.server ? { address: options.server.address, stop: async () => undefined } : await startDevServer(serverOptions);
    say(`${options.server ? 'Temporal server' : 'dev server'} at ${server.address}`);
    worker = new WorkerProcess(
      options.worker ?? builtWorker(),
      {
        address: server.address,
        logFile: path.join(tempDir, 'worker.log'),
        settings: {
          ...storeSettings,
          ELECTION_CHANNELS: channelFile,
          CHAOS_WEBHOOK_SECRET: webhookSecret,
          [KEYS_FILE_VARIABLE]: codecKeys,
        },
      },
      say,
    );
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: 'default', dataConverter: electionDataConverter(readKeyRingFile(codecKeys)) });
    await worker.start();
    const startedAt = Date.now();
    const today = new Date().toISOString().slice(0, 10);
    const limit = new Limiter(8);
    await Promise.all(
      Array.from({ length: villagesWanted }, (_, index) =>
        limit.run(async () => {
          const raw = chaosVillage(index, timerMs, options.server?.villageSuffix);
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
            longestGapMs: 0,
            turn: Promise.resolve(),
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
        `${((Date.now() - began) / 1000).toFixed(0)} s  ${done}/${villages.length} closed, ${decisionsSoFar()} decisions, worker ${worker?.running ? 'up' : 'down'}, server ${server ? 'up' : 'down'}`,
      );
    }, 5000);

    // An outage runs beside the schedule, so that kills and restarts still happen while the SMTP server is down.
    const outages: Promise<void>[] = [];
    const smtpOutage = async () => {
      await smtp.stop();
      note('smtp-down');
      await sleep(smtpDownMs);
      await smtp.start();
      note('smtp-up', smtpDownMs);
    };
    const webhookOutage = async () => {
      webhook.mode = 500;
      note('webhook-500');
      await sleep(webhookOutageMs);
      webhook.mode = 404;
      note('webhook-404');
      await sleep(webhookOutageMs);
      webhook.mode = 'ok';
      note('webhook-ok', 2 * webhookOutageMs);
    };
    const resetOne = async () => {
      // A village well into its election, not near its end: the reset cuts half of its decisions.
      const candidates = () => villages.filter((v) => !v.reset && v.view?.status === 'running' && v.view.decisions.length >= 6);
      while (!allDriven && !stopDriving.signal.aborted && candidates().length === 0) await sleep(200);
      const found = candidates().sort((a, b) => a.view!.decisions.length - b.view!.decisions.length);
      const village = found[Math.floor(found.length / 2)];
      if (!village) return say('reset: no village was far enough into its election before all closed; skipped');
      await betweenSteps(village, async () => {
        const kept = Math.floor((village.view?.decisions.length ?? 6) / 2);
        const point = await resetBeforeDecision(client, server!.address, village.workflowId, kept);
        resetVillage(village, kept);
        resetPoints.push(point);
        note('village-reset', undefined, `${village.workflowId} to event ${point.eventId} (kept ${kept} decisions)`);
      });
    };

    // The chaos, one fault at a time (outages beside), each at a random point of the villages' progress.
    const faults: Fault[] = [
      ...Array<Fault>(kills).fill('kill'),
      ...Array<Fault>(serverRestarts).fill('server'),
      ...Array<Fault>(postgresRestarts).fill('postgres'),
      ...Array<Fault>(resets).fill('reset'),
      ...(smtpDownMs > 0 ? (['smtp'] as const) : []),
      ...(webhookOutageMs > 0 ? (['webhook'] as const) : []),
    ];
    for (let i = faults.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [faults[i], faults[j]] = [faults[j]!, faults[i]!];
    }
    const marks = faults.map(() => 0.05 + random() * 0.75).sort((a, b) => a - b);
    for (const [i, fault] of faults.entries()) {
      const mark = marks[i]! * villages.length * DECISIONS_PER_VILLAGE;
      while (!allDriven && !stopDriving.signal.aborted && decisionsSoFar() < mark) await sleep(100);
      if (stopDriving.signal.aborted) break;
      await sleep(random() * 1500);
      const downMs = Math.round(300 + random() * 2700);
      if (fault === 'smtp') outages.push(smtpOutage());
      else if (fault === 'webhook') outages.push(webhookOutage());
      else if (fault === 'reset') await resetOne();
      else if (fault === 'kill') {
        await worker.kill();
        note('worker-killed');
        await sleep(downMs);
        await worker.start();
        note('worker-restarted', downMs);
      } else if (fault === 'postgres') {
        cluster!.stop();
        note('postgres-stopped');
        await sleep(downMs);
        cluster!.start();
        note('postgres-restarted', downMs);
      } else if (options.server) {
        const stoppedAt = Date.now();
        note('server-stopped');
        await options.server.restart();
        note('server-restarted', Date.now() - stoppedAt);
      } else {
        await server.stop();
        server = undefined;
        note('server-stopped');
        await sleep(downMs);
        server = await startDevServer(serverOptions);
        note('server-restarted', downMs);
      }
      if (fault !== 'smtp' && fault !== 'webhook') await sleep(1000 + random() * 3000);
    }

    await Promise.all(outages);
    await driving;
    clearInterval(progress);
    const driveMs = Date.now() - driveStarted;
    say(`driving done in ${driveMs} ms; waiting for every workflow to close, then counting`);

    const verifyStarted = Date.now();
    const { tally, problems, workflowTaskFailures } = await verify(
      client,
      villages,
      {
        store,
        channels: channels.expected,
        receivers: { email: smtp.received, webhook: webhook.received },
        resets: resetPoints,
      },
      deadline,
    );
    const closeAndVerifyMs = Date.now() - verifyStarted;

    const asked = { kills, serverRestarts, postgresRestarts, resets, smtp: smtpDownMs > 0, webhook: webhookOutageMs > 0 };
    const failures = invariantFailures(tally, figures, events, asked);
    if (webhook.unverified) failures.push(`${webhook.unverified} webhook posts without a valid signature`);
    const { refusals, ...driver } = figures;
    const count = (what: ChaosEvent['what']) => events.filter((e) => e.what === what).length;
    const report: ChaosReport = {
      ok: failures.length === 0,
      failures,
      tally,
      driver,
      chaos: {
        workerKills: count('worker-killed'),
        serverRestarts: count('server-restarted'),
        postgresRestarts: count('postgres-restarted'),
        smtpOutages: count('smtp-up'),
        webhookOutages: count('webhook-ok'),
        resets: resetPoints,
        unexpectedWorkerExits: worker.unexpectedExits,
        events,
      },
      store: cluster ? cluster.location : sqliteFile,
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
    await worker?.stop();
    await connection?.close().catch(() => undefined);
    await server?.stop();
    await smtp.stop();
    await webhook.stop();
    cluster?.destroy();
    // A failed run keeps its server database, SQLite store and logs for the reproduction.
    if (ok && !options.keepFiles) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Each invariant the issue names, as a sentence when it does not hold. */
function invariantFailures(
  tally: Tally,
  driver: DriverFigures,
  events: ChaosEvent[],
  asked: { kills: number; serverRestarts: number; postgresRestarts: number; resets: number; smtp: boolean; webhook: boolean },
): string[] {
  const failures: string[] = [];
  const check = (holds: boolean, why: string) => holds || failures.push(why);
  const happened = (what: ChaosEvent['what']) => events.filter((e) => e.what === what).length;
  check(tally.completed === tally.villages, `${tally.villages - tally.completed} of ${tally.villages} villages did not complete`);
  check(tally.stalled === 0, `${tally.stalled} villages stalled: still running at the deadline`);
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
  check(tally.conflictsWithoutRecord === 0, `${tally.conflictsWithoutRecord} logged conflicts whose reset-branch record is missing`);
  check(
    tally.resetsWithoutConflict === 0,
    `${tally.resetsWithoutConflict} reset villages whose new branch left no conflict: a record dropped`,
  );
  check(tally.noticeDuplicates === 0, `${tally.noticeDuplicates} notices sent more than once`);
  check(tally.noticesMissing === 0, `${tally.noticesMissing} expected notices never sent`);
  check(tally.noticesUnexpected === 0, `${tally.noticesUnexpected} notices outside the happy path`);
  const d = tally.deliveries;
  check(d.unsettled === 0, `${d.unsettled} notice deliveries neither delivered nor marked failed`);
  check(d.confirmedNotReceived === 0, `${d.confirmedNotReceived} deliveries confirmed that no receiver holds`);
  check(
    d.receivedNotConfirmed === 0,
    `${d.receivedNotConfirmed} deliveries a receiver holds that the store records as failed or not at all`,
  );
  check(
    d.deliveredOnce + d.markedFailed === d.expected,
    `${d.expected} deliveries due, ${d.deliveredOnce} delivered and ${d.markedFailed} marked failed`,
  );
  check(tally.outcomesNotOnce === 0, `${tally.outcomesNotOnce} completed villages without exactly one outcome row`);
  check(
    tally.refusalRows === 0 && driver.refused === 0,
    `${driver.refused} decisions refused, ${tally.refusalRows} refusals stored: with one decision in flight per village, a refusal means one arrived twice`,
  );
  check(tally.workflowTaskFailed === 0, `${tally.workflowTaskFailed} workflow task failures`);
  for (const [what, wanted, name] of [
    ['worker-killed', asked.kills, 'worker kills'],
    ['server-restarted', asked.serverRestarts, 'server restarts'],
    ['postgres-restarted', asked.postgresRestarts, 'PostgreSQL restarts'],
    ['village-reset', asked.resets, 'village resets'],
    ['smtp-up', asked.smtp ? 1 : 0, 'SMTP outages'],
    ['webhook-ok', asked.webhook ? 1 : 0, 'webhook outages'],
  ] as const) {
    check(happened(what) === wanted, `only ${happened(what)} of ${wanted} ${name} happened`);
  }
  return failures;
}
