import { join, resolve } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { OutcomeStore } from '../../activities/store';
import type { WorkerMode } from '../../machines/hostEvents';
import { ensureDevelopmentKeys, KEYS_FILE_VARIABLE } from '../../common/codec';
import { AddressFreeLogger } from '../../worker/logger';
import { telemetryFromEnv } from '../../worker/telemetry';
import { createElectionWorker } from '../../worker/worker';
import { startDevServer, type DevServer } from '../devServer';
import { projectRoot } from '../tools';
import { say } from './common';

/** The embedded dev server and an election worker running in this process. */
export interface LocalStack {
  server: DevServer;
  /** The worker's outcome store (closed by {@link LocalStack.stop}): the demo registers its people there. */
  store: OutcomeStore;
  /** Resolves when the worker has stopped (after {@link LocalStack.stop} or a failure). */
  running: Promise<void>;
  /** Drains the worker, closes the store and the connection, stops the server (if started here). Idempotent. */
  stop(): Promise<void>;
}

/** Where the embedded server listens and keeps its state. */
export interface LocalStackOptions {
  port: number;
  uiPort: number;
  dbFile?: string;
  namespace?: string;
  /** The worker's mode; by default ELECTION_WORKER_MODE, else production. */
  mode?: WorkerMode;
  /** More `temporal server start-dev` arguments (the Web UI's codec endpoint); a reused server ignores them. */
  serverArgs?: string[];
}

/** The dev server's SQLite file unless --db names another: data/temporal.sqlite of the project. */
export const defaultDbFile = () => join(projectRoot(), 'data', 'temporal.sqlite');

let runtimeInstalled = false;

/**
 * Starts (or reuses, if one answers on the port) the Temporal dev server with SQLite persistence and
 * the Web UI, then an election worker on it. Signals are the CLI's to handle, so the SDK installs none.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  if (!runtimeInstalled) {
    // Text logs for a person at the terminal; metrics where ELECTION_METRICS_ADDRESS says, as the standalone worker.
    Runtime.install({
      logger: new AddressFreeLogger(new DefaultLogger('WARN')),
      shutdownSignals: [],
      telemetryOptions: telemetryFromEnv(),
    });
    runtimeInstalled = true;
  }
  // A development stack seals payloads like any other: with the configured keys, else a development key made once.
  const keysFile = ensureDevelopmentKeys();
  if (keysFile) say(`codec keys: ${keysFile} (development keys; production names its own in ${KEYS_FILE_VARIABLE})`);
  const dbFile = resolve(options.dbFile ?? defaultDbFile());
  const server = await startDevServer({
    dbFile,
    port: options.port,
    uiPort: options.uiPort,
    namespace: options.namespace,
    ...(options.serverArgs ? { extraArgs: options.serverArgs } : {}),
  });
  say(
    server.reused
      ? `Temporal dev server already running at ${server.address}: reusing it`
      : `Temporal dev server started at ${server.address} (state in ${dbFile})`,
  );
  let created: Awaited<ReturnType<typeof createElectionWorker>>;
  try {
    created = await createElectionWorker({ address: server.address, namespace: options.namespace ?? server.namespace, mode: options.mode });
  } catch (err) {
    await server.stop();
    throw err;
  }
  const { worker, store, connection, mode } = created;
  say(`election worker polling task queue "${worker.options.taskQueue}" (outcome store: ${store.location}; ${mode} mode)`);
  const running = worker.run();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch((err: unknown) => say(`worker stopped with an error: ${(err as Error).message}`));
      await store.close();
      await connection.close().catch(() => undefined);
      await server.stop();
    })());
  return { server, store, running, stop };
}

/** Resolves on the first Ctrl-C or SIGTERM; a second one exits at once. */
export function untilInterrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
