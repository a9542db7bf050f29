/**
 * Jest global setup of `npm run test:cluster` (jest.cluster.config.js): brings the cluster of scripts/cluster.sh up, or
 * finds it up, and points the run at it (TEMPORAL_TEST_ADDRESS); then everything the usual global setup does but start a
 * dev server (PostgreSQL for the stores, the codec keys, the workflow bundle). A cluster this setup started is stopped
 * by the teardown; one that was up before stays up.
 */
import globalSetup from './globalSetup';
import { clusterEnvFile, clusterScript, clusterSettings } from './cluster';
import { CLUSTER_STATE_KEY, type ClusterState } from './state';

export default async function clusterGlobalSetup(): Promise<void> {
  const wasUp = await clusterScript('status').then(
    () => true,
    () => false,
  );
  const started = Date.now();
  process.stderr.write(`[cluster globalSetup] ${(await clusterScript('start')).trim().split('\n').join('\n[cluster globalSetup] ')}\n`);
  const settings = clusterSettings();
  const address = settings.TEMPORAL_ADDRESS;
  if (!address) throw new Error(`${clusterEnvFile()} names no TEMPORAL_ADDRESS`);
  process.env.TEMPORAL_TEST_ADDRESS = address;
  const state: ClusterState = { stopAtEnd: !wasUp };
  (globalThis as Record<string, unknown>)[CLUSTER_STATE_KEY] = state;
  process.stderr.write(`[cluster globalSetup] cluster ${wasUp ? 'was up' : 'started'} in ${Date.now() - started} ms at ${address}\n`);
  await globalSetup();
}
