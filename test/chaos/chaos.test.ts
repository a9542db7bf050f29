import { printReport } from '../../bench/chaos/chaos';
import { runChaos, type ChaosReport } from '../../bench/chaos/run';
import { sourceWorker } from '../../bench/chaos/workerProcess';
import { workflowBundle } from '../support/temporal';

/**
 * `npm run chaos` at a reduced size. The worker runs from the sources over Jest's fresh workflow bundle, so the test
 * never depends on dist/; the store is a PostgreSQL cluster of the run's own, which it restarts. A SIGKILL can strand
 * an activity until its timeout passes (15 s for a record, a notice's 15-second heartbeat timeout), which is most of
 * this test's time.
 */
describe('a chaos run: 8 villages; worker killed twice; Temporal and PostgreSQL restarted; SMTP down, webhook 500 then 404; one village reset', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    report = await runChaos({
      villages: 8,
      kills: 2,
      serverRestarts: 1,
      store: 'postgres',
      postgresRestarts: 1,
      smtpDownMs: 5_000,
      webhookOutageMs: 3_000,
      resets: 1,
      seed: 2026,
      timeoutMs: 170_000,
      worker: sourceWorker(workflowBundle().codePath),
    });
    const lines: string[] = [];
    printReport(report, (line) => lines.push(line));
    console.log(lines.join('\n'));
  }, 200_000);

  it('does every fault it is asked to', () => {
    expect(report.chaos).toMatchObject({ workerKills: 2, serverRestarts: 1, postgresRestarts: 1, smtpOutages: 1, webhookOutages: 1 });
    expect(report.chaos.resets).toHaveLength(1);
  });

  it('completes every village, none stalled', () => {
    expect({ completed: report.tally.completed, stalled: report.tally.stalled, problems: report.problems }).toEqual({
      completed: 8,
      stalled: 0,
      problems: [],
    });
  });

  it('records every accepted decision exactly once, with its seq and type', () => {
    const { decisionsAccepted, decisionRows, decisionDuplicates, decisionsNotRecordedOnce, decisionRowsUnaccounted } = report.tally;
    expect(decisionsAccepted).toBeGreaterThanOrEqual(8 * 15);
    expect({ decisionRows, decisionDuplicates, decisionsNotRecordedOnce, decisionRowsUnaccounted }).toEqual({
      decisionRows: decisionsAccepted,
      decisionDuplicates: 0,
      decisionsNotRecordedOnce: 0,
      decisionRowsUnaccounted: 0,
    });
  });

  it("keeps both branches of the reset village: the abandoned branch's rows stay, each differing step is a logged conflict", () => {
    const { abandonedBranchRows, conflictsLogged, conflictsWithoutRecord, resetsWithoutConflict } = report.tally;
    expect(abandonedBranchRows).toBeGreaterThan(0);
    expect(conflictsLogged).toBeGreaterThan(0);
    expect({ conflictsWithoutRecord, resetsWithoutConflict }).toEqual({ conflictsWithoutRecord: 0, resetsWithoutConflict: 0 });
  });

  it('never sends again a decision the workflow accepted', () => {
    const { tally, driver, refusals } = report;
    expect({
      repeated: tally.decisionsRepeated,
      refused: driver.refused,
      refusals,
      stored: tally.refusalRows,
      mismatched: tally.receiptMismatches,
    }).toEqual({
      repeated: 0,
      refused: 0,
      refusals: [],
      stored: 0,
      mismatched: 0,
    });
  });

  it('puts every notice of the happy path in the outbox exactly once', () => {
    const { noticesExpected, noticeRows, noticeDuplicates, noticesMissing, noticesUnexpected } = report.tally;
    expect({ noticeRows, noticeDuplicates, noticesMissing, noticesUnexpected }).toEqual({
      noticeRows: noticesExpected,
      noticeDuplicates: 0,
      noticesMissing: 0,
      noticesUnexpected: 0,
    });
  });

  it('delivers each notice exactly once or marks the delivery failed, whatever the receivers did', () => {
    const { expected, deliveredOnce, markedFailed, unsettled, confirmedNotReceived, receivedNotConfirmed } = report.tally.deliveries;
    expect(expected).toBeGreaterThan(0);
    expect({ settled: deliveredOnce + markedFailed, unsettled, confirmedNotReceived, receivedNotConfirmed }).toEqual({
      settled: expected,
      unsettled: 0,
      confirmedNotReceived: 0,
      receivedNotConfirmed: 0,
    });
  });

  it('records one outcome per village', () => {
    expect({ outcomeRows: report.tally.outcomeRows, outcomesNotOnce: report.tally.outcomesNotOnce }).toEqual({
      outcomeRows: 8,
      outcomesNotOnce: 0,
    });
  });

  it('fails no workflow task (the reset marks one, as Temporal does)', () => {
    expect(report.workflowTaskFailures).toEqual([]);
    expect(report.tally.workflowTaskFailed).toBe(0);
    expect(report.tally.workflowTasksFailedByReset).toBe(1);
  });

  it('holds every invariant the chaos script checks', () => {
    expect(report.failures).toEqual([]);
  });
});
