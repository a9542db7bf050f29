import { printReport } from '../../bench/chaos/chaos';
import { runChaos, type ChaosReport } from '../../bench/chaos/run';
import { sourceWorker } from '../../bench/chaos/workerProcess';
import { restartService } from '../support/cluster';
import { testAddress, workflowBundle } from '../support/temporal';

/** The worker, PostgreSQL, SMTP, webhook and reset faults are test/chaos/'s, on the dev server; here only the history service's. */
const OTHER_FAULTS_OFF = { kills: 0, postgresRestarts: 0, resets: 0, smtpDownMs: 0, webhookOutageMs: 0 } as const;

/**
 * The chaos run on the cluster of scripts/cluster.sh, reduced to its point here: while a few villages are driven, the
 * history service (which owns the workflows' shards) is killed with SIGKILL and started again. Its store is a PostgreSQL
 * cluster of the run's own.
 */
describe('a chaos run on the cluster: 4 villages while the history service is killed and restarted', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    report = await runChaos({
      ...OTHER_FAULTS_OFF,
      villages: 4,
      serverRestarts: 1,
      seed: 2026,
      timeoutMs: 170_000,
      worker: sourceWorker(workflowBundle().codePath),
      server: {
        address: testAddress(),
        restart: async () => void (await restartService('history')),
        villageSuffix: `-${Date.now().toString(36)}`,
      },
    });
    const lines: string[] = [];
    printReport(report, (line) => lines.push(line));
    console.log(lines.join('\n'));
  }, 200_000);

  it('kills and restarts the history service once, mid-run', () => {
    expect(report.chaos.serverRestarts).toBe(1);
    const restart = report.chaos.events.find((e) => e.what === 'server-restarted')!;
    expect(restart.decisionsSoFar).toBeGreaterThan(0);
    expect(restart.decisionsSoFar).toBeLessThan(report.tally.decisionsAccepted);
  });

  it('completes every village, each with its outcome recorded exactly once', () => {
    const { completed, stalled, outcomeRows, outcomesNotOnce } = report.tally;
    expect({ completed, stalled, outcomeRows, outcomesNotOnce, problems: report.problems }).toEqual({
      completed: 4,
      stalled: 0,
      outcomeRows: 4,
      outcomesNotOnce: 0,
      problems: [],
    });
  });

  it('records every decision the villages accepted exactly once, and fails no workflow task', () => {
    expect(report.tally.decisionsAccepted).toBeGreaterThanOrEqual(4 * 15);
    expect(report.tally.decisionRows).toBe(report.tally.decisionsAccepted);
    // The run's own invariants: no decision stored twice or missing, no notice lost, no workflow task failure.
    expect({ failures: report.failures, workflowTaskFailures: report.workflowTaskFailures }).toEqual({
      failures: [],
      workflowTaskFailures: [],
    });
  });
});
