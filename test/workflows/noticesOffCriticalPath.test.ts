import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { createActivities } from '../../activities';
import type { NoticeInput } from '../../activities/contract';
import { AUDIENCES, type ChannelConfig } from '../../activities/notices';
import type { OutcomeStore, StoredNotice } from '../../activities/store';
import { noticeDeliveryId } from '../../workflows/contract';
import { settledNotices } from '../support/deliveries';
import { captureHistory, driveUntil, scriptFor, startVillage, tempStore, useElectionWorker, villageInput } from '../support/election';
import { startSmtpReceiver, startWebhookReceiver } from '../support/noticeReceivers';
import { testConnection, testNativeConnection, uniqueId, testDataConverter } from '../support/temporal';

const SMTP_LOGIN = { user: 'heluo-office', pass: 'smtp-secret' };
const WEBHOOK_SECRET = 'webhook-secret-of-at-least-32-bytes!';
/** The one address the mail server does not know: a clerk typed "memebrs". */
const MISTYPED = 'voting-memebrs@heluo.example';

type Smtp = Awaited<ReturnType<typeof startSmtpReceiver>>;
type Hook = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** E-mail for every audience of a town, the voting members at the mistyped address. */
const emailTo = (smtp: Smtp) => ({
  smtp: {
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    requireTLS: false,
    // Generous, so that a loaded machine's slow answer is not taken for a failure.
    timeoutSeconds: 20,
    auth: { user: SMTP_LOGIN.user, passwordEnv: 'TEST_NOTICE_SMTP_PASSWORD' },
  },
  from: 'party-office@heluo.example',
  recipients: Object.fromEntries(
    AUDIENCES.map((audience) => [audience, [audience === 'voting-members' ? MISTYPED : `${audience}@heluo.example`]]),
  ),
});
const webhookTo = (url: string) => ({ url, secretEnv: 'TEST_NOTICE_WEBHOOK_SECRET', timeoutSeconds: 20 });

beforeAll(() => {
  process.env.TEST_NOTICE_SMTP_PASSWORD = SMTP_LOGIN.pass;
  process.env.TEST_NOTICE_WEBHOOK_SECRET = WEBHOOK_SECRET;
});

/** Runs one village of `town` to its end with the scripted town office; returns its handle once it has completed. */
async function electVillage(env: ReturnType<typeof useElectionWorker>, town: string) {
  const input = villageInput({ town });
  const handle = await startVillage(env.client, env.taskQueue, input);
  const view = await driveUntil(handle, scriptFor(input), (v) => v.status !== 'running');
  expect(view.status).toBe('completed');
  return handle;
}

