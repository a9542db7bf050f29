import { WorkflowUpdateFailedError, ApplicationFailure, type Client, type Connection, type WorkflowHandle } from '@temporalio/client';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromSources, WorkerProcess } from '../../bench/chaos/workerProcess';
import { freePort } from '../../client/devServer';
import type { DecisionEvent } from '../../machines/events';
import { TASK_QUEUE, decisionSignal } from '../../workflows/contract';
import { decide, driveUntil, person, scriptFor, startVillage, villageInput, waitFor } from '../support/election';
import { testAddress, testConnection, uniqueId, workflowBundle } from '../support/temporal';
import { startWebhookReceiver } from '../support/noticeReceivers';
import { samples, sampleValue, scrape } from '../support/prometheus';

/** The webhook's signing secret, 32 bytes or more as the worker requires. */
const WEBHOOK_SECRET = 'metrics-test-webhook-secret-of-32-bytes';

/**
 * The standalone worker in a process of its own, as an operator runs it, with ELECTION_METRICS_ADDRESS set: a
 * village driven through a few decisions, one update and one signal refused, then the worker's Prometheus endpoint
 * scraped for the SDK's metrics and the election's, with the right labels and counts and no name in them.
 */
describe('the worker’s Prometheus endpoint', () => {
  const taskQueue = uniqueId(TASK_QUEUE);
  const dir = mkdtempSync(join(tmpdir(), 'worker-metrics-'));
  const logFile = join(dir, 'worker.log');
  const input = villageInput();
  const accepted = new Map<string, number>();
  let refusedCode = '';
  let url = '';
  let worker: WorkerProcess;
  let connection: Connection;
  let client: Client;
  let text = '';
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let refusedDeliveries = 0;

  beforeAll(async () => {
    // The town's notices go to a webhook that answers 404: every delivery is refused for good.
    hook = await startWebhookReceiver(WEBHOOK_SECRET);
    hook.state.answerAlways = 404;
    const channelFile = join(dir, 'channels.json');
    writeFileSync(
      channelFile,
      JSON.stringify({
        default: {},
        towns: { [input.town]: { webhook: { url: hook.url, secretEnv: 'TEST_WEBHOOK_SECRET', timeoutSeconds: 5 } } },
      }),
    );
    const port = await freePort();
    url = `http://127.0.0.1:${port}/metrics`;
    worker = new WorkerProcess(
      fromSources(join(__dirname, '..', 'support', 'standaloneWorker.ts'), {
        STANDALONE_WORKFLOW_BUNDLE: workflowBundle().codePath,
        STANDALONE_TASK_QUEUE: taskQueue,
      }),
      {
        address: testAddress(),
        logFile,
        settings: {
          ELECTION_DB: join(dir, 'outcomes.sqlite'),
          ELECTION_METRICS_ADDRESS: String(port),
          ELECTION_CHANNELS: channelFile,
          TEST_WEBHOOK_SECRET: WEBHOOK_SECRET,
        },
      },
      () => undefined,
    );
    await worker.start();
    ({ connection, client } = await testConnection());

    const handle = await startVillage(client, taskQueue, input);
    // Refused by the update's validator: the result cannot be approved before there is one.
    try {
      await decide(handle, { type: 'APPROVE_RESULT', by: person('town-committee') });
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure)) throw err;
      refusedCode = err.cause.type ?? '';
    }
    // Refused in its turn: a signal whose type is no decision at all.
    await handle.signal(decisionSignal, { type: 'NOT_A_DECISION', by: person('town-committee') });
    await waitFor(handle, (view) => view.refusalCount === 1);
    const send = async (h: WorkflowHandle, decision: DecisionEvent) => {
      const receipt = await decide(h, decision);
      accepted.set(decision.type, (accepted.get(decision.type) ?? 0) + 1);
      return receipt;
    };
    await driveUntil(handle, scriptFor(input), () => [...accepted.values()].reduce((a, b) => a + b, 0) >= 3, undefined, 60_000, send);
    // A workflow task that fails: a workflow type this worker does not know.
    const unknown = await client.workflow.start('noSuchWorkflow', { taskQueue, workflowId: uniqueId('unknown-type'), args: [] });

    // The SDK hands workflow metrics out of the sandbox after each activation: scrape until the last counts arrive.
    const refusedSignal = `election_decisions_refused_total{.*via="signal"`;
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
      const before = hook.state.received.length;
      text = await scrape(url);
      refusedDeliveries = hook.state.received.length;
      const delivered =
        refusedDeliveries > 0 &&
        refusedDeliveries === before &&
        sampleValue(text, 'election_notice_deliveries_failed_total', { channel: 'webhook', outcome: 'refused' }) === refusedDeliveries &&
        sampleValue(text, 'election_notice_delivery_attempts_failed_total', { channel: 'webhook', failure: 'NoticeDeliveryRefused' }) ===
          refusedDeliveries;
      const acceptedSoFar = [...accepted.keys()].every(
        (type) => sampleValue(text, 'election_decisions_accepted_total', { decision_type: type }) === accepted.get(type),
      );
      if (delivered && acceptedSoFar && new RegExp(refusedSignal).test(text) && /temporal_workflow_task_execution_failed_total/.test(text))
        break;
    }
    await unknown.terminate('the test is done with it');
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await hook?.close();
    rmSync(dir, { recursive: true, force: true });
    await connection?.close();
  });

  it('serves the SDK’s own metrics: task latencies, the sticky cache, slots, workflow task failures', () => {
    for (const name of [
      'temporal_workflow_task_schedule_to_start_latency_seconds_bucket',
      'temporal_workflow_task_execution_latency_seconds_bucket',
      'temporal_activity_execution_latency_seconds_bucket',
      'temporal_sticky_cache_size',
      'temporal_worker_task_slots_available',
      'temporal_workflow_task_execution_failed_total',
    ]) {
      expect({ name, served: text.includes(`${name}{`) }).toEqual({ name, served: true });
    }
    expect(sampleValue(text, 'temporal_workflow_task_execution_failed_total', { task_queue: taskQueue })).toBeGreaterThanOrEqual(1);
  });

  it('counts each decision taken by its type, town and way in', () => {
    expect(accepted.size).toBeGreaterThan(0);
    for (const [type, count] of accepted) {
      expect({
        type,
        count: sampleValue(text, 'election_decisions_accepted_total', { decision_type: type, town: input.town, via: 'update' }),
      }).toEqual({
        type,
        count,
      });
    }
  });

  it('counts a refused update by its type and reason code, and a refused signal of no known type as `other`', () => {
    expect(refusedCode).toMatch(/^[A-Z_]+$/);
    expect(
      sampleValue(text, 'election_decisions_refused_total', {
        decision_type: 'APPROVE_RESULT',
        reason: refusedCode,
        via: 'update-validator',
        town: input.town,
      }),
    ).toBe(1);
    expect(sampleValue(text, 'election_decisions_refused_total', { decision_type: 'other', via: 'signal', town: input.town })).toBe(1);
  });

  it('counts notice deliveries refused by the receiver, each attempt and each delivery recorded failed, by channel and kind', () => {
    expect(refusedDeliveries).toBeGreaterThan(0);
    expect(
      sampleValue(text, 'election_notice_delivery_attempts_failed_total', {
        town: input.town,
        channel: 'webhook',
        failure: 'NoticeDeliveryRefused',
      }),
    ).toBe(refusedDeliveries);
    expect(sampleValue(text, 'election_notice_deliveries_failed_total', { channel: 'webhook', outcome: 'refused' })).toBe(
      refusedDeliveries,
    );
    const kinds = samples(text)
      .filter((s) => s.name === 'election_notice_deliveries_failed_total')
      .map((s) => s.labels.kind);
    expect(kinds.length).toBeGreaterThan(0);
    for (const kind of kinds) expect(kind).toMatch(/^[a-z-]+$/);
    expect(text).not.toContain(hook.url);
  });

  it('carries no name of a roster member or of the person who decided', () => {
    const names = [...input.roster.map((m) => m.name), person('town-committee').name];
    expect(names.filter((name) => text.includes(name))).toEqual([]);
  });

  it('logs JSON lines with the workflow’s ids and no name', () => {
    const written = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('--- worker start') && !line.startsWith('worker polling'));
    // Every line is JSON, the SDK core's own (the failing workflow task of the unknown type) as well.
    expect(written.filter((line) => !line.startsWith('{'))).toEqual([]);
    const lines = written;
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries)
      expect(entry).toMatchObject({ time: expect.any(String), level: expect.any(String), message: expect.any(String) });
    expect(entries).toContainEqual(
      expect.objectContaining({ message: 'decision refused', workflowId: expect.any(String), runId: expect.any(String) }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ level: 'WARN', message: expect.stringContaining('Failing workflow task') }));
    // Tracing is off: the plain bundle calls no exporter sink, so no warning of a sink the worker lacks.
    expect(entries.filter((entry) => /sink/i.test(String(entry.message)))).toEqual([]);
    const names = [...input.roster.map((m) => m.name), person('town-committee').name];
    expect(names.filter((name) => lines.some((line) => line.includes(name)))).toEqual([]);
  });
});
