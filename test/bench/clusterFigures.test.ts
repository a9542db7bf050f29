import { billableActions } from '../../bench/actions';
import { clusterSide, type ClusterRun } from '../../bench/clusterFigures';

const noActions = billableActions([]);
const actions = (total: number) => ({ ...noActions, updatesAccepted: total, total });

/** One run on the cluster: `villages` villages in `wallMs`, the services' and PostgreSQL's CPU, both databases' growth. */
function clusterRun(villages: number, wallMs: number, cpu: Record<string, number>, inserted: [number, number]): ClusterRun {
  const database = (name: string, rows: number) => ({
    database: name,
    bytes: rows * 1000,
    commits: rows,
    rowsInserted: rows,
    rowsUpdated: 0,
    rowsDeleted: 0,
    liveRows: rows,
    tableBytes: rows * 900,
    busiestTables: [{ table: 'public.history_node', inserted: rows, updated: 0, deleted: 0, live: rows, bytes: rows * 900 }],
  });
  return {
    kind: 'cluster',
    villages,
    wallMs,
    nodeCpuMs: villages * 100,
    serverCpuMs: cpu,
    store: { postgres: [database('temporal', inserted[0]), database('temporal_visibility', inserted[1])], walBytes: villages * 5000 },
    villagesMs: Array.from({ length: villages }, (_, i) => 1000 + i),
    decisionsMs: [10, 20, 30],
    updateRpcTimeouts: 0,
    histories: Array.from({ length: villages }, () => ({ events: 200, historyBytes: 50_000, actions: actions(62) })),
    allActions: actions(62 * villages),
    loadBefore: [1, 1, 1],
    loadAfter: [2, 2, 2],
  };
}

describe("one server's side of the cluster benchmark", () => {
  it("pools the runs per village, and keeps PostgreSQL's CPU apart from the Temporal services'", () => {
    const runs = [
      clusterRun(100, 50_000, { frontend: 10_000, history: 20_000, postgres: 5_000 }, [20_000, 100]),
      clusterRun(100, 50_000, { frontend: 10_000, history: 20_000, postgres: 7_000 }, [20_000, 100]),
    ];
    const side = clusterSide('cluster', runs);
    expect(side).toMatchObject({
      villages: 200,
      villagesPerSecond: 2,
      serverCpuMsPerVillage: 300,
      postgresCpuMsPerVillage: 60,
      serverCpuMsPerVillageByProcess: { frontend: 100, history: 200, postgres: 60 },
      nodeCpuMsPerVillage: 100,
      eventsPerVillage: 200,
      actionsSpread: { min: 62, max: 62 },
    });
    expect(side.actionsPerVillage.total).toBe(62);
    expect(side.store.postgres).toMatchObject({
      rowsInserted: 201,
      databaseBytes: 201_000,
      walBytes: 5000,
      byDatabase: [
        { database: 'temporal', rowsInserted: 200 },
        { database: 'temporal_visibility', rowsInserted: 1 },
      ],
    });
    expect(side.store.busiestTables[0]).toEqual({ table: 'temporal.history_node', rowsInserted: 200, liveRows: 200, bytes: 180_000 });
  });

  it('has nothing to report for a server that ran no run', () => {
    expect(() => clusterSide('dev', [clusterRun(1, 1000, {}, [1, 1])])).toThrow(/no run on the dev server/);
  });
});
