import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { MIGRATION_NAMES, migrationProvider, type StoreDialect } from './migrations';
import type { StoreSchema } from './schema';

/** The schema version this build writes and reads: the name of its latest migration. */
export const SCHEMA_VERSION = MIGRATION_NAMES[MIGRATION_NAMES.length - 1]!;

/** A store whose schema this build cannot read; the message says which versions and what to do. */
export class StoreVersionError extends Error {
  override name = 'StoreVersionError';
}

/**
 * Runs every migration not yet applied (Kysely records them in `kysely_migration`). On PostgreSQL Kysely runs them
 * in one transaction under an advisory lock. On SQLite it takes no lock and runs them outside a transaction, so two
 * processes opening a fresh file at once would both create the tables: here the whole run holds SQLite's write lock
 * (`BEGIN IMMEDIATE`; the other process waits on its busy timeout, then finds nothing left to do) and is undone
 * as a whole when a migration fails.
 */
export async function migrateToLatest(db: Kysely<StoreSchema>, dialect: StoreDialect): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  if (dialect === 'postgres') return check(await migrator.migrateToLatest());
  await sql`BEGIN IMMEDIATE`.execute(db);
  let outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  try {
    outcome = await migrator.migrateToLatest();
  } catch (err) {
    await sql`ROLLBACK`.execute(db);
    throw err;
  }
  await sql.raw(outcome.error ? 'ROLLBACK' : 'COMMIT').execute(db);
  check(outcome);
}

function check({ error, results }: Awaited<ReturnType<Migrator['migrateToLatest']>>): void {
  if (!error) return;
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a rejection that is not an Error is shown as JavaScript prints it
  throw new Error(`${failed ? `migration ${failed} failed: ` : ''}${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}

/** The migrations applied to a store, oldest first; none when it was never migrated. */
export async function appliedMigrations(db: Kysely<StoreSchema>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Refuses a store whose schema is not exactly this build's, for a command that only reads: it never migrates, so
 * an older store is for the worker to migrate, and a newer one needs a newer CLI.
 */
export async function requireCurrentSchema(db: Kysely<StoreSchema>, location: string): Promise<void> {
  const applied = await appliedMigrations(db);
  const version = applied[applied.length - 1] ?? 'none (never migrated)';
  const newer = applied.filter((name) => !MIGRATION_NAMES.includes(name));
  if (newer.length) {
    throw new StoreVersionError(
      `the outcome store ${location} has schema version ${version}, newer than ${SCHEMA_VERSION}, the version this build reads; upgrade the CLI to the release of the worker that writes this store`,
    );
  }
  if (applied.length < MIGRATION_NAMES.length) {
    throw new StoreVersionError(
      `the outcome store ${location} has schema version ${version}, older than ${SCHEMA_VERSION}, the version this build reads; run this release's worker once (it migrates the store at start), then run this command again`,
    );
  }
}
