import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import fc from 'fast-check';
import { initialTransition } from 'xstate';
import { admit } from '../../machines/admission';
import { electionMachine } from '../../machines/electionMachine';
import { electionInputSchema } from '../../machines/input';
import { LIMITS } from '../../machines/limits';
import { decideUpdate, decisionSignal } from '../../workflows/contract';
import { decide, person, startVillage, status, useElectionWorker, villageInput, waitFor } from '../support/election';
import { TEST_NAMESPACE, testAddress, testDataConverter } from '../support/temporal';
import { heavyHostile, smallHostileArb, type HostileMessage } from './hostileShapes';

// Thousands of refusals are logged as warnings by the workflow; only errors are worth printing here.
try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // This Jest worker already runs a Temporal runtime; its logger stays.
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
/** Small hostile messages, half sent as signals and half as updates; the heavy ones come on top, each both ways. */
const SMALL = Number(process.env.HOSTILE_MESSAGES ?? 5_200);
const LIGHT_VILLAGES = 10;
/** Messages a village's lane has in flight at once: signals are sent in batches, not one round trip each. */
const BATCH = 10;
/** `WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND`: a completion that raced a new message, handed back by the server. */
const UNHANDLED_COMMAND = 1;
/**
 * `WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND` from `history-service`: the server's flow control, not the workflow's
 * code. When more than 100 events (or too many bytes) arrive while a workflow task is running, the server closes that
 * task to write them and hands out a new one; it is counted and shown, not taken for a failure.
 */
const FORCE_CLOSE_COMMAND = 17;

type Via = 'signal' | 'update';
interface Lane {
  handle: WorkflowHandleWithFirstExecutionRunId;
  messages: { via: Via; message: HostileMessage }[];
}

/** What came of the messages: what reached the workflow, what the server refused before, by shape. */
const tally = {
  signalsDelivered: 0,
  updatesRefused: 0,
  updatesAccepted: [] as string[],
  refusedByServer: [] as string[],
  updateCodes: {} as Record<string, number>,
  shapes: {} as Record<string, number>,
};

const payloadOf = (json: string): temporal.api.common.v1.IPayload => ({
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from(json, 'utf8'),
});

/** Sends JSON text as it is, as the `decision` signal or the `decide` update: the SDK's converter could not write nesting 100,000 deep. */
async function sendRaw(client: Client, workflowId: string, via: Via, message: HostileMessage): Promise<void> {
  tally.shapes[message.shape] = (tally.shapes[message.shape] ?? 0) + 1;
  const payloads = [payloadOf(message.json)];
  try {
    if (via === 'signal') {
      await client.workflowService.signalWorkflowExecution({
        namespace: TEST_NAMESPACE,
        workflowExecution: { workflowId },
        signalName: decisionSignal.name,
        input: { payloads },
        identity: 'hostile fuzz',
        requestId: randomUUID(),
      });
      tally.signalsDelivered += 1;
      return;
    }
    const request: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest = {
      namespace: TEST_NAMESPACE,
      workflowExecution: { workflowId },
      waitPolicy: {
        lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
      },
      request: { meta: { updateId: randomUUID(), identity: 'hostile fuzz' }, input: { name: decideUpdate.name, args: { payloads } } },
    };
    let response: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse;
    do response = await client.workflowService.updateWorkflowExecution(request);
    while (
      (response.stage ?? 0) < temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED
    );
    const failure = response.outcome?.failure;
    if (failure) {
      tally.updatesRefused += 1;
      const code = failure.applicationFailureInfo?.type ?? 'no code';
      tally.updateCodes[code] = (tally.updateCodes[code] ?? 0) + 1;
      // The validator's refusal comes back to the sender short, whatever the message held.
      if ((failure.message ?? '').length > LIMITS.refusalReasonLength)
        tally.updatesAccepted.push(`${message.shape}: a refusal of ${failure.message!.length} characters`);
    } else tally.updatesAccepted.push(`${message.shape}: ${message.json.slice(0, 200)}`);
  } catch (err) {
    tally.refusedByServer.push(`${via} ${message.shape} (${message.json.length} bytes): ${(err as Error).message.slice(0, 160)}`);
  }
}

