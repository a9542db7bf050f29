import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NoticeInput } from '../../activities/contract';
import { renderNotice } from '../../activities/notices';
import type { OutcomeStore } from '../../activities/store';
import { tempStore } from '../support/stores';

/** The CLI as people run it: scripts/setup.sh (and so the test command) builds it before Jest. */
const CLI = join(__dirname, '..', '..', 'dist', 'client', 'cli.js');

/** Runs the built CLI with its stdout read by a reader that waits before it starts, as a slow `| jq` does. */
function runPiped(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 1_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString(), err }));
  });
}

describe('the CLI writing to a pipe', () => {
  let store: OutcomeStore;
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (scripts/test.sh does) before this test`);
    store = await tempStore('SQLite');
    for (let step = 0; step < 120; step += 1) {
      const notice: NoticeInput = {
        key: `reelection/2026/Heluo/Xishan/run-1/step/${step}/0`,
        workflowId: 'reelection/2026/Heluo/Xishan',
        town: 'Heluo',
        village: 'Xishan',
        term: 2026,
        at: '2026-11-24T08:00:00.000Z',
        kind: 'conference-notice',
        audience: 'voting-members',
        facts: { members: 30, leadDays: 7 },
      };
      await store.addNotice(notice, renderNotice(notice));
    }
  });
  afterAll(() => store?.close());

  it('hands a reader that is slower than the CLI the whole of a large JSON document before it exits', async () => {
    const { code, out, err } = await runPiped(['notices', '--store', store.location, '--json']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out.length).toBeGreaterThan(64 * 1024);
    const notices = JSON.parse(out) as unknown[];
    expect(notices).toHaveLength(120);
  });
});
