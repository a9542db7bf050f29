import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type DataConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { createActivities } from '../../activities';
import { createSinks } from '../../activities/sinks';
import type { OutcomeStore } from '../../activities/store';
import { electionDataConverter, KEY_ID_METADATA, parseKeyRing } from '../../common/codec';
import { TASK_QUEUE } from '../../workflows/contract';
import { driveUntil, scriptFor, startVillage, villageInput } from '../support/election';
import { tempStore } from '../support/stores';
import { testAddress, TEST_NAMESPACE, uniqueId, workflowBundle } from '../support/temporal';

const key = () => randomBytes(32).toString('base64');
const K1 = key();
const K2 = key();
/** Before the rotation: k1 seals and opens. */
const beforeRotation = electionDataConverter(parseKeyRing({ current: 'k1', keys: { k1: K1 } }, 'the test'));
/** After it: k2 seals, k1 still opens what it sealed. */
const afterRotation = electionDataConverter(parseKeyRing({ current: 'k2', keys: { k1: K1, k2: K2 } }, 'the test'));
/** A key ring that lost k1 too early. */
const withoutK1 = electionDataConverter(parseKeyRing({ current: 'k2', keys: { k2: K2 } }, 'the test'));

/** The key ids named by every sealed payload of a history, in the order they appear. */
function keyIdsIn(history: temporal.api.history.v1.IHistory): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const metadata = (node as { metadata?: Record<string, Uint8Array> }).metadata;
    const id = metadata?.[KEY_ID_METADATA];
    if (id instanceof Uint8Array) ids.add(Buffer.from(id).toString('utf8'));
    Object.values(node).forEach(visit);
  };
  visit(temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), { bytes: Uint8Array }));
  return ids;
}

/** Runs `body` with a worker and a client that both use `dataConverter`, as the worker and the CLI do after a restart. */
async function withConverter<T>(
  dataConverter: DataConverter,
  store: OutcomeStore,
  taskQueue: string,
  body: (client: Client) => Promise<T>,
): Promise<T> {
  const connection = await Connection.connect({ address: testAddress() });
  const workerConnection = await NativeConnection.connect({ address: testAddress() });
  const worker = await Worker.create({
    connection: workerConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    dataConverter,
    activities: createActivities(store),
    sinks: createSinks(store),
  });
  try {
    return await worker.runUntil(body(new Client({ connection, namespace: TEST_NAMESPACE, dataConverter })));
  } finally {
    await workerConnection.close();
    await connection.close();
  }
}

describe('rotating the codec key', () => {
  let store: OutcomeStore;
  beforeAll(async () => {
    store = await tempStore('SQLite');
  });
  afterAll(() => store?.close());

  it('lets a village started under key 1 finish under key 2, and its history reads only with both keys', async () => {
    const taskQueue = uniqueId(TASK_QUEUE);
    const input = villageInput({}, 300);
    const script = scriptFor(input);
    const workflowId = await withConverter(beforeRotation, store, taskQueue, async (client) => {
      const handle = await startVillage(client, taskQueue, input);
      await driveUntil(handle, script, (view) => view.stage === 'inspection');
      return handle.workflowId;
    });

    const done = await withConverter(afterRotation, store, taskQueue, async (client) =>
      driveUntil(client.workflow.getHandle(workflowId), script, (view) => view.stage === 'completed'),
    );
    expect(done.stage).toBe('completed');
    expect(done.elected.length).toBeGreaterThan(0);

    const connection = await Connection.connect({ address: testAddress() });
    try {
      const raw = await new Client({ connection, namespace: TEST_NAMESPACE }).workflow.getHandle(workflowId).fetchHistory();
      expect([...keyIdsIn(raw)].sort()).toEqual(['k1', 'k2']);
      await expect(
        Worker.runReplayHistory({ dataConverter: afterRotation, workflowBundle: workflowBundle() }, raw, workflowId),
      ).resolves.toBeUndefined();
      // The start input was sealed with k1: it opens with the rotated ring, and not with a ring that dropped k1 too early.
      const startInput = (raw.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? []) as Payload[];
      const [opened] = await afterRotation.payloadCodecs![0]!.decode(startInput);
      expect(defaultPayloadConverter.fromPayload<{ village: string }>(opened!).village).toBe(input.village);
      await expect(withoutK1.payloadCodecs![0]!.decode(startInput)).rejects.toThrow(/"k1".*not in this codec's key ring/);
    } finally {
      await connection.close();
    }
  });
});
