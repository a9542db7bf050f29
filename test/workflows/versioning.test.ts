import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { createActivities } from '../../activities';
import { LATEST_MACHINE_VERSION, MACHINE_VERSIONS } from '../../machines/versions';
import { TASK_QUEUE } from '../../workflows/contract';
import { driveUntil, scriptFor, startVillage, tempStore, villageInput } from '../support/election';
import { testConnection, testNativeConnection, uniqueId, workflowBundle, testDataConverter } from '../support/temporal';

describe('changing the statechart while elections are in flight', () => {
  it('lets an election started on the latest version finish on it while a new one takes the next version', async () => {
    const { connection, client } = await testConnection();
    const store = await tempStore();
    const taskQueue = uniqueId(TASK_QUEUE);
    const stages = (decisions: { stage: string }[]) => [...new Set(decisions.map((d) => d.stage))];

    // Release N: the published workflow bundle.
    const workerConnection = await testNativeConnection();
    const before = await Worker.create({
      dataConverter: testDataConverter(),
      connection: workerConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: createActivities(store),
    });
    const oldInput = { ...villageInput(), machineVersion: LATEST_MACHINE_VERSION };
    const old = await startVillage(client, taskQueue, oldInput);
    await before.runUntil(driveUntil(old, scriptFor(oldInput), (v) => v.stage === 'memberRecommendation'));

    // Release N+1: its new version drops the mass recommendation; the running election keeps the one it started on.
    const { code } = await bundleWorkflowCode({ workflowsPath: join(__dirname, 'versioned', 'workflows.ts') });
    const after = await Worker.create({
      dataConverter: testDataConverter(),
      connection: workerConnection,
      taskQueue,
      workflowBundle: { code },
      activities: createActivities(store),
    });
    const newInput = { ...villageInput(), machineVersion: LATEST_MACHINE_VERSION + 1 };
    const [oldDone, newDone] = await after.runUntil(async () => {
      const fresh = await startVillage(client, taskQueue, newInput);
      return Promise.all([
        driveUntil(old, scriptFor(oldInput), (v) => v.status !== 'running'),
        driveUntil(fresh, scriptFor(newInput), (v) => v.status !== 'running'),
      ]);
    });

    expect(oldDone.stage).toBe('completed');
    expect(newDone.stage).toBe('completed');
    expect(stages(oldDone.decisions)).toContain('massRecommendation');
    expect(stages(newDone.decisions)).not.toContain('massRecommendation');
    expect(newDone.decisions.map((d) => d.type)).not.toContain('RECORD_MASS_RECOMMENDATION');
    await workerConnection.close();
    await connection.close();
    await store.close();
  });

  it('refuses to start an election on a version this worker does not know, naming the versions it knows', async () => {
    const { connection, client } = await testConnection();
    const store = await tempStore();
    const taskQueue = uniqueId(TASK_QUEUE);
    const workerConnection = await testNativeConnection();
    const worker = await Worker.create({
      dataConverter: testDataConverter(),
      connection: workerConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: createActivities(store),
    });
    const handle = await startVillage(client, taskQueue, { ...villageInput(), machineVersion: 9 });
    await expect(worker.runUntil(handle.result())).rejects.toMatchObject({
      cause: { message: `machineVersion: got 9; this worker knows versions ${Object.keys(MACHINE_VERSIONS).join(', ')}` },
    });
    await workerConnection.close();
    await connection.close();
    await store.close();
  });
});
