import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { decisionSignal } from '../../workflows/contract';
import { decide, person, startVillage, status, useElectionWorker, villageInput, waitFor } from '../support/election';

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

/** The village's failed workflow tasks, other than completions the server handed back because a message raced them. */
async function failedWorkflowTasks(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((event) => event.workflowTaskFailedEventAttributes)
    .filter((failed) => failed && failed.cause !== UNHANDLED_COMMAND)
    .map((failed) => `cause ${failed!.cause}: ${failed!.failure?.message}`);
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
});
