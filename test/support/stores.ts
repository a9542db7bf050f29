import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openStore, type OutcomeStore } from '../../activities/store';

/** The two databases the store runs on; suites run once per kind with `describe.each(STORE_KINDS)`. */
export const STORE_KINDS = ['SQLite', 'PostgreSQL'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

const HOW_TO_START =
  'start it with `bash scripts/postgres.sh` (scripts/test.sh does so before Jest), or set TEST_DATABASE_URL to a PostgreSQL server whose user may create databases';

/** The PostgreSQL server of this Jest run (globalSetup reads it from data/pg/postgres.env); missing is a failure, never a skip. */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error(`PostgreSQL for the tests is not configured (no TEST_DATABASE_URL, no data/pg/postgres.env): ${HOW_TO_START}`);
  return url;
}

/** Runs one statement on the test server's maintenance database. */
async function onServer(statement: string): Promise<void> {
  const url = testDatabaseUrl();
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL for the tests does not answer at ${url} (${(err as Error).message}): ${HOW_TO_START}`, { cause: err });
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The URL a test store was opened with: its location hides the password, which the test server may require. */
export function storeUrl(store: OutcomeStore): string {
  const url = new URL(store.location);
  url.password = new URL(testDatabaseUrl()).password;
  return url.toString();
}

/**
 * A fresh, migrated outcome store: a SQLite file in a temp folder, or a new PostgreSQL database on the test
 * server (dropped again on close), so test files never see each other's rows.
 */
export async function tempStore(kind: StoreKind = 'SQLite'): Promise<OutcomeStore> {
  if (kind === 'SQLite') return openStore({ file: join(mkdtempSync(join(tmpdir(), 'outcomes-')), 'outcomes.sqlite') });
  const database = `outcomes_test_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  const store = await openStore({ url: url.toString() });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  return store;
}
