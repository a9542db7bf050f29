/**
 * Jest global setup (runs once, in the main Jest process, before any test file).
 *
 * - Unless TEMPORAL_ADDRESS (or TEMPORAL_TEST_ADDRESS) is already set, starts a headless
 *   `temporal server start-dev` on free ports with an SQLite file in a fresh temp dir, and sets
 *   TEMPORAL_TEST_ADDRESS to it. The handle is kept on globalThis for globalTeardown.
 * - Sets TEMPORAL_TEST_SERVER_PATH when the time-skipping test server binary is installed.
 * - Unless TEST_DATABASE_URL is already set, reads it from data/pg/postgres.env, which
 *   `bash scripts/postgres.sh` writes (scripts/test.sh runs it first); the PostgreSQL tests fail,
 *   saying how to start it, when there is none.
 * - Bundles workflows/ (or $TEMPORAL_TEST_WORKFLOWS_PATH) once into .tools/test-bundle/workflows.js
 *   and sets WORKFLOW_BUNDLE_PATH (on failure: WORKFLOW_BUNDLE_ERROR, see bundleWorkflows).
 *
 * - Sets ELECTION_WORKER_MODE=test unless set: the tests' workers accept the short periods of their town plans.
 *
 * Jest workers inherit the environment set here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger, LogLevel } from '@temporalio/common';
import { bundleWorkflowCode } from '@temporalio/worker';
import { redact } from '../../activities/store/connect';
import { freePort, startDevServer } from '../../client/devServer';
import { projectRoot, resolveTestServer } from '../../client/tools';
import { electionBundleOptions } from '../../worker/bundle';
import { generateDevelopmentKeys, KEYS_FILE_VARIABLE, KEYS_INLINE_VARIABLE } from '../../common/codec';
import { GLOBAL_STATE_KEY, type GlobalTemporalState } from './state';

function log(message: string): void {
  process.stderr.write(`[temporal globalSetup] ${message}\n`);
}

async function startServer(state: GlobalTemporalState): Promise<void> {
  const preset = process.env.TEMPORAL_TEST_ADDRESS || process.env.TEMPORAL_ADDRESS;
  if (preset) {
    process.env.TEMPORAL_TEST_ADDRESS = preset;
    log(`using the existing Temporal server at ${preset}`);
    return;
  }
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-test-'));
  state.tempDir = tempDir;
  const started = Date.now();
  let server;
  try {
    server = await startDevServer({ port: await freePort(), headless: true, dbFile: path.join(tempDir, 'temporal.sqlite') });
  } catch (err) {
    fs.rmSync(tempDir, { recursive: true, force: true });
    state.tempDir = undefined;
    throw err;
  }
  state.server = server;
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  log(`dev server up at ${server.address} in ${Date.now() - started} ms`);
}

/** Keeps webpack's warnings/errors instead of printing pages of them; the summary is printed instead. */
class CollectingLogger implements Logger {
  readonly lines: string[] = [];
  log(level: LogLevel, message: string): void {
    if (level === 'WARN' || level === 'ERROR') this.lines.push(message);
  }
  trace(message: string): void {
    this.log('TRACE', message);
  }
  debug(message: string): void {
    this.log('DEBUG', message);
  }
  info(message: string): void {
    this.log('INFO', message);
  }
  warn(message: string): void {
    this.log('WARN', message);
  }
  error(message: string): void {
    this.log('ERROR', message);
  }
}

/** workflows/ (index.ts), or $TEMPORAL_TEST_WORKFLOWS_PATH if set. */
function resolveWorkflows(): string | undefined {
  const override = process.env.TEMPORAL_TEST_WORKFLOWS_PATH;
  if (override) return path.resolve(override);
  try {
    return require.resolve('../../workflows');
  } catch {
    return undefined;
  }
}

/**
 * Bundles the workflows once. A failure does not abort the run (tests that do not need workflows
 * still report): it is written to .tools/test-bundle/error.txt, WORKFLOW_BUNDLE_ERROR points at
 * it, and workflowBundle() in test/support/temporal.ts throws it in every test that asks.
 */
async function bundleWorkflows(): Promise<void> {
  const outDir = path.join(projectRoot(), '.tools', 'test-bundle');
  const codePath = path.join(outDir, 'workflows.js');
  const errorPath = path.join(outDir, 'error.txt');
  fs.mkdirSync(outDir, { recursive: true });
  // Written atomically (temp file + rename): another Jest run in the same tree may be reading it.
  const writeAtomically = (file: string, text: string) => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  };

  const workflowsPath = resolveWorkflows();
  if (!workflowsPath) {
    log('no workflows/index.ts found: WORKFLOW_BUNDLE_PATH not set');
    return;
  }
  const started = Date.now();
  const logger = new CollectingLogger();
  try {
    const { code } = await bundleWorkflowCode({ ...electionBundleOptions(workflowsPath), logger });
    writeAtomically(codePath, code);
    process.env.WORKFLOW_BUNDLE_PATH = codePath;
    log(`workflows bundled in ${Date.now() - started} ms -> ${path.relative(projectRoot(), codePath)}`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    writeAtomically(errorPath, [...logger.lines, message].join('\n\n'));
    process.env.WORKFLOW_BUNDLE_ERROR = errorPath;
    const firstErrors = logger.lines
      .join('\n')
      .split('\n')
      .filter((l) => /^ERROR in |Module not found|error TS/.test(l))
      .slice(0, 6);
    log(`workflow bundle FAILED: ${message}\n  ${firstErrors.join('\n  ')}\n  full output: ${errorPath}`);
  }
}

/** The loopback PostgreSQL scripts/postgres.sh started, for the store's tests on PostgreSQL. */
export function findTestPostgres(): void {
  if (process.env.TEST_DATABASE_URL) {
    log(`PostgreSQL for the tests: ${redact(process.env.TEST_DATABASE_URL)} (TEST_DATABASE_URL)`);
    return;
  }
  const envFile = path.join(projectRoot(), 'data', 'pg', 'postgres.env');
  const line = fs.existsSync(envFile)
    ? fs
        .readFileSync(envFile, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('TEST_DATABASE_URL='))
    : undefined;
  if (line) {
    process.env.TEST_DATABASE_URL = line.slice('TEST_DATABASE_URL='.length).trim();
    log(`PostgreSQL for the tests: ${redact(process.env.TEST_DATABASE_URL)} (from ${path.relative(projectRoot(), envFile)})`);
  } else {
    log('no PostgreSQL for the tests (run `bash scripts/postgres.sh`): the PostgreSQL tests will fail');
  }
}

/**
 * The codec keys of this run: a fresh key file in a temporary folder, named by ELECTION_CODEC_KEYS_FILE so that the
 * tests' workers and clients and every CLI process a test starts seal and open with the same keys. Keys configured
 * before the run are kept.
 */
function provideCodecKeys(): void {
  if (process.env[KEYS_FILE_VARIABLE] || process.env[KEYS_INLINE_VARIABLE]) return;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'election-codec-')), 'codec-keys.json');
  generateDevelopmentKeys(file);
  process.env[KEYS_FILE_VARIABLE] = file;
}

export default async function globalSetup(): Promise<void> {
  const state: GlobalTemporalState = {};
  (globalThis as Record<string, unknown>)[GLOBAL_STATE_KEY] = state;

  const testServer = resolveTestServer();
  if (testServer) process.env.TEMPORAL_TEST_SERVER_PATH = testServer;

  findTestPostgres();
  provideCodecKeys();
  process.env.ELECTION_WORKER_MODE ||= 'test';
  await startServer(state);
  await bundleWorkflows();
}
