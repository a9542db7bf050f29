import type { temporal } from '@temporalio/proto';
import { tsToMs } from '@temporalio/common/lib/time';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { OutcomeStore } from '../../activities/store';
import { decideUpdate, TASK_QUEUE } from '../../workflows/contract';
import { driveUntil, person, scriptFor, startVillage, status, villageInput } from '../support/election';
import { tempStore } from '../support/stores';
import { openPayloads, testConnection, testNativeConnection, uniqueId, workflowBundle, testDataConverter } from '../support/temporal';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const ESCALATION_MS = 4000;
const PROPOSAL = 'propose-postponement';
const REFUSAL = 'refuse-postponement';
/** How long the refusal's record activity waits for the timer at most: well inside the activity's 15-second timeout. */
const HOLD_LIMIT_MS = 12_000;

const idOf = (event: HistoryEvent | undefined) => (event ? Number(event.eventId) : NaN);
/** An activity's input as the history holds it: sealed by the codec, opened here. */
const inputOf = async (event: HistoryEvent) =>
  (await openPayloads(event.activityTaskScheduledEventAttributes!.input!.payloads))[0] as Record<string, unknown>;

/**
 * The events of one village's history that show the race: the escalation timer the postponement request
 * started, its firing, the refusal's record activity (scheduled and completed) and the refusal's completion.
 */
async function raceIn(events: HistoryEvent[]) {
  const proposed = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === PROPOSAL);
  const started = events.find(
    (e) =>
      idOf(e) > idOf(proposed) &&
      e.timerStartedEventAttributes &&
      tsToMs(e.timerStartedEventAttributes.startToFireTimeout) === ESCALATION_MS,
  );
  const fired = events.find((e) => started && Number(e.timerFiredEventAttributes?.startedEventId) === idOf(started));
  const records = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordDecision');
  const types = await Promise.all(records.map(async (e) => (await inputOf(e)).type));
  const recorded = records.find((_, i) => types[i] === 'REFUSE_POSTPONEMENT');
  const recordDone = events.find((e) => recorded && Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === idOf(recorded));
  const refused = events.find((e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === REFUSAL);
  return { started, fired, recorded, recordDone, refused };
}

/**
 * A timer that fires while the decision that cancels it is still being recorded must not be delivered
 * afterwards: cancelled is cancelled. The race is made certain by the history itself: the decision's record
 * activity is held until the village's history shows the timer fired.
 */
describe('a timer that fires while the decision cancelling it is being processed', () => {
  let store: OutcomeStore;
  let close: () => Promise<void>;
  const taskQueue = uniqueId(TASK_QUEUE);
  let client: Awaited<ReturnType<typeof testConnection>>['client'];

  /** Waits until the village's history holds the firing of the postponement request's escalation timer. */
  async function escalationFired(workflowId: string): Promise<void> {
    const giveUpAt = Date.now() + HOLD_LIMIT_MS;
    while (Date.now() < giveUpAt) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      if ((await raceIn(history.events ?? [])).fired) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    store = await tempStore('SQLite');
    const real = createActivities(store);
    const activities = {
      ...real,
      async recordDecision(input: Parameters<typeof real.recordDecision>[0]) {
        if (input.type === 'REFUSE_POSTPONEMENT') await escalationFired(input.workflowId);
        return real.recordDecision(input);
      },
    };
    const connection = await testNativeConnection();
    const worker = await Worker.create({
      dataConverter: testDataConverter(),
      connection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities,
    });
    const running = worker.run();
    const clientSide = await testConnection();
    client = clientSide.client;
    close = async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await clientSide.connection.close();
      await store.close();
    };
  });
  afterAll(() => close());

  it('never delivers it: a refused postponement does not leave its escalation to strike the start approval', async () => {
    const input = villageInput();
    const plan = {
      durationOverridesMs: { publicity: 200, conferenceNotice: 200, approvalReminder: 600_000, approvalEscalation: ESCALATION_MS },
    };
    const handle = await startVillage(client, taskQueue, { ...input, plan });
    await driveUntil(handle, scriptFor(input), (v) => v.stage === 'startApproval');

    const proposal = {
      type: 'PROPOSE_POSTPONEMENT',
      by: person('town-committee'),
      reason: 'a dispute over the land contracts',
      until: '2027-06-30',
    };
    await handle.executeUpdate(decideUpdate, { args: [proposal], updateId: PROPOSAL });
    const requested = await status(handle);
    expect(requested.stage).toBe('postponementRequested');
    const escalation = requested.timers.find((t) => t.id === 'approvalEscalation')!;
    // The county refuses; its record activity is held until the escalation timer has fired, before the refusal's exit cancels it.
    const refusal = { type: 'REFUSE_POSTPONEMENT', by: person('county-org-dept'), reason: 'the village can proceed' };
    const back = await handle.executeUpdate(decideUpdate, { args: [refusal], updateId: REFUSAL });
    expect(back.stage).toBe('startApproval');

    const race = await raceIn((await handle.fetchHistory()).events ?? []);
    // The race happened: the timer fired while the refusal was being recorded, before the refusal completed.
    expect(race.fired).toBeDefined();
    expect(idOf(race.recorded)).toBeLessThan(idOf(race.fired));
    expect(idOf(race.fired)).toBeLessThan(idOf(race.recordDone));
    expect(idOf(race.recordDone)).toBeLessThan(idOf(race.refused));
    // And its event was never delivered: no escalation notice was posted, the start approval's clock is untouched.
    const view = await status(handle);
    expect(view.stage).toBe('startApproval');
    expect(view.overdue).toBe(false);
    expect((await store.notices({ workflowId: handle.workflowId })).map((n) => n.kind)).not.toContain('approval-escalation');
    const restarted = view.timers.find((t) => t.id === 'approvalEscalation');
    expect(Date.parse(restarted!.firesAt)).toBeGreaterThan(Date.parse(escalation.firesAt));
  });
});
