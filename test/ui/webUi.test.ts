import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { BrowserContext, Page } from 'playwright-core';
import { createActivities } from '../../activities';
import type { OutcomeStore } from '../../activities/store';
import { inputProblems, startElection } from '../../client/commands/start';
import { freePort, startDevServer, type DevServer } from '../../client/devServer';
import { projectRoot } from '../../client/tools';
import type { StageId } from '../../machines/stages';
import { TASK_QUEUE } from '../../workflows/contract';
import { searchAttributes } from '../../workflows/searchAttributes';
import { launchChromium } from '../support/browser';
import { driveUntil, scriptFor, tempStore, villageInput } from '../support/election';
import { uniqueId, workflowBundle, testDataConverter } from '../support/temporal';

/** Kept for a person to look at after the run (test-output/ is git-ignored). */
const SCREENSHOTS = join(projectRoot(), 'test-output', 'ui');
const UI_TIMEOUT_MS = 60_000;

/**
 * The shared dev server of the Jest run is headless, so this file starts its own with the Web UI,
 * and a worker on it, and leaves two villages of one town at different stages.
 */
const town = uniqueId('Heluo');
const villages = { atSlateApproval: 'Qilipu', atInvestigation: 'Lucun' } as const;
const ids = { atSlateApproval: '', atInvestigation: '' };
let server: DevServer | undefined;
let connection: Connection | undefined;
let workerConnection: NativeConnection | undefined;
let worker: Worker | undefined;
let running: Promise<void> | undefined;
let store: OutcomeStore | undefined;
let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;
let dataDir: string | undefined;

/** The villages of `town` that visibility lists, each with its ElectionStage. */
async function listedStages(client: Client): Promise<Map<string, string | undefined>> {
  const stages = new Map<string, string | undefined>();
  for await (const execution of client.workflow.list({ query: `Town = "${town}"` })) {
    stages.set(execution.workflowId, execution.typedSearchAttributes.get(searchAttributes.stage));
  }
  return stages;
}

