import type { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { testConnection, uniqueId } from './temporal';

/**
 * Activities run as Temporal runs them in one run of workflow `workflowId` (the run id is what a reset changes), with
 * a client of the test server: posting a notice starts its delivery workflow, on a task queue no worker polls here,
 * so it waits there and a test can look at it. Call at the top of a `describe`.
 */
export function useActivityRuns(workflowId: string): { inRun: (runId: string) => MockActivityEnvironment; client: () => Client } {
  const taskQueue = uniqueId('activity-runs');
  let connection: Connection | undefined;
  let client: Client | undefined;
  beforeAll(async () => {
    ({ connection, client } = await testConnection());
  });
  afterAll(async () => {
    await connection?.close();
  });
  return {
    inRun: (runId) => new MockActivityEnvironment({ workflowExecution: { workflowId, runId }, taskQueue }, { client }),
    client: () => {
      if (!client) throw new Error('useActivityRuns: the client is opened in beforeAll');
      return client;
    },
  };
}
