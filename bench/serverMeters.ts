/**
 * What a Temporal server spends while villages run, read from outside it: the CPU of its processes (/proc) and what
 * its store holds (PostgreSQL's statistics and sizes, or the dev server's SQLite file).
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { Client as PgClient } from 'pg';
import { statCpu } from './measure';

/** Each running process's parent, and its own and its reaped children's CPU seconds, from /proc. */
function processTable(): Map<number, { parent: number; ownSeconds: number; reapedSeconds: number }> {
  const table = new Map<number, { parent: number; ownSeconds: number; reapedSeconds: number }>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      table.set(Number(entry), statCpu(readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

/**
 * CPU seconds used so far by a process and all its descendants, live or ended: PostgreSQL's backends are children of
 * its postmaster, each connection's; one that ends moves its time into the postmaster's reaped children's time, so the
 * sum goes on counting it. Undefined when the process is gone (or off Linux).
 */
export function processTreeCpuSeconds(pid: number): number | undefined {
  let table: ReturnType<typeof processTable>;
  try {
    table = processTable();
  } catch {
    return undefined;
  }
  const root = table.get(pid);
  if (!root) return undefined;
  let seconds = root.ownSeconds + root.reapedSeconds;
  const below = [pid];
  while (below.length) {
    const parent = below.pop()!;
    for (const [child, info] of table) {
      if (info.parent !== parent) continue;
      seconds += info.ownSeconds + info.reapedSeconds;
      below.push(child);
    }
  }
  return seconds;
}

/** The CPU seconds of several named process trees, each alone; a tree that is gone reads undefined. */
export function cpuByName(pids: Record<string, number>): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processTreeCpuSeconds(pid)]));
}

/** One table's counters as PostgreSQL's statistics show them. */
export interface TableFigures {
  inserted: number;
  updated: number;
  deleted: number;
  live: number;
  bytes: number;
}

/** One PostgreSQL database at one moment: its size, its transactions, each table's rows and bytes. */
export interface PgDatabaseSnapshot {
  database: string;
  databaseBytes: number;
  commits: number;
  tables: Record<string, TableFigures>;
  /** The instance's write-ahead log position in bytes, shared by every database of the instance. */
  walBytes: number;
  /** The instance, so that two databases of one instance count its WAL once. */
  systemIdentifier: string;
  /** The postmaster, whose process tree is PostgreSQL's CPU. */
  postmasterPid: number | undefined;
}

/**
 * How long PostgreSQL's backends may keep table statistics before they publish them: a backend flushes when it goes
 * idle at least a second after its last flush, or 10 s into an idle spell (PGSTAT_MIN_INTERVAL and
 * PGSTAT_IDLE_INTERVAL of PostgreSQL 15's pgstat.c). pg_stat_force_next_flush() acts on its caller's session only,
 * so a reader of the server's counters waits this long after the work.
 */
export const PG_STATS_SETTLE_MS = 12_000;

/** Reads one database's statistics and sizes over a connection of its own. */
export async function pgSnapshot(url: string): Promise<PgDatabaseSnapshot> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    // Each read sees the counters as they are now, not a snapshot cached by an earlier read of this session.
    await client.query("SET stats_fetch_consistency = 'none'");
    const db = await client.query<{ database: string; bytes: string; commits: string; wal: string; system: string; pid: number }>(
      `SELECT current_database() AS database, pg_database_size(current_database()) AS bytes,
              (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits,
              pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS wal,
              (SELECT system_identifier FROM pg_control_system()) AS system,
              pg_backend_pid() AS pid`,
    );
    const tables = await client.query<{ name: string; ins: string; upd: string; del: string; live: string; bytes: string }>(
      `SELECT schemaname || '.' || relname AS name, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del,
              n_live_tup AS live, pg_total_relation_size(relid) AS bytes
         FROM pg_stat_user_tables`,
    );
    const row = db.rows[0]!;
    return {
      database: row.database,
      databaseBytes: Number(row.bytes),
      commits: Number(row.commits),
      walBytes: Number(row.wal),
      systemIdentifier: String(row.system),
      postmasterPid: parentOf(row.pid),
      tables: Object.fromEntries(
        tables.rows.map((t) => [
          t.name,
          { inserted: Number(t.ins), updated: Number(t.upd), deleted: Number(t.del), live: Number(t.live), bytes: Number(t.bytes) },
        ]),
      ),
    };
  } finally {
    await client.end();
  }
}