/** Visibility is eventually consistent: the UI can only find what the list API already returns. */
async function waitUntilListed(client: Client, expected: Record<string, StageId>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stages = await listedStages(client);
    if (Object.entries(expected).every(([id, stage]) => stages.get(id) === stage)) return;
    if (Date.now() > deadline) {
      throw new Error(`visibility still lists ${JSON.stringify([...stages])}, expected ${JSON.stringify(expected)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The UI server comes up a moment after the frontend that startDevServer waits for. */
async function waitForHttp(url: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the Web UI at ${url} did not answer within ${timeoutMs} ms (last: ${lastError})`);
}

/** Workflow ids of the rows the list page shows (the id cell links to the workflow's page). */
async function listedWorkflowIds(page: Page): Promise<string[]> {
  const ids = new Set<string>();
  for (const link of await page.locator('a[href*="/namespaces/default/workflows/"]').all()) {
    const match = /\/namespaces\/default\/workflows\/([^/?]+)\/[^/?]+\//.exec((await link.getAttribute('href')) ?? '');
    if (match && match[1] !== 'start-workflow') ids.add(decodeURIComponent(match[1]!));
  }
  return [...ids].sort();
}

/** Opens the list page with the operator's query in its URL and waits for the expected village's row. */
async function openSlateApprovalList(page: Page): Promise<void> {
  const query = `Town = "${town}" AND ElectionStage = "slateApproval"`;
  await page.goto(`${server!.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(query)}`, { timeout: UI_TIMEOUT_MS });
  await page.getByRole('link', { name: ids.atSlateApproval, exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/**
 * The texts of the Markdown the page renders, once one matches `until`. The UI renders summary and
 * details in iframes, and the current details only after the worker has answered the UI's query.
 */
async function renderedMarkdown(page: Page, until: RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frames = page.frames().filter((frame) => frame !== page.mainFrame());
    const texts = await Promise.all(
      frames.map((frame) =>
        frame
          .locator('body')
          .innerText()
          .catch(() => ''),
      ),
    );
    if (texts.some((text) => until.test(text))) return texts;
    if (Date.now() > deadline)
      throw new Error(`no rendered Markdown matched ${until} within ${timeoutMs} ms; got ${JSON.stringify(texts)}`);
    await page.waitForTimeout(250);
  }
}

/** Starts as `election start` does, so the workflow carries its static summary; reminders stay minutes away. */
async function startVillageElection(client: Client, village: string) {
  const raw = villageInput({ town, village }, 5_000);
  const { problems, input } = inputProblems(raw);
  if (!input) throw new Error(`village input refused: ${problems.join('; ')}`);
  const { workflowId } = await startElection(client, raw, input);
  return { workflowId, script: scriptFor(raw) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'temporal-ui-'));
  const port = await freePort();
  let uiPort = await freePort();
  while (uiPort === port) uiPort = await freePort();
  server = await startDevServer({
    port,
    uiPort,
    headless: false,
    dbFile: join(dataDir, 'temporal.sqlite'),
  });

  connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace, dataConverter: testDataConverter() });
  workerConnection = await NativeConnection.connect({ address: server.address });
  store = await tempStore();
  // startElection uses the production task queue: fine here, nothing else polls this server.
  worker = await Worker.create({
    dataConverter: testDataConverter(),
    connection: workerConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: workflowBundle(),
    activities: createActivities(store),
  });
  running = worker.run();

  const driven = await startVillageElection(client, villages.atSlateApproval);
  ids.atSlateApproval = driven.workflowId;
  ids.atInvestigation = (await startVillageElection(client, villages.atInvestigation)).workflowId;
  await driveUntil(client.workflow.getHandle(ids.atSlateApproval), driven.script, (view) => view.stage === 'slateApproval');
  await waitUntilListed(client, { [ids.atSlateApproval]: 'slateApproval', [ids.atInvestigation]: 'investigation' });

  await waitForHttp(server.uiUrl!);
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  // Every step runs even if one before it fails: a dev server or browser left behind outlives the test.
  const steps: Array<() => unknown> = [
    () => browser?.close(),
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

describe('the Temporal Web UI of the dev server', () => {
  it('lists, for a town filtered by ElectionStage, only the village at that stage', async () => {
    const page = await browser!.context.newPage();
    try {
      await openSlateApprovalList(page);
    } finally {
      await page.screenshot({ path: join(SCREENSHOTS, 'workflows-by-stage.png') });
    }

    expect(await listedWorkflowIds(page)).toEqual([ids.atSlateApproval]);
    const text = await page.locator('main').innerText();
    expect(text).toContain(ids.atSlateApproval);
    expect(text).not.toContain(ids.atInvestigation);
    await page.close();
  });

  it("shows an operator without codec access the found village's page, its summary and current details sealed", async () => {
    const page = await browser!.context.newPage();
    let main: string;
    let rendered: string[];
    try {
      await openSlateApprovalList(page);
      await page.getByRole('link', { name: ids.atSlateApproval, exact: true }).click();
      await page.getByText('User Metadata', { exact: true }).click({ timeout: UI_TIMEOUT_MS });
      await page.waitForURL(/\/user-metadata$/, { timeout: UI_TIMEOUT_MS });
      // The UI cannot read a sealed summary or query result: it says there is none (test/ui/codecServer.test.ts reads them).
      await page.getByText('No summary available').waitFor({ timeout: UI_TIMEOUT_MS });
      rendered = await renderedMarkdown(page, /No Current Details/);
      main = await page.locator('main').innerText();
    } finally {
      await page.screenshot({ path: join(SCREENSHOTS, 'village-sealed-without-codec.png') });
    }

    expect(main).toContain(ids.atSlateApproval);
    expect(main).toContain('No details available');
    for (const text of [main, ...rendered]) {
      expect(text).not.toContain(`Re-election of ${villages.atSlateApproval}`);
      expect(text).not.toMatch(/Slate approval|APPROVE_SLATE/);
    }
    await page.close();
  });
});
