import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities } from '../activities';
import { openStore, type OutcomeStore } from '../activities/store';
import { freePort, startDevServer, type DevServer } from '../client/devServer';
import { projectRoot } from '../client/tools';
import { electionDataConverter, FAILURE_CONVERTER_PATH, generateDevelopmentKeys, readKeyRingFile, type KeyRing } from '../common/codec';
import { electionBundleOptions } from '../worker/bundle';
import { CodecMeter } from './codecMeter';

/** The two workflow codes under test: the XState host and the bare baseline. */
export type Contender = 'ours' | 'bare';

/** Where each contender's workflow code lives, relative to the project root (bundled from the sources). */
const WORKFLOW_SOURCES: Record<Contender, string> = {
  ours: join('workflows', 'index.ts'),
  bare: join('bench', 'baseline', 'workflows.ts'),
};

/**
 * Whether a client or worker seals payloads with the election's codec, as deployed ('sealed'), or leaves them plain
 * JSON ('plain': the same data converter without the codec, for the codec's cost). Both keep the election's failure
 * converter, which the workflow bundle is built with.
 */
export type Sealing = 'sealed' | 'plain';

/** The benchmark's own Temporal: a dev server on free ports over SQLite in a temp folder, a client, the bundles. */
export interface BenchEnvironment {
  dir: string;
  server: DevServer;
  /** The dev server's SQLite file. */
  serverDbFile: string;
  /** The client that seals, as every deployed client does. */
  client: Client;
  /** A client of each sealing, over the same connection; a plain client drives only plain workers' villages. */
  clients: Record<Sealing, Client>;
  dataConverters: Record<Sealing, DataConverter>;
  /** The codec's keys, for timing the codec alone. */
  codecKeys: KeyRing;
  /** Counts and times the sealing clients' and workers' codec calls. */
  codecMeter: CodecMeter;
  bundles: Record<Contender, { codePath: string }>;
  /** A worker for one contender over a fresh outcome store, sealing unless told otherwise; close it with `stop`. */
  startWorker: StartWorker;
  /** A sealing client and workers of the same bundles and keys on another Temporal server (the cluster), on top of the dev server. */
  connect(target: ServerTarget): Promise<OtherServer>;
  close(): Promise<void>;
}

/** A Temporal frontend and the namespace to use on it. */
export interface ServerTarget {
  address: string;
  namespace: string;
}

/** Starts a worker of one contender over a fresh outcome store, sealing unless told otherwise. */
export type StartWorker = (contender: Contender, options?: Partial<WorkerOptions>, sealing?: Sealing) => Promise<RunningWorker>;

/** Another Temporal server as the benchmark uses it: its sealing client and its workers; `close` ends the connection. */
export interface OtherServer {
  client: Client;
  startWorker: StartWorker;
  close(): Promise<void>;
}

export interface RunningWorker {
  worker: Worker;
  taskQueue: string;
  store: OutcomeStore;
  stop(): Promise<void>;
}

let queues = 0;

/**
 * Where the server's SQLite file goes unless `--tmp` says: memory-backed /dev/shm when there is one, so
 * that the figures measure Temporal's and the host's CPU rather than this disk, which other work shares.
 */
export function defaultTempRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/** Starts the dev server (its SQLite file in a fresh folder under `tempRoot`), bundles both workflow codes once, and connects a client. */
export async function openEnvironment(log: (line: string) => void, tempRoot = defaultTempRoot()): Promise<BenchEnvironment> {
  // No shutdown signals for the SDK: the benchmark's own handler stops the dev server on Ctrl-C.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  if (!existsSync(tempRoot)) throw new Error(`--tmp: got ${tempRoot}; accepted: an existing folder`);
  const dir = mkdtempSync(join(tempRoot, 'village-bench-'));
  const port = await freePort();
  const serverDbFile = join(dir, 'temporal.sqlite');
  const server = await startDevServer({ port, headless: true, dbFile: serverDbFile });
  if (server.reused) throw new Error(`port ${port} was taken by another Temporal server between finding it free and starting ours`);
  log(`dev server on ${server.address} (SQLite in ${dir})`);
  // The election's payload codec, as a deployment runs it: every client and worker here seals with the same keys.
  const codecKeysFile = join(dir, 'codec-keys.json');
  generateDevelopmentKeys(codecKeysFile);
  const codecKeys = readKeyRingFile(codecKeysFile);
  const codecMeter = new CodecMeter();
  const deployed = electionDataConverter(codecKeys);
  const dataConverters: Record<Sealing, DataConverter> = {
    sealed: { ...deployed, payloadCodecs: (deployed.payloadCodecs ?? []).map((codec) => codecMeter.wrap(codec)) },
    plain: { failureConverterPath: FAILURE_CONVERTER_PATH },
  };
  const connection = await Connection.connect({ address: server.address });
  const clients: Record<Sealing, Client> = {
    sealed: new Client({ connection, namespace: server.namespace, dataConverter: dataConverters.sealed }),
    plain: new Client({ connection, namespace: server.namespace, dataConverter: dataConverters.plain }),
  };

  const bundles = {} as Record<Contender, { codePath: string }>;
  for (const contender of ['ours', 'bare'] as const) {
    const workflowsPath = join(projectRoot(), WORKFLOW_SOURCES[contender]);
    // The bare baseline imports nothing beyond the SDK, so it has nothing to share.
    const options = contender === 'ours' ? electionBundleOptions(workflowsPath) : { workflowsPath };
    const { code } = await bundleWorkflowCode({ ...options, logger: new DefaultLogger('WARN') });
    const codePath = join(dir, `${contender}-bundle.js`);
    writeFileSync(codePath, code);
    bundles[contender] = { codePath };
    log(`bundled ${contender} workflow code (${Math.round(code.length / 1024)} KiB)`);
  }

  const startWorker = workerStarter(server, dir, bundles, dataConverters);
  const connect = async (target: ServerTarget): Promise<OtherServer> => {
    const other = await Connection.connect({ address: target.address });
    return {
      client: new Client({ connection: other, namespace: target.namespace, dataConverter: dataConverters.sealed }),
      startWorker: workerStarter(target, dir, bundles, dataConverters),
      close: () => other.close(),
    };
  };

  return {
    dir,
    server,
    serverDbFile,
    client: clients.sealed,
    clients,
    dataConverters,
    codecKeys,
    codecMeter,
    bundles,
    startWorker,
    connect,
    close: async () => {
      await connection.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts workers on one server: each with its own connection, task queue and outcome store (in `dir`). */
function workerStarter(
  target: ServerTarget,
  dir: string,
  bundles: Record<Contender, { codePath: string }>,
  dataConverters: Record<Sealing, DataConverter>,
): StartWorker {
  return async (contender, options = {}, sealing = 'sealed') => {
    const workerConnection = await NativeConnection.connect({ address: target.address });
    const store = await openStore({ file: join(dir, `outcomes-${++queues}.sqlite`) });
    const taskQueue = `bench-${contender}-${queues}`;
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: target.namespace,
      taskQueue,
      workflowBundle: bundles[contender],
      dataConverter: dataConverters[sealing],
      // The benchmark's villages shorten their periods (durationOverridesMs), which only a test or demo worker accepts.
      activities: createActivities(store, undefined, { mode: 'test' }),
      ...options,
    });
    const running = worker.run();
    return {
      worker,
      taskQueue,
      store,
      stop: async () => {
        worker.shutdown();
        await running;
        await workerConnection.close();
        await store.close();
      },
    };
  };
}
