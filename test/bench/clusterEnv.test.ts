import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvFile, readClusterEnv } from '../../bench/clusterEnv';

describe("the cluster's description, as scripts/cluster.sh writes it", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-cluster-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A cluster folder as cluster.sh leaves it: cluster.env, the services' pid files, the history service's config. */
  function clusterFolder(pids: Record<string, number>): string {
    mkdirSync(join(dir, 'run'));
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'history.yaml'), 'persistence:\n  # 8 history shards\n  numHistoryShards: 8\n');
    const lines = [
      '# Written by scripts/cluster.sh; do not edit.',
      'TEMPORAL_ADDRESS=127.0.0.1:19233',
      'ELECTION_CLUSTER_NAMESPACE=election',
      `ELECTION_CLUSTER_DIR=${dir}`,
      'ELECTION_CLUSTER_PG_URL=postgres://postgres:secret@127.0.0.1:5432/election_cluster_19233',
      'ELECTION_CLUSTER_VISIBILITY_PG_URL=postgres://postgres:secret@127.0.0.1:5432/election_cluster_19233_visibility',
    ];
    for (const [service, pid] of Object.entries(pids)) {
      writeFileSync(join(dir, 'run', `${service}.pid`), `${pid}\n`);
      lines.push(`ELECTION_CLUSTER_${service.toUpperCase()}_PID_FILE=${join(dir, 'run', `${service}.pid`)}`);
      lines.push(`ELECTION_CLUSTER_${service.toUpperCase()}_METRICS=127.0.0.1:19253`);
    }
    const envFile = join(dir, 'cluster.env');
    writeFileSync(envFile, `${lines.join('\n')}\n`);
    return envFile;
  }

  it('finds the frontend, the namespace, both databases, each service by its pid file and the history shards', () => {
    const envFile = clusterFolder({ frontend: 101, history: 102, matching: 103, worker: 104 });
    expect(readClusterEnv(envFile)).toEqual({
      envFile,
      address: '127.0.0.1:19233',
      namespace: 'election',
      postgresUrls: {
        persistence: 'postgres://postgres:secret@127.0.0.1:5432/election_cluster_19233',
        visibility: 'postgres://postgres:secret@127.0.0.1:5432/election_cluster_19233_visibility',
      },
      servicePids: { frontend: 101, history: 102, matching: 103, worker: 104 },
      historyShards: 8,
    });
  });

  it('says how to start a cluster when there is no description', () => {
    expect(() => readClusterEnv(join(dir, 'cluster.env'))).toThrow(
      /no cluster description at .*cluster\.env; start one with: .*scripts\/cluster\.sh start/,
    );
  });

  it("refuses a description that names no service's process", () => {
    const envFile = clusterFolder({});
    expect(() => readClusterEnv(envFile)).toThrow(/names no service's process/);
  });

  it('falls back on the pid files of the run folder when the description names none', () => {
    const envFile = clusterFolder({});
    writeFileSync(join(dir, 'run', 'history.pid'), '202\n');
    expect(readClusterEnv(envFile).servicePids).toEqual({ history: 202 });
  });

  it('reads KEY=value lines, with export and quotes, and skips comments', () => {
    expect(parseEnvFile('# note\nexport A="x y"\nB=\'z\'\nC=1=2\n\nnot a line\n')).toEqual({ A: 'x y', B: 'z', C: '1=2' });
  });
});
