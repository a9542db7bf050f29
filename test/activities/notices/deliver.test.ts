import { ApplicationFailure } from '@temporalio/common';
import type { NoticeInput } from '../../../activities/contract';
import {
  channelsFor,
  deliverNotice,
  DELIVERY_FAILURES,
  parseChannelConfig,
  renderNotice,
  type ChannelConfig,
} from '../../../activities/notices';
import { deliverTo, isPermanentFailure, WebhookAnswerError, type DeliveryTarget, type NoticeEnvelope } from '../../../activities/notices';
import { MemoryLedger } from '../../support/memoryLedger';
import { startSmtpReceiver, startWebhookReceiver } from '../../support/noticeReceivers';

const env = { NOTICE_SMTP_PASSWORD: 'smtp-pass', NOTICE_WEBHOOK_SECRET: 'webhook-secret' };

let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeEach(async () => {
  smtp = await startSmtpReceiver({ user: 'heluo-office', pass: env.NOTICE_SMTP_PASSWORD });
  hook = await startWebhookReceiver(env.NOTICE_WEBHOOK_SECRET);
});
afterEach(async () => {
  await Promise.all([smtp.close(), hook.close()]);
});

let step = 0;
/** A fresh notice per test: its key is `${workflowId}/${runId}/${step}` as the workflow host makes it. */
function publicity(): NoticeInput {
  step += 1;
  const workflowId = 'reelection/2026/Heluo/Xishan';
  return {
    key: `${workflowId}/run-1/${step}`,
    workflowId,
    town: 'Heluo',
    village: 'Xishan',
    term: 2026,
    at: '2026-04-01T01:00:00.000Z',
    kind: 'candidate-publicity',
    audience: 'village-board',
    facts: { town: 'Heluo', village: 'Xishan', term: 2026, candidates: ['Zhang Wei', 'Li Na', 'Wang Fang', 'Liu Yang'] },
  };
}

function config(channels: { email?: boolean; webhook?: boolean } = { email: true, webhook: true }): ChannelConfig {
  return parseChannelConfig({
    towns: {
      Heluo: {
        ...(channels.email && {
          email: {
            smtp: {
              host: '127.0.0.1',
              port: smtp.port,
              secure: false,
              auth: { user: 'heluo-office', passwordEnv: 'NOTICE_SMTP_PASSWORD' },
              timeoutSeconds: 3,
            },
            from: 'office@heluo.example',
            recipients: { 'village-board': ['board@xishan.example', 'secretary@xishan.example'] },
          },
        }),
        ...(channels.webhook && { webhook: { url: hook.url, secretEnv: 'NOTICE_WEBHOOK_SECRET', timeoutSeconds: 3 } }),
      },
    },
  });
}

async function deliver(notice: NoticeInput, ledger: MemoryLedger, channels = config()) {
  return deliverNotice(notice, renderNotice(notice), channelsFor(channels, notice.town, notice.audience), ledger, { env });
}

/** The retryable failure the activity's retry policy acts on. */
async function failsRetryably(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  expect(failure.type).toBe(DELIVERY_FAILURES.failed);
  expect(failure.nonRetryable).toBeFalsy();
  return failure;
}