/** A process's parent, from /proc; undefined when it cannot be read (PostgreSQL on another machine). */
function parentOf(pid: number): number | undefined {
  try {
    return statCpu(readFileSync(`/proc/${pid}/stat`, 'utf8')).parent;
  } catch {
    return undefined;
  }
}

/** What one database gained over a stretch. */
export interface PgDatabaseGrowth {
  database: string;
  bytes: number;
  commits: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsDeleted: number;
  liveRows: number;
  tableBytes: number;
  /** The tables that took the most inserts, most first. */
  busiestTables: ({ table: string } & TableFigures)[];
}

/** The difference between two snapshots of one database. */
export function pgGrowth(before: PgDatabaseSnapshot, after: PgDatabaseSnapshot): PgDatabaseGrowth {
  const tables = Object.entries(after.tables).map(([table, now]) => {
    const then = before.tables[table] ?? { inserted: 0, updated: 0, deleted: 0, live: 0, bytes: 0 };
    return {
      table,
      inserted: now.inserted - then.inserted,
      updated: now.updated - then.updated,
      deleted: now.deleted - then.deleted,
      live: now.live - then.live,
      bytes: now.bytes - then.bytes,
    };
  });
  const sum = (key: keyof TableFigures) => tables.reduce((total, t) => total + t[key], 0);
  return {
    database: after.database,
    bytes: after.databaseBytes - before.databaseBytes,
    commits: after.commits - before.commits,
    rowsInserted: sum('inserted'),
    rowsUpdated: sum('updated'),
    rowsDeleted: sum('deleted'),
    liveRows: sum('live'),
    tableBytes: sum('bytes'),
    busiestTables: tables
      .filter((t) => t.inserted > 0 || t.updated > 0)
      .sort((a, b) => b.inserted - a.inserted || b.updated - a.updated)
      .slice(0, 8),
  };
}

/** The dev server's SQLite store at one moment: its files' bytes, the bytes its pages hold, each table's rows. */
export interface SqliteSnapshot {
  fileBytes: number;
  usedBytes: number;
  rows: Record<string, number>;
}

/**
 * Reads the dev server's SQLite file beside the running server, read-only: the main file and its write-ahead log on
 * disk, the pages in use (page count less free pages, as a reader sees the database with the log applied), and each
 * table's rows.
 */
export function sqliteSnapshot(file: string): SqliteSnapshot {
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const pragma = (name: string) => Number(db.pragma(name, { simple: true }));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[];
    const rows = Object.fromEntries(
      tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number }).n]),
    );
    return {
      fileBytes: size(file) + size(`${file}-wal`),
      usedBytes: (pragma('page_count') - pragma('freelist_count')) * pragma('page_size'),
      rows,
    };
  } finally {
    db.close();
  }
}

/** What the SQLite store gained over a stretch. */
export interface SqliteGrowth {
  fileBytes: number;
  usedBytes: number;
  rows: number;
  busiestTables: { table: string; rows: number }[];
}

/** The difference between two snapshots of the SQLite store. */
export function sqliteGrowth(before: SqliteSnapshot, after: SqliteSnapshot): SqliteGrowth {
  const tables = Object.entries(after.rows).map(([table, rows]) => ({ table, rows: rows - (before.rows[table] ?? 0) }));
  return {
    fileBytes: after.fileBytes - before.fileBytes,
    usedBytes: after.usedBytes - before.usedBytes,
    rows: tables.reduce((sum, t) => sum + t.rows, 0),
    busiestTables: tables
      .filter((t) => t.rows !== 0)
      .sort((a, b) => b.rows - a.rows)
      .slice(0, 8),
  };
}
