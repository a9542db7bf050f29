import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../client/devServer';

/** The newest installed PostgreSQL's programs (Debian's layout, as scripts/postgres.sh installs it). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!newest)
    throw new Error(
      'no PostgreSQL found under /usr/lib/postgresql/*/bin: the chaos run restarts a private PostgreSQL of its own; ' +
        'install it with `bash scripts/postgres.sh` (Debian package), or run with --store sqlite',
    );
  return path.join(root, newest, 'bin');
}

/**
 * A PostgreSQL cluster of the chaos run's own, on loopback, that it may stop and start at will: the shared one of
 * scripts/postgres.sh serves other tests and must not go down. Password authentication with a generated secret; the
 * cluster's folder is private (mktemp), handed to the postgres user when running as root (initdb refuses root).
 */
export class PrivateCluster {
  private readonly bin = postgresBin();
  private readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-pg-'));
  private readonly data = path.join(this.home, 'cluster');
  private readonly password = randomBytes(24).toString('hex');
  private readonly asRoot = process.getuid?.() === 0;
  port = 0;

  /** The URL of the run's database, password included (never printed: see `location`). */
  get url(): string {
    return `postgres://postgres:${this.password}@127.0.0.1:${this.port}/chaos`;
  }

  /** Where it listens, without the password. */
  get location(): string {
    return `postgres://postgres:***@127.0.0.1:${this.port}/chaos`;
  }

  private run(program: string, args: string[]): void {
    const command = this.asRoot ? 'runuser' : path.join(this.bin, program);
    const argv = this.asRoot ? ['-u', 'postgres', '--', path.join(this.bin, program), ...args] : args;
    execFileSync(command, argv, { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Creates the cluster and its database, and starts it. */
  async create(): Promise<void> {
    fs.chmodSync(this.home, 0o700);
    const secret = path.join(this.home, 'password');
    fs.writeFileSync(secret, `${this.password}\n`, { mode: 0o600 });
    if (this.asRoot) execFileSync('chown', ['-R', 'postgres:', this.home]);
    this.run('initdb', ['-D', this.data, '--username=postgres', '--auth=scram-sha-256', `--pwfile=${secret}`, '--no-locale', '-E', 'UTF8']);
    fs.rmSync(secret);
    this.port = await freePort();
    const settings = [
      "listen_addresses = '127.0.0.1'",
      `port = ${this.port}`,
      `unix_socket_directories = '${this.data}'`,
      // A throwaway database: speed over crash safety; an immediate stop still loses nothing the OS holds.
      'fsync = off',
      'max_connections = 200',
    ];
    fs.appendFileSync(path.join(this.data, 'postgresql.auto.conf'), `${settings.join('\n')}\n`);
    this.start();
    const client = new Client({ connectionString: this.url.replace(/\/chaos$/, '/postgres') });
    await client.connect();
    try {
      await client.query('CREATE DATABASE chaos');
    } finally {
      await client.end();
    }
  }

  start(): void {
    this.run('pg_ctl', ['start', '-D', this.data, '-l', path.join(this.home, 'postgres.log'), '-w', '-t', '60']);
  }

  /** Stops it the hard way (immediate: no checkpoint, every connection cut), as a crash or a failover does. */
  stop(): void {
    this.run('pg_ctl', ['stop', '-D', this.data, '-m', 'immediate', '-w']);
  }

  /** Stops it if it runs and removes its folder. */
  destroy(): void {
    try {
      this.run('pg_ctl', ['stop', '-D', this.data, '-m', 'fast', '-w']);
    } catch {
      // Not running.
    }
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
