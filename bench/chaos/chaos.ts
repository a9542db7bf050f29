import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../client/tools';
import { table } from '../../client/format';
import { runChaos, type ChaosReport } from './run';

const USAGE = `npm run chaos -- [--villages N] [--kills K] [--server-restarts R] [--postgres-restarts P] [--smtp-down-s S]
                     [--webhook-outage-s S] [--resets N] [--store postgres|sqlite] [--seed S] [--timer-ms MS]
                     [--timeout-s S] [--keep-files]

Starts its own dev server (SQLite in a temp folder), its own PostgreSQL cluster for the outcome store (or a
SQLite file with --store sqlite), an SMTP server and a webhook receiver for the town's notices, and the
election worker (node dist/worker/main.js) as a child process; drives N villages (default 100) with the
scripted town office while it SIGKILLs and restarts the worker K times (default 5), stops and restarts the
server R times (default 1) and PostgreSQL P times (default 1, immediate stop), takes the SMTP server down
for S seconds (default 60), has the webhook answer 500 for S seconds and then 404 as long (default 30),
and resets N villages (default 1) to an earlier point with \`temporal workflow reset\`. Then it checks:
every village completed and none stalled, every accepted decision stored exactly once (a reset village's
abandoned branch kept beside it, its conflicts logged), every notice once in the outbox and each of its
deliveries either delivered exactly once or marked failed, no workflow task failure. Exit 0 only if all
hold; a failed run keeps its temp folder. npm run chaos builds first.`;

