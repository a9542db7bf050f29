/**
 * Helpers for tests that talk to Temporal. The environment comes from test/support/globalSetup.ts:
 *   TEMPORAL_TEST_ADDRESS      dev server for this Jest run (or TEMPORAL_ADDRESS if it was preset)
 *   WORKFLOW_BUNDLE_PATH       workflows/ bundled once per run
 *   WORKFLOW_BUNDLE_ERROR      instead of it, a file with the bundler's errors if bundling failed
 *   TEMPORAL_TEST_SERVER_PATH  time-skipping test server binary, when installed
 *
 * Typical worker test:
 *   const { connection, client } = await testConnection();
 *   const nativeConnection = await testNativeConnection();
 *   const taskQueue = uniqueId('tq');
 *   const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: workflowBundle(),
 *     dataConverter: testDataConverter(), activities });
 *   await worker.runUntil(client.workflow.execute(ping, { taskQueue, workflowId: uniqueId('ping') }));
 *   await connection.close(); await nativeConnection.close();
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { addSearchAttributes } from '../../client/registerSearchAttributes';
import { electionDataConverter, KEYS_FILE_VARIABLE, openedValues, readKeyRingFile } from '../../common/codec';

export const TEST_NAMESPACE = 'default';

/** Address of the dev server of this Jest run. */
export function testAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) {
    throw new Error('TEMPORAL_TEST_ADDRESS is not set: run the tests through jest (test/support/globalSetup.ts sets it)');
  }
  return address;
}

let converter: DataConverter | undefined;

/**
 * The data converter of every test worker and client: the election's payload codec with this run's keys (globalSetup
 * names them in ELECTION_CODEC_KEYS_FILE), as the worker and the CLI have it.
 */
export function testDataConverter(): DataConverter {
  if (converter) return converter;
  const file = process.env[KEYS_FILE_VARIABLE];
  if (!file) {
    throw new Error(`${KEYS_FILE_VARIABLE} is not set: run the tests through jest (test/support/globalSetup.ts sets it)`);
  }
  return (converter = electionDataConverter(readKeyRingFile(file)));
}

/**
 * The values of payloads read from a raw history (sealed by the codec): opened with this run's keys and parsed as the
 * SDK's default converter would.
 */
export function openPayloads(payloads: readonly temporal.api.common.v1.IPayload[] | null | undefined): Promise<unknown[]> {
  return openedValues(payloads, testDataConverter());
}

/** A client connection to the test dev server, namespace 'default'. Close `connection` when done. */
export async function testConnection(): Promise<{ connection: Connection; client: Client }> {
  const connection = await Connection.connect({ address: testAddress() });
  const client = new Client({ connection, namespace: TEST_NAMESPACE, dataConverter: testDataConverter() });
  return { connection, client };
}

/** A worker (native) connection to the test dev server. Close it when done. */
export function testNativeConnection(): Promise<NativeConnection> {
  return NativeConnection.connect({ address: testAddress() });
}

/** The workflow bundle built once by globalSetup; pass as `Worker.create({ workflowBundle })`. */
export function workflowBundle(): { codePath: string } {
  const codePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (codePath) return { codePath };
  const errorPath = process.env.WORKFLOW_BUNDLE_ERROR;
  if (errorPath) {
    let details = '';
    try {
      const lines = fs.readFileSync(errorPath, 'utf8').split('\n');
      const key = lines.filter((l) => /ERROR in |Module not found|error TS|Webpack finished/.test(l));
      details = (key.length > 0 ? key : lines).slice(0, 20).join('\n');
    } catch {
      /* file gone: the path alone still helps */
    }
    throw new Error(`bundling the workflows failed in globalSetup (${errorPath}):\n${details}`);
  }
  throw new Error('WORKFLOW_BUNDLE_PATH is not set: globalSetup found no workflows/index.ts to bundle');
}

/** A unique id (workflow id, task queue, ...): `${prefix}-<time>-<random>`. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * A time-skipping test environment (Java test server). Uses the pinned binary from
 * TEMPORAL_TEST_SERVER_PATH when known, else lets the SDK download its default version
 * (needs internet access). Call `env.teardown()` when done.
 */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  const client = { dataConverter: testDataConverter() };
  const env = path
    ? await TestWorkflowEnvironment.createTimeSkipping({ client, server: { executable: { type: 'existing-path', path } } })
    : await TestWorkflowEnvironment.createTimeSkipping({ client });
  // The election workflow upserts its custom search attributes, which this server must know first.
  // The Java test server implements AddSearchAttributes but not ListSearchAttributes.
  await addSearchAttributes(env.connection, env.namespace ?? TEST_NAMESPACE);
  return env;
}
