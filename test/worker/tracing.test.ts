import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, type Worker } from '@temporalio/worker';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { OutcomeStore } from '../../activities/store';
import { freePort } from '../../client/devServer';
import { nextScriptedDecision } from '../../client/demo/townOffice';
import { electionBundleOptions } from '../../worker/bundle';
import { tracingFromEnv, type ElectionTracing } from '../../common/tracing';
import { createElectionWorker } from '../../worker/worker';
import { TASK_QUEUE } from '../../workflows/contract';
import { decide, scriptFor, startVillage, status, tempStore, villageInput } from '../support/election';
import { testAddress, testDataConverter, uniqueId } from '../support/temporal';

/** One span as OTLP/HTTP JSON carries it. */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  status?: { code?: number; message?: string };
  events?: { name: string; attributes?: { key: string }[] }[];
}

/** A tiny OTLP/HTTP receiver on loopback: keeps every span POSTed to /v1/traces as JSON. */
function otlpReceiver(port: number): { spans: OtlpSpan[]; server: Server } {
  const spans: OtlpSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        const message = JSON.parse(body) as { resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[] };
        for (const resource of message.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(port, '127.0.0.1');
  return { spans, server };
}

/**
 * Tracing on (OTEL_EXPORTER_OTLP_ENDPOINT set): the worker with the traced bundle, a client with the tracing
 * interceptor, one decision sent as an update; the spans the receiver gets share one trace from the client's update
 * through the workflow's handling of it to the activities it caused.
 */
describe('tracing one decision over OTLP/HTTP', () => {
  let receiver: ReturnType<typeof otlpReceiver>;
  let tracing: ElectionTracing;
  let store: OutcomeStore;
  let worker: Worker;
  let running: Promise<void>;
  let connection: Connection;
  let client: Client;
  const taskQueue = uniqueId(TASK_QUEUE);

  beforeAll(async () => {
    const port = await freePort();
    receiver = otlpReceiver(port);
    tracing = (await tracingFromEnv('election-test', { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` }))!;
    const { code } = await bundleWorkflowCode({
      ...electionBundleOptions(join(__dirname, '..', '..', 'workflows', 'index.ts'), { traced: true }),
      logger: new DefaultLogger('WARN'),
    });
    store = await tempStore();
    ({ worker } = await createElectionWorker({
      address: testAddress(),
      namespace: 'default',
      taskQueue,
      store,
      tracing,
      worker: { workflowBundle: { code }, dataConverter: testDataConverter(), workflowsPath: undefined, bundlerOptions: undefined },
    }));
    running = worker.run();
    connection = await Connection.connect({ address: testAddress() });
    client = new Client({ connection, dataConverter: testDataConverter(), interceptors: { workflow: tracing.clientInterceptors() } });
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await store?.close();
    receiver?.server.close();
  });

  it('puts the client’s update, the workflow’s handling of it and the activities it caused in one trace', async () => {
    const input = villageInput();
    const handle = await startVillage(client, taskQueue, input);
    const decision = nextScriptedDecision(await status(handle), scriptFor(input))!;
    await decide(handle, decision);
    await tracing.shutdown();

    const sent = receiver.spans.find((s) => s.name === 'StartWorkflowUpdate:decide');
    expect(sent).toBeDefined();
    const inTrace = receiver.spans.filter((s) => s.traceId === sent!.traceId).map((s) => s.name);
    expect(inTrace).toEqual(
      expect.arrayContaining([
        'StartWorkflowUpdate:decide',
        'HandleUpdate:decide',
        'StartActivity:recordDecision',
        'RunActivity:recordDecision',
      ]),
    );
    // The village's start is a trace of its own: the decision's activities are not filed under it.
    const started = receiver.spans.find((s) => s.name === 'StartWorkflow:villageElection');
    expect(started?.traceId).not.toBe(sent!.traceId);
  }, 60_000);

  it('sends no failure text: a refused decision’s span keeps its status code and exception type, not its message', async () => {
    const input = villageInput();
    const handle = await startVillage(client, taskQueue, input);
    await expect(
      decide(handle, { type: 'APPROVE_RESULT', by: { id: 'script-town', name: input.roster[0]!.name, role: 'town-committee' } }),
    ).rejects.toThrow();
    await tracing.shutdown();
    const failed = receiver.spans.filter((s) => s.status?.code === 2);
    expect(failed.length).toBeGreaterThan(0);
    for (const span of failed) {
      expect(span.status?.message ?? '').toBe('');
      for (const event of span.events ?? []) expect(event.attributes?.map((a) => a.key) ?? []).not.toContain('exception.message');
    }
    expect(JSON.stringify(receiver.spans)).not.toContain(input.roster[0]!.name);
  }, 60_000);
});
