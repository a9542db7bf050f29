import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { main } from '../../client/cli';
import { eachAtMost } from '../../common/concurrency';
import { startRoster, type RosterStartSummary } from '../../client/commands/start';
import { progressBar, startProgress } from '../../client/progress';
import { generateCountyRoster } from '../../client/roster';
import { electionWorkflowId } from '../../workflows/contract';
import { useElectionWorker } from '../support/election';
import { testAddress, uniqueId } from '../support/temporal';

const FIXTURES = join(__dirname, '..', 'fixtures', 'rosters');
const tempFile = (name: string, content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'roster-')), name);
  writeFileSync(file, content);
  return file;
};

/** The bad-rows fixture with its two towns renamed, so runs on a shared server never meet. */
function badRowsFor(towns: { heluo: string; mangling: string }): string {
  const text = readFileSync(join(FIXTURES, 'bad-rows.csv'), 'utf8')
    .replace(/^Heluo,/gm, `${towns.heluo},`)
    .replace(/^Mangling,/gm, `${towns.mangling},`);
  return tempFile('bad-rows.csv', text);
}

/** Runs `election ...` in-process and keeps what it prints. */
async function election(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const spies = (['stdout', 'stderr'] as const).map((stream) =>
    jest.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      out[stream] += String(chunk);
      return true;
    }),
  );
  try {
    return { code: await main([...args, '--address', testAddress()]), ...out };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

const quoted = (names: string[]) => names.map((n) => JSON.stringify(n)).join(', ');

/** Workflow ids visibility lists for these towns, polled until `until` holds (visibility is eventually consistent). */
async function listedIds(
  client: Client,
  towns: string[],
  until: (ids: string[]) => boolean,
  timeoutMs = 10_000,
  also = '',
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ids: string[] = [];
    for await (const info of client.workflow.list({ query: `Town IN (${quoted(towns)})${also}` })) ids.push(info.workflowId);
    if (until(ids) || Date.now() > deadline) return ids.sort();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Terminates the test's villages so they do not weigh on the shared dev server. */
async function terminateAll(client: Client, ids: string[], concurrency = 16): Promise<void> {
  await eachAtMost(ids, concurrency, async (id) => {
    await client.workflow.getHandle(id).terminate('test finished');
  });
}

describe('starting a roster on the dev server', () => {
  const env = useElectionWorker();

  it('starts a 300-village county once under stable ids, and a re-run starts none of them again', async () => {
    const began = Date.now();
    const towns = Array.from({ length: 10 }, (_, i) => uniqueId(`County-T${i}`));
    const county = generateCountyRoster({ towns, villagesPerTown: 30, term: 2026, seed: 3 });
    const file = tempFile('county.json', JSON.stringify(county));
    const expected = county.towns.flatMap((t) => t.villages.map((v) => electionWorkflowId(2026, t.town, v.village))).sort();
    const lines: string[] = [];
    const progress = (total: number) => startProgress(total, { write: (text: string) => lines.push(text) }, { intervalMs: 500 });

    const first = await startRoster(env.client, { file, concurrency: 16, taskQueue: env.taskQueue, progress });
    const firstMs = Date.now() - began;
    expect(first.summary).toEqual<RosterStartSummary>({
      total: 300,
      started: 300,
      alreadyStarted: 0,
      differentInput: [],
      failed: [],
      invalid: [],
    });
    expect(first.results.map((r) => r.workflowId).sort()).toEqual(expected);
    expect(lines.at(-1)).toMatch(/^starting villages: 300\/300 {2}started 300 {2}already 0 {2}failed 0 {2}[\d.]+\/s {2}done in \d+s\n$/);

    const again = await startRoster(env.client, { file, concurrency: 16, taskQueue: env.taskQueue });
    expect(again.summary).toMatchObject({ total: 300, started: 0, alreadyStarted: 300, differentInput: [], failed: [] });
    expect(new Set(again.results.map((r) => r.status))).toEqual(new Set(['RUNNING']));

    const listed = await listedIds(env.client, towns, (ids) => ids.length >= 300);
    expect(listed).toEqual(expected);
    const described = await env.client.workflow.getHandle(expected[0]!).describe();
    expect(described.memo).toMatchObject({ rosterFacts: { category: expect.any(String), seats: expect.any(Number) } });
    // Terminated only once the worker has run each first workflow task (its stage is published), so none is cut off mid-task.
    await listedIds(env.client, towns, (ids) => ids.length >= 300, 30_000, ' AND ElectionStage IS NOT NULL');
    await terminateAll(env.client, expected);
    process.stderr.write(
      `[startRoster] 300 villages started in ${firstMs} ms; re-run, listing and termination done at ${Date.now() - began} ms\n`,
    );
  }, 90_000);

  it('starts nothing from a bad file, and lists every bad row with exit code 2', async () => {
    const towns = { heluo: uniqueId('Bad-H'), mangling: uniqueId('Bad-M') };
    const file = badRowsFor(towns);

    const { code, stdout, stderr } = await election(['start', '--roster', file, '--term', '2026']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `election start: --roster: ${file} has 10 problems in 3 of 5 villages; nothing was started (fix them, or pass --skip-invalid to start the 2 valid ones)`,
    );
    for (const line of [5, 6, 7, 8, 12, 13, 14]) expect(stderr).toContain(`  - line ${line}, field `);
    expect(stderr).toContain(`  - village Beiguan of ${towns.heluo} (lines 9-11): 2 full members`);

    expect(await listedIds(env.client, Object.values(towns), (ids) => ids.length > 0, 1500)).toEqual([]);
  });

  it('with --skip-invalid starts only the good villages and lists the others', async () => {
    const towns = { heluo: uniqueId('Skip-H'), mangling: uniqueId('Skip-M') };
    const file = badRowsFor(towns);

    const { code, stdout } = await election(['start', '--roster', file, '--term', '2026', '--skip-invalid', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as RosterStartSummary;
    expect(summary).toMatchObject({ total: 5, started: 2, alreadyStarted: 0, failed: [] });
    expect(summary.invalid.map((v) => [v.village, v.where, v.problems.length])).toEqual([
      ['Lucun', 'lines 5-8', 4],
      ['Beiguan', 'lines 9-11', 1],
      ['Xigou', 'lines 12-14', 5],
    ]);

    const expected = [electionWorkflowId(2026, towns.heluo, 'Qilipu'), electionWorkflowId(2026, towns.mangling, 'Dongpo')].sort();
    expect(await listedIds(env.client, Object.values(towns), (ids) => ids.length >= 2)).toEqual(expected);
    await terminateAll(env.client, expected);
  });
});

describe('progress of a roster start', () => {
  it('draws a bar with the counts, the rate and the time left on a terminal', () => {
    const bar = progressBar({ started: 90, already: 20, failed: 10, total: 300 }, 4000, 100);
    expect(bar).toMatch(/^\[#+\.+\] 120\/300 {2}started 90 {2}already 20 {2}failed 10 {2}30\.0\/s {2}ETA 6s$/);
    const [, filled, empty] = /^\[(#+)(\.+)\]/.exec(bar)!;
    expect(filled!.length / (filled!.length + empty!.length)).toBeCloseTo(120 / 300, 1);
    expect(bar.length).toBeLessThanOrEqual(100);
  });

  it('writes plain lines, and failures above the bar, when stderr is not a terminal', () => {
    const written: string[] = [];
    let clock = 0;
    const progress = startProgress(3, { write: (text: string) => written.push(text) }, { now: () => clock });
    progress.record('started');
    progress.record('already');
    clock = 2000;
    progress.record('failed');
    progress.note('failed to start Xigou of Mangling: unavailable');
    progress.finish();
    expect(written).toEqual([
      'failed to start Xigou of Mangling: unavailable\n',
      'starting villages: 3/3  started 1  already 1  failed 1  1.5/s  done in 2s\n',
    ]);
  });
});
