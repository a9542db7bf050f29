/**
 * The local Temporal dev server of `election dev`, `election demo`, scripts/demo.sh, the benchmarks and the Jest
 * global setup: @temporalio/testing starts `temporal server start-dev` (the CLI scripts/install-tools.sh pinned) with
 * this project's search attributes; a Temporal server already answering on the port is reused instead.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributes } from '../workflows/searchAttributes';
import { ensureSearchAttributes } from './registerSearchAttributes';
import { resolveTemporalCli } from './tools';

/** Where the dev server listens and keeps its state. */
export interface DevServerOptions {
  /** SQLite file to persist state in; omitted = in memory. */
  dbFile?: string;
  /** Frontend gRPC port. Default 7233. */
  port?: number;
  /** Web UI port. Default port + 1000. Ignored when headless. */
  uiPort?: number;
  /** No Web UI. Default false. */
  headless?: boolean;
  /** Namespace, created at start-up. Default 'default'. */
  namespace?: string;
  /** Server log level (debug, info, warn, error); its log goes to this process' stderr. Default 'error'. */
  logLevel?: string;
  /** More `temporal server start-dev` arguments (e.g. '--dynamic-config-value', 'K=V'). */
  extraArgs?: string[];
}

/** A running dev server, started here or reused. */
export interface DevServer {
  /** host:port of the frontend, e.g. '127.0.0.1:7233'. */
  address: string;
  /** Web UI URL; undefined when headless. For a reused server a guess (uiPort, or port + 1000). */
  uiUrl: string | undefined;
  namespace: string;
  /** True when a server already answered on the port: stop() then leaves it running. */
  reused: boolean;
  /** The server's process id when started here (Linux), for the benchmark's CPU figures. */
  pid: number | undefined;
  /** Stops a server started here: SIGTERM, then the SDK's kill after 10 s. Idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;

/**
 * Dynamic config every dev server started here runs with; a production namespace needs the same (README, "Connecting
 * to another Temporal server"). A worker's reply to a workflow task repeats each update it refuses, payload and all, and
 * the server terminates a workflow whose reply is past gRPC's 4 MB: four refused 1.9 MB updates at once ended a village.
 * Updates in flight to one workflow are held to 2 MiB of payload in all (the server has further senders retry).
 */
export const SERVER_DYNAMIC_CONFIG: Record<string, number> = { 'history.maxInFlightUpdatePayloads': 2 * 1024 * 1024 };

/** Listens on the port (0: any) for a moment; resolves with it, or rejects when it is taken. */
function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().unref().once('error', reject);
    server.listen(port, HOST, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export const freePort = (): Promise<number> => listenOnce(0);

/** True if a Temporal frontend answers GetSystemInfo on address within timeoutMs. */
export async function isTemporalFrontend(address: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    try {
      await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
      return true;
    } finally {
      await connection.close().catch(() => undefined);
    }
  } catch {
    return false;
  }
}

/** How long a started server may take to answer before it counts as failed to start. */
const SLOW_START_MS = 60_000;

/** Our child `temporal server start-dev` on the port, from /proc (Linux only: undefined elsewhere). */
function serverPid(port: number): number | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  for (const entry of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const parent = Number(
        fs
          .readFileSync(path.join('/proc', entry, 'stat'), 'utf8')
          .split(') ')[1]
          ?.split(' ')[1],
      );
      const args = fs.readFileSync(path.join('/proc', entry, 'cmdline'), 'utf8').split('\0');
      if (parent === process.pid && args.includes('start-dev') && args[args.indexOf('--port') + 1] === String(port)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

/** True while the process runs (a zombie waiting for the SDK to reap it counts as ended). */
function running(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until the server has registered the project's search attributes (start-dev adds them just after it answers). */
async function untilSearchAttributesListed(connection: Connection, namespace: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    if (Object.values(searchAttributes).every(({ name }) => customAttributes?.[name] !== undefined)) return;
    if (Date.now() > deadline) throw new Error(`the dev server did not register the search attributes within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts `temporal server start-dev` on 127.0.0.1 with the project's search attributes registered, or reuses a
 * Temporal server already answering on the port (registering any search attribute it lacks).
 * @throws Error when the port is taken by something that is not a Temporal frontend, or the server does not start.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const port = options.port ?? 7233;
  const uiPort = options.headless ? undefined : (options.uiPort ?? port + 1000);
  const namespace = options.namespace ?? 'default';
  const address = `${HOST}:${port}`;
  const uiUrl = uiPort === undefined ? undefined : `http://${HOST}:${uiPort}`;

  if (await isTemporalFrontend(address)) {
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address, namespace });
    try {
      await env.connection.workflowService.describeNamespace({ namespace }).catch((err: unknown) => {
        throw new Error(`the Temporal server at ${address} has no namespace ${namespace}: ${String(err)}`);
      });
      await ensureSearchAttributes(env.connection, namespace);
    } finally {
      await env.teardown();
    }
    return { address, uiUrl, namespace, reused: true, pid: undefined, stop: async () => undefined };
  }
  await listenOnce(port).catch(() => {
    throw new Error(
      `port ${port} on ${HOST} is in use by something that does not answer as a Temporal frontend; accepted: a free port or a Temporal server's`,
    );
  });

  const dbFilename = options.dbFile && path.resolve(options.dbFile);
  if (dbFilename) fs.mkdirSync(path.dirname(dbFilename), { recursive: true });
  const local = TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: resolveTemporalCli() },
      ip: HOST,
      port,
      uiPort,
      namespace,
      dbFilename,
      searchAttributes: Object.values(searchAttributes),
      log: { format: 'pretty', level: options.logLevel ?? 'error' },
      extraArgs: [
        ...Object.entries(SERVER_DYNAMIC_CONFIG).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]),
        ...(options.extraArgs ?? []),
      ],
    },
  });
  const env = await local.catch(async (err: unknown) => {
    // The server started but did not answer within the SDK's 10 s connect deadline (a restart on a large SQLite file on a
    // busy machine): give it longer, then connect to it as to a running server; it is still this process's to stop.
    if (serverPid(port) === undefined || !/Failed to connect before the deadline/.test(String(err))) throw err;
    const deadline = Date.now() + SLOW_START_MS;
    while (!(await isTemporalFrontend(address))) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return TestWorkflowEnvironment.createFromExistingServer({ address, namespace });
  });
  const pid = serverPid(port);
  // A Node process that ends without stop() must not leave the server behind.
  const killOnExit = () => pid !== undefined && running(pid) && process.kill(pid, 'SIGKILL');
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // SIGTERM lets the server close its SQLite file; the SDK's own shutdown kills outright.
      if (pid !== undefined && running(pid)) {
        process.kill(pid, 'SIGTERM');
        const deadline = Date.now() + STOP_GRACE_MS;
        while (running(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await env.teardown();
      process.removeListener('exit', killOnExit);
    })());
  try {
    await untilSearchAttributesListed(env.connection, namespace);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, uiUrl, namespace, reused: false, pid, stop };
}
