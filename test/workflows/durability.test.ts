import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { heluoInput, HELUO_VILLAGES } from '../../client/demo/heluo';
import { TASK_QUEUE } from '../../workflows/contract';
import { addDays, beijingDateOfMs, conferenceOpensAt } from '../../machines/rules';
import {
  decide,
  driveUntil,
  electionWorker,
  person,
  scriptFor,
  startVillage,
  status,
  tempStore,
  villageInput,
  waitFor,
} from '../support/election';
import { testConnection, timeSkippingEnv, uniqueId, workflowBundle, testDataConverter } from '../support/temporal';

describe('durability', () => {
  it('finishes villages on a new worker after the first one stopped mid-process', async () => {
    const { connection, client } = await testConnection();
    const store = await tempStore();
    const first = await electionWorker(store);
    const inputs = [villageInput(), villageInput(), villageInput()];
    const handles = await first.worker.runUntil(async () => {
      const started = await Promise.all(inputs.map((input) => startVillage(client, first.taskQueue, input)));
      await Promise.all(started.map((h, i) => driveUntil(h, scriptFor(inputs[i]!), (v) => v.stage === 'publicity')));
      return started;
    });
    await first.connection.close();

    const second = await electionWorker(store, first.taskQueue);
    const finals = await second.worker.runUntil(
      Promise.all(handles.map((h, i) => driveUntil(h, scriptFor(inputs[i]!), (v) => v.status !== 'running'))),
    );
    await second.connection.close();

    expect(finals.map((v) => v.stage)).toEqual(['completed', 'completed', 'completed']);
    for (const handle of handles) {
      const seqs = (await store.decisions(handle.workflowId)).map((d) => d.seq);
      expect(seqs).toEqual([...new Set(seqs)]);
      expect((await store.notices({ workflowId: handle.workflowId })).filter((n) => n.kind === 'candidate-publicity')).toHaveLength(1);
    }
    await connection.close();
    await store.close();
  });

  it('keeps the default 5-working-day publicity period on a durable timer, and opens the conference at the date and time it was called for (time-skipping server)', async () => {
    const env = await timeSkippingEnv();
    const store = await tempStore();
    const taskQueue = uniqueId(TASK_QUEUE);
    try {
      const worker = await Worker.create({
        dataConverter: testDataConverter(),
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: workflowBundle(),
        activities: createActivities(store),
      });
      const input = { ...heluoInput(HELUO_VILLAGES[2]), village: uniqueId('village'), plan: {} };
      await worker.runUntil(async () => {
        const handle = await startVillage(env.client, taskQueue, input);
        const publicity = await driveUntil(handle, scriptFor(input), (v) => v.stage === 'publicity');
        const ends = new Date(publicity.timers.find((t) => t.id === 'publicityPeriod')!.firesAt).getTime();
        const started = new Date(publicity.decisions.at(-1)!.at).getTime();
        // Five working days cannot pass in fewer than five calendar days.
        expect(ends - started).toBeGreaterThanOrEqual(5 * 24 * 3600 * 1000);

        await env.sleep('4 days');
        expect((await status(handle)).stage).toBe('publicity');
        await env.sleep(ends - (await env.currentTimeMs()) + 1000);
        const awaiting = await status(handle);
        expect([awaiting.stage, awaiting.step]).toEqual(['conferenceNotice', 'awaitingCall']);
        expect(awaiting.timers.map((t) => t.id)).not.toContain('conferenceNoticeLead');

        // Called for the earliest day the 7 days of notice allow, at 09:00 Beijing time: the conference opens then.
        const date = addDays(beijingDateOfMs(await env.currentTimeMs()), 7);
        await decide(handle, { type: 'CALL_CONFERENCE', by: person('village-branch'), date, time: '09:00', place: '村党群服务中心会议室' });
        const called = await status(handle);
        const opensAt = called.timers.find((t) => t.id === 'conferenceNoticeLead')!;
        // The host starts the timer a moment after the call was stamped: it fires within a second of 09:00.
        expect(Math.abs(new Date(opensAt.firesAt).getTime() - conferenceOpensAt(date, '09:00'))).toBeLessThan(1000);
        expect(opensAt.endsOn).toBe(date);

        await env.sleep(conferenceOpensAt(date, '09:00') - (await env.currentTimeMs()) - 60_000);
        expect((await status(handle)).stage).toBe('conferenceNotice');
        await env.sleep(120_000);
        expect((await status(handle)).stage).toBe('conference');
      });
    } finally {
      await env.teardown();
      await store.close();
    }
  });

  it('continues as new past its history limit, carrying the machine, the records and the running timers', async () => {
    const { connection, client } = await testConnection();
    const store = await tempStore();
    const { worker, taskQueue, connection: workerConnection } = await electionWorker(store);
    const input = { ...villageInput({}, 1500), historyLimit: 60 };
    await worker.runUntil(async () => {
      const handle = await startVillage(client, taskQueue, input);
      const firstRun = handle.firstExecutionRunId;
      const publicity = await driveUntil(handle, scriptFor(input), (v) => v.stage === 'publicity');
      expect(publicity.timers.map((t) => t.id)).toContain('publicityPeriod');
      const latest = client.workflow.getHandle(handle.workflowId);
      // The slate's approval pushed the history past 60 events: the publicity timer now runs in a later run.
      for (let i = 0; i < 100 && (await latest.describe()).runId === firstRun; i += 1) await new Promise((r) => setTimeout(r, 100));
      expect((await latest.describe()).runId).not.toBe(firstRun);
      const carried = await waitFor(latest, (v) => v.stage === 'conferenceNotice');
      expect(carried.decisions.slice(0, publicity.decisions.length)).toEqual(publicity.decisions);

      const done = await driveUntil(latest, scriptFor(input), (v) => v.status !== 'running');
      expect(done.stage).toBe('completed');
      expect(await latest.result()).toMatchObject({ status: 'completed' });
      const seqs = done.decisions.map((d) => d.seq);
      expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
      expect(await store.decisions(handle.workflowId)).toHaveLength(done.decisions.length);
      expect((await store.notices({ workflowId: handle.workflowId })).filter((n) => n.kind === 'candidate-publicity')).toHaveLength(1);
    });
    await workerConnection.close();
    await connection.close();
    await store.close();
  });
});
