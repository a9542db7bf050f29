import type { Client, WorkflowHandle } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { resolveTemporalCli } from '../../client/tools';
import { Worker } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createActivities } from '../../activities';
import { createSinks } from '../../activities/sinks';
import type { ChannelConfig } from '../../activities/notices';
import type { OutcomeStore } from '../../activities/store';
import { demoRoster, heluoInput, HELUO_VILLAGES } from '../../client/demo/heluo';
import { demoSeats, nextScriptedDecision, SCRIPTED_PEOPLE, type OfficeScript } from '../../client/demo/townOffice';
import type { DecisionEvent } from '../../machines/events';
import type { ElectionInputRaw } from '../../machines/input';
import type { Role } from '../../machines/roles';
import { LATEST_MACHINE_VERSION } from '../../machines/versions';
import type { PublicView } from '../../machines/view';
import { decideUpdate, statusQuery, TASK_QUEUE, WORKFLOW_TYPE, type DecisionReceipt } from '../../workflows/contract';
import type { villageElection } from '../../workflows';
import type { Payload } from '@temporalio/common';
import { isSealed } from '../../common/codec';
import { tempStore, type StoreKind } from './stores';
import { testAddress, testConnection, testNativeConnection, uniqueId, workflowBundle, testDataConverter } from './temporal';

/** A worker on its own task queue over the test dev server, with the real activities. */
export async function electionWorker(store: OutcomeStore, taskQueue = uniqueId(TASK_QUEUE), channels?: ChannelConfig) {
  const connection = await testNativeConnection();
  const worker = await Worker.create({
    dataConverter: testDataConverter(),
    connection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities(store, channels),
    sinks: createSinks(store),
  });
  return { worker, taskQueue, connection };
}

/**
 * Registers beforeAll/afterAll hooks that run one election worker (on its own task queue, over a
 * fresh outcome store on SQLite or PostgreSQL, with the towns' notice channels if given) for the whole test file,
 * and returns what the tests use.
 */
export function useElectionWorker(
  kind: StoreKind = 'SQLite',
  channels?: () => ChannelConfig,
): { readonly client: Client; readonly store: OutcomeStore; readonly taskQueue: string } {
  const state = {} as { client: Client; store: OutcomeStore; taskQueue: string };
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { connection, client } = await testConnection();
    const store = await tempStore(kind);
    // Read when the hook runs, so a test's receivers started in an earlier beforeAll can be named.
    const { worker, taskQueue, connection: workerConnection } = await electionWorker(store, undefined, channels?.());
    const running = worker.run();
    Object.assign(state, { client, store, taskQueue });
    close = async () => {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      await store.close();
    };
  });
  afterAll(() => close?.());
  return state;
}

/** A Heluo-like village input with timers of `timerMs`; `members` sets the roster size. */
export function villageInput(overrides: Partial<ElectionInputRaw> = {}, timerMs = 200): ElectionInputRaw {
  const base = heluoInput(HELUO_VILLAGES[1], 2026, timerMs);
  return { ...base, village: uniqueId('village'), ...overrides };
}

export function scriptFor(input: ElectionInputRaw): OfficeScript {
  return { roster: input.roster, representatives: 24, ...demoSeats(input.roster), today: '2026-11-24' };
}

export async function startVillage(client: Client, taskQueue: string, input: ElectionInputRaw) {
  const versioned = { ...input, machineVersion: input.machineVersion ?? LATEST_MACHINE_VERSION };
  return client.workflow.start<typeof villageElection>(WORKFLOW_TYPE, { taskQueue, workflowId: uniqueId('reelection'), args: [versioned] });
}

export const person = (role: Role) => SCRIPTED_PEOPLE[role];

/** Sends one decision as an update and returns the receipt. */
export const decide = (handle: WorkflowHandle, decision: DecisionEvent | Record<string, unknown>): Promise<DecisionReceipt> =>
  handle.executeUpdate(decideUpdate, { args: [decision] });