describe('delivering a notice by e-mail and webhook', () => {
  it('delivers an e-mail with a stable Message-ID and both a text and an HTML part', async () => {
    const ledger = new MemoryLedger();
    const notice = publicity();
    await deliver(notice, ledger, config({ email: true }));
    expect(smtp.state.received.map((m) => m.to)).toEqual([['board@xishan.example'], ['secretary@xishan.example']]);
    const mail = smtp.state.received[0]!;
    const board = ledger.of('email')[0]!;
    expect(mail.messageId).toBe(`<notice.${board.idempotencyKey}@heluo.example>`);
    expect(mail.idempotencyKey).toBe(board.idempotencyKey);
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(mail.raw).toMatch(/Content-Type: text\/html; charset=utf-8/i);
    expect(mail.raw).toContain('Publicity of the candidates');
    expect(board).toMatchObject({ state: 'confirmed', attempts: 1, recipient: 'board@xishan.example' });
    expect(board.receipt).toMatch(/^SMTP 250 /);
    expect(ledger.of('outbox')).toMatchObject([{ state: 'confirmed', recipient: 'village-board' }]);
  });

  it('posts the notice to the webhook signed so that the receiver verifies it', async () => {
    const ledger = new MemoryLedger();
    const notice = publicity();
    await deliver(notice, ledger, config({ webhook: true }));
    expect(hook.state.received).toHaveLength(1);
    const post = hook.state.received[0]!;
    expect(post).toMatchObject({ verified: true, idempotencyKey: ledger.of('webhook')[0]!.idempotencyKey });
    expect(JSON.parse(post.body)).toMatchObject({
      noticeKey: notice.key,
      kind: 'candidate-publicity',
      town: 'Heluo',
      village: 'Xishan',
      term: 2026,
      audience: 'village-board',
      title: 'Publicity of the candidates (公示)',
      facts: notice.facts,
    });
    expect(JSON.parse(post.body).html).toContain('<!DOCTYPE html>');
    expect(ledger.of('webhook')).toMatchObject([{ state: 'confirmed', receipt: 'HTTP 200' }]);
  });

  it('re-sends with the same Idempotency-Key when the webhook acknowledgement is lost, and the receiver keeps one copy', async () => {
    const ledger = new MemoryLedger();
    const notice = publicity();
    hook.state.loseAcks = 1;
    const failure = await failsRetryably(deliver(notice, ledger, config({ webhook: true })));
    expect(failure.message).toContain('webhook to');
    // Still being sent: the activity's retry policy tries again, and the ledger keeps why this try failed.
    expect(ledger.of('webhook')).toMatchObject([{ state: 'sending', attempts: 1, lastError: expect.any(String) }]);
    expect(hook.state.stored.size).toBe(1);

    await deliver(notice, ledger, config({ webhook: true }));
    const keys = hook.state.received.map((p) => p.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(hook.state.received.every((p) => p.verified)).toBe(true);
    expect(hook.state.stored.size).toBe(1);
    expect(ledger.of('webhook')).toMatchObject([{ state: 'confirmed', attempts: 2 }]);
  });

  it('re-sends with the same Message-ID when the SMTP server stores the message but its reply is lost, and the mailbox keeps one copy', async () => {
    const ledger = new MemoryLedger();
    const notice = publicity();
    smtp.state.loseAcks = 1;
    const failure = await failsRetryably(deliver(notice, ledger, config({ email: true })));
    expect(failure.message).toContain('email to board@xishan.example');
    // The second recipient still got its message: one lost reply does not hold back the others.
    expect(ledger.of('email').map((d) => d.state)).toEqual(['sending', 'confirmed']);

    await deliver(notice, ledger, config({ email: true }));
    const toBoard = smtp.state.received.filter((m) => m.to[0] === 'board@xishan.example');
    expect(toBoard).toHaveLength(2);
    expect(toBoard[0]!.messageId).toBe(toBoard[1]!.messageId);
    expect(smtp.state.received).toHaveLength(3);
    expect(smtp.state.mailbox.size).toBe(2);
    expect(ledger.of('email').map((d) => [d.state, d.attempts])).toEqual([
      ['confirmed', 2],
      ['confirmed', 1],
    ]);
  });

  it('sends nothing when the activity is retried after every delivery was confirmed', async () => {
    const ledger = new MemoryLedger();
    const notice = publicity();
    const first = await deliver(notice, ledger);
    expect(first.map((o) => o.result)).toEqual(['sent', 'sent', 'sent', 'sent']);

    const retry = await deliver(notice, ledger);
    expect(retry.map((o) => o.result)).toEqual(['already-confirmed', 'already-confirmed', 'already-confirmed', 'already-confirmed']);
    expect(smtp.state.received).toHaveLength(2);
    expect(hook.state.received).toHaveLength(1);
    expect([...ledger.deliveries.values()].every((d) => d.attempts === 1)).toBe(true);
  });

  it('fails when one channel fails while the other succeeds, and the retry sends only the failed one', async () => {
    const ledger = new MemoryLedger();
    const notice = publicity();
    hook.state.refuse = 1;
    const failure = await failsRetryably(deliver(notice, ledger));
    expect(failure.message).toContain('HTTP 503');
    expect(smtp.state.received).toHaveLength(2);
    expect(ledger.of('webhook')).toMatchObject([{ state: 'sending', lastError: expect.stringContaining('HTTP 503') }]);

    const retry = await deliver(notice, ledger);
    expect(retry.map((o) => `${o.channel}:${o.result}`)).toEqual([
      'outbox:already-confirmed',
      'email:already-confirmed',
      'email:already-confirmed',
      'webhook:sent',
    ]);
    expect(smtp.state.received).toHaveLength(2);
    expect(hook.state.received).toHaveLength(2);
    expect(hook.state.stored.size).toBe(1);
  });

  it('retries an e-mail the server refused for now', async () => {
    const ledger = new MemoryLedger();
    const notice = publicity();
    smtp.state.refuse = 1;
    const failure = await failsRetryably(deliver(notice, ledger, config({ email: true })));
    expect(failure.message).toMatch(/451/);
    await deliver(notice, ledger, config({ email: true }));
    expect(smtp.state.mailbox.size).toBe(2);
    expect(ledger.of('email').every((d) => d.state === 'confirmed')).toBe(true);
  });

  it('sends nothing, and says which secret is missing, when a secret named in the channel file is not in the environment', async () => {
    const ledger = new MemoryLedger();
    const notice = publicity();
    const targets = channelsFor(config(), notice.town, notice.audience);
    const error = await deliverNotice(notice, renderNotice(notice), targets, ledger, { env: { NOTICE_SMTP_PASSWORD: 'smtp-pass' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: DELIVERY_FAILURES.misconfigured, nonRetryable: false });
    expect((error as Error).message).toContain('webhook.secretEnv: the environment variable NOTICE_WEBHOOK_SECRET is not set');
    expect(ledger.deliveries.size).toBe(0);
    expect(smtp.state.received).toHaveLength(0);
    expect(hook.state.received).toHaveLength(0);
  });

  it('keys each delivery by notice, channel and recipient, the same on every call', async () => {
    const first = new MemoryLedger();
    const second = new MemoryLedger();
    const notice = publicity();
    await deliver(notice, first);
    await deliver({ ...notice }, second);
    expect([...second.deliveries.keys()]).toEqual([...first.deliveries.keys()]);
    expect(new Set(first.deliveries.keys()).size).toBe(4);
    const other = await deliver({ ...notice, key: `${notice.key}0` }, new MemoryLedger());
    expect(other.some((o) => first.deliveries.has(o.idempotencyKey))).toBe(false);
  });
});

/** The one target of a channel in the test config, for `deliverTo`. */
function targetOf(channel: 'email' | 'webhook', channels = config()): Exclude<DeliveryTarget, { channel: 'outbox' }> {
  const notice = publicity();
  const target = channelsFor(channels, notice.town, notice.audience).find((t) => t.channel === channel);
  if (!target || target.channel === 'outbox') throw new Error(`no ${channel} target`);
  return target;
}

/** Sends one delivery of a fresh notice; resolves with what deliverTo threw, or null. */
async function deliverOnce(channel: 'email' | 'webhook', recipient: string, ledger: MemoryLedger, target = targetOf(channel)) {
  const notice: NoticeEnvelope = publicity();
  return deliverTo(notice, renderNotice(publicity()), target, recipient, `${notice.key}/${channel}/${recipient}`, ledger, { env }).then(
    () => null,
    (e: unknown) => e as ApplicationFailure,
  );
}

describe('one delivery at a time, as the delivery workflow sends it', () => {
  it('refuses for good an address the mail server does not know (550): not retryable, typed, the reason kept', async () => {
    smtp.state.unknownRecipients.add('nobody@xishan.example');
    const ledger = new MemoryLedger();
    const failure = await deliverOnce('email', 'nobody@xishan.example', ledger);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: DELIVERY_FAILURES.refused, nonRetryable: true });
    expect(failure!.message).toMatch(/550/);
    expect(ledger.of('email')).toMatchObject([{ attempts: 1, state: 'sending' }]);
    expect(smtp.state.received).toHaveLength(0);
  });

  it('retries a mail server that refuses for now (451), noting why on the delivery', async () => {
    smtp.state.refuse = 1;
    const ledger = new MemoryLedger();
    const failure = await deliverOnce('email', 'board@xishan.example', ledger);
    expect(failure).toMatchObject({ type: DELIVERY_FAILURES.failed, nonRetryable: false });
    expect(ledger.of('email')).toMatchObject([{ state: 'sending', attempts: 1, lastError: expect.stringMatching(/451/) }]);
  });

  it.each([
    [404, true],
    [410, true],
    [400, true],
    [301, true],
    [408, false],
    [429, false],
    [500, false],
    [503, false],
  ])('treats a webhook answering %i as a refusal for good: %s', async (status, permanent) => {
    hook.state.answers.push(status);
    const failure = await deliverOnce('webhook', hook.url, new MemoryLedger());
    expect(failure).toMatchObject({
      type: permanent ? DELIVERY_FAILURES.refused : DELIVERY_FAILURES.failed,
      nonRetryable: permanent,
      message: expect.stringContaining(`HTTP ${status}`),
    });
  });

  it('retries a receiver that is not listening', async () => {
    const gone = await startWebhookReceiver(env.NOTICE_WEBHOOK_SECRET);
    await gone.close();
    const target = targetOf('webhook') as Extract<DeliveryTarget, { channel: 'webhook' }>;
    const down = { ...target, webhook: { ...target.webhook, url: gone.url } };
    const ledger = new MemoryLedger();
    const failure = await deliverOnce('webhook', down.webhook.url, ledger, down);
    expect(failure).toMatchObject({ type: DELIVERY_FAILURES.failed, nonRetryable: false });
    expect(ledger.of('webhook')[0]!.lastError).toMatch(/ECONNREFUSED/);
  });

  it('sends nothing for a delivery already confirmed', async () => {
    const ledger = new MemoryLedger();
    expect(await deliverOnce('webhook', hook.url, ledger)).toBeNull();
    const [delivery] = ledger.of('webhook');
    const again = await deliverTo(publicity(), renderNotice(publicity()), targetOf('webhook'), hook.url, delivery!.idempotencyKey, ledger, {
      env,
    });
    expect(again.result).toBe('already-confirmed');
    expect(hook.state.received).toHaveLength(1);
  });

  it('tries again when a receiver that answers 429 or 503 asks, with Retry-After, at most an hour later', async () => {
    hook.state.retryAfter = '7';
    hook.state.answers.push(429);
    expect(await deliverOnce('webhook', hook.url, new MemoryLedger())).toMatchObject({ nonRetryable: false, nextRetryDelay: '7s' });
    hook.state.retryAfter = '86400';
    hook.state.answers.push(503);
    expect(await deliverOnce('webhook', hook.url, new MemoryLedger())).toMatchObject({ nonRetryable: false, nextRetryDelay: '3600s' });
  });

  it('reads SMTP reply codes as nodemailer gives them: 5xx for good, 4xx and no reply for now', () => {
    expect(isPermanentFailure(new WebhookAnswerError('HTTP 429', 429, 30))).toBe(false);
    expect(isPermanentFailure(Object.assign(new Error('550 no such user'), { responseCode: 550 }))).toBe(true);
    expect(isPermanentFailure(Object.assign(new Error('421 closing'), { responseCode: 421 }))).toBe(false);
    expect(isPermanentFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});
