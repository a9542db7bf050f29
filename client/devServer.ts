/**
 * Local Temporal dev server tooling: finds the Temporal CLI installed by scripts/install-tools.sh,
 * starts `temporal server start-dev` with this project's custom search attributes, and waits until
 * its frontend answers.
 *
 * No argument parsing here: client/cli.ts and the Jest global setup call these functions.
 *
 * Reuse: if something already listens on the requested port and answers as a Temporal frontend
 * (GetSystemInfo succeeds), `startDevServer` does NOT start a second server. It registers any of
 * {@link SEARCH_ATTRIBUTES} that are missing on that server and returns a handle with
 * `reused: true` whose `stop()` does nothing (the server belongs to whoever started it). If the
 * port is taken by something that is not Temporal, it throws.
 *
 * Only Node built-ins and @temporalio packages are used.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../workflows/searchAttributes';

/** Search attribute types as `temporal server start-dev --search-attribute KEY=TYPE` spells them. */
export type SearchAttributeTypeName = 'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

/**
 * Custom search attributes of this project, registered on every dev server started here.
 * Workers/workflows use the same names and types (e.g. with `defineSearchAttributeKey`).
 */
export { SEARCH_ATTRIBUTES };

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;

/** Wire values of temporal.api.enums.v1.IndexedValueType (stable protobuf enum numbers). */
const INDEXED_VALUE_TYPE: Readonly<Record<SearchAttributeTypeName, number>> = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
};

export interface DevServerOptions {
  /** SQLite file to persist state in; omitted = in-memory (state lost when the server stops). */
  dbFile?: string;
  /** Frontend gRPC port. Default 7233. */
  port?: number;
  /** Web UI port. Default port + 1000. Ignored when headless. */
  uiPort?: number;
  /** Disable the Web UI. Default false. */
  headless?: boolean;
  /** Namespace the caller will use; created at start-up if not 'default'. Default 'default'. */
  namespace?: string;
  /** Append the server's stdout/stderr to this file (it outlives this process' pipes). Default: kept in memory. */
  logFile?: string;
  /** How long to wait for the frontend to answer. Default 60 000 ms. */
  startTimeoutMs?: number;
  /** Server log level: debug | info | warn | error | never. Default 'warn'. */
  logLevel?: string;
  /** Extra arguments appended to `temporal server start-dev` (e.g. '--dynamic-config-value', 'K=V'). */
  extraArgs?: string[];
}

export interface DevServer {
  /** host:port of the frontend, e.g. '127.0.0.1:7233'. */
  address: string;
  /** Web UI URL; undefined when headless. For a reused server this is only a guess (port + 1000 or uiPort). */
  uiUrl: string | undefined;
  namespace: string;
  /** True when an already running server was found on the port; stop() then does nothing. */
  reused: boolean;
  /** Process id of the server started here (undefined when reused). */
  pid: number | undefined;
  /** Log file if one was given. */
  logFile: string | undefined;
  /** SIGTERM, wait for exit, SIGKILL after 10 s. Idempotent. No-op for a reused server. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 60;

// ------------------------------------------------------------------------------------- resolution

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

let cachedRoot: string | undefined;

/**
 * The project root: the nearest ancestor of this file holding package.json.
 * Works from the source (client/) under ts-jest and from the compiled output (dist/client/).
 */
export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return (cachedRoot = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`devServer: no package.json above ${__dirname}`);
    dir = parent;
  }
}

function fromEnv(variable: string): string | undefined {
  const value = process.env[variable];
  if (!value) return undefined;
  if (!isExecutableFile(value)) {
    throw new Error(`${variable}=${value} is not an executable file (unset it or run scripts/install-tools.sh)`);
  }
  return value;
}

/**
 * Path of the Temporal CLI: $TEMPORAL_CLI_PATH, else <root>/.tools/bin/temporal, else `temporal` on PATH.
 * @throws Error telling to run scripts/install-tools.sh when none is found.
 */
export function resolveTemporalCli(): string {
  const env = fromEnv('TEMPORAL_CLI_PATH');
  if (env) return env;
  const local = path.join(projectRoot(), '.tools', 'bin', 'temporal');
  if (isExecutableFile(local)) return local;
  const onPath = findOnPath('temporal');
  if (onPath) return onPath;
  throw new Error(
    `Temporal CLI not found (looked at $TEMPORAL_CLI_PATH, ${local}, and PATH): run scripts/install-tools.sh`,
  );
}

