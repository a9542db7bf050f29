import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { Client, Pool } from 'pg';
import { openStore, recordHash, type StoreOptions, type StoreSchema } from '../../activities/store';
import { migrationProvider } from '../../activities/store/migrations';
import { auditDecisions } from '../../client/audit/verify';
import { STORE_KINDS, testDatabaseUrl, type StoreKind } from '../support/stores';

/** A store of the kind at schema version 0005 (before the chain), and how to drop it. */
async function storeBeforeTheChain(
  kind: StoreKind,
): Promise<{ options: StoreOptions; db: Kysely<StoreSchema>; drop: () => Promise<void> }> {
  if (kind === 'SQLite') {
    const file = join(mkdtempSync(join(tmpdir(), 'outcomes-chain-')), 'outcomes.sqlite');
    return {
      options: { file },
      db: new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: new Database(file) }) }),
      drop: async () => undefined,
    };
  }
  const name = `outcomes_chain_${randomBytes(6).toString('hex')}`;
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
  const db = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url.toString() }) }) });
  return { options: { url: url.toString() }, db, drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const ELECTION = 'reelection/2026/Heluo/Nanwan/run-A';
const row = <E extends object>(step: string, at: string, extra: E) => ({
  key: `${ELECTION}/${step}`,
  term_id: ELECTION,
  workflow_id: 'reelection/2026/Heluo/Nanwan',
  town: 'Heluo',
  village: 'Nanwan',
  term: 2026,
  type: 'APPROVE_START',
  at,
  ...extra,
});

describe.each(STORE_KINDS)('migration 0006 on a store with decisions recorded before the chain, on %s', (kind) => {
  it('chains every election’s rows by time and key, which the audit then passes', async () => {
    const before = await storeBeforeTheChain(kind);
    try {
      const migrated = await new Migrator({
        db: before.db,
        provider: migrationProvider(kind === 'SQLite' ? 'sqlite' : 'postgres'),
      }).migrateTo('0005_people_registry');
      expect(migrated.error).toBeUndefined();
      await before.db
        .insertInto('villages')
        .values({ town: 'Heluo', village: 'Nanwan', first_seen_at: '2026-11-24T08:00:00.000Z' })
        .execute();
      await before.db
        .insertInto('terms')
        .values({
          id: ELECTION,
          workflow_id: 'reelection/2026/Heluo/Nanwan',
          first_run_id: 'run-A',
          town: 'Heluo',
          village: 'Nanwan',
          term: 2026,
          started_at: '2026-11-24T08:00:00.000Z',
          status: 'running',
          status_at: '2026-11-24T08:00:00.000Z',
        })
        .execute();
      const accepted = {
        verdict: 'accepted' as const,
        by_id: 'wang.li',
        by_role: 'town-committee',
        stage: 'startApproval',
        payload: '{"seats":5}',
      };
      await before.db
        .insertInto('decisions')
        .values([
          row('decision/2', '2026-11-24T10:00:00.000Z', { ...accepted, seq: 2 }),
          row('refusal/1', '2026-11-24T09:00:00.000Z', {
            verdict: 'rejected',
            reason_code: 'UNSIGNED',
            reason: 'no signature',
            via: 'signal',
          }),
          row('decision/1', '2026-11-24T09:00:00.000Z', { ...accepted, seq: 1 }),
        ])
        .execute();
      await before.db.destroy();

      const store = await openStore(before.options);
      try {
        const { rows } = await store.auditTrail();
        const chain = rows.sort((a, b) => Number(a.chain_pos) - Number(b.chain_pos));
        expect(chain.map((r) => [r.key.slice(ELECTION.length + 1), Number(r.chain_pos)])).toEqual([
          ['decision/1', 1],
          ['refusal/1', 2],
          ['decision/2', 3],
        ]);
        expect(chain.map((r) => r.prev_hash)).toEqual([null, chain[0]!.hash, chain[1]!.hash]);
        for (const r of chain) expect(r.hash).toBe(recordHash(r));
        const report = await auditDecisions(store);
        expect(report.failures).toEqual([]);
        expect(report.elections).toEqual([expect.objectContaining({ decisions: 2, unsigned: 2, refusals: 1, head: chain[2]!.hash })]);
      } finally {
        await store.close();
      }
    } finally {
      await before.drop();
    }
  });
});
