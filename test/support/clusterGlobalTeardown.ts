/** Jest global teardown of `npm run test:cluster`: the usual teardown, then stops the cluster if this run started it. */
import globalTeardown from './globalTeardown';
import { clusterScript } from './cluster';
import { CLUSTER_STATE_KEY, type ClusterState } from './state';

export default async function clusterGlobalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[CLUSTER_STATE_KEY] as ClusterState | undefined;
  try {
    await globalTeardown();
  } finally {
    if (state?.stopAtEnd) process.stderr.write(`[cluster globalTeardown] ${(await clusterScript('stop')).trim()}\n`);
    delete (globalThis as Record<string, unknown>)[CLUSTER_STATE_KEY];
  }
}