/**
 * Path of the time-skipping test server: $TEMPORAL_TEST_SERVER_PATH, else
 * <root>/.tools/bin/temporal-test-server, else `temporal-test-server` on PATH, else undefined
 * (then @temporalio/testing downloads its own copy, which needs internet access).
 */
export function resolveTestServer(): string | undefined {
  const env = fromEnv('TEMPORAL_TEST_SERVER_PATH');
  if (env) return env;
  const local = path.join(projectRoot(), '.tools', 'bin', 'temporal-test-server');
  if (isExecutableFile(local)) return local;
  return findOnPath('temporal-test-server');
}

// ------------------------------------------------------------------------------------- network

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('freePort: could not read the port'));
      });
    });
  });
}

/** True if something accepts TCP connections on host:port. */
function tcpAccepts(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.on('error', () => done(false)); // stays attached: a late ECONNRESET must not be unhandled
  });
}

/** Runs fn with a fresh connection to address, closing it afterwards. */
async function withConnection<T>(address: string, timeoutMs: number, fn: (c: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
  try {
    return await connection.withDeadline(Date.now() + timeoutMs, () => fn(connection));
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** True if a Temporal frontend answers GetSystemInfo on address within timeoutMs. */
export async function isTemporalFrontend(address: string, timeoutMs = 3000): Promise<boolean> {
  try {
    await withConnection(address, timeoutMs, (c) => c.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

function typeNameOf(value: unknown): string {
  if (typeof value === 'number') {
    const entry = Object.entries(INDEXED_VALUE_TYPE).find(([, n]) => n === value);
    return entry ? entry[0] : `#${value}`;
  }
  return String(value);
}

/** Names of SEARCH_ATTRIBUTES not yet registered on the namespace (throws on a type mismatch). */
async function missingSearchAttributes(connection: Connection, namespace: string): Promise<SearchAttributeName[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing: SearchAttributeName[] = [];
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES) as [SearchAttributeName, SearchAttributeTypeName][]) {
    const registered = customAttributes?.[name] as unknown;
    if (registered === undefined || registered === null) {
      missing.push(name);
      continue;
    }
    const registeredName = typeNameOf(registered);
    const matches =
      registered === INDEXED_VALUE_TYPE[type] ||
      registeredName.replace(/^INDEXED_VALUE_TYPE_/, '').replace(/_/g, '').toLowerCase() === type.toLowerCase();
    if (!matches) {
      throw new Error(
        `search attribute ${name} is registered in namespace ${namespace} as ${registeredName}, expected ${type}`,
      );
    }
  }
  return missing;
}

/**
 * Registers whichever of {@link SEARCH_ATTRIBUTES} are missing on the namespace (no-op when all exist).
 * @returns the names it added.
 */
export async function ensureSearchAttributes(connection: Connection, namespace = 'default'): Promise<string[]> {
  const missing = await missingSearchAttributes(connection, namespace);
  if (missing.length === 0) return [];
  const searchAttributes: Record<string, number> = {};
  for (const name of missing) searchAttributes[name] = INDEXED_VALUE_TYPE[SEARCH_ATTRIBUTES[name]];
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  return missing;
}

// ------------------------------------------------------------------------------------- dev server

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Keeps the last lines written by the server, for error messages. */
class LogTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly file?: string) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > LOG_TAIL_LINES * 2) this.lines = this.lines.slice(-LOG_TAIL_LINES);
  }

  tail(): string {
    let lines = [...this.lines, this.partial];
    if (this.file) {
      try {
        lines = fs.readFileSync(this.file, 'utf8').split('\n');
      } catch {
        /* keep what we have */
      }
    }
    const text = lines
      .filter((l) => l.trim() !== '')
      .slice(-LOG_TAIL_LINES)
      .join('\n');
    return text || '(no output)';
  }
}

