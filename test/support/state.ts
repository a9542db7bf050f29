import type { DevServer } from '../../client/devServer';

/** Key on globalThis where globalSetup leaves what globalTeardown must clean up. */
export const GLOBAL_STATE_KEY = '__villageReelectionTemporal__';

export interface GlobalTemporalState {
  /** Dev server started by globalSetup (absent when TEMPORAL_ADDRESS pointed at an existing one). */
  server?: DevServer;
  /** Temp dir holding the server's SQLite file and log. */
  tempDir?: string;
}

/** Key on globalThis where the cluster's globalSetup tells its teardown what to do. */
export const CLUSTER_STATE_KEY = '__villageReelectionCluster__';

export interface ClusterState {
  /** The setup started the cluster (it was not up before): the teardown stops it. */
  stopAtEnd: boolean;
}