async function runLane(client: Client, lane: Lane): Promise<void> {
  for (let i = 0; i < lane.messages.length; i += BATCH) {
    await Promise.all(lane.messages.slice(i, i + BATCH).map(({ via, message }) => sendRaw(client, lane.handle.workflowId, via, message)));
  }
}

/** Every run of a workflow, first to latest, following continue-as-new. */
async function runsOf(client: Client, workflowId: string, firstRunId: string): Promise<temporal.api.history.v1.IHistory[]> {
  const runs: temporal.api.history.v1.IHistory[] = [];
  for (let runId: string | null | undefined = firstRunId; runId;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.push(history);
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return runs;
}

const env = useElectionWorker();

/** The heavy village's history pages hold megabyte signals: read them past gRPC's default 4 MB per message. */
let historyConnection: Connection;
let histories: Client;
beforeAll(async () => {
  historyConnection = await Connection.connect({
    address: testAddress(),
    channelArgs: { 'grpc.max_receive_message_length': 256 * 1024 * 1024 },
  });
  histories = new Client({ connection: historyConnection, namespace: TEST_NAMESPACE, dataConverter: testDataConverter() });
});
afterAll(() => historyConnection?.close());

const seconds = (from: number, to = Date.now()) => `${((to - from) / 1000).toFixed(1)} s`;

describe('hostile and oversized messages sent to live village elections', () => {
  it('never fail a workflow task: every one that reaches the workflow is refused with a reason and the villages go on', async () => {
    const report: string[] = [];
    const started = Date.now();
    try {
      const input = villageInput();
      const [initial] = initialTransition(electionMachine, electionInputSchema.parse(input));
      const generated = fc.sample(smallHostileArb, { numRuns: SMALL, seed: SEED });
      // The generators bend well-formed decisions; a bend that happens to leave one admissible would move the village on.
      const stamped = (value: unknown) => (value && typeof value === 'object' ? { ...value, at: Date.now() } : value);
      const small = generated.filter((m) => !admit(initial, stamped(JSON.parse(m.json))).ok);
      expect(small.length).toBeGreaterThan(SMALL * 0.99);
      const heavy = heavyHostile();
      report.push(
        `${SMALL} small messages generated (seed ${SEED}), ${small.length} kept (the rest happened to be admissible); ${heavy.length} heavy ones, each sent both ways`,
      );

      const lanes: Lane[] = [];
      for (let v = 0; v < LIGHT_VILLAGES; v += 1) {
        // Half the villages continue as new while the junk arrives, carrying their refusals and the count.
        const handle = await startVillage(env.client, env.taskQueue, { ...villageInput(), ...(v % 2 ? { historyLimit: 300 } : {}) });
        const mine = small.filter((_, i) => i % LIGHT_VILLAGES === v);
        // A third as signals (each refusal is an activity and history), the rest as updates (refused before history).
        lanes.push({ handle, messages: mine.map((message, i) => ({ via: i % 3 ? 'update' : 'signal', message })) });
      }
      const heavyHandle = await startVillage(env.client, env.taskQueue, villageInput());
      lanes.push({
        handle: heavyHandle,
        messages: heavy.flatMap((message) => [
          { via: 'signal' as const, message },
          { via: 'update' as const, message },
        ]),
      });

      await Promise.all(lanes.map((lane) => runLane(env.client, lane)));
      report.push(`sent in ${seconds(started)}`);

      // Every signal the server took is refused and counted by its village, across its runs.
      const runsByVillage = new Map<string, temporal.api.history.v1.IHistory[]>();
      for (const lane of lanes) {
        const { workflowId, firstExecutionRunId } = lane.handle;
        const signalled = async () =>
          (await runsOf(histories, workflowId, firstExecutionRunId))
            .flatMap((run) => run.events ?? [])
            .filter((e) => e.workflowExecutionSignaledEventAttributes).length;
        const expected = await signalled();
        const view = await waitFor(
          env.client.workflow.getHandle(workflowId),
          (v) => (v.refusalCount ?? 0) + v.decisions.length >= expected,
          240_000,
        );
        expect(view.decisions).toEqual([]);
        expect(view.refusalCount).toBe(expected);
        expect(view.refusals.length).toBe(Math.min(expected, LIMITS.refusalsKept));
        for (const refusal of view.refusals) {
          expect(refusal.type.length).toBeLessThanOrEqual(LIMITS.echoLength);
          expect(refusal.reason.length).toBeLessThanOrEqual(LIMITS.refusalReasonLength);
        }
        runsByVillage.set(workflowId, await runsOf(histories, workflowId, firstExecutionRunId));
      }
      report.push(`every refusal recorded after ${seconds(started)}`);

      const runs = [...runsByVillage.values()].flat();
      const events = runs.flatMap((run) => run.events ?? []);
      const failed = events.map((e) => e.workflowTaskFailedEventAttributes).filter((attributes) => !!attributes);
      const flushed = failed.filter((f) => f.cause === FORCE_CLOSE_COMMAND && f.identity === 'history-service').length;
      const taskFailures = failed
        .filter((f) => f.cause !== UNHANDLED_COMMAND && !(f.cause === FORCE_CLOSE_COMMAND && f.identity === 'history-service'))
        .map((f) => `cause ${f.cause} from ${f.identity}: ${f.failure?.message?.slice(0, 300)}`);
      const reached = tally.signalsDelivered + tally.updatesRefused + tally.updatesAccepted.length;
      report.push(
        `reached the workflows: ${reached} (${tally.signalsDelivered} signals, ${tally.updatesRefused} updates refused by the validator); refused by the server first: ${tally.refusedByServer.length}`,
        `update refusal codes: ${JSON.stringify(tally.updateCodes)}`,
        `workflow task failures: ${taskFailures.length} (tasks the server closed to write a flood of signals: ${flushed}); task timeouts: ${events.filter((e) => e.workflowTaskTimedOutEventAttributes).length}; continued as new ${events.filter((e) => e.workflowExecutionContinuedAsNewEventAttributes).length} times over ${lanes.length} villages`,
      );

      // Each village still takes a decision: nothing sent stalled it.
      for (const lane of lanes) {
        const latest = env.client.workflow.getHandle(lane.handle.workflowId);
        const receipt = await decide(latest, {
          type: 'RECORD_INVESTIGATION',
          by: person('guidance-group'),
          category: 'good',
          stable: true,
          representatives: 24,
        });
        expect(receipt.stage).toBe('startRequest');
        expect((await status(latest)).stage).toBe('startRequest');
      }

      expect(taskFailures).toEqual([]);
      expect(tally.updatesAccepted).toEqual([]);
      expect(reached).toBeGreaterThanOrEqual(5_000);
      // Only what is past Temporal's 2 MB payload limit may be refused by the server, and it must be, both ways.
      expect(tally.refusedByServer).toEqual([
        expect.stringMatching(/^(signal|update) past the 2 MB payload limit/),
        expect.stringMatching(/^(signal|update) past the 2 MB payload limit/),
      ]);
    } finally {
      console.log(
        [
          'hostile fuzz:',
          ...report,
          ...tally.refusedByServer.map((r) => `  refused by the server: ${r}`),
          `shapes: ${Object.entries(tally.shapes)
            .map(([shape, n]) => `${shape} ${n}`)
            .join(', ')}`,
          `in all ${seconds(started)}`,
        ].join('\n'),
      );
    }
  }, 600_000);
});
