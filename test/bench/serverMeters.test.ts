import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { pgGrowth, pgSnapshot, processTreeCpuSeconds, sqliteGrowth, sqliteSnapshot } from '../../bench/serverMeters';
import { testDatabaseUrl } from '../support/stores';

/** A child Node process that spends `ms` of CPU by its own clock, then says so on stdout and (unless told to exit) waits. */
function burner(ms: number, exit: boolean): { child: ChildProcess; burnt: Promise<void> } {
  const code = `const t = process.cpuUsage(); while ((process.cpuUsage(t).user + process.cpuUsage(t).system) / 1000 < ${ms}) {}
    process.stdout.write('burnt\\n'); ${exit ? '' : 'setInterval(() => {}, 1000);'}`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const burnt = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('error', reject);
  });
  return { child, burnt };
}

const ended = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

describe("a server's CPU, read from /proc", () => {
  it('counts a child process while it runs and after it has ended', async () => {
    const before = processTreeCpuSeconds(process.pid)!;
    const running = burner(300, false);
    await running.burnt;
    // The child's own 0.3 s (less /proc's 10 ms ticks) is in the tree while it runs ...
    expect(processTreeCpuSeconds(process.pid)! - before).toBeGreaterThanOrEqual(0.28);
    running.child.kill();
    await ended(running.child);
    const finished = burner(300, true);
    await finished.burnt;
    await ended(finished.child);
    // ... and stays there, with the second child's, once both have ended and been reaped.
    expect(processTreeCpuSeconds(process.pid)! - before).toBeGreaterThanOrEqual(0.56);
  });

  it('reads nothing for a process that does not exist', () => {
    expect(processTreeCpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });
});

describe("what a server's store gained", () => {
  it('counts the rows a SQLite table gained and the bytes its pages hold, beside a writer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-meter-'));
    const file = join(dir, 'temporal.sqlite');
    const writer = new Database(file);
    try {
      writer.pragma('journal_mode = WAL');
      writer.exec('CREATE TABLE history_node (id INTEGER PRIMARY KEY, data BLOB)');
      const before = sqliteSnapshot(file);
      const insert = writer.prepare('INSERT INTO history_node (data) VALUES (?)');
      for (let i = 0; i < 200; i += 1) insert.run(randomBytes(1000));
      const growth = sqliteGrowth(before, sqliteSnapshot(file));
      expect(growth.rows).toBe(200);
      expect(growth.busiestTables).toEqual([{ table: 'history_node', rows: 200 }]);
      expect(growth.usedBytes).toBeGreaterThanOrEqual(200 * 1000);
    } finally {
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("counts the rows a PostgreSQL table took in from the server's statistics, once the writer has published them", async () => {
    const url = testDatabaseUrl();
    const table = `bench_meter_${randomBytes(4).toString('hex')}`;
    const writer = new Client({ connectionString: url });
    await writer.connect();
    try {
      await writer.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, data text)`);
      const before = await pgSnapshot(url);
      await writer.query(`INSERT INTO ${table} (data) SELECT repeat('x', 1000) FROM generate_series(1, 300)`);
      await writer.query(`UPDATE ${table} SET data = 'y' WHERE id <= 10`);
      await writer.query(`DELETE FROM ${table} WHERE id > 290`);
      // A backend publishes its counters when it goes idle after this; the statement's reply comes after that.
      await writer.query('SELECT pg_stat_force_next_flush()');
      const after = await pgSnapshot(url);
      const growth = pgGrowth(before, after);
      const mine = growth.busiestTables.find((t) => t.table === `public.${table}`);
      expect(mine).toMatchObject({ inserted: 300, updated: 10, deleted: 10, live: 290 });
      expect(mine!.bytes).toBeGreaterThan(0);
      expect(growth.commits).toBeGreaterThanOrEqual(3);
      expect(after.walBytes).toBeGreaterThan(before.walBytes);
      expect(after.postmasterPid).toBeGreaterThan(0);
    } finally {
      await writer.query(`DROP TABLE IF EXISTS ${table}`);
      await writer.end();
    }
  });
});
