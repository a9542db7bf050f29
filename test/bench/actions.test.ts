import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { billableActions } from '../../bench/actions';

/** A captured history of test/replay/histories, as the server wrote it. */
const captured = (file: string) =>
  historyFromJSON(JSON.parse(readFileSync(join(__dirname, '..', 'replay', 'histories', file), 'utf8')) as unknown);

describe("Temporal Cloud's billable actions counted from a history", () => {
  // happy-path.v3.json, counted by hand: 242 events; 1 start; 16 updates accepted; 17 activities, each started on
  // attempt 1; 12 markers recorded by 6 workflow tasks (events 4, 52, 68, 119, 138 and 219: 4 of them patch markers,
  // 8 local activities); 8 timers started; 24 upserts, 4 of which set TemporalChangeVersion alone.
  it('counts a whole village: one action per start, update, activity, timer and upsert, and one per workflow task with markers', () => {
    expect(billableActions([captured('happy-path.v3.json')])).toEqual({
      workflowStarts: 1,
      childWorkflowStarts: 0,
      searchAttributeUpserts: 20,
      optionsUpdates: 0,
      resets: 0,
      signals: 0,
      updatesAccepted: 16,
      updatesRejected: 0,
      activityAttempts: 17,
      localActivityTasks: 6,
      localActivityRetries: 0,
      timersStarted: 8,
      queries: 0,
      total: 68,
    });
  });

  it('counts each retry of an activity, from the attempt its started event holds', () => {
    // notice-delivery-retried.json: one delivery activity, scheduled once and started on attempt 2.
    expect(billableActions([captured('notice-delivery-retried.json')])).toMatchObject({ workflowStarts: 1, activityAttempts: 2, total: 3 });
  });

  it('counts every signal, and does not count a termination', () => {
    // refused-signals.v3.json: 3 signals, 3 activities, markers from one workflow task, 5 upserts of which 3 are
    // TemporalChangeVersion alone; the run ends terminated, which is no action.
    const counted = billableActions([captured('refused-signals.v3.json')]);
    expect(counted).toMatchObject({ signals: 3, activityAttempts: 3, localActivityTasks: 1, searchAttributeUpserts: 2, total: 10 });
  });

  it('adds the queries and the updates the validator refused, which history never shows', () => {
    const counted = billableActions([captured('happy-path.v3.json')], { queries: 15, updatesRefused: 2 });
    expect(counted).toMatchObject({ queries: 15, updatesRejected: 2, total: 68 + 15 + 2 });
  });

  it('counts every run of a workflow that continued as new', () => {
    const run = captured('happy-path.v3.json');
    expect(billableActions([run, run]).total).toBe(2 * 68);
  });
});
