import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { Client, Pool } from 'pg';
import type { NoticeInput } from '../../../activities/contract';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../../activities';
import { NOTICE_DELIVERY_TYPE, noticeDeliveryId } from '../../../workflows/contract';
import { DELIVERY_FAILURES, parseChannelConfig, renderNotice } from '../../../activities/notices';
import { openStore, type OutcomeStore, type StoreOptions, type StoreSchema } from '../../../activities/store';
import type { DeliveryState } from '../../../activities/delivery';
import { migrationProvider } from '../../../activities/store/migrations';
import { useActivityRuns } from '../../support/activityRuns';
import { startWebhookReceiver } from '../../support/noticeReceivers';
import { STORE_KINDS, tempStore, testDatabaseUrl, type StoreKind } from '../../support/stores';

const WORKFLOW_ID = 'reelection/2026/Heluo/Xishan';
let step = 0;
/** A fresh notice of Xishan to the village board. */
function boardNotice(town = 'Heluo'): NoticeInput {
  step += 1;
  return {
    key: `${WORKFLOW_ID}/run-1/step/${step}/0`,
    workflowId: WORKFLOW_ID,
    town,
    village: 'Xishan',
    term: 2026,
    at: '2026-11-24T08:00:00.000Z',
    kind: 'candidate-publicity',
    audience: 'village-board',
    facts: { candidates: ['Zhang Wei', 'Li Na'] },
  };
}
const planned = (n: NoticeInput, ...recipients: string[]) =>
  recipients.map((recipient) => ({ channel: 'email' as const, recipient, idempotencyKey: `${n.key}/email/${recipient}` }));

describe.each(STORE_KINDS)('the outbox on %s', (kind) => {
  let store: OutcomeStore;
  beforeAll(async () => {
    store = await tempStore(kind);
  });
  afterAll(() => store?.close());

  it('stores a notice with its deliveries in one write, not yet tried; a retry returns them as they stand', async () => {
    const notice = boardNotice();
    const first = await store.postNotice(notice, renderNotice(notice), planned(notice, 'a@heluo.example', 'b@heluo.example'));
    expect(first.duplicate).toBe(false);
    expect(first.deliveries).toEqual([
      expect.objectContaining({ recipient: 'a@heluo.example', state: 'sending', attempts: 0, lastError: null }),
      expect.objectContaining({ recipient: 'b@heluo.example', state: 'sending', attempts: 0, lastError: null }),
    ]);
    const key = first.deliveries[0]!.idempotencyKey;
    await store.recordAttempt({
      noticeKey: notice.key,
      channel: 'email',
      recipient: 'a@heluo.example',
      idempotencyKey: key,
      at: notice.at,
    });
    await store.recordConfirmed(key, notice.at, '250 ok');

    const retry = await store.postNotice(notice, renderNotice(notice), planned(notice, 'a@heluo.example', 'b@heluo.example'));
    expect(retry).toMatchObject({ noticeId: first.noticeId, duplicate: true });
    expect(retry.deliveries.map((d) => [d.recipient, d.state, d.attempts])).toEqual([
      ['a@heluo.example', 'confirmed', 1],
      ['b@heluo.example', 'sending', 0],
    ]);
  });

  it('keeps a delivery that is retried "sending" with its last error, and one given up "failed" with the reason', async () => {
    const notice = boardNotice();
    const [d] = planned(notice, 'c@heluo.example');
    await store.postNotice(notice, renderNotice(notice), [d!]);
    await store.recordAttempt({ ...d!, noticeKey: notice.key, at: '2026-11-24T08:00:01.000Z' });
    await store.recordRetry(d!.idempotencyKey, '2026-11-24T08:00:02.000Z', '451 try again later');
    expect(await store.delivery(d!.idempotencyKey)).toMatchObject({ state: 'sending', attempts: 1, lastError: '451 try again later' });
    await store.recordAttempt({ ...d!, noticeKey: notice.key, at: '2026-11-24T08:00:03.000Z' });
    await store.recordFailed(d!.idempotencyKey, '2026-11-24T08:00:04.000Z', '550 mailbox unavailable');
    expect(await store.delivery(d!.idempotencyKey)).toMatchObject({ state: 'failed', attempts: 2, lastError: '550 mailbox unavailable' });
  });

  it('counts the notices by state for an alert, of one town or all', async () => {
    const other = boardNotice('Other');
    await store.postNotice(other, renderNotice(other), []);
    expect(await store.noticeCounts({ town: 'Heluo' })).toEqual({ pending: 1, delivered: 0, failed: 1 });
    expect(await store.noticeCounts()).toEqual({ pending: 1, delivered: 1, failed: 1 });
    expect(await store.noticeCounts({ village: 'Nowhere' })).toEqual({ pending: 0, delivered: 0, failed: 0 });
  });
});

