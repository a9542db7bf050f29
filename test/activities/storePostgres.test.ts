import { sql, type Kysely } from 'kysely';
import { createServer, type Server, type Socket } from 'node:net';
import { openStore, resolveTarget, type OutcomeStore } from '../../activities/store';
import { POSTGRES_LIMITS, postgresPoolConfig } from '../../activities/store/postgres';
import { tempStore } from '../support/stores';

describe('the outcome store on a PostgreSQL host that is not loopback', () => {
  it('is refused at start unless the URL asks for TLS, naming the host and what is accepted', () => {
    expect(() => resolveTarget({ url: 'postgres://app:s3cret@db.county.example:5432/outcomes' })).toThrow(
      'url: host "db.county.example" is not loopback and the URL has no sslmode, so records would cross the network in clear; accepted: sslmode=verify-full (or require, verify-ca) in the URL, such as postgres://USER:PASSWORD@db.county.example:5432/DATABASE?sslmode=verify-full, or a loopback host (localhost, 127.0.0.1, ::1, a Unix socket)',
    );
  });

  it('is refused with sslmode=disable or prefer, and through DATABASE_URL names that variable', () => {
    expect(() => resolveTarget({ url: 'postgres://app@10.0.0.5/outcomes?sslmode=disable' })).toThrow(
      'url: host "10.0.0.5" is not loopback and the URL has sslmode=disable',
    );
    expect(() => resolveTarget({ url: 'postgres://app@10.0.0.5/outcomes?sslmode=prefer' })).toThrow('the URL has sslmode=prefer');
    const old = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://app:s3cret@db.county.example/outcomes';
    try {
      expect(() => resolveTarget()).toThrow(/^DATABASE_URL: host "db.county.example" is not loopback/);
    } finally {
      if (old === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = old;
    }
  });

  it('is accepted with sslmode=require, verify-ca or verify-full, or ssl=true', () => {
    for (const tls of ['sslmode=require', 'sslmode=verify-ca', 'sslmode=verify-full', 'ssl=true']) {
      expect(resolveTarget({ url: `postgres://app@db.county.example/outcomes?${tls}` })).toMatchObject({ dialect: 'postgres' });
    }
  });

  it('needs no TLS on loopback: localhost, 127.0.0.0/8, ::1 or a Unix socket', () => {
    for (const url of [
      'postgres://app@localhost/o',
      'postgres://app@127.0.0.1:5432/o',
      'postgres://app@127.1.2.3/o',
      'postgres://app@[::1]:5432/o',
      'postgres://app@localhost/o?host=/var/run/postgresql',
    ]) {
      expect(resolveTarget({ url })).toMatchObject({ dialect: 'postgres' });
    }
  });
});

describe('the PostgreSQL connections of the outcome store', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers, like a server behind a dead network path.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('gives up on a server that does not answer after the connect timeout, instead of hanging the worker', async () => {
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    await expect(openStore({ url: `postgres://app:pw@127.0.0.1:${port}/outcomes?connect_timeout=1` })).rejects.toThrow(
      `could not open the outcome store on PostgreSQL at postgres://app:***@127.0.0.1:${port}/outcomes?connect_timeout=1 (url)`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 15_000);

  it('keeps its connections alive with TCP keep-alive and bounds every statement', () => {
    expect(postgresPoolConfig('postgres://app@127.0.0.1/o', 'write')).toMatchObject({
      keepAlive: true,
      keepAliveInitialDelayMillis: POSTGRES_LIMITS.keepAliveInitialDelayMs,
      connectionTimeoutMillis: POSTGRES_LIMITS.connectTimeoutSeconds * 1000,
      statement_timeout: POSTGRES_LIMITS.statementTimeoutMs,
      idle_in_transaction_session_timeout: POSTGRES_LIMITS.idleInTransactionMs,
      query_timeout: POSTGRES_LIMITS.statementTimeoutMs + 5_000,
    });
    expect(postgresPoolConfig('postgres://app@127.0.0.1/o', 'read')).toMatchObject({ options: '-c default_transaction_read_only=on' });
  });

  describe('on the test server', () => {
    let store: OutcomeStore;
    beforeAll(async () => {
      store = await tempStore('PostgreSQL');
    });
    afterAll(() => store?.close());

    it('runs with the statement and idle-in-transaction timeouts set on the server side', async () => {
      expect(await store.connectionSettings()).toEqual({
        statement_timeout: '10s',
        idle_in_transaction_session_timeout: '30s',
        default_transaction_read_only: 'off',
      });
    });

    it('outlives its connection ended in the middle of a transaction: the transaction fails, the process goes on', async () => {
      // The store's own pool, as the decision chain's transactions use it (a lock, a read, then the insert).
      const { db } = store as unknown as { db: Kysely<unknown> };
      let ended = false;
      const transaction = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        await sql`SELECT pg_terminate_backend(${rows[0]!.pid})`.execute(db);
        ended = true;
        // Idle in the transaction while the server ends the connection: the pool does not listen to a checked-out client.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`SELECT 1`.execute(trx);
      });
      await expect(transaction).rejects.toThrow();
      expect(ended).toBe(true);
      expect(await store.connectionSettings()).toMatchObject({ statement_timeout: '10s' });
    });
  });
});
