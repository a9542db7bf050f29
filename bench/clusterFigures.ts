import type { BillableActions } from './actions';
import { pooledPace, round, type Pace } from './measure';
import type { PgDatabaseGrowth, SqliteGrowth } from './serverMeters';

/** The two servers the cluster phase compares. */
export type ServerKind = 'dev' | 'cluster';

/** What a server's store gained over a run: the dev server's SQLite file, or the cluster's PostgreSQL databases. */
export interface StoreGrowth {
  sqlite?: SqliteGrowth;
  postgres?: PgDatabaseGrowth[];
  /** PostgreSQL's write-ahead log, once per instance. */
  walBytes?: number;
}

/** One village's history (all its runs) as counted. */
export interface VillageHistory {
  events: number;
  historyBytes: number;
  actions: BillableActions;
}

/** One run of the cluster phase on one server, as measured. */
export interface ClusterRun {
  kind: ServerKind;
  villages: number;
  wallMs: number;
  /** This process, all threads: the worker and the client driving the villages. */
  nodeCpuMs: number;
  /** Each of the server's processes (with their children), by name: the dev server, or the cluster's services and PostgreSQL. */
  serverCpuMs: Record<string, number>;
  store: StoreGrowth;
  villagesMs: number[];
  decisionsMs: number[];
  updateRpcTimeouts: number;
  histories: VillageHistory[];
  /** All the run's villages' actions together, with the updates the driver saw refused. */
  allActions: BillableActions;
  loadBefore: number[];
  loadAfter: number[];
}

/** A store's growth per village. */
export interface StorePerVillage {
  sqlite?: { fileBytes: number; usedBytes: number; rows: number };
  postgres?: {
    rowsInserted: number;
    rowsUpdated: number;
    rowsDeleted: number;
    liveRows: number;
    databaseBytes: number;
    tableBytes: number;
    commits: number;
    walBytes: number;
    byDatabase: { database: string; rowsInserted: number; liveRows: number; databaseBytes: number; commits: number }[];
  };
  /** The tables that grew most in the last run, per village. */
  busiestTables: { table: string; rowsInserted?: number; liveRows?: number; bytes?: number }[];
}

