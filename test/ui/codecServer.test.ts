import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createActivities } from '../../activities';
import type { OutcomeStore } from '../../activities/store';
import { DEMO_ARGON2, prepareDemoAccounts, prepareDeskPeople } from '../../client/demo/deskDemo';
import { inputProblems, startElection } from '../../client/commands/start';
import { freePort, startDevServer, type DevServer } from '../../client/devServer';
import { projectRoot } from '../../client/tools';
import { loadOrCreateDeskKey } from '../../desk/deskKey';
import { APPROVING_ROLES, startDesk, type RunningDesk } from '../../desk/start';
import type { ElectionInputRaw } from '../../machines/input';
import { TASK_QUEUE } from '../../workflows/contract';
import { launchBrowser } from '../support/browser';
import { deskPerson, PASSWORD } from '../support/desk';
import { tempStore, villageInput } from '../support/election';
import { testSigners } from '../support/signers';
import { testDataConverter, uniqueId, workflowBundle } from '../support/temporal';

/** Kept for a person to look at after the run (test-output/ is git-ignored). */
const SCREENSHOTS = join(projectRoot(), 'test-output', 'ui');
const UI_TIMEOUT_MS = 60_000;

/**
 * The Web UI with the desk as its codec server, as `election dev` runs them: a dev server started with
 * `--ui-codec-endpoint <desk>/codec`, the desk told the UI's address, one village started. A browser signed in to the
 * desk reads the village's input decoded in the UI; a browser without a session sees the same page sealed.
 */
const village = uniqueId('Codec');
let server: DevServer | undefined;
let connection: Connection | undefined;
let workerConnection: NativeConnection | undefined;
let worker: Worker | undefined;
let running: Promise<void> | undefined;
let store: OutcomeStore | undefined;
let desk: RunningDesk | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;
let input: ElectionInputRaw;
let workflowId: string;
let runId: string;

/** The UI server comes up a moment after the frontend that startDevServer waits for. */
async function waitForHttp(url: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the Web UI at ${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * What an operator does once in the UI's Codec Server settings (the dev server cannot set it): use the browser's
 * setting, the same endpoint, and include cross-origin credentials so that the desk's cookie goes along.
 */
async function includeCredentials(page: Page): Promise<void> {
  await page.goto(`${server!.uiUrl}/namespaces/default/workflows`, { timeout: UI_TIMEOUT_MS });
  await page
    .getByTestId(/^data-encoder-status/)
    .first()
    .click({ timeout: UI_TIMEOUT_MS });
  await page.getByTestId('use-local-endpoint-input').check({ force: true });
  await page.getByTestId('data-encoder-endpoint-input').fill(`${desk!.url}/codec`);
  await page.getByTestId('data-encoder-include-credentials').check({ force: true });
  await page.getByRole('button', { name: 'Apply' }).click();
}

/** Signs a person in at the desk in this browser context (no second factor: the guidance group's cadre). */
async function signInAtDesk(page: Page, personId: string): Promise<void> {
  await page.goto(`${desk!.url}/login`);
  await page.fill('input[name=login]', personId);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('form[action="/login"] button[type=submit]');
  expect(new URL(page.url()).pathname).toBe('/');
}

/** Opens the village's workflow in the UI once the codec has answered, and returns the page's text once it shows `until`. */
async function openVillage(page: Page, until: RegExp): Promise<string> {
  const answered = page.waitForResponse((r) => r.url().startsWith(`${desk!.url}/codec/decode`), { timeout: UI_TIMEOUT_MS });
  await page.goto(`${server!.uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}/${runId}/history`, {
    timeout: UI_TIMEOUT_MS,
  });
  await answered;
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const text = await page.locator('main').innerText();
    if (until.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the workflow's page did not show ${until} within ${UI_TIMEOUT_MS} ms:\n${text}`);
    await page.waitForTimeout(250);
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'temporal-ui-codec-'));
  const port = await freePort();
  let uiPort = await freePort();
  while (uiPort === port) uiPort = await freePort();
  let deskPort = await freePort();
  while (deskPort === port || deskPort === uiPort) deskPort = await freePort();
  server = await startDevServer({
    port,
    uiPort,
    headless: false,
    dbFile: join(dataDir, 'temporal.sqlite'),
    extraArgs: ['--ui-codec-endpoint', `http://127.0.0.1:${deskPort}/codec`],
  });

  connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace, dataConverter: testDataConverter() });
  workerConnection = await NativeConnection.connect({ address: server.address });
  store = await tempStore();
  worker = await Worker.create({
    dataConverter: testDataConverter(),
    connection: workerConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: workflowBundle(),
    activities: createActivities(store),
  });
  running = worker.run();

  await testSigners(store);
  const { key: deskKey } = loadOrCreateDeskKey(join(dataDir, 'desk-key.json'), 'desk');
  await prepareDeskPeople(store.registry, deskKey);
  await prepareDemoAccounts(store, { scrutineers: [], approving: APPROVING_ROLES });
  desk = await startDesk({ client, store, deskKey, port: deskPort, argon2: DEMO_ARGON2, temporalUi: server.uiUrl! });

  // In Heluo, the town the desk's people are assigned over.
  input = villageInput({ town: 'Heluo', village }, 5_000);
  const { problems, input: checked } = inputProblems(input);
  if (!checked) throw new Error(`village input refused: ${problems.join('; ')}`);
  ({ workflowId } = await startElection(client, input, checked));
  runId = (await client.workflow.getHandle(workflowId).describe()).runId;

  await waitForHttp(server.uiUrl!);
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  const steps: Array<() => unknown> = [
    () => browser?.close(),
    () => desk?.close(),
    async () => {
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
    () => workerConnection?.close(),
    () => connection?.close(),
    () => server?.stop(),
    () => store?.close(),
    () => dataDir && rmSync(dataDir, { recursive: true, force: true }),
  ];
  const failures: unknown[] = [];
  for (const step of steps)
    await Promise.resolve()
      .then(step)
      .catch((err: unknown) => failures.push(err));
  if (failures.length > 0) throw failures[0];
}, 60_000);

