import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ensureSearchAttributes } from '../client/registerSearchAttributes';
import { eachAtMost } from '../common/concurrency';
import { billableActions } from './actions';
import { readClusterEnv, type ClusterDescription } from './clusterEnv';
import { clusterSide, type ClusterRun, type ClusterSide, type ServerKind, type StoreGrowth } from './clusterFigures';
import type { StartWorker } from './environment';
import { round, startStretch } from './measure';
import { allVillages, idsOf, WARM_UP_VILLAGES, type Workload } from './phases';
import { countEvents } from './profile';
import { cpuByName, PG_STATS_SETTLE_MS, pgGrowth, pgSnapshot, sqliteGrowth, sqliteSnapshot, type PgDatabaseSnapshot } from './serverMeters';
import { driveLog, driveVillage } from './villages';

/** How the cluster phase runs: villages per run, how many at once, runs of each server, and the cluster's description. */
export interface ClusterPlan {
  villages: number;
  inFlight: number;
  rounds: number;
  envFile: string;
}

/** The same villages on the dev server and on the cluster, side by side. */
export interface ClusterFigures extends ClusterPlan {
  cluster: { address: string; namespace: string; services: string[]; historyShards?: number };
  dev: ClusterSide;
  onCluster: ClusterSide;
  durationS: number;
}

/** One server as a run sees it: where to drive villages, and how to read what the server spent. */
interface ServerUnderTest {
  kind: ServerKind;
  client: Client;
  startWorker: StartWorker;
  /** The server's processes, by name, whose CPU is the server's. */
  processes: () => Record<string, number>;
  /** Reads the store now; `settle` first waits for the store's counters to be current. */
  storeReading: () => Promise<() => Promise<StoreGrowth>>;
}

/**
 * Drives `villages` villages of the XState host, `inFlight` at once, through the whole happy path on the dev server
 * and on the cluster (`rounds` runs of each, in the order dev, cluster, cluster, dev, ...): wall time, the CPU of
 * this process and of each server's processes, what each store gained, and every village's history counted.
 */
export async function clusterPhase(work: Workload, plan: ClusterPlan): Promise<ClusterFigures> {
  const began = performance.now();
  const description = readClusterEnv(plan.envFile);
  const other = await work.env.connect({ address: description.address, namespace: description.namespace });
  try {
    await ensureSearchAttributes(other.client.connection, description.namespace).catch((err: unknown) => {
      throw new Error(`the cluster at ${description.address} cannot take the election's search attributes: ${String(err)}`);
    });
    const servers: Record<ServerKind, ServerUnderTest> = {
      dev: devServer(work),
      cluster: {
        kind: 'cluster',
        client: other.client,
        startWorker: other.startWorker,
        processes: () => description.servicePids,
        storeReading: () => postgresReading(description),
      },
    };
    const runs: ClusterRun[] = [];
    for (let pass = 0; pass < plan.rounds; pass += 1) {
      for (const kind of pass % 2 === 0 ? (['dev', 'cluster'] as const) : (['cluster', 'dev'] as const)) {
        work.log(`cluster: ${plan.villages} villages, ${plan.inFlight} at once, on the ${kind === 'dev' ? 'dev server' : 'cluster'} ...`);
        const run = await clusterRun(work, servers[kind], plan, `cluster-${kind}-${pass}`, description);
        const { villagesPerSecond, serverCpuMsPerVillage, eventsPerVillage, actionsPerVillage } = clusterSide(kind, [run]);
        work.log(
          `  ${villagesPerSecond} villages/s, server CPU ${serverCpuMsPerVillage} ms per village, ` +
            `${eventsPerVillage} events and ${actionsPerVillage.total} billable actions per village`,
        );
        runs.push(run);
      }
    }
    return {
      ...plan,
      cluster: {
        address: description.address,
        namespace: description.namespace,
        services: Object.keys(description.servicePids),
        historyShards: description.historyShards,
      },
      dev: clusterSide('dev', runs),
      onCluster: clusterSide('cluster', runs),
      durationS: round((performance.now() - began) / 1000, 0),
    };
  } finally {
    await other.close();
  }
}

/** The benchmark's own dev server: one process, its SQLite file. */
function devServer(work: Workload): ServerUnderTest {
  const { env } = work;
  return {
    kind: 'dev',
    client: env.client,
    startWorker: env.startWorker,
    processes: (): Record<string, number> => (env.server.pid === undefined ? {} : { 'dev server': env.server.pid }),
    storeReading: () => {
      const before = sqliteSnapshot(env.serverDbFile);
      return Promise.resolve(() => Promise.resolve({ sqlite: sqliteGrowth(before, sqliteSnapshot(env.serverDbFile)) }));
    },
  };
}