/**
 * Starts `temporal server start-dev` on 127.0.0.1 with {@link SEARCH_ATTRIBUTES} registered, and
 * resolves once the frontend answers (GetSystemInfo, DescribeNamespace, search attributes listed).
 * Reuses a Temporal server already answering on the port (see the module comment).
 *
 * The spawned server is also killed if this Node process exits without calling stop().
 * @throws Error with the tail of the server log if it exits early or does not answer in time.
 */
export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const port = opts.port ?? 7233;
  const uiPort = opts.uiPort ?? port + 1000;
  const headless = opts.headless ?? false;
  const namespace = opts.namespace ?? 'default';
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const address = `${HOST}:${port}`;
  const uiUrl = headless ? undefined : `http://${HOST}:${uiPort}`;

  if (await tcpAccepts(HOST, port)) {
    if (!(await isTemporalFrontend(address))) {
      throw new Error(`port ${port} on ${HOST} is in use by something that does not answer as a Temporal frontend`);
    }
    await withConnection(address, 10_000, async (c) => {
      await c.workflowService.describeNamespace({ namespace }).catch((err: unknown) => {
        throw new Error(`reused Temporal server at ${address} has no namespace ${namespace}: ${String(err)}`);
      });
      await ensureSearchAttributes(c, namespace);
    });
    return {
      address,
      uiUrl,
      namespace,
      reused: true,
      pid: undefined,
      logFile: undefined,
      stop: async () => undefined,
    };
  }

  const cli = resolveTemporalCli();
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(port), '--log-level', opts.logLevel ?? 'warn'];
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(path.resolve(opts.dbFile)), { recursive: true });
    args.push('--db-filename', path.resolve(opts.dbFile));
  }
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  if (opts.extraArgs) args.push(...opts.extraArgs);

  // The server reads no client settings, but keep a caller's TEMPORAL_ADDRESS/NAMESPACE away from it.
  const env = { ...process.env };
  delete env.TEMPORAL_ADDRESS;
  delete env.TEMPORAL_NAMESPACE;

  const logFile = opts.logFile ? path.resolve(opts.logFile) : undefined;
  const log = new LogTail(logFile);
  let child: ChildProcess;
  if (logFile) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = fs.openSync(logFile, 'a');
    try {
      child = spawn(cli, args, { env, stdio: ['ignore', fd, fd] });
    } finally {
      fs.closeSync(fd);
    }
  } else {
    child = spawn(cli, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => log.push(d));
    child.stderr?.on('data', (d: Buffer) => log.push(d));
  }

  let exitInfo: string | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    child.once('error', (err) => {
      spawnError = err;
      exitInfo ??= `spawn error: ${err.message}`;
      resolve();
    });
  });
  const killOnExit = () => {
    if (exitInfo === undefined) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (exitInfo === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (exitInfo === undefined) child.kill('SIGKILL');
        }, STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
    })());

  const command = `${cli} ${args.join(' ')}`;
  const fail = async (why: string): Promise<never> => {
    await stop();
    throw new Error(`Temporal dev server ${why}.\ncommand: ${command}\n--- server log (tail) ---\n${log.tail()}`);
  };

  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    if (exitInfo !== undefined) {
      return fail(spawnError ? `could not be started (${spawnError.message})` : `exited early (${exitInfo})`);
    }
    if (Date.now() > deadline) {
      return fail(`did not answer on ${address} within ${timeoutMs} ms (last error: ${lastError || 'none'})`);
    }
    if (await tcpAccepts(HOST, port, 500)) {
      try {
        const missing = await withConnection(address, 3000, async (c) => {
          await c.workflowService.getSystemInfo({});
          await c.workflowService.describeNamespace({ namespace });
          return missingSearchAttributes(c, namespace);
        });
        if (missing.length === 0) break;
        lastError = `search attributes not registered yet: ${missing.join(', ')}`;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
      }
    }
    await sleep(200);
  }

  return { address, uiUrl, namespace, reused: false, pid: child.pid, logFile, stop };
}

/**
 * Registers every custom search attribute without listing first: the time-skipping test server
 * implements AddSearchAttributes but not ListSearchAttributes.
 */
export async function addSearchAttributes(connection: Connection, namespace = 'default'): Promise<void> {
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, INDEXED_VALUE_TYPE[type as SearchAttributeTypeName]]),
    ),
  });
}