/** An empty database of the kind, never migrated, and how to drop it again. */
async function emptyDatabase(kind: StoreKind): Promise<{ options: StoreOptions; db: Kysely<StoreSchema>; drop: () => Promise<void> }> {
  if (kind === 'SQLite') {
    const file = join(mkdtempSync(join(tmpdir(), 'outcomes-0002-')), 'outcomes.sqlite');
    const database = new Database(file);
    database.pragma('foreign_keys = ON');
    return { options: { file }, db: new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database }) }), drop: async () => undefined };
  }
  const name = `outcomes_0002_${randomBytes(6).toString('hex')}`;
  const onServer = async (statement: string) => {
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await onServer(`CREATE DATABASE ${name}`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  const db = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url.toString() }) }) });
  return { options: { url: url.toString() }, db, drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

describe.each(STORE_KINDS)('a store written before deliveries were planned (schema 0002) on %s', (kind) => {
  it('is migrated keeping every delivery; one the old code marked "failed" while retrying it is "sending" again', async () => {
    const database = await emptyDatabase(kind);
    try {
      const migrated = await new Migrator({
        db: database.db,
        provider: migrationProvider(kind === 'SQLite' ? 'sqlite' : 'postgres'),
      }).migrateTo('0002_record_conflicts');
      expect(migrated.error).toBeUndefined();
      const at = '2026-11-24T08:00:00.000Z';
      await database.db.insertInto('villages').values({ town: 'Heluo', village: 'Xishan', first_seen_at: at }).execute();
      await database.db
        .insertInto('terms')
        .values({
          id: `${WORKFLOW_ID}/run-1`,
          workflow_id: WORKFLOW_ID,
          first_run_id: 'run-1',
          town: 'Heluo',
          village: 'Xishan',
          term: 2026,
          started_at: at,
          status: 'running',
          status_at: at,
        })
        .execute();
      const notice = boardNotice();
      const rendered = renderNotice(notice);
      await database.db
        .insertInto('notices')
        .values({
          key: notice.key,
          term_id: `${WORKFLOW_ID}/run-1`,
          workflow_id: WORKFLOW_ID,
          town: 'Heluo',
          village: 'Xishan',
          term: 2026,
          kind: notice.kind,
          audience: notice.audience,
          title: rendered.title,
          markdown: rendered.markdown,
          html: rendered.html,
          facts: '{}',
          at,
        })
        .execute();
      const row = (key: string, state: DeliveryState, attempts: number) => ({
        idempotency_key: key,
        notice_key: notice.key,
        channel: 'webhook' as const,
        recipient: `https://${key}.example`,
        state,
        attempts,
        last_error: state === 'failed' ? 'HTTP 503' : null,
        first_attempt_at: at,
        last_attempt_at: at,
        confirmed_at: state === 'confirmed' ? at : null,
        receipt: state === 'confirmed' ? 'HTTP 200' : null,
      });
      await database.db
        .insertInto('notice_deliveries')
        .values([row('retrying', 'failed', 3), row('done', 'confirmed', 1)])
        .execute();
      await database.db.destroy();

      const store = await openStore(database.options);
      try {
        expect(await store.migrations()).toContain('0003_planned_deliveries');
        expect((await store.deliveries(notice.key)).map((d) => [d.idempotencyKey, d.state, d.attempts, d.lastError, d.receipt])).toEqual([
          ['done', 'confirmed', 1, null, 'HTTP 200'],
          ['retrying', 'sending', 3, 'HTTP 503', null],
        ]);
        // And a delivery can now be stored before its first try.
        const next = boardNotice();
        const posted = await store.postNotice(next, renderNotice(next), planned(next, 'd@heluo.example'));
        expect(posted.deliveries).toEqual([expect.objectContaining({ attempts: 0, state: 'sending' })]);
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});

describe.each(STORE_KINDS)('the delivery activities over the outbox on %s', (kind) => {
  const SECRET = 'a-webhook-secret-of-at-least-32-bytes';
  let store: OutcomeStore;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let activities: ReturnType<typeof createActivities>;
  const runs = useActivityRuns(WORKFLOW_ID);
  /** Runs an activity as Temporal runs it in a run of the workflow (the run id is what a reset changes). */
  const inRun =
    (runId: string) =>
    <A extends unknown[], R>(activity: (...args: A) => Promise<R>, ...args: A): Promise<R> =>
      runs.inRun(runId).run<A, R, typeof activity>(activity, ...args);

  beforeAll(async () => {
    store = await tempStore(kind);
    hook = await startWebhookReceiver(SECRET);
    process.env.OUTBOX_TEST_WEBHOOK_SECRET = SECRET;
    activities = createActivities(
      store,
      parseChannelConfig({ towns: { Heluo: { webhook: { url: hook.url, secretEnv: 'OUTBOX_TEST_WEBHOOK_SECRET' } } } }),
    );
  });
  afterAll(async () => {
    delete process.env.OUTBOX_TEST_WEBHOOK_SECRET;
    await hook?.close();
    await store?.close();
  });

  it("posts a reset branch's different notice under its run's key with deliveries of its own, and delivers it under that key", async () => {
    const notice = boardNotice();
    const first = await inRun('run-A')(activities.postNotice, notice);
    expect(first).toMatchObject({ key: notice.key, duplicate: false, retry: { maxIntervalSeconds: 600, giveUpAfterSeconds: 259_200 } });
    expect(first.deliveries).toEqual([{ channel: 'webhook', recipient: hook.url, idempotencyKey: expect.any(String) }]);
    // The same activity started the notice's delivery workflow, with the deliveries to make.
    const delivery = await runs.client().workflow.getHandle(noticeDeliveryId(first.key)).describe();
    expect(delivery.type).toBe(NOTICE_DELIVERY_TYPE);
    expect(delivery.status.name).toBe('RUNNING');
    const branch = await inRun('run-B')(activities.postNotice, { ...notice, facts: { candidates: ['Wang Fang'] } } as NoticeInput);
    expect(branch.key).toBe(`${notice.key}@run-B`);
    expect(branch.deliveries[0]!.idempotencyKey).not.toBe(first.deliveries[0]!.idempotencyKey);

    for (const posted of [first, branch]) {
      await expect(inRun('run-B')(activities.deliverToRecipient, { ...posted.deliveries[0]!, noticeKey: posted.key })).resolves.toEqual({
        result: 'sent',
        receipt: 'HTTP 200',
      });
    }
    expect([...hook.state.stored.values()].map((body) => (body as { noticeKey: string }).noticeKey)).toEqual([notice.key, branch.key]);
    // Posting the notice again (the local activity retried) plans nothing more: its delivery is confirmed.
    expect((await inRun('run-A')(activities.postNotice, notice)).deliveries).toEqual([]);
  });

  it('refuses for good a delivery whose channel the channel file no longer lists, naming the delivery by its key, not its URL', async () => {
    const notice = boardNotice();
    const posted = await inRun('run-A')(activities.postNotice, notice);
    const elsewhere = createActivities(store, parseChannelConfig({}));
    const failure = await inRun('run-A')(elsewhere.deliverToRecipient, { ...posted.deliveries[0]!, noticeKey: posted.key }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: DELIVERY_FAILURES.refused, nonRetryable: true });
    expect((failure as Error).message).toContain(
      `webhook delivery ${posted.deliveries[0]!.idempotencyKey}: the channel file no longer sends Heluo's notices for village-board to its recipient`,
    );
    expect((failure as Error).message).not.toContain(hook.url);
  });

  it('records a delivery given up with the reason and its last error, once', async () => {
    const notice = boardNotice();
    const posted = await inRun('run-A')(activities.postNotice, notice);
    const delivery = posted.deliveries[0]!;
    await store.recordAttempt({ ...delivery, noticeKey: posted.key, at: notice.at });
    await store.recordRetry(delivery.idempotencyKey, notice.at, 'fetch failed (connect ECONNREFUSED 127.0.0.1:1)');
    const givenUp = {
      idempotencyKey: delivery.idempotencyKey,
      reason: 'gave up: nothing confirmed the delivery within 3 days of trying',
      withLastError: true,
    };
    await inRun('run-A')(activities.recordDeliveryFailed, givenUp);
    await inRun('run-A')(activities.recordDeliveryFailed, givenUp);
    expect(await store.delivery(delivery.idempotencyKey)).toMatchObject({
      state: 'failed',
      lastError:
        'gave up: nothing confirmed the delivery within 3 days of trying; last error: fetch failed (connect ECONNREFUSED 127.0.0.1:1)',
    });
  });
});