/** A whole number option, or an error naming the option, the value and what is accepted. */
function count(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: got ${JSON.stringify(value)}; expected a whole number from ${min}`);
  return n;
}

/** Sources newer than the build the worker runs: the run would test old code. */
function staleBuild(): string | undefined {
  const root = projectRoot();
  const built = ['dist/worker/main.js', 'dist/workflow-bundle.js'].map((file) => path.join(root, file));
  const missing = built.find((file) => !fs.existsSync(file));
  if (missing) return `${path.relative(root, missing)} is missing`;
  const builtAt = Math.min(...built.map((file) => fs.statSync(file).mtimeMs));
  for (const dir of ['machines', 'workflows', 'activities', 'worker']) {
    for (const file of fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]) {
      if (file.endsWith('.ts') && fs.statSync(path.join(root, dir, file)).mtimeMs > builtAt)
        return `${dir}/${file} is newer than the build`;
    }
  }
  return undefined;
}

/** The figures as a small table, then the whole report as one JSON line. */
export function printReport(report: ChaosReport, out: (line: string) => void = console.log): void {
  const t = report.tally;
  const d = report.driver;
  const n = t.deliveries;
  const c = report.chaos;
  const rows: [string, string, string][] = [
    ['villages completed', `${t.completed} / ${t.villages}`, 'all'],
    ['villages stalled (running at the deadline)', String(t.stalled), '0'],
    ['longest wait between two decisions of a village', s(t.longestGapMs), ''],
    ['decisions accepted (views)', String(t.decisionsAccepted), ''],
    ['decision rows in the store recording them', String(t.decisionRows), `= ${t.decisionsAccepted}`],
    ['decision duplicates (id + seq)', String(t.decisionDuplicates), '0'],
    ['accepted, not recorded exactly once', String(t.decisionsNotRecordedOnce), '0'],
    ['stored, never accepted', String(t.decisionRowsUnaccounted), '0'],
    ['same decision accepted twice in a row', String(t.decisionsRepeated), '0'],
    ['receipts not matching the record', String(t.receiptMismatches + d.receiptsMissingFromView), '0'],
    ['villages reset / abandoned-branch rows kept', `${t.resets} / ${t.abandonedBranchRows}`, ''],
    ['record conflicts logged / without their record', `${t.conflictsLogged} / ${t.conflictsWithoutRecord}`, '(≥ 1 per reset) / 0'],
    ['notices expected / stored', `${t.noticesExpected} / ${t.noticeRows}`, 'equal'],
    ['notice duplicates', String(t.noticeDuplicates), '0'],
    ['notices missing / unexpected', `${t.noticesMissing} / ${t.noticesUnexpected}`, '0 / 0'],
    ['deliveries due (e-mail, webhook)', String(n.expected), ''],
    ['delivered exactly once / marked failed', `${n.deliveredOnce} / ${n.markedFailed}`, `sum ${n.expected}`],
    ['deliveries unsettled', String(n.unsettled), '0'],
    ['confirmed, not received / received, not confirmed', `${n.confirmedNotReceived} / ${n.receivedNotConfirmed}`, '0 / 0'],
    ['deliveries retried / extra copies handed over', `${n.retried} / ${n.extraCopies}`, '(kept once by key)'],
    ['outcome rows', String(t.outcomeRows), `= ${t.completed}`],
    ['refusals stored / refused updates', `${t.refusalRows} / ${d.refused}`, '0 / 0'],
    ['workflow task failures', String(t.workflowTaskFailed), '0'],
    ['workflow tasks failed by a reset (its mark)', String(t.workflowTasksFailedByReset), `= ${t.resets}`],
    ['workflow task timeouts', String(t.workflowTaskTimedOut), '(after kills)'],
    ['activity retries (attempts after the first)', String(t.activityRetries), '(after outages)'],
    ['slowest activity, scheduled to completed', s(t.slowestActivityMs), '(stall after a fault)'],
    ['updates sent / accepted', `${d.updatesSent} / ${d.accepted}`, ''],
    ['outcome unknown: found applied / resent', `${d.unknownOutcomes}: ${d.unknownFoundApplied} / ${d.resentAfterUnknown}`, ''],
    ['worker kills / server, PostgreSQL restarts', `${c.workerKills} / ${c.serverRestarts}, ${c.postgresRestarts}`, ''],
    ['SMTP outages / webhook outages / resets', `${c.smtpOutages} / ${c.webhookOutages} / ${c.resets.length}`, ''],
    ['worker exits not caused by chaos', String(c.unexpectedWorkerExits), ''],
    [
      'time: start / drive / close+verify / total',
      `${s(report.timings.startVillagesMs)} / ${s(report.timings.driveMs)} / ${s(report.timings.closeAndVerifyMs)} / ${s(report.timings.totalMs)}`,
      '',
    ],
  ];
  out(table(['figure', 'value', 'expected'], rows));
  for (const event of report.chaos.events) {
    out(
      `  ${s(event.atMs)}  ${event.what}${event.detail ? ` ${event.detail}` : ''}${event.downMs !== undefined ? ` (${event.downMs} ms down)` : ''} at ${event.decisionsSoFar} decisions`,
    );
  }
  for (const problem of [...report.failures, ...report.problems, ...report.workflowTaskFailures]) out(`  ! ${problem}`);
  out(report.ok ? 'chaos: every invariant holds' : `chaos: ${report.failures.length} invariants failed; files kept in ${report.tempDir}`);
  out(
    JSON.stringify({
      ok: report.ok,
      seed: report.seed,
      tally: report.tally,
      driver: report.driver,
      chaos: { ...report.chaos, events: undefined },
      store: report.store,
      timings: report.timings,
      failures: report.failures,
    }),
  );
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      villages: { type: 'string' },
      kills: { type: 'string' },
      'server-restarts': { type: 'string' },
      'postgres-restarts': { type: 'string' },
      'smtp-down-s': { type: 'string' },
      'webhook-outage-s': { type: 'string' },
      resets: { type: 'string' },
      store: { type: 'string' },
      seed: { type: 'string' },
      'timer-ms': { type: 'string' },
      'timeout-s': { type: 'string' },
      'keep-files': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const store = values.store ?? 'postgres';
  if (store !== 'postgres' && store !== 'sqlite') throw new Error(`--store: got ${JSON.stringify(store)}; expected postgres or sqlite`);
  const stale = staleBuild();
  if (stale) console.warn(`warning: ${stale}; run npm run build first, or this run tests old code`);
  const report = await runChaos({
    villages: count('villages', values.villages, 100, 1),
    kills: count('kills', values.kills, 5),
    serverRestarts: count('server-restarts', values['server-restarts'], 1),
    store,
    postgresRestarts: count('postgres-restarts', values['postgres-restarts'], 1),
    smtpDownMs: count('smtp-down-s', values['smtp-down-s'], 60) * 1000,
    webhookOutageMs: count('webhook-outage-s', values['webhook-outage-s'], 30) * 1000,
    resets: count('resets', values.resets, 1),
    seed: count('seed', values.seed, Date.now() % 100_000),
    timerMs: count('timer-ms', values['timer-ms'], 300),
    timeoutMs: count('timeout-s', values['timeout-s'], 1200, 1) * 1000,
    keepFiles: values['keep-files'],
    say: (line) => console.error(line),
  });
  printReport(report);
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
