import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createActivities } from '../activities';
import { createSinks } from '../activities/sinks';
import { workerModeFromEnv } from '../activities/workerMode';
import type { WorkerMode } from '../machines/hostEvents';
import { ChannelConfigError, loadChannelConfig, missingSecrets, type ChannelConfig } from '../activities/notices';
import { openStore, type OutcomeStore } from '../activities/store';
import { configuredDataConverter } from '../common/codec/dataConverter';
import { connectionSettings } from '../common/connection';
import { TASK_QUEUE } from '../workflows/contract';
import { PREBUILT_BUNDLE, PREBUILT_TRACED_BUNDLE, sharedWorkflowModules, tracingInterceptorsOf } from './bundle';
import type { ElectionTracing } from '../common/tracing';

/** The prebuilt workflow bundle (`npm run build` writes it), the traced one when asked; without it the worker bundles at start. */
export const prebuiltBundlePath = (traced = false) => {
  const file = traced ? PREBUILT_TRACED_BUNDLE : PREBUILT_BUNDLE;
  const candidates = [join(__dirname, '..', file), join(__dirname, '..', 'dist', file)];
  return candidates.find((path) => existsSync(path));
};

export interface ElectionWorkerOptions {
  address?: string;
  namespace?: string;
  taskQueue?: string;
  /** The outcome store; by default the one DATABASE_URL or ELECTION_DB names (migrated to the latest schema at start). */
  store?: OutcomeStore;
  /** The towns' notice channels; by default the file ELECTION_CHANNELS names, else the outbox only. */
  channels?: ChannelConfig;
  /** Extra Worker options (tests pass a bundle and a cache size). */
  worker?: Partial<WorkerOptions>;
  /** production (the default, else ELECTION_WORKER_MODE), demo or test: only demo and test accept shortened periods. */
  mode?: WorkerMode;
  /** Tracing (common/tracing.ts), when on: the traced bundle, the activity interceptors and the spans' sink. */
  tracing?: ElectionTracing;
}

/** Creates the election worker: the workflow bundle, the activities over the outcome store, its connection. */
export async function createElectionWorker(
  options: ElectionWorkerOptions = {},
): Promise<{ worker: Worker; store: OutcomeStore; connection: NativeConnection; mode: WorkerMode }> {
  const mode = options.mode ?? workerModeFromEnv();
  const { connectionOptions, namespace } = connectionSettings({ address: options.address, namespace: options.namespace });
  const channels = options.channels ?? loadChannelConfig();
  const missing = missingSecrets(channels);
  if (missing.length) {
    throw new ChannelConfigError(
      `the notice channels name secrets this worker's environment does not hold, or holds too short (accepted: set each variable, a webhook secret to 32 bytes or more, before starting the worker):\n  ${missing.join('\n  ')}`,
    );
  }
  // Before the store opens: a worker without keys must not start at all.
  const dataConverter = options.worker?.dataConverter ?? (await configuredDataConverter());
  const store = options.store ?? (await openStore());
  const connection = await NativeConnection.connect(connectionOptions).catch(async (err: unknown) => {
    if (!options.store) await store.close();
    throw err;
  });
  const tracing = options.tracing?.workerOptions();
  const bundle = prebuiltBundlePath(tracing !== undefined);
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    dataConverter,
    activities: createActivities(store, channels, { mode }),
    sinks: {
      ...createSinks(store, (message, meta) => {
        Runtime.instance().logger.warn(message, meta);
      }),
      ...tracing?.sinks,
    },
    // A prebuilt traced bundle holds the workflow interceptors; one bundled at start is told of them.
    ...(tracing
      ? {
          interceptors: {
            ...tracing.interceptors,
            ...(bundle ? {} : { workflowModules: [tracingInterceptorsOf(require.resolve('../workflows'))] }),
          },
        }
      : {}),
    ...(bundle ? { workflowBundle: { codePath: bundle } } : bundleAtStart(require.resolve('../workflows'))),
    ...options.worker,
  });
  return { worker, store, connection, mode };
}

/** Without a prebuilt bundle: the workflow sources, bundled at start with the modules every cached workflow shares. */
const bundleAtStart = (workflowsPath: string): Partial<WorkerOptions> => ({
  workflowsPath,
  bundlerOptions: { preloadModules: sharedWorkflowModules(workflowsPath) },
});

/** Runs the election worker until SIGINT or SIGTERM, then drains in-flight tasks and closes the store and connection. */
export async function runElectionWorker(options: ElectionWorkerOptions = {}): Promise<void> {
  const { worker, store, connection, mode } = await createElectionWorker(options);
  console.log(`worker polling task queue "${worker.options.taskQueue}" (outcome store: ${store.location}; ${mode} mode)`);
  await worker.run();
  await store.close();
  await connection.close();
}
