import type { BillableActions } from './actions';
import type { ClusterFigures } from './cluster';
import type { ClusterSide } from './clusterFigures';
import { header, row } from './table';

const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? '' : (a / b).toFixed(2));

/** The actions of a village, kind by kind, in the order of Temporal Cloud's page. */
const ACTION_ROWS: [keyof BillableActions, string][] = [
  ['workflowStarts', 'workflow started'],
  ['childWorkflowStarts', 'child workflow started (2 each)'],
  ['searchAttributeUpserts', 'search attribute upserts (TemporalChangeVersion alone exempt)'],
  ['signals', 'signals'],
  ['updatesAccepted', 'updates accepted'],
  ['updatesRejected', 'updates rejected by the validator'],
  ['activityAttempts', 'activity attempts'],
  ['localActivityTasks', 'workflow tasks with local activities (markers)'],
  ['localActivityRetries', 'local activity retries'],
  ['timersStarted', 'timers started'],
  ['queries', 'queries'],
  ['total', '**billable actions**'],
];

/** The cluster phase's figures: the same villages on the dev server and on the cluster; nothing when it did not run. */
export function clusterSection(c: ClusterFigures | undefined): string[] {
  if (!c) return [];
  const { dev, onCluster: cl } = c;
  const figure = (label: string, value: (s: ClusterSide) => number | undefined) =>
    row([label, value(dev), value(cl), ratio(value(cl), value(dev))]);
  const runs = (s: ClusterSide) =>
    s.byRun
      .map((b) => `${b.villagesPerSecond}/s, ${b.serverCpuMsPerVillage} ms, load ${b.loadBefore[0]} before and ${b.loadAfter[0]} after`)
      .join('; ');
  return [
    '## The same villages on the dev server and on a cluster',
    '',
    `${c.villages} villages of the XState host per run, ${c.inFlight} at once, ${c.rounds} run(s) on each server (dev server: ${runs(dev)}; ` +
      `cluster: ${runs(cl)}). Cluster: ${c.cluster.address}, namespace ${c.cluster.namespace}, services ${c.cluster.services.join(', ')}, ` +
      `${c.cluster.historyShards ?? '?'} history shards, ` +
      `PostgreSQL for persistence and visibility. Server CPU is the Temporal server's own processes (and their children); ` +
      `PostgreSQL's is apart. The phase took ${c.durationS} s.`,
    '',
    ...header(['per village', 'dev server', 'cluster', 'cluster/dev']),
    figure('villages per second', (s) => s.villagesPerSecond),
    figure('wall ms per village', (s) => s.msPerVillage),
    figure('a whole village, p50 ms', (s) => s.villageP50Ms),
    figure('a decision round trip, p50 ms', (s) => s.decisionP50Ms),
    figure('a decision round trip, p95 ms', (s) => s.decisionP95Ms),
    figure('worker and client process CPU ms', (s) => s.nodeCpuMsPerVillage),
    figure('Temporal server CPU ms', (s) => s.serverCpuMsPerVillage),
    figure('PostgreSQL CPU ms', (s) => s.postgresCpuMsPerVillage),
    figure('history events', (s) => s.eventsPerVillage),
    figure('history bytes', (s) => s.historyBytesPerVillage),
    figure('SQLite bytes in use', (s) => s.store.sqlite?.usedBytes),
    figure('SQLite file bytes (with its WAL)', (s) => s.store.sqlite?.fileBytes),
    figure('SQLite rows it holds more (net of deletes)', (s) => s.store.sqlite?.rows),
    figure('PostgreSQL rows inserted', (s) => s.store.postgres?.rowsInserted),
    figure('PostgreSQL rows updated', (s) => s.store.postgres?.rowsUpdated),
    figure('PostgreSQL rows deleted', (s) => s.store.postgres?.rowsDeleted),
    figure('PostgreSQL live rows added', (s) => s.store.postgres?.liveRows),
    figure('PostgreSQL database bytes', (s) => s.store.postgres?.databaseBytes),
    figure('PostgreSQL commits', (s) => s.store.postgres?.commits),
    figure('PostgreSQL WAL bytes', (s) => s.store.postgres?.walBytes),
    '',
    "Billable actions per village (Temporal Cloud's rules, counted from every village's history: bench/actions.ts), " +
      `each village's total between ${dev.actionsSpread.min} and ${dev.actionsSpread.max} on the dev server, ` +
      `${cl.actionsSpread.min} and ${cl.actionsSpread.max} on the cluster.`,
    '',
    ...header(['action', 'dev server', 'cluster']),
    ...ACTION_ROWS.map(([key, label]) => row([label, dev.actionsPerVillage[key], cl.actionsPerVillage[key]])),
    '',
    'CPU ms per village by process, and where the rows went (the last run, per village):',
    '',
    ...header(['process', 'CPU ms per village']),
    ...[dev, cl].flatMap((s) => Object.entries(s.serverCpuMsPerVillageByProcess).map(([name, ms]) => row([`${s.kind}: ${name}`, ms]))),
    '',
    ...header(['table', 'rows inserted', 'rows it holds more (live)', 'bytes']),
    ...[dev, cl].flatMap((s) => s.store.busiestTables.map((t) => row([`${s.kind}: ${t.table}`, t.rowsInserted, t.liveRows, t.bytes]))),
    '',
  ];
}
