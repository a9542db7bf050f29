import type { temporal } from '@temporalio/proto';
import { tsToMs } from '@temporalio/common/lib/time';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { NoticeInput } from '../../activities/contract';
import type { OutcomeStore } from '../../activities/store';
import { nextScriptedDecision } from '../../client/demo/townOffice';
import { LATEST_MACHINE_VERSION } from '../../machines/versions';
import { decisionSignal, TASK_QUEUE, WORKFLOW_TYPE } from '../../workflows/contract';
import type { villageElection } from '../../workflows';
import { driveUntil, scriptFor, status, villageInput, waitFor } from '../support/election';
import { tempStore } from '../support/stores';
import { testConnection, testNativeConnection, uniqueId, workflowBundle, testDataConverter } from '../support/temporal';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const REMINDER_MS = 300;
const ESCALATION_MS = 1500;
/** Short enough that the worker completes a workflow task while the held notice runs (at 80% of it) and so takes the timer's firing. */
const TASK_TIMEOUT = '2 seconds';
const HOLD_LIMIT_MS = 12_000;

/** Where the escalation timer's firing is in the history, or -1. */
const escalationFiring = (events: HistoryEvent[]) => {
  const started = events.find(
    (e) => e.timerStartedEventAttributes && tsToMs(e.timerStartedEventAttributes.startToFireTimeout) === ESCALATION_MS,
  );
  return started ? events.findIndex((e) => Number(e.timerFiredEventAttributes?.startedEventId) === Number(started.eventId)) : -1;
};

/**
 * The race of docs/known-issues/withdraw-patch-race.md, made certain: the approval reminder's notice (a local
 * activity) is held until the escalation timer has fired and a later workflow task has taken the firing, while the
 * decision that leaves the stage (and so cancels the escalation) waits in the queue. Live, the firing reaches the
 * workflow during the local activity; on replay the SDK may hand the local activity's result over first. Whatever
 * the order, the history must replay.
 */
describe('a timer that fires while a local activity runs and is cancelled just after', () => {
  let store: OutcomeStore;
  let close: () => Promise<void>;
  const taskQueue = uniqueId(TASK_QUEUE);
  let client: Awaited<ReturnType<typeof testConnection>>['client'];
  let held: (workflowId: string) => void = () => {};

  /** Waits until the village's history holds the escalation's firing and a workflow task completed after it. */
  async function firingTaken(workflowId: string): Promise<void> {
    const giveUpAt = Date.now() + HOLD_LIMIT_MS;
    while (Date.now() < giveUpAt) {
      const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
      const fired = escalationFiring(events);
      if (fired >= 0 && events.slice(fired).some((e) => e.workflowTaskCompletedEventAttributes)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    store = await tempStore('SQLite');
    const real = createActivities(store);
    const activities = {
      ...real,
      async postNotice(input: NoticeInput) {
        if (input.kind === 'approval-reminder') {
          held(input.workflowId);
          await firingTaken(input.workflowId);
        }
        return real.postNotice(input);
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

  /** A village with a short approval clock, on a short workflow task timeout. */
  function startWithClock(approvalReminder: number) {
    const input = {
      ...villageInput(),
      machineVersion: LATEST_MACHINE_VERSION,
      plan: { durationOverridesMs: { publicity: 200, conferenceNotice: 200, approvalReminder, approvalEscalation: ESCALATION_MS } },
    };
    const started = client.workflow.start<typeof villageElection>(WORKFLOW_TYPE, {
      taskQueue,
      workflowId: uniqueId('timer-race'),
      args: [input],
      workflowTaskTimeout: TASK_TIMEOUT,
    });
    return { input, started };
  }

  it('replays: the cancelled escalation is never taken, live or on replay', async () => {
    const { input, started } = startWithClock(REMINDER_MS);
    const handle = await started;
    const heldNow = new Promise<void>((resolve) => (held = (id) => id === handle.workflowId && resolve()));
    const script = scriptFor(input);
    const view = await driveUntil(handle, script, (v) => v.stage === 'startApproval');
    const approval = nextScriptedDecision(view, script);
    expect(approval).toBeTruthy();

    // The reminder fires and its notice is held; the approval waits in the queue behind it.
    await heldNow;
    await handle.signal(decisionSignal, approval);
    const after = await waitFor(handle, (v) => v.stage !== 'startApproval');
    expect(after.overdue).toBe(false);

    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    // The race happened: the escalation fired (it was not stopped by a cancel command) ...
    expect(escalationFiring(events)).toBeGreaterThan(0);
    expect(events.some((e) => e.timerCanceledEventAttributes)).toBe(false);
    // ... and its event was never taken: no escalation notice, though the timer fired before the approval was taken.
    expect((await store.notices({ workflowId: handle.workflowId })).map((n) => n.kind)).not.toContain('approval-escalation');
    await expect(
      Worker.runReplayHistory({ dataConverter: testDataConverter(), workflowBundle: workflowBundle() }, history),
    ).resolves.toBeUndefined();
    expect((await status(handle)).stage).toBe(after.stage);
  });

  it('sends no cancel command: an escalation cancelled before it fires fires later into nothing', async () => {
    const { input, started } = startWithClock(600_000);
    const handle = await started;
    const script = scriptFor(input);
    const view = await driveUntil(handle, script, (v) => v.stage === 'startApproval');
    const escalation = view.timers.find((t) => t.id === 'approvalEscalation')!;
    await handle.signal(decisionSignal, nextScriptedDecision(view, script));
    const after = await waitFor(handle, (v) => v.stage !== 'startApproval' && !v.timers.some((t) => t.firesAt === escalation.firesAt));

    // The firing comes after the approval was taken, and changes nothing.
    await waitFor(handle, async () => escalationFiring((await handle.fetchHistory()).events ?? []) > 0);
    const history = await handle.fetchHistory();
    expect(history.events!.some((e) => e.timerCanceledEventAttributes)).toBe(false);
    const now = await status(handle);
    expect(now.stage).toBe(after.stage);
    expect(now.overdue).toBe(false);
    expect((await store.notices({ workflowId: handle.workflowId })).map((n) => n.kind)).not.toContain('approval-escalation');
    await expect(
      Worker.runReplayHistory({ dataConverter: testDataConverter(), workflowBundle: workflowBundle() }, history),
    ).resolves.toBeUndefined();
  });
});
