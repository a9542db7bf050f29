import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import type { StoreDialect } from './migrations';
import { NulFreeTextPlugin } from './nulFree';
import { postgresPoolConfig, tlsRefusal } from './postgres';
import type { StoreSchema } from './schema';
import { migrateToLatest, requireCurrentSchema, StoreVersionError } from './schemaVersion';
import { openSqliteForReading, openSqliteForWriting } from './sqlite';

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
export function resolveTarget(
  options: StoreOptions = {},
): { dialect: 'postgres'; url: string; field: string } | { dialect: 'sqlite'; file: string } {
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
    throw new Error(
      `${field}: got ${JSON.stringify(redact(url))}; expected a PostgreSQL URL such as ${URL_EXAMPLE} (unset it to use the SQLite file ${defaultStorePath()})`,
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(
      `${field}: got a ${JSON.stringify(parsed.protocol.replace(/:$/, ''))} URL (${redact(url)}); expected postgres:// or postgresql://, such as ${URL_EXAMPLE} (unset it to use the SQLite file ${defaultStorePath()})`,
    );
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new Error(`${field}: got ${JSON.stringify(redact(url))} with no host; expected a URL such as ${URL_EXAMPLE}`);
  }
  const refusal = tlsRefusal(parsed, field);
  if (refusal) throw new Error(refusal);
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

/** Opens the database the options name and brings its schema to the latest migration (the worker's way in). */
export async function connect(options: StoreOptions = {}): Promise<StoreConnection> {
  return open(options, 'write', (connection) => migrateToLatest(connection.db, connection.dialect));
}

/**
 * Opens the database for a command that only reads (`report`, `notices`): read-only, never migrated, and refused
 * unless its schema is the version this build reads (StoreVersionError names both versions and what to do).
 */
export async function connectForReading(options: StoreOptions = {}): Promise<StoreConnection> {
  return open(options, 'read', (connection) => requireCurrentSchema(connection.db, describe(connection)));
}

async function open(
  options: StoreOptions,
  access: 'write' | 'read',
  prepare: (connection: StoreConnection) => Promise<void>,
): Promise<StoreConnection> {
  const target = resolveTarget(options);
  const connection = target.dialect === 'sqlite' ? connectSqlite(target.file, access) : connectPostgres(target.url, access);
  try {
    await prepare(connection);
  } catch (err) {
    await connection.db.destroy().catch(() => undefined);
    if (err instanceof StoreVersionError) throw err;
    const where =
      target.dialect === 'postgres' ? `PostgreSQL at ${connection.location} (${target.field})` : `the SQLite store ${connection.location}`;
    throw new Error(`could not open the outcome store on ${where}: ${(err as Error).message}`, { cause: err });
  }
  return connection;
}

const describe = ({ dialect, location }: StoreConnection) => (dialect === 'postgres' ? `on PostgreSQL at ${location}` : `in ${location}`);

function connectPostgres(url: string, access: 'write' | 'read'): StoreConnection {
  const pool = new Pool(postgresPoolConfig(url, access));
  // An idle connection the server ends (a restart, a failover, pg_terminate_backend) is dropped by the pool and
  // replaced on the next query; unheard, its error would crash the worker.
  pool.on('error', () => undefined);
  // So is a connection checked out between two queries of a transaction (the decision chain's lock, read and insert):
  // the pool listens only to idle ones. The transaction's next query fails instead, and its activity is retried.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { db: kysely(new PostgresDialect({ pool })), dialect: 'postgres', location: redact(url) };
}

function connectSqlite(file: string, access: 'write' | 'read'): StoreConnection {
  const database = access === 'write' ? openSqliteForWriting(file) : openSqliteForReading(file);
  return { db: kysely(new SqliteDialect({ database })), dialect: 'sqlite', location: file };
}

const kysely = (dialect: Dialect) => new Kysely<StoreSchema>({ dialect, plugins: [new NulFreeTextPlugin()] });
