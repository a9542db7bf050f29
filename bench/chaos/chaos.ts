import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../client/tools';
import { table } from '../../client/format';
import { runChaos, type ChaosReport } from './run';

const USAGE = `npm run chaos -- [--villages N] [--kills K] [--server-restarts R] [--seed S] [--timer-ms MS] [--timeout-s S] [--keep-files]

Starts its own dev server (SQLite in a temp folder) and the election worker (node dist/worker/main.js)
as a child process, drives N villages (default 100) with the scripted town office, SIGKILLs and restarts
the worker K times (default 5) and stops and restarts the server R times (default 1) on its SQLite file
and port, then checks: every village completed, every accepted decision stored exactly once, every
notice sent exactly once, no workflow task failure. Exit 0 only if all hold; a failed run keeps its
temp folder. npm run chaos builds first.`;

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
  const rows: [string, string, string][] = [
    ['villages completed', `${t.completed} / ${t.villages}`, 'all'],
    ['decisions accepted (views)', String(t.decisionsAccepted), ''],
    ['decision rows in the store', String(t.decisionRows), `= ${t.decisionsAccepted}`],
    ['decision duplicates (id + seq)', String(t.decisionDuplicates), '0'],
    ['accepted, not recorded exactly once', String(t.decisionsNotRecordedOnce), '0'],
    ['stored, never accepted', String(t.decisionRowsUnaccounted), '0'],
    ['same decision accepted twice in a row', String(t.decisionsRepeated), '0'],
    ['receipts not matching the record', String(t.receiptMismatches + d.receiptsMissingFromView), '0'],
    ['notices expected / stored', `${t.noticesExpected} / ${t.noticeRows}`, 'equal'],
    ['notice duplicates', String(t.noticeDuplicates), '0'],
    ['notices missing / unexpected', `${t.noticesMissing} / ${t.noticesUnexpected}`, '0 / 0'],
    ['outcome rows', String(t.outcomeRows), `= ${t.completed}`],
    ['refusals stored / refused updates', `${t.refusalRows} / ${d.refused}`, '0 / 0'],
    ['workflow task failures', String(t.workflowTaskFailed), '0'],
    ['workflow task timeouts', String(t.workflowTaskTimedOut), '(after kills)'],
    ['activity retries (attempts after the first)', String(t.activityRetries), '(after kills)'],
    ['slowest activity, scheduled to completed', s(t.slowestActivityMs), '(stall after a kill)'],
    ['updates sent / accepted', `${d.updatesSent} / ${d.accepted}`, ''],
    ['outcome unknown: found applied / resent', `${d.unknownOutcomes}: ${d.unknownFoundApplied} / ${d.resentAfterUnknown}`, ''],
    ['worker kills / server restarts', `${report.chaos.workerKills} / ${report.chaos.serverRestarts}`, ''],
    ['worker exits not caused by chaos', String(report.chaos.unexpectedWorkerExits), ''],
    [
      'time: start / drive / close+verify / total',
      `${s(report.timings.startVillagesMs)} / ${s(report.timings.driveMs)} / ${s(report.timings.closeAndVerifyMs)} / ${s(report.timings.totalMs)}`,
      '',
    ],
  ];
  out(table(['figure', 'value', 'expected'], rows));
  for (const event of report.chaos.events) {
    out(
      `  ${s(event.atMs)}  ${event.what}${event.downMs !== undefined ? ` (${event.downMs} ms down)` : ''} at ${event.decisionsSoFar} decisions`,
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
  const stale = staleBuild();
  if (stale) console.warn(`warning: ${stale}; run npm run build first, or this run tests old code`);
  const report = await runChaos({
    villages: count('villages', values.villages, 100, 1),
    kills: count('kills', values.kills, 5),
    serverRestarts: count('server-restarts', values['server-restarts'], 1),
    seed: count('seed', values.seed, Date.now() % 100_000),
    timerMs: count('timer-ms', values['timer-ms'], 300),
    timeoutMs: count('timeout-s', values['timeout-s'], 900, 1) * 1000,
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
