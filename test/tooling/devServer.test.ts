/**
 * Checks the Temporal test tooling itself: the dev server started by globalSetup, its custom
 * search attributes, the workflow bundle, and the pinned time-skipping test server.
 */
import * as fs from 'node:fs';
import type { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { resolveTemporalCli } from '../../client/tools';
import { SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { testConnection, timeSkippingEnv, uniqueId, workflowBundle } from '../support/temporal';

/** The protobuf enum value of a type as start-dev's --search-attribute spells it (KeywordList: INDEXED_VALUE_TYPE_KEYWORD_LIST). */
const indexedValueType = (type: string) =>
  temporal.api.enums.v1.IndexedValueType[
    `INDEXED_VALUE_TYPE_${type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` as keyof typeof temporal.api.enums.v1.IndexedValueType
  ];

describe('Temporal dev server from globalSetup', () => {
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    ({ connection, client } = await testConnection());
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('has a resolvable Temporal CLI', () => {
    expect(fs.existsSync(resolveTemporalCli())).toBe(true);
  });

  it('answers GetSystemInfo and DescribeNamespace(default)', async () => {
    const info = await client.workflowService.getSystemInfo({});
    expect(info.serverVersion).toBeTruthy();
    const ns = await client.workflowService.describeNamespace({ namespace: 'default' });
    expect(ns.namespaceInfo?.name).toBe('default');
  });

  it('has the custom search attributes registered with the right types', async () => {
    const { customAttributes } = await client.connection.operatorService.listSearchAttributes({
      namespace: 'default',
    });
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
      expect({ name, type: customAttributes[name] }).toEqual({ name, type: indexedValueType(type) });
    }
  });

  it('has a workflow bundle on disk', () => {
    const { codePath } = workflowBundle();
    expect(fs.statSync(codePath).size).toBeGreaterThan(0);
  });

  it('makes unique ids', () => {
    const a = uniqueId('wf');
    expect(a).toMatch(/^wf-/);
    expect(uniqueId('wf')).not.toBe(a);
  });
});

describe('time-skipping test environment', () => {
  it('uses the pinned test server binary when installed', () => {
    const path = process.env.TEMPORAL_TEST_SERVER_PATH;
    if (path) expect(fs.existsSync(path)).toBe(true);
    else console.warn('TEMPORAL_TEST_SERVER_PATH unset: the SDK downloads its own test server');
  });

  it('starts, skips a day of server time quickly, and tears down', async () => {
    const env = await timeSkippingEnv();
    try {
      expect(env.supportsTimeSkipping).toBe(true);
      const before = await env.currentTimeMs();
      const started = Date.now();
      await env.sleep('1 day');
      const after = await env.currentTimeMs();
      expect(after - before).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await env.teardown();
    }
  });
});