/** Waits until every delivery of the workflow's notices has been tried and has failed at least once. */
async function eachTried(store: OutcomeStore, workflowId: string): Promise<StoredNotice[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const notices = await store.notices({ workflowId });
    if (notices.every((n) => n.deliveries.every((d) => d.lastError !== null)) || Date.now() > deadline) return notices;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('notices never hold an election up', () => {
  let smtp: Smtp;
  let refusing: Hook;
  let flaky: Hook;
  let down: Hook | undefined;
  let downPort: number;
  const towns = { mistyped: uniqueId('Mistyped'), gone: uniqueId('Gone'), flaky: uniqueId('Flaky'), down: uniqueId('Down') };

  beforeAll(async () => {
    smtp = await startSmtpReceiver(SMTP_LOGIN);
    smtp.state.unknownRecipients.add(MISTYPED);
    refusing = await startWebhookReceiver(WEBHOOK_SECRET);
    refusing.state.answerAlways = 404;
    flaky = await startWebhookReceiver(WEBHOOK_SECRET);
    // A receiver that was listening and is gone: its port refuses connections until it comes back.
    const gone = await startWebhookReceiver(WEBHOOK_SECRET);
    downPort = gone.port;
    await gone.close();
  });
  afterAll(async () => {
    await Promise.all([smtp?.close(), refusing?.close(), flaky?.close(), down?.close()]);
  });

  const env = useElectionWorker('SQLite', (): ChannelConfig => {
    return {
      default: {},
      towns: {
        [towns.mistyped]: { email: emailTo(smtp) },
        [towns.gone]: { webhook: webhookTo(refusing.url) },
        [towns.flaky]: { webhook: webhookTo(flaky.url) },
        [towns.down]: { webhook: webhookTo(`http://127.0.0.1:${downPort}/notices`) },
      },
      // Short waits between tries, so that a receiver back after a few seconds gets its notices within the test.
      retry: { maxIntervalSeconds: 1, giveUpAfterSeconds: 600 },
    };
  });

  it('marks the notices to an address the mail server refuses (550) failed with the reason, and the election completes', async () => {
    const handle = await electVillage(env, towns.mistyped);
    const notices = await settledNotices(env.store, handle.workflowId);
    const toMembers = notices.filter((n) => n.audience === 'voting-members');
    expect(toMembers.map((n) => n.kind)).toEqual(['recommendation-meeting', 'conference-notice']);
    for (const notice of toMembers) {
      expect(notice.deliveries).toEqual([
        expect.objectContaining({
          recipient: MISTYPED,
          state: 'failed',
          attempts: 1,
          lastError: expect.stringMatching(/550 .*mailbox unavailable/),
        }),
      ]);
    }
    // Every other notice reached its address, once.
    const others = notices.filter((n) => n.audience !== 'voting-members');
    expect(others.flatMap((n) => n.deliveries.map((d) => d.state))).toEqual(others.map(() => 'confirmed'));
    expect(smtp.state.mailbox.size).toBe(others.length);
    expect(await env.store.noticeCounts({ town: towns.mistyped })).toEqual({ pending: 0, delivered: others.length, failed: 2 });

    const refused = env.client.workflow.getHandle(noticeDeliveryId(toMembers[0]!.key));
    expect(await refused.result()).toEqual({
      delivered: 0,
      failed: [{ channel: 'email', recipient: MISTYPED, reason: expect.stringContaining('550') }],
    });
    await captureHistory(refused, 'notice-delivery-refused', 1);
  });

  it('gives up a webhook that answers 404 after one try, and the election completes', async () => {
    const handle = await electVillage(env, towns.gone);
    const notices = await settledNotices(env.store, handle.workflowId);
    const deliveries = notices.flatMap((n) => n.deliveries);
    expect(deliveries).toHaveLength(notices.length);
    expect(deliveries.map((d) => [d.state, d.attempts, d.lastError])).toEqual(
      deliveries.map(() => ['failed', 1, expect.stringMatching(/^HTTP 404 Not Found/)]),
    );
    // Not retried: one request per delivery, never more.
    expect(refusing.state.received).toHaveLength(deliveries.length);
    expect(await env.store.noticeCounts({ town: towns.gone })).toEqual({ pending: 0, delivered: 0, failed: notices.length });
  });

  it('delivers once a notice whose webhook answered 500, then 200', async () => {
    flaky.state.answers.push(500);
    const handle = await electVillage(env, towns.flaky);
    const notices = await settledNotices(env.store, handle.workflowId);
    const deliveries = notices.flatMap((n) => n.deliveries);
    expect(deliveries.every((d) => d.state === 'confirmed')).toBe(true);
    const retried = deliveries.filter((d) => d.attempts === 2);
    expect(retried).toHaveLength(1);
    expect(deliveries.filter((d) => d.attempts !== 1 && d.attempts !== 2)).toEqual([]);
    // The receiver holds one copy of each notice; the one answered 500 came twice under the same key.
    expect(flaky.state.stored.size).toBe(deliveries.length);
    expect(new Set(flaky.state.stored.keys())).toEqual(new Set(deliveries.map((d) => d.idempotencyKey)));
    expect(flaky.state.received.filter((post) => post.idempotencyKey === retried[0]!.idempotencyKey)).toHaveLength(2);
    expect(flaky.state.received).toHaveLength(deliveries.length + 1);

    await captureHistory(handle, 'notices-off-critical-path');
    // The delivery workflows are not the election's children: no delivery's start or end is in its history, so
    // none can arrive while the election completes and fail that workflow task (UnhandledCommand).
    const { events } = await handle.fetchHistory();
    const childEvents = (events ?? []).filter((e) => Object.keys(e).some((k) => /^(startChildWorkflow|childWorkflow)/.test(k)));
    expect(childEvents).toEqual([]);
    expect((events ?? []).filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    const notice = notices.find((n) => n.deliveries.some((d) => d.attempts === 2))!;
    const delivery = env.client.workflow.getHandle(noticeDeliveryId(notice.key));
    expect(await delivery.result()).toEqual({ delivered: 1, failed: [] });
    await captureHistory(delivery, 'notice-delivery-retried', 1);
  });

  it('completes the election while its receiver is down, and delivers every notice once when the receiver is back', async () => {
    const handle = await electVillage(env, towns.down);
    // The village is done; each of its notices is still being tried, with the reason it has not arrived yet.
    const waiting = await eachTried(env.store, handle.workflowId);
    expect(waiting.length).toBeGreaterThanOrEqual(7);
    expect(await env.store.noticeCounts({ town: towns.down })).toEqual({ pending: waiting.length, delivered: 0, failed: 0 });
    for (const delivery of waiting.flatMap((n) => n.deliveries)) {
      expect(delivery).toMatchObject({ state: 'sending', lastError: expect.stringContaining('ECONNREFUSED') });
    }

    down = await startWebhookReceiver(WEBHOOK_SECRET, downPort);
    const notices = await settledNotices(env.store, handle.workflowId, 30_000);
    const deliveries = notices.flatMap((n) => n.deliveries);
    expect(deliveries.every((d) => d.state === 'confirmed')).toBe(true);
    expect(down.state.stored.size).toBe(deliveries.length);
    expect(down.state.received).toHaveLength(deliveries.length);
    expect(await env.store.noticeCounts({ town: towns.down })).toEqual({ pending: 0, delivered: notices.length, failed: 0 });
  });
});

describe('a receiver that stays down past the retry window', () => {
  let port: number;
  const town = uniqueId('Silent');

  beforeAll(async () => {
    const gone = await startWebhookReceiver(WEBHOOK_SECRET);
    port = gone.port;
    await gone.close();
  });

  const env = useElectionWorker('SQLite', () => ({
    default: {},
    towns: { [town]: { webhook: webhookTo(`http://127.0.0.1:${port}/notices`) } },
    retry: { maxIntervalSeconds: 1, giveUpAfterSeconds: 8 },
  }));

  it('gives each delivery up with the reason and its last error, and the election completes', async () => {
    const handle = await electVillage(env, town);
    const notices = await settledNotices(env.store, handle.workflowId, 30_000);
    const deliveries = notices.flatMap((n) => n.deliveries);
    expect(deliveries.length).toBe(notices.length);
    for (const delivery of deliveries) {
      expect(delivery.state).toBe('failed');
      expect(delivery.attempts).toBeGreaterThanOrEqual(1);
      expect(delivery.lastError).toMatch(/^gave up: nothing confirmed the delivery within 8 seconds of trying; last error: .*ECONNREFUSED/);
    }
    expect(await env.store.noticeCounts({ town })).toEqual({ pending: 0, delivered: 0, failed: notices.length });
  });
});

describe('a village whose history awaits the earlier sendNotice activity', () => {
  it('goes on at once: the activity posts the notice and hands its delivery to a workflow, which gives up a 404', async () => {
    const refusing = await startWebhookReceiver(WEBHOOK_SECRET);
    refusing.state.answerAlways = 404;
    const store = await tempStore();
    const { connection, client } = await testConnection();
    const workerConnection = await testNativeConnection();
    const taskQueue = uniqueId('legacy-notices');
    try {
      const { code } = await bundleWorkflowCode({ workflowsPath: join(__dirname, 'legacyNotice', 'workflows.ts') });
      const worker = await Worker.create({
        dataConverter: testDataConverter(),
        connection: workerConnection,
        taskQueue,
        workflowBundle: { code },
        activities: createActivities(store, { default: { webhook: webhookTo(refusing.url) }, towns: {} }),
      });
      const workflowId = uniqueId('reelection-legacy');
      const notice: NoticeInput = {
        key: `${workflowId}/run-1/step/3/0`,
        workflowId,
        town: 'Heluo',
        village: 'Xishan',
        term: 2026,
        at: '2026-11-24T08:00:00.000Z',
        kind: 'start-approved',
        audience: 'village-branch',
        facts: { seats: 5 },
      };
      const [posted, delivery] = await worker.runUntil(async () => {
        const sent = await client.workflow.execute('legacyNotice', { taskQueue, workflowId, args: [notice] });
        return [sent, await client.workflow.getHandle(noticeDeliveryId(notice.key)).result()];
      });
      expect(posted).toEqual({ noticeId: expect.any(String), duplicate: false });
      expect(delivery).toEqual({
        delivered: 0,
        failed: [{ channel: 'webhook', recipient: refusing.url, reason: expect.stringMatching(/^HTTP 404/) }],
      });
      expect(refusing.state.received).toHaveLength(1);
      expect(await store.deliveries(notice.key)).toEqual([expect.objectContaining({ state: 'failed', attempts: 1 })]);
    } finally {
      await workerConnection.close();
      await connection.close();
      await store.close();
      await refusing.close();
    }
  });
});
