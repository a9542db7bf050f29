import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { OutcomeStore } from '../../activities/store';
import { TASK_QUEUE } from '../../workflows/contract';
import { decide, driveUntil, person, scriptFor, startVillage, status, villageInput, waitFor } from '../support/election';
import { tempStore } from '../support/stores';
import { testConnection, testNativeConnection, uniqueId, workflowBundle } from '../support/temporal';

/**
 * A timer that fires while the decision that cancels it is still being recorded must not be delivered
 * afterwards: cancelled is cancelled. The race is made certain by holding the decision's record activity until
 * just after the timer is due.
 */
describe('a timer that fires while the decision cancelling it is being processed', () => {
  let store: OutcomeStore;
  /** The record activity of a REFUSE_POSTPONEMENT waits until then (epoch ms). */
  let holdRefusalUntil = 0;
  let close: () => Promise<void>;
  const taskQueue = uniqueId(TASK_QUEUE);
  let client: Awaited<ReturnType<typeof testConnection>>['client'];

  beforeAll(async () => {
    store = await tempStore('SQLite');
    const real = createActivities(store);
    const activities = {
      ...real,
      async recordDecision(input: Parameters<typeof real.recordDecision>[0]) {
        if (input.type === 'REFUSE_POSTPONEMENT') await new Promise((resolve) => setTimeout(resolve, Math.max(0, holdRefusalUntil - Date.now())));
        return real.recordDecision(input);
      },
    };
    const connection = await testNativeConnection();
    const worker = await Worker.create({ connection, taskQueue, workflowBundle: workflowBundle(), activities });
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
    const escalationMs = 4000;
    const plan = { durationOverridesMs: { publicity: 200, conferenceNotice: 200, approvalReminder: 600_000, approvalEscalation: escalationMs } };
    const handle = await startVillage(client, taskQueue, { ...input, plan });
    await driveUntil(handle, scriptFor(input), (v) => v.stage === 'startApproval');

    await decide(handle, { type: 'PROPOSE_POSTPONEMENT', by: person('town-committee'), reason: 'a dispute over the land contracts', until: '2027-06-30' });
    const requested = await status(handle);
    expect(requested.stage).toBe('postponementRequested');
    const escalation = requested.timers.find((t) => t.id === 'approvalEscalation')!;
    // The county's escalation timer fires while the refusal is being recorded, before its exit cancels the timer.
    holdRefusalUntil = Date.parse(escalation.firesAt) + 1500;
    const back = await decide(handle, { type: 'REFUSE_POSTPONEMENT', by: person('county-org-dept'), reason: 'the village can proceed' });
    expect(back.stage).toBe('startApproval');
    expect(Date.now()).toBeGreaterThan(Date.parse(escalation.firesAt));

    // Give a stale event every chance to be processed, then check the start approval's clock is untouched.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const view = await waitFor(handle, (v) => v.stage === 'startApproval');
    expect(view.overdue).toBe(false);
    const kinds = (await store.notices({ workflowId: handle.workflowId })).map((n) => n.kind);
    expect(kinds).not.toContain('approval-escalation');
    const restarted = view.timers.find((t) => t.id === 'approvalEscalation');
    expect(Date.parse(restarted!.firesAt)).toBeGreaterThan(Date.parse(escalation.firesAt));
  });
});
