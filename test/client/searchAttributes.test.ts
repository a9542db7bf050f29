import { Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../client/cli';
import { freePort, isTemporalFrontend } from '../../client/devServer';
import { resolveTemporalCli } from '../../client/tools';
import { SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';

it('registers every custom search attribute on a cluster that has none, and is idempotent', async () => {
  // A bare dev server, started without the project's --search-attribute flags, stands in for a new cluster.
  const port = await freePort();
  const server = spawn(
    resolveTemporalCli(),
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--db-filename',
      join(mkdtempSync(join(tmpdir(), 'bare-')), 'db.sqlite'),
    ],
    { stdio: 'ignore' },
  );
  const address = `127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 120 && !(await isTemporalFrontend(address)); i += 1) await new Promise((r) => setTimeout(r, 250));
    const connection = await Connection.connect({ address });
    const registered = async () =>
      Object.keys((await connection.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {});
    expect(await registered()).not.toContain('ElectionStage');

    expect(await main(['search-attributes', '--address', address])).toBe(0);
    expect(await registered()).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES)));
    expect(await main(['search-attributes', '--address', address])).toBe(0);
    await connection.close();
  } finally {
    server.kill('SIGTERM');
  }
});
