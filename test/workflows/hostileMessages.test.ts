import { Client, Connection, WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { LIMITS } from '../../machines/limits';
import { persistSnapshot } from '../../machines/persistence';
import { LATEST_MACHINE_VERSION } from '../../machines/versions';
import { decisionSignal, WORKFLOW_TYPE } from '../../workflows/contract';
import type { CarriedElection } from '../../workflows/villageElection';
import { atStage, driveTo, electionMachine } from '../machines/fixtures';
import { decide, person, startVillage, status, useElectionWorker, villageInput, waitFor } from '../support/election';
import { openPayloads, testAddress, testDataConverter, uniqueId } from '../support/temporal';

const env = useElectionWorker();

/** `WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND`: a completion that raced a new message, handed back by the server, not a failure of the workflow's code. */
const UNHANDLED_COMMAND = 1;

/** An object nested `depth` levels deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

/**
 * What a sender can put in the JSON of `temporal workflow signal --name decision` or an update: objects where
 * strings belong (with `toString`/`valueOf` keys that break `String()`), an own `__proto__` key, lists, bare values.
 */
const HOSTILE: unknown[] = [
  { type: { toString: 1 } },
  { type: { toString: 1, valueOf: 1 } },
  { type: { toString: {}, valueOf: [] }, by: { toString: 1 } },
  {
    type: 'RECORD_INVESTIGATION',
    by: { id: { toString: 1 }, role: { valueOf: 1 }, name: 'x' },
    category: { toString: 1 },
    stable: true,
    representatives: 3,
  },
  { type: 'CANCEL', by: { ...person('town-committee'), toString: 1 }, reason: { valueOf: 1 } },
  JSON.parse('{"__proto__": {"type": "CANCEL"}, "type": {"__proto__": null}}'),
  { type: ['CANCEL'] },
  { type: nested(2_000) },
  { type: 'CANCEL', by: person('town-committee'), reason: nested(2_000) },
  null,
  42,
  'CANCEL',
];

/** Failed workflow tasks in a history, other than completions the server handed back because a message raced them. */
function failedTasksIn(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? [])
    .map((event) => event.workflowTaskFailedEventAttributes)
    .filter((failed) => failed && failed.cause !== UNHANDLED_COMMAND)
    .map((failed) => `cause ${failed!.cause}: ${failed!.failure?.message}`);
}

/** The village's failed workflow tasks in its current run. */
async function failedWorkflowTasks(handle: WorkflowHandle): Promise<string[]> {
  return failedTasksIn(await handle.fetchHistory());
}

/**
 * Every run of a workflow, first to latest, following continue-as-new. Read with a 64 MiB receive limit: the signals
 * that arrive while a workflow task runs are written in one batch, and a page never splits a batch, so 500 signals of
 * 10 kB make a page of 5 MB, past the 4 MiB a client reads by default.
 */
async function runsOf(workflowId: string, firstRunId: string): Promise<temporal.api.history.v1.IHistory[]> {
  const connection = await Connection.connect({
    address: testAddress(),
    channelArgs: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 },
  });
  try {
    const client = new Client({ connection, namespace: env.client.options.namespace, dataConverter: testDataConverter() });
    const runs: temporal.api.history.v1.IHistory[] = [];
    for (let runId: string | null | undefined = firstRunId; runId;) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      runs.push(history);
      runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
    return runs;
  } finally {
    await connection.close();
  }
}

/** A run's input as it reached the server: the size in bytes of each argument, and the arguments. */
async function startInput(run: temporal.api.history.v1.IHistory): Promise<{ bytes: number; args: unknown[] }> {
  const payloads = run.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  const bytes = payloads.reduce((sum, p) => sum + (p.data?.length ?? 0), 0);
  return { bytes, args: await openPayloads(payloads) };
}

