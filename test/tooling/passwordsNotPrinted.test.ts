import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTestPostgres } from '../support/globalSetup';

const PASSWORD = '0f1e2d3c4b5a69788796a5b4c3d2e1f0aabbccddeeff0011';
const SERVER_URL = `postgres://postgres:${PASSWORD}@127.0.0.1:5999/postgres`;

describe('a database password is never printed', () => {
  it("by Jest's global setup, which names the test PostgreSQL it found", () => {
    const old = process.env.TEST_DATABASE_URL;
    process.env.TEST_DATABASE_URL = SERVER_URL;
    let err = '';
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err += String(chunk);
      return true;
    });
    try {
      findTestPostgres();
    } finally {
      stderr.mockRestore();
      process.env.TEST_DATABASE_URL = old;
    }
    expect(err).toContain('postgres://postgres:***@127.0.0.1:5999/postgres');
    expect(err).not.toContain(PASSWORD);
  });

  it('by `scripts/demo.sh --postgres`, which still hands the full URL to the demo and the password to psql', () => {
    // The script in a scratch tree where set-up, PostgreSQL, psql and node are stand-ins that note what they got.
    const root = mkdtempSync(join(tmpdir(), 'demo-script-'));
    const bin = join(root, 'bin');
    mkdirSync(join(root, 'scripts'));
    mkdirSync(bin);
    copyFileSync(join(__dirname, '..', '..', 'scripts', 'demo.sh'), join(root, 'scripts', 'demo.sh'));
    const script = (file: string, text: string) => {
      writeFileSync(file, `#!/usr/bin/env bash\n${text}\n`);
      chmodSync(file, 0o755);
    };
    script(join(root, 'scripts', 'setup.sh'), 'exit 0');
    script(join(root, 'scripts', 'postgres.sh'), `mkdir -p data/pg && echo "TEST_DATABASE_URL=${SERVER_URL}" > data/pg/postgres.env`);
    script(join(bin, 'psql'), `echo "psql $* PGPASSWORD=$PGPASSWORD" >> "${root}/calls"; echo 1`);
    script(join(bin, 'node'), `echo "node $* DATABASE_URL=$DATABASE_URL" >> "${root}/calls"`);

    const out = execFileSync('bash', [join(root, 'scripts', 'demo.sh'), '--postgres'], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('demo: outcomes go to PostgreSQL at postgres://postgres:***@127.0.0.1:5999/election_demo');
    expect(out).not.toContain(PASSWORD);

    const calls = readFileSync(join(root, 'calls'), 'utf8').trim().split('\n');
    const psql = calls.filter((c) => c.startsWith('psql '));
    expect(psql.length).toBeGreaterThan(0);
    for (const call of psql) expect(call.replace(`PGPASSWORD=${PASSWORD}`, '')).not.toContain(PASSWORD);
    expect(psql.every((c) => c.endsWith(`PGPASSWORD=${PASSWORD}`))).toBe(true);
    expect(calls.at(-1)).toContain(`DATABASE_URL=postgres://postgres:${PASSWORD}@127.0.0.1:5999/election_demo`);

    // The line it prints to read the outcomes back gives the full URL when run in the checkout.
    const readBack = out.match(/read them back with DATABASE_URL="(.*)" node /)![1]!;
    const url = execFileSync('bash', ['-c', `echo "${readBack}"`], { cwd: root, encoding: 'utf8' }).trim();
    expect(url).toBe(`postgres://postgres:${PASSWORD}@127.0.0.1:5999/election_demo`);
  });
});
