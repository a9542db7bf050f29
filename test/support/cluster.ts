/**
 * The cluster of scripts/cluster.sh, for `npm run test:cluster` (jest.cluster.config.js): its settings file and its
 * commands. The instance is the one ELECTION_CLUSTER_DIR names, data/cluster by default, as for the script.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { defaultClusterEnvFile, parseEnvFile } from '../../bench/clusterEnv';
import { projectRoot } from '../../client/tools';

const SCRIPT = path.join(projectRoot(), 'scripts', 'cluster.sh');

/** The four Temporal services the cluster runs as processes of their own. */
export type ClusterService = 'frontend' | 'history' | 'matching' | 'worker';

/** The instance's cluster.env (scripts/cluster.sh writes it once the cluster is up), as the benchmark reads it too. */
export const clusterEnvFile = defaultClusterEnvFile;

/** The KEY=VALUE lines of the instance's cluster.env. */
export function clusterSettings(): Record<string, string> {
  const file = clusterEnvFile();
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: bring the cluster up with bash scripts/cluster.sh`);
  return parseEnvFile(fs.readFileSync(file, 'utf8'));
}

/** Runs `bash scripts/cluster.sh ARGS` to its end; rejects with the script's own error line when it fails. */
export async function clusterScript(...args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('bash', [SCRIPT, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`bash scripts/cluster.sh ${args.join(' ')} failed: ${stderr || String(err)}`, { cause: err });
  }
}

/** Kills one service with SIGKILL, as a crash, and starts it again; resolves once it answers. */
export function restartService(service: ClusterService): Promise<string> {
  return clusterScript('restart-service', service);
}
