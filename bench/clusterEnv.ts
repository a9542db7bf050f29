import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { projectRoot } from '../client/tools';

/** The running cluster as scripts/cluster.sh describes it in its cluster.env. */
export interface ClusterDescription {
  envFile: string;
  address: string;
  namespace: string;
  /** The persistence database and the visibility database. */
  postgresUrls: { persistence: string; visibility: string };
  /** Each Temporal service's process, by service name (frontend, history, matching, worker). */
  servicePids: Record<string, number>;
  /** The history shards its history service's config names (fixed for the cluster's life). */
  historyShards?: number;
}

/** Where cluster.sh writes its description: $ELECTION_CLUSTER_DIR/cluster.env, by default data/cluster/cluster.env. */
export function defaultClusterEnvFile(): string {
  // As the script reads it: an empty value is no value.
  const dir = resolve(process.env.ELECTION_CLUSTER_DIR || join(projectRoot(), 'data', 'cluster'));
  return join(dir, 'cluster.env');
}

/** KEY=value lines (an `export ` before the key and quotes around the value allowed); comments and blank lines skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    const raw = match[2]!.trim();
    values[match[1]!] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return values;
}

/** A pid file's number, or undefined when it holds none. */
function pidIn(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The services' processes: from each ELECTION_CLUSTER_<SERVICE>_PID (a number) or _PID_FILE / _PIDFILE (a file)
 * in cluster.env; without any, from the <service>.pid files in the cluster's folder or its run/ folder.
 */
function servicePidsOf(values: Record<string, string>, folder: string): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const [key, value] of Object.entries(values)) {
    const match = /^ELECTION_CLUSTER_([A-Z0-9_]+?)_(PID|PID_FILE|PIDFILE)$/.exec(key);
    if (!match) continue;
    const pid = match[2] === 'PID' ? Number(value) : pidIn(isAbsolute(value) ? value : join(folder, value));
    if (pid !== undefined && Number.isInteger(pid) && pid > 0) pids[match[1]!.toLowerCase()] = pid;
  }
  if (Object.keys(pids).length > 0) return pids;
  for (const place of [folder, join(folder, 'run')].filter((p) => existsSync(p))) {
    for (const file of readdirSync(place).filter((f) => f.endsWith('.pid'))) {
      const pid = pidIn(join(place, file));
      if (pid !== undefined) pids[basename(file, '.pid')] = pid;
    }
  }
  return pids;
}

/** Reads the cluster's description; fails naming what is missing and how to start the cluster. */
export function readClusterEnv(envFile: string): ClusterDescription {
  const start = `start one with: ELECTION_CLUSTER_DIR=${dirname(envFile)} bash scripts/cluster.sh start (or name its file with --cluster-env)`;
  if (!existsSync(envFile)) throw new Error(`--cluster: no cluster description at ${envFile}; ${start}`);
  const values = parseEnvFile(readFileSync(envFile, 'utf8'));
  const need = (key: string) => {
    const value = values[key];
    if (!value) throw new Error(`--cluster: ${envFile} has no ${key}; accepted: the cluster.env scripts/cluster.sh writes`);
    return value;
  };
  const description: ClusterDescription = {
    envFile,
    address: need('TEMPORAL_ADDRESS'),
    namespace: need('ELECTION_CLUSTER_NAMESPACE'),
    postgresUrls: { persistence: need('ELECTION_CLUSTER_PG_URL'), visibility: need('ELECTION_CLUSTER_VISIBILITY_PG_URL') },
    servicePids: servicePidsOf(values, values.ELECTION_CLUSTER_DIR ?? dirname(envFile)),
    historyShards: historyShardsOf(join(values.ELECTION_CLUSTER_DIR ?? dirname(envFile), 'config', 'history.yaml')),
  };
  if (Object.keys(description.servicePids).length === 0)
    throw new Error(`--cluster: ${envFile} names no service's process (ELECTION_CLUSTER_<SERVICE>_PID_FILE); ${start}`);
  return description;
}

/** The numHistoryShards of a service's config file, when it can be read. */
function historyShardsOf(configFile: string): number | undefined {
  try {
    const match = /^\s*numHistoryShards:\s*(\d+)/m.exec(readFileSync(configFile, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