export const status = (handle: WorkflowHandle): Promise<PublicView> => handle.query(statusQuery);

/**
 * Lets the scripted town office move the village on until `until(view)` holds, waiting on timers
 * when it has nothing to decide; `override` may replace the scripted decision at a step, `send` how a decision goes.
 */
export async function driveUntil(
  handle: WorkflowHandle,
  script: OfficeScript,
  until: (view: PublicView) => boolean,
  override: (view: PublicView) => DecisionEvent | null | undefined = () => undefined,
  timeoutMs = 60000,
  send: (handle: WorkflowHandle, decision: DecisionEvent) => Promise<unknown> = decide,
): Promise<PublicView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await status(handle);
    if (until(view)) return view;
    if (Date.now() > deadline) throw new Error(`village stuck at ${view.stage}/${view.step ?? ''}: ${JSON.stringify(view.pending)}`);
    const decision = override(view) ?? nextScriptedDecision(view, script);
    if (decision) await send(handle, decision);
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits, without deciding anything, until the village's view (or what the store holds by then) satisfies `until`. */
export async function waitFor(
  handle: WorkflowHandle,
  until: (view: PublicView) => boolean | Promise<boolean>,
  timeoutMs = 20000,
): Promise<PublicView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await status(handle);
    if (await until(view)) return view;
    if (Date.now() > deadline) throw new Error(`timed out at ${view.stage}/${view.step ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Where captured histories are kept; the replay test replays every file there. */
export const HISTORY_DIR = join(__dirname, '..', 'replay', 'histories');

/**
 * With CAPTURE_HISTORIES=1 (`npm run capture-histories`), saves the finished workflow's history as a
 * replay fixture, so that a later change to the machine or the workflow that would break a running
 * election fails the replay test. A history of version 1 is `NAME.json`, of a later version `NAME.vN.json`:
 * capturing again for the latest version never overwrites the histories of the versions before it.
 */
export async function captureHistory(handle: WorkflowHandle, name: string, machineVersion = LATEST_MACHINE_VERSION): Promise<void> {
  if (process.env.CAPTURE_HISTORIES !== '1') return;
  const file = machineVersion > 1 ? `${name}.v${machineVersion}.json` : `${name}.json`;
  mkdirSync(HISTORY_DIR, { recursive: true });
  // The CLI writes the proto3 JSON the replayer reads (the SDK's historyToJSON trips over two protobufjs copies).
  const json = execFileSync(resolveTemporalCli(), [
    'workflow',
    'show',
    '--workflow-id',
    handle.workflowId,
    '--address',
    testAddress(),
    '--output',
    'json',
  ]);
  writeFileSync(join(HISTORY_DIR, file), `${JSON.stringify(await openedHistory(JSON.parse(json.toString('utf8'))), null, 2)}\n`);
}

/**
 * A history as the CLI writes it (proto3 JSON, payloads in base64) with every sealed payload opened: replay fixtures
 * must not depend on the keys of the run that captured them.
 */
async function openedHistory(node: unknown): Promise<unknown> {
  if (Array.isArray(node)) return Promise.all(node.map(openedHistory));
  if (!node || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const metadata = record.metadata as Record<string, string> | undefined;
  if (metadata && typeof metadata === 'object' && isSealed({ metadata: { encoding: Buffer.from(metadata.encoding ?? '', 'base64') } })) {
    let payloads: Payload[] = [
      {
        metadata: Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
        data: Buffer.from(typeof record.data === 'string' ? record.data : '', 'base64'),
      },
    ];
    for (const codec of [...(testDataConverter().payloadCodecs ?? [])].reverse()) payloads = await codec.decode(payloads);
    const [opened] = payloads;
    return {
      metadata: Object.fromEntries(
        Object.entries(opened!.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(opened!.data ?? []).toString('base64'),
    };
  }
  const entries = await Promise.all(Object.entries(record).map(async ([key, value]) => [key, await openedHistory(value)] as const));
  return Object.fromEntries(entries);
}

export { demoRoster, tempStore };
