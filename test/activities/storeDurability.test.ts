import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SCHEMA_VERSION } from '../../activities/store';

/** Loads TypeScript as the tests do (transpile only), so a child process runs from the sources without a build. */
const TRANSPILE_ON_REQUIRE = `
const ts = require('typescript');
const fs = require('fs');
require.extensions['.ts'] = (module, file) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, file);
};
require(process.argv[1]);
`;

const child = (file: string, at: number) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['-e', TRANSPILE_ON_REQUIRE, '--', join(__dirname, 'openStoreChild.ts'), file, String(at)],
      { timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'outcomes-durable-')), 'outcomes.sqlite');

describe('the SQLite outcome store on disk', () => {
  it('commits in WAL mode with synchronous=FULL, so a committed record survives a power cut', async () => {
    const store = await openStore({ file: freshFile() });
    try {
      // synchronous: 1 is NORMAL (loses the last commits on power loss in WAL mode), 2 is FULL.
      expect(await store.connectionSettings()).toEqual({ journal_mode: 'wal', synchronous: '2', foreign_keys: '1' });
    } finally {
      await store.close();
    }
  });

  it('writes its file, -wal and -shm readable by their owner only (mode 0600)', async () => {
    const umask = process.umask(0o022);
    const file = freshFile();
    try {
      const store = await openStore({ file });
      try {
        await store.addRefusal({
          key: 'wf/run/refusal/1',
          workflowId: 'wf',
          town: 'Heluo',
          village: 'Xishan',
          term: 2026,
          at: '2026-11-01T00:00:00.000Z',
          type: 'CANCEL',
          code: 'BAD_PAYLOAD',
          reason: 'reason: required',
          via: 'signal',
        });
        for (const path of [file, `${file}-wal`, `${file}-shm`])
          expect({ path, mode: (statSync(path).mode & 0o777).toString(8) }).toEqual({ path, mode: '600' });
      } finally {
        await store.close();
      }
    } finally {
      process.umask(umask);
    }
  });

  it('migrates a fresh file once when two processes open it at the same moment, and both end up on the latest schema', async () => {
    const file = freshFile();
    // Both children load the sources first, then open the store at the same wall-clock instant.
    const at = Date.now() + 6_000;
    const results = await Promise.all([child(file, at), child(file, at)]);
    for (const result of results)
      expect(result).toEqual({
        code: 0,
        stdout: JSON.stringify([
          '0001_initial',
          '0002_record_conflicts',
          '0003_planned_deliveries',
          '0004_calendar_notices',
          '0005_people_registry',
          '0006_decision_chain',
          '0007_desk_accounts',
          '0008_codec_requests',
          '0009_papers',
        ]),
        stderr: '',
      });
    const store = await openStore({ file });
    try {
      expect((await store.migrations()).at(-1)).toBe(SCHEMA_VERSION);
    } finally {
      await store.close();
    }
  });
});