/** One server's side of the comparison, its runs pooled, per village. */
export interface ClusterSide extends Pace {
  kind: ServerKind;
  runs: number;
  villages: number;
  updateRpcTimeouts: number;
  nodeCpuMsPerVillage: number;
  /** The Temporal server's own processes: the dev server, or the cluster's four services. */
  serverCpuMsPerVillage: number;
  /** PostgreSQL's processes (the cluster only). */
  postgresCpuMsPerVillage?: number;
  serverCpuMsPerVillageByProcess: Record<string, number>;
  store: StorePerVillage;
  eventsPerVillage: number;
  historyBytesPerVillage: number;
  actionsPerVillage: BillableActions;
  /** Each village's total actions, lowest and highest: every village takes the same decisions. */
  actionsSpread: { min: number; max: number };
  byRun: {
    villagesPerSecond: number;
    serverCpuMsPerVillage: number;
    postgresCpuMsPerVillage?: number;
    loadBefore: number[];
    loadAfter: number[];
  }[];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const isPostgres = (name: string) => name.startsWith('postgres');

/** The CPU milliseconds of a run's Temporal processes, and of its PostgreSQL processes. */
function serverCpu(run: ClusterRun): { temporal: number; postgres: number } {
  const entries = Object.entries(run.serverCpuMs);
  return {
    temporal: sum(entries.filter(([name]) => !isPostgres(name)).map(([, ms]) => ms)),
    postgres: sum(entries.filter(([name]) => isPostgres(name)).map(([, ms]) => ms)),
  };
}

/** The runs' store growth per village. */
function storePerVillage(runs: ClusterRun[], villages: number): StorePerVillage {
  const per = (value: number, digits = 1) => round(value / villages, digits);
  const last = runs[runs.length - 1]!.store;
  const lastVillages = runs[runs.length - 1]!.villages;
  const sqlites = runs.flatMap((r) => (r.store.sqlite ? [r.store.sqlite] : []));
  const databases = runs.flatMap((r) => r.store.postgres ?? []);
  const store: StorePerVillage = { busiestTables: [] };
  if (sqlites.length) {
    store.sqlite = {
      fileBytes: per(sum(sqlites.map((s) => s.fileBytes)), 0),
      usedBytes: per(sum(sqlites.map((s) => s.usedBytes)), 0),
      rows: per(sum(sqlites.map((s) => s.rows))),
    };
    // SQLite keeps no insert counters: its figure is the rows a table holds more than before (net of deletes).
    store.busiestTables = (last.sqlite?.busiestTables ?? []).map((t) => ({ table: t.table, liveRows: round(t.rows / lastVillages, 2) }));
  }
  if (databases.length) {
    const names = [...new Set(databases.map((d) => d.database))];
    store.postgres = {
      rowsInserted: per(sum(databases.map((d) => d.rowsInserted))),
      rowsUpdated: per(sum(databases.map((d) => d.rowsUpdated))),
      rowsDeleted: per(sum(databases.map((d) => d.rowsDeleted))),
      liveRows: per(sum(databases.map((d) => d.liveRows))),
      databaseBytes: per(sum(databases.map((d) => d.bytes)), 0),
      tableBytes: per(sum(databases.map((d) => d.tableBytes)), 0),
      commits: per(sum(databases.map((d) => d.commits))),
      walBytes: per(sum(runs.map((r) => r.store.walBytes ?? 0)), 0),
      byDatabase: names.map((database) => {
        const mine = databases.filter((d) => d.database === database);
        return {
          database,
          rowsInserted: per(sum(mine.map((d) => d.rowsInserted))),
          liveRows: per(sum(mine.map((d) => d.liveRows))),
          databaseBytes: per(sum(mine.map((d) => d.bytes)), 0),
          commits: per(sum(mine.map((d) => d.commits))),
        };
      }),
    };
    store.busiestTables = (last.postgres ?? [])
      .flatMap((d) => d.busiestTables.map((t) => ({ ...t, table: `${d.database}.${t.table.replace(/^public\./, '')}` })))
      .sort((a, b) => b.inserted - a.inserted)
      .slice(0, 8)
      .map((t) => ({
        table: t.table,
        rowsInserted: round(t.inserted / lastVillages, 2),
        liveRows: round(t.live / lastVillages, 2),
        bytes: Math.round(t.bytes / lastVillages),
      }));
  }
  return store;
}

/** The billable actions of all the runs' villages, per village, kind by kind. */
function actionsPerVillage(runs: ClusterRun[], villages: number): BillableActions {
  const kinds = Object.keys(runs[0]!.allActions) as (keyof BillableActions)[];
  return Object.fromEntries(
    kinds.map((k) => [k, round(sum(runs.map((r) => r.allActions[k])) / villages, 2)]),
  ) as unknown as BillableActions;
}

/** One server's figures over all its runs: villages, time and CPU added up, percentiles over every village and decision. */
export function clusterSide(kind: ServerKind, runs: ClusterRun[]): ClusterSide {
  const mine = runs.filter((r) => r.kind === kind);
  if (mine.length === 0) throw new Error(`no run on the ${kind} server to report`);
  const villages = sum(mine.map((r) => r.villages));
  const histories = mine.flatMap((r) => r.histories);
  const cpu = mine.map(serverCpu);
  const processes = [...new Set(mine.flatMap((r) => Object.keys(r.serverCpuMs)))];
  return {
    kind,
    runs: mine.length,
    villages,
    ...pooledPace(mine),
    updateRpcTimeouts: sum(mine.map((r) => r.updateRpcTimeouts)),
    nodeCpuMsPerVillage: round(sum(mine.map((r) => r.nodeCpuMs)) / villages),
    serverCpuMsPerVillage: round(sum(cpu.map((c) => c.temporal)) / villages),
    postgresCpuMsPerVillage: kind === 'cluster' ? round(sum(cpu.map((c) => c.postgres)) / villages) : undefined,
    serverCpuMsPerVillageByProcess: Object.fromEntries(
      processes.map((name) => [name, round(sum(mine.map((r) => r.serverCpuMs[name] ?? 0)) / villages)]),
    ),
    store: storePerVillage(mine, villages),
    eventsPerVillage: round(sum(histories.map((h) => h.events)) / histories.length, 1),
    historyBytesPerVillage: round(sum(histories.map((h) => h.historyBytes)) / histories.length, 0),
    actionsPerVillage: actionsPerVillage(mine, villages),
    actionsSpread: {
      min: Math.min(...histories.map((h) => h.actions.total)),
      max: Math.max(...histories.map((h) => h.actions.total)),
    },
    byRun: mine.map((r, i) => ({
      villagesPerSecond: round((r.villages * 1000) / r.wallMs),
      serverCpuMsPerVillage: round(cpu[i]!.temporal / r.villages),
      postgresCpuMsPerVillage: kind === 'cluster' ? round(cpu[i]!.postgres / r.villages) : undefined,
      loadBefore: r.loadBefore,
      loadAfter: r.loadAfter,
    })),
  };
}
