import { printReport } from '../../bench/chaos/chaos';
import { runChaos, type ChaosReport } from '../../bench/chaos/run';
import { sourceWorker } from '../../bench/chaos/workerProcess';
import { restartService } from '../support/cluster';
import { testAddress, workflowBundle } from '../support/temporal';

/**
 * The chaos run on the cluster of scripts/cluster.sh, reduced to its point here: while a few villages are driven, the
 * history service (which owns the workflows' shards) is killed with SIGKILL and started again. Its store is a PostgreSQL
 * cluster of the run's own; the other faults are the dev-server chaos test's (test/chaos/).
 */
describe('a chaos run on the cluster: 4 villages while the history service is killed and restarted', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    report = await runChaos({
      villages: 4,
      kills: 0,
      serverRestarts: 1,
      store: 'postgres',
      postgresRestarts: 0,
      smtpDownMs: 0,
      webhookOutageMs: 0,
      resets: 0,
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

  it('completes every village, none stalled', () => {
    expect({ completed: report.tally.completed, stalled: report.tally.stalled, problems: report.problems }).toEqual({
      completed: 4,
      stalled: 0,
      problems: [],
    });
  });

  it('records every accepted decision exactly once', () => {
    const { decisionsAccepted, decisionRows, decisionDuplicates, decisionsNotRecordedOnce, decisionRowsUnaccounted } = report.tally;
    expect(decisionsAccepted).toBeGreaterThanOrEqual(4 * 15);
    expect({ decisionRows, decisionDuplicates, decisionsNotRecordedOnce, decisionRowsUnaccounted }).toEqual({
      decisionRows: decisionsAccepted,
      decisionDuplicates: 0,
      decisionsNotRecordedOnce: 0,
      decisionRowsUnaccounted: 0,
    });
  });

  it('records one outcome per village', () => {
    expect({ outcomeRows: report.tally.outcomeRows, outcomesNotOnce: report.tally.outcomesNotOnce }).toEqual({
      outcomeRows: 4,
      outcomesNotOnce: 0,
    });
  });

  it('fails no workflow task and holds every invariant the chaos script checks', () => {
    expect(report.workflowTaskFailures).toEqual([]);
    expect(report.failures).toEqual([]);
  });
});