/** Both databases of the cluster, read after their statistics have settled; PostgreSQL's processes join the CPU figures. */
async function postgresReading(description: ClusterDescription): Promise<() => Promise<StoreGrowth>> {
  const urls = [description.postgresUrls.persistence, description.postgresUrls.visibility];
  const read = async () => {
    await new Promise((resolve) => setTimeout(resolve, PG_STATS_SETTLE_MS));
    return Promise.all(urls.map((url) => pgSnapshot(url)));
  };
  const before = await read();
  return async () => {
    const after = await read();
    return {
      postgres: after.map((snapshot, i) => pgGrowth(before[i]!, snapshot)),
      walBytes: walGrowth(before, after),
    };
  };
}

/** The WAL written over the stretch, once per PostgreSQL instance however many of its databases are read. */
function walGrowth(before: PgDatabaseSnapshot[], after: PgDatabaseSnapshot[]): number {
  const seen = new Set<string>();
  let bytes = 0;
  after.forEach((snapshot, i) => {
    if (seen.has(snapshot.systemIdentifier)) return;
    seen.add(snapshot.systemIdentifier);
    bytes += snapshot.walBytes - before[i]!.walBytes;
  });
  return bytes;
}

/** PostgreSQL's postmasters behind the cluster's databases, by name, for the CPU figures. */
async function postgresProcesses(description: ClusterDescription): Promise<Record<string, number>> {
  const snapshots = await Promise.all(
    [description.postgresUrls.persistence, description.postgresUrls.visibility].map((url) => pgSnapshot(url)),
  );
  const pids = [...new Set(snapshots.map((s) => s.postmasterPid).filter((pid): pid is number => pid !== undefined))];
  return Object.fromEntries(pids.map((pid, i) => [pids.length === 1 ? 'postgres' : `postgres ${i + 1}`, pid]));
}

/** One run on one server: a fresh worker, warmed up; the timed villages; then the store's growth and every history. */
async function clusterRun(
  work: Workload,
  server: ServerUnderTest,
  plan: ClusterPlan,
  phase: string,
  description: ClusterDescription,
): Promise<ClusterRun> {
  const running = await server.startWorker('ours');
  try {
    const drive = (log: ReturnType<typeof driveLog>) => (id: string) =>
      driveVillage(server.client, 'ours', running.taskQueue, id, work.plan, { decisions: work.decisions, log });
    await allVillages(work, idsOf(`${phase}-warm`, WARM_UP_VILLAGES), WARM_UP_VILLAGES, drive(driveLog()));
    const processes = { ...server.processes(), ...(server.kind === 'cluster' ? await postgresProcesses(description) : {}) };
    const storeGrowth = await server.storeReading();
    const loadBefore = loadavg().map((l) => round(l));
    const log = driveLog();
    const ids = idsOf(phase, plan.villages);
    const cpuBefore = cpuByName(processes);
    const end = startStretch(undefined);
    await allVillages(work, ids, plan.inFlight, drive(log));
    const stretch = end();
    const cpuAfter = cpuByName(processes);
    const loadAfter = loadavg().map((l) => round(l));
    const serverCpuMs = Object.fromEntries(
      Object.keys(processes).map((name) => {
        const [then, now] = [cpuBefore[name], cpuAfter[name]];
        if (then === undefined || now === undefined) throw new Error(`the ${name} process (pid ${processes[name]}) ended during the run`);
        return [name, round((now - then) * 1000)];
      }),
    );
    const store = await storeGrowth();
    const histories = await villageHistories(server.client, ids);
    return {
      kind: server.kind,
      villages: plan.villages,
      wallMs: stretch.wallMs,
      nodeCpuMs: stretch.nodeCpuMs,
      serverCpuMs,
      store,
      villagesMs: log.villagesMs,
      decisionsMs: log.latenciesMs,
      updateRpcTimeouts: log.rpcTimeouts,
      histories: histories.map((runs) => ({
        events: runs.reduce((sum, h) => sum + countEvents(h).events, 0),
        historyBytes: runs.reduce((sum, h) => sum + countEvents(h).historyBytes, 0),
        actions: billableActions(runs),
      })),
      // The driver sends no query (it waits on each village's result); its refusals are updates, which the server bills.
      allActions: billableActions(histories.flat(), { queries: 0, updatesRefused: log.retries }),
      loadBefore,
      loadAfter,
    };
  } finally {
    await running.stop();
  }
}

/** Every run of each village, oldest first: a village that continued as new has one history per run. */
async function villageHistories(client: Client, ids: string[]): Promise<temporal.api.history.v1.IHistory[][]> {
  const all: temporal.api.history.v1.IHistory[][] = new Array<temporal.api.history.v1.IHistory[]>(ids.length);
  await eachAtMost(ids, 8, async (workflowId, index) => {
    const runs: temporal.api.history.v1.IHistory[] = [];
    for (let runId: string | undefined; ;) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      runs.unshift(history);
      const earlier = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!earlier) break;
      runId = earlier;
    }
    all[index] = runs;
  });
  return all;
}
