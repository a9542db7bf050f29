import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../client/tools';

/** How to launch the election worker as a separate process. */
export interface WorkerCommand {
  command: string;
  args: string[];
  /** Added to the environment the worker gets (after the run's own settings). */
  env?: Record<string, string>;
}

/** The built standalone worker, `node dist/worker/main.js` (needs `npm run build`). */
export const builtWorker = (): WorkerCommand => ({
  command: process.execPath,
  args: [path.join(projectRoot(), 'dist', 'worker', 'main.js')],
});

/**
 * Loads TypeScript the way the tests do (transpile only, no type check), so a worker can run from the
 * sources without a build: ts-node is not a dependency, `typescript` is.
 */
const TRANSPILE_ON_REQUIRE = `
const ts = require('typescript');
const fs = require('fs');
require.extensions['.ts'] = (module, file) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(outputText, file);
};
require(process.argv[1]);
`;

/**
 * The same election worker run from the sources over a given workflow bundle (the one Jest's global
 * setup built), so a test never depends on how fresh dist/ is.
 */
export const sourceWorker = (workflowBundle: string): WorkerCommand =>
  fromSources(path.join(__dirname, 'workerEntry.ts'), { CHAOS_WORKFLOW_BUNDLE: workflowBundle });

/** A TypeScript entry file run as a process from the sources (transpiled as it is required), with more environment. */
export const fromSources = (entry: string, env: Record<string, string> = {}): WorkerCommand => ({
  command: process.execPath,
  args: ['-e', TRANSPILE_ON_REQUIRE, entry],
  env,
});

/**
 * The election worker as a child process that chaos may SIGKILL. It is restarted on request, and
 * also by itself when it exits without being killed (for example when the server went away).
 */
export class WorkerProcess {
  private child: ChildProcess | undefined;
  private killing = false;
  private stopped = false;
  private starts = 0;
  /** Exits the chaos did not cause (each is followed by a restart). */
  unexpectedExits = 0;

  constructor(
    private readonly launch: WorkerCommand,
    /** The server, the log, and the run's own settings (its store, its notice channels) for the worker's environment. */
    private readonly env: { address: string; logFile: string; settings: Record<string, string> },
    private readonly say: (line: string) => void,
  ) {}

  /** Starts the worker and resolves once it polls; a worker that exits before polling is tried again a second later. */
  async start(): Promise<void> {
    this.killing = false;
    while (!this.stopped) {
      try {
        await this.spawnOnce();
        return;
      } catch (err) {
        this.unexpectedExits += 1;
        this.say(err instanceof Error ? err.message : String(err));
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private spawnOnce(): Promise<void> {
    this.starts += 1;
    const start = this.starts;
    fs.appendFileSync(this.env.logFile, `\n--- worker start #${start} at ${new Date().toISOString()}\n`);
    const child = spawn(this.launch.command, this.launch.args, {
      cwd: projectRoot(),
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: this.env.address,
        TEMPORAL_NAMESPACE: 'default',
        // The run verifies its own store: a DATABASE_URL or channel file in the caller's shell must not divert the worker.
        DATABASE_URL: '',
        ELECTION_CHANNELS: '',
        ...this.env.settings,
        // The chaos villages shorten their periods to milliseconds, which only a test or demo worker accepts.
        ELECTION_WORKER_MODE: 'test',
        ...this.launch.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const log = fs.createWriteStream(this.env.logFile, { flags: 'a' });
    child.stderr.pipe(log);
    let polling = false;
    return new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        log.write(chunk);
        if (!polling && chunk.toString().includes('worker polling')) {
          polling = true;
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        process.removeListener('exit', killOnExit);
        if (this.child === child) this.child = undefined;
        const how = signal ?? `code ${code}`;
        if (!polling) return reject(new Error(`worker #${start} exited before polling (${how}); see ${this.env.logFile}`));
        if (this.killing || this.stopped) return;
        this.unexpectedExits += 1;
        this.say(`worker #${start} exited by itself (${how}); restarting it`);
        void this.start();
      });
    });
  }

  /** SIGKILL: in-flight workflow and activity tasks are abandoned, as in a machine failure. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.killing = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Drains the worker with SIGTERM (SIGKILL after 10 s); no restart follows. */
  async stop(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  get running(): boolean {
    return this.child !== undefined;
  }
}
