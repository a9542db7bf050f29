import { printReport } from '../../bench/chaos/chaos';
import { runChaos, type ChaosReport } from '../../bench/chaos/run';
import { sourceWorker } from '../../bench/chaos/workerProcess';
import { workflowBundle } from '../support/temporal';

/**
 * `npm run chaos` at a reduced size. The worker runs from the sources over Jest's fresh workflow
 * bundle, so the test never depends on dist/. A SIGKILL can strand an activity until its timeout passes (15 s
 * for a record, a notice's 15-second heartbeat timeout), which is most of this test's time.
 */
describe('a chaos run: 12 villages, the worker SIGKILLed twice, the dev server restarted once', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    report = await runChaos({
      villages: 12,
      kills: 2,
      serverRestarts: 1,
      seed: 2026,
      timeoutMs: 170_000,
      worker: sourceWorker(workflowBundle().codePath),
    });
    const lines: string[] = [];
    printReport(report, (line) => lines.push(line));
    console.log(lines.join('\n'));
  }, 200_000);

  it('kills the worker and restarts the server as often as asked', () => {
    expect(report.chaos).toMatchObject({ workerKills: 2, serverRestarts: 1 });
  });

  it('completes every village', () => {
    expect({ completed: report.tally.completed, problems: report.problems }).toEqual({ completed: 12, problems: [] });
  });

  it('records every accepted decision exactly once, with its seq and type', () => {
    const { decisionsAccepted, decisionRows, decisionDuplicates, decisionsNotRecordedOnce, decisionRowsUnaccounted } = report.tally;
    expect(decisionsAccepted).toBeGreaterThanOrEqual(12 * 15);
    expect({ decisionRows, decisionDuplicates, decisionsNotRecordedOnce, decisionRowsUnaccounted }).toEqual({
      decisionRows: decisionsAccepted,
      decisionDuplicates: 0,
      decisionsNotRecordedOnce: 0,
      decisionRowsUnaccounted: 0,
    });
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

  it('sends every notice of the happy path exactly once', () => {
    const { noticesExpected, noticeRows, noticeDuplicates, noticesMissing, noticesUnexpected } = report.tally;
    expect({ noticeRows, noticeDuplicates, noticesMissing, noticesUnexpected }).toEqual({
      noticeRows: noticesExpected,
      noticeDuplicates: 0,
      noticesMissing: 0,
      noticesUnexpected: 0,
    });
  });

  it('records one outcome per village', () => {
    expect({ outcomeRows: report.tally.outcomeRows, outcomesNotOnce: report.tally.outcomesNotOnce }).toEqual({
      outcomeRows: 12,
      outcomesNotOnce: 0,
    });
  });

  it('fails no workflow task', () => {
    expect(report.workflowTaskFailures).toEqual([]);
    expect(report.tally.workflowTaskFailed).toBe(0);
  });

  it('holds every invariant the chaos script checks', () => {
    expect(report.failures).toEqual([]);
  });
});