describe('the Web UI with the desk as its codec server', () => {
  let contexts: BrowserContext[] = [];
  afterEach(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    contexts = [];
  });

  it('shows a signed-in operator the village’s input decoded: the roster’s names', async () => {
    const context = await browser!.newContext({ viewport: { width: 1440, height: 1600 } });
    contexts.push(context);
    const page = await context.newPage();
    await signInAtDesk(page, deskPerson('guidance-group').id);
    await includeCredentials(page);
    let text: string;
    try {
      text = await openVillage(page, /"roster"/);
    } finally {
      await page.screenshot({ path: join(SCREENSHOTS, 'codec-decoded-input.png'), fullPage: true });
    }
    expect(text).toContain(input.roster[0]!.name);
    // The start's summary (user metadata) is sealed too, and decoded alike.
    expect(text).toContain(`Re-election of ${village}`);
    const decoded = (await store!.codecRequests.lines({ person: deskPerson('guidance-group').id })).filter((l) => l.outcome === 'decoded');
    expect(decoded.length).toBeGreaterThan(0);
    expect(decoded.every((l) => l.origin === server!.uiUrl && l.workflowIds.every((id) => id === workflowId))).toBe(true);
  }, 120_000);

  it('shows a browser without a desk session the same page sealed: no roster name', async () => {
    const context = await browser!.newContext({ viewport: { width: 1440, height: 1600 } });
    contexts.push(context);
    const page = await context.newPage();
    await includeCredentials(page);
    let text: string;
    try {
      text = await openVillage(page, /Codec Server could not connect/);
    } finally {
      await page.screenshot({ path: join(SCREENSHOTS, 'codec-sealed-input.png'), fullPage: true });
    }
    for (const member of input.roster) expect(text).not.toContain(member.name);
    expect(text).not.toContain('"roster"');
    expect(text).not.toContain(`Re-election of ${village}`);
    const refused = await store!.codecRequests.lines({});
    expect(refused.some((l) => l.personId === null && l.reason === 'signed-out' && l.origin === server!.uiUrl)).toBe(true);
  }, 120_000);
});