describe('messages a hostile or careless sender may send', () => {
  it('refuses every one with a reason, as a signal and as an update, and the village still goes on', async () => {
    const handle = await startVillage(env.client, env.taskQueue, villageInput());

    for (const message of HOSTILE) await handle.signal(decisionSignal, message);
    const refused = await waitFor(handle, (v) => v.refusals.length === HOSTILE.length);
    expect(refused.stage).toBe('investigation');
    for (const refusal of refused.refusals) {
      expect(refusal).toEqual(
        expect.objectContaining({ via: 'signal', type: expect.any(String), code: expect.any(String), reason: expect.any(String) }),
      );
      expect(refusal.reason.length).toBeGreaterThan(0);
    }
    expect(refused.refusals[0]).toEqual(expect.objectContaining({ type: '{"toString":1}', code: 'UNKNOWN_DECISION' }));

    for (const message of HOSTILE) {
      const update = decide(handle, message as Record<string, unknown>);
      await expect(update).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(update).rejects.toMatchObject({ cause: { type: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) } });
    }

    const receipt = await decide(handle, {
      type: 'RECORD_INVESTIGATION',
      by: person('guidance-group'),
      category: 'good',
      stable: true,
      representatives: 24,
    });
    expect(receipt.stage).toBe('startRequest');
    const view = await status(handle);
    expect(view.stage).toBe('startRequest');
    expect(view.decisions.map((d) => d.type)).toEqual(['RECORD_INVESTIGATION']);
    expect(await env.store.refusals(handle.workflowId)).toHaveLength(HOSTILE.length);
    expect(await failedWorkflowTasks(handle)).toEqual([]);
  });

  it('keeps the latest refusals and counts them all, so that junk signals cannot grow what continue-as-new carries', async () => {
    const junk = 500;
    const handle = await startVillage(env.client, env.taskQueue, { ...villageInput(), historyLimit: 200 });
    // Each refusal quotes its type: 5,000 characters each, 2.5 MB over the 500, if it were kept whole.
    const junkSignal = (n: number) =>
      handle.signal(decisionSignal, {
        type: `junk ${n} ${'x'.repeat(5_000)}`,
        by: { toString: 1 },
        reason: 'y'.repeat(5_000),
      });
    // Signals sent together arrive in any order; the last one goes alone, so it is the newest refusal.
    for (let sent = 0; sent < junk - 1; sent += 50) {
      await Promise.all(Array.from({ length: Math.min(50, junk - 1 - sent) }, (_, i) => junkSignal(sent + i + 1)));
    }
    await junkSignal(junk);
    const latest = env.client.workflow.getHandle(handle.workflowId);
    const view = await waitFor(latest, (v) => v.refusalCount === junk, 120_000);
    expect(view.refusals).toHaveLength(LIMITS.refusalsKept);
    expect(view.refusals.at(-1)!.type).toMatch(/^"junk 500 x+… \(5,009 characters\)$/);
    for (const refusal of view.refusals) {
      expect(refusal.type.length).toBeLessThanOrEqual(LIMITS.echoLength);
      expect(refusal.reason.length).toBeLessThanOrEqual(LIMITS.refusalReasonLength);
    }

    const runs = await runsOf(handle.workflowId, handle.firstExecutionRunId);
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs.slice(1)) {
      const { bytes, args } = await startInput(run);
      const carried = args[1] as CarriedElection;
      expect(carried.refusals.length).toBeLessThanOrEqual(LIMITS.refusalsKept);
      expect(carried.refusalCount).toBeGreaterThanOrEqual(carried.refusals.length);
      expect(bytes).toBeLessThan(200_000);
    }
    expect(runs.flatMap(failedTasksIn)).toEqual([]);

    // The store keeps every refusal, numbered on from the count across the runs: no key is used twice.
    const stored = await env.store.refusals(handle.workflowId);
    expect(stored).toHaveLength(junk);
    const numbers = stored.map((r) => Number(/refusal\/(\d+)$/.exec(r.key)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: junk }, (_, i) => i + 1));

    const receipt = await decide(latest, {
      type: 'RECORD_INVESTIGATION',
      by: person('guidance-group'),
      category: 'good',
      stable: true,
      representatives: 24,
    });
    expect(receipt.stage).toBe('startRequest');
  });

  it('fails a fresh start that passes carried-over state: a start cannot choose its stage, timers or record', async () => {
    const input = { ...villageInput(), machineVersion: LATEST_MACHINE_VERSION };
    // A state a run could carry: the result awaiting approval, with nothing recorded.
    const run = driveTo(atStage('resultApproval'));
    const carried: CarriedElection = {
      snapshot: persistSnapshot(electionMachine, run.snapshot),
      seq: 40,
      decisions: [],
      refusals: [],
      timers: [],
    };
    const handle = await env.client.workflow.start(WORKFLOW_TYPE, {
      taskQueue: env.taskQueue,
      workflowId: uniqueId('reelection'),
      args: [input, carried],
    });
    for (let i = 0; i < 100 && (await handle.describe()).status.name === 'RUNNING'; i += 1) await new Promise((r) => setTimeout(r, 100));
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toMatchObject({
      type: 'CARRIED_STATE_REFUSED',
      nonRetryable: true,
      message: expect.stringMatching(/^carried: got a second argument on a fresh start; accepted: the election input alone/),
    });
    expect(await failedWorkflowTasks(handle)).toEqual([]);
    expect(await env.store.decisions(handle.workflowId)).toEqual([]);
  });

  it('refuses several 1.9 MB updates sent at once, and the village runs on (the server would end a village whose reply passed 4 MB)', async () => {
    const handle = await startVillage(env.client, env.taskQueue, villageInput());
    const huge = { type: 'CANCEL', by: person('town-committee'), reason: 'x'.repeat(1_900_000) };
    const updates = await Promise.allSettled(Array.from({ length: 4 }, () => decide(handle, huge)));
    for (const update of updates) {
      expect(update).toMatchObject({ status: 'rejected', reason: { cause: { type: 'INVALID_PAYLOAD' } } });
      const message = ((update as PromiseRejectedResult).reason as WorkflowUpdateFailedError).cause!.message;
      expect(message).toMatch(/^CANCEL: reason: got "x+… \(1,900,000 characters\) \(accepted: a reason of 2 to 2,000 characters/);
    }
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await failedWorkflowTasks(handle)).toEqual([]);
    const receipt = await decide(handle, {
      type: 'RECORD_INVESTIGATION',
      by: person('guidance-group'),
      category: 'good',
      stable: true,
      representatives: 24,
    });
    expect(receipt.stage).toBe('startRequest');
  });
});
