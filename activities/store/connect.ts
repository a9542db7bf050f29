import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Pool } from 'pg';
import { migrationProvider, type StoreDialect } from './migrations';
import type { StoreSchema } from './schema';

/** Where the embedded outcome store lives unless `ELECTION_DB` names another file. */
export const defaultStorePath = () => process.env.ELECTION_DB ?? join(projectDataDir(), 'outcomes.sqlite');

function projectDataDir(): string {
  if (process.env.ELECTION_DATA_DIR) return resolve(process.env.ELECTION_DATA_DIR);
  // Works from the sources (activities/store/) and from the build (dist/activities/store/).
  const here = __dirname;
  const root = here.includes(join('dist', 'activities')) ? join(here, '..', '..', '..') : join(here, '..', '..');
  return join(root, 'data');
}

/** Which database the store opens: a PostgreSQL URL, or a SQLite file; neither means `DATABASE_URL`, else the default file. */
export interface StoreOptions {
  url?: string;
  file?: string;
}

/** A Kysely instance on one of the two databases, with where it points (a password never shown). */
export interface StoreConnection {
  db: Kysely<StoreSchema>;
  dialect: StoreDialect;
  location: string;
}

const URL_EXAMPLE = 'postgres://USER:PASSWORD@HOST:5432/DATABASE';

/** The database the options (or `DATABASE_URL`) name, validated: a bad URL is refused before any connection. */
export function resolveTarget(options: StoreOptions = {}): { dialect: 'postgres'; url: string; field: string } | { dialect: 'sqlite'; file: string } {
  if (options.url !== undefined && options.file !== undefined) {
    throw new Error(`store options: got both url and file; give one: a PostgreSQL URL (${URL_EXAMPLE}) or a SQLite file`);
  }
  if (options.file !== undefined) return { dialect: 'sqlite', file: options.file };
  const field = options.url !== undefined ? 'url' : 'DATABASE_URL';
  const url = options.url ?? process.env.DATABASE_URL;
  if (url === undefined || url === '') return { dialect: 'sqlite', file: defaultStorePath() };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${field}: got ${JSON.stringify(redact(url))}; expected a PostgreSQL URL such as ${URL_EXAMPLE} (unset it to use the SQLite file ${defaultStorePath()})`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(
      `${field}: got a ${JSON.stringify(parsed.protocol.replace(/:$/, ''))} URL (${redact(url)}); expected postgres:// or postgresql://, such as ${URL_EXAMPLE} (unset it to use the SQLite file ${defaultStorePath()})`,
    );
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new Error(`${field}: got ${JSON.stringify(redact(url))} with no host; expected a URL such as ${URL_EXAMPLE}`);
  }
  return { dialect: 'postgres', url, field };
}

/** The URL with its password replaced, fit for logs and error messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** Opens the database the options name and brings its schema to the latest migration. */
export async function connect(options: StoreOptions = {}): Promise<StoreConnection> {
  const target = resolveTarget(options);
  const connection = target.dialect === 'sqlite' ? connectSqlite(target.file) : connectPostgres(target.url);
  try {
    await migrateToLatest(connection);
  } catch (err) {
    await connection.db.destroy().catch(() => undefined);
    const where = target.dialect === 'postgres' ? `PostgreSQL at ${connection.location} (${target.field})` : `the SQLite store ${connection.location}`;
    throw new Error(`could not open the outcome store on ${where}: ${(err as Error).message}`, { cause: err });
  }
  return connection;
}

function connectPostgres(url: string): StoreConnection {
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (a restart, a failover, pg_terminate_backend) is dropped by the pool and
  // replaced on the next query; unheard, its error would crash the worker.
  pool.on('error', () => undefined);
  return { db: new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres', location: redact(url) };
}

function connectSqlite(file: string): StoreConnection {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  // Several workers (the chaos bench) may share one file: wait for the writer rather than fail at once.
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return { db: new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database }) }), dialect: 'sqlite', location: file };
}

/** Runs every migration not yet applied; applied ones are recorded by Kysely in `kysely_migration`. */
async function migrateToLatest({ db, dialect }: StoreConnection): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a rejection that is not an Error is shown as JavaScript prints it
    throw new Error(`${failed ? `migration ${failed} failed: ` : ''}${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
