import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Client } from 'pg';
import { openStore, openStoreForReading, SCHEMA_VERSION, StoreVersionError, type StoreOptions } from '../../activities/store';
import { withStore } from '../../client/commands/store';
import { STORE_KINDS, testDatabaseUrl, type StoreKind } from '../support/stores';

/** An empty database of the kind (never migrated), and how to drop it again. */
async function emptyDatabase(kind: StoreKind): Promise<{ options: StoreOptions; drop: () => Promise<void> }> {
  if (kind === 'SQLite') {
    const file = join(mkdtempSync(join(tmpdir(), 'outcomes-reading-')), 'outcomes.sqlite');
    writeFileSync(file, '');
    return { options: { file }, drop: async () => undefined };
  }
  const name = `outcomes_reading_${randomBytes(6).toString('hex')}`;
  const onServer = async (statement: string) => {
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return { options: { url: url.toString() }, drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

describe.each(STORE_KINDS)('a command that only reads the outcome store on %s', (kind) => {
  let database: Awaited<ReturnType<typeof emptyDatabase>>;
  beforeEach(async () => {
    database = await emptyDatabase(kind);
  });
  afterEach(() => database.drop());

  it('refuses a store never migrated, naming its version and the one this build reads, and leaves it unmigrated', async () => {
    const failure = openStoreForReading(database.options);
    await expect(failure).rejects.toThrow(StoreVersionError);
    await expect(failure).rejects.toThrow(
      `has schema version none (never migrated), older than ${SCHEMA_VERSION}, the version this build reads; run this release's worker once (it migrates the store at start), then run this command again`,
    );
    const writer = await openStore(database.options);
    try {
      // Only the worker's opening migrated it: the refused reader created nothing.
      expect((await writer.migrations()).at(-1)).toBe(SCHEMA_VERSION);
    } finally {
      await writer.close();
    }
  });

  it('refuses a store a newer release migrated, and says to upgrade the CLI', async () => {
    const writer = await openStore(database.options);
    try {
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`.execute(
        (writer as unknown as { db: never }).db,
      );
    } finally {
      await writer.close();
    }
    await expect(openStoreForReading(database.options)).rejects.toThrow(
      `has schema version 9999_from_the_future, newer than ${SCHEMA_VERSION}, the version this build reads; upgrade the CLI to the release of the worker that writes this store`,
    );
  });

  it('reads a store of this version, and cannot write to it', async () => {
    const writer = await openStore(database.options);
    await writer.close();
    const reader = await openStoreForReading(database.options);
    try {
      expect(await reader.notices()).toEqual([]);
      await expect(
        reader.addRefusal({
          key: 'wf/run/refusal/1',
          workflowId: 'wf',
          town: 'Heluo',
          village: 'Xishan',
          term: 2026,
          at: '2026-11-01T00:00:00.000Z',
          type: 'CANCEL',
          code: 'X',
          reason: 'y',
          via: 'signal',
        }),
        // Matched on the message: better-sqlite3's error class belongs to the first Jest module registry that loaded it.
      ).rejects.toMatchObject({ message: expect.stringMatching(/readonly|read-only/) });
    } finally {
      await reader.close();
    }
  });
});

describe('the CLI commands that read the store (report, notices)', () => {
  it('never migrate the store they open', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outcomes-cli-')), 'outcomes.sqlite');
    writeFileSync(file, '');
    await expect(withStore(file, (store) => store.notices())).rejects.toThrow(
      `the outcome store in ${file} has schema version none (never migrated)`,
    );
    const writer = await openStore({ file });
    try {
      expect((await writer.migrations()).at(-1)).toBe(SCHEMA_VERSION);
    } finally {
      await writer.close();
    }
  });
});
