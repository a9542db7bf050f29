import { AUDIENCES, type ChannelConfig } from '../../activities/notices';
import { driveUntil, scriptFor, startVillage, useElectionWorker, villageInput } from '../support/election';
import { startSmtpReceiver, startWebhookReceiver } from '../support/noticeReceivers';
import { STORE_KINDS } from '../support/stores';

const SMTP_LOGIN = { user: 'heluo-office', pass: 'smtp-secret' };
const WEBHOOK_SECRET = 'webhook-secret';

describe.each(STORE_KINDS)('notices of a village election delivered by e-mail and webhook, recorded on %s', (kind) => {
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const town = `Heluo-${kind}`;

  beforeAll(async () => {
    smtp = await startSmtpReceiver(SMTP_LOGIN);
    hook = await startWebhookReceiver(WEBHOOK_SECRET);
    process.env.TEST_NOTICE_SMTP_PASSWORD = SMTP_LOGIN.pass;
    process.env.TEST_NOTICE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  });
  afterAll(async () => {
    await smtp?.close();
    await hook?.close();
  });

  const channels = (): ChannelConfig => ({
    default: {},
    towns: {
      [town]: {
        email: {
          smtp: {
            host: '127.0.0.1',
            port: smtp.port,
            secure: false,
            requireTLS: false,
            timeoutSeconds: 5,
            auth: { user: SMTP_LOGIN.user, passwordEnv: 'TEST_NOTICE_SMTP_PASSWORD' },
          },
          from: 'party-office@heluo.example',
          recipients: Object.fromEntries(AUDIENCES.map((audience) => [audience, [`${audience}@heluo.example`]])),
        },
        webhook: { url: hook.url, secretEnv: 'TEST_NOTICE_WEBHOOK_SECRET', timeoutSeconds: 5 },
      },
    },
  });
  const env = useElectionWorker(kind, channels);

  it('delivers every notice once to each receiver although acknowledgements are lost and a server refuses, and a retry resends only what was not confirmed', async () => {
    // The first notice meets every fault: attempt 1, the mail server refuses (451) and the webhook's
    // acknowledgement is lost; attempt 2, the webhook is resent and confirmed, the mail's acknowledgement is lost;
    // attempt 3, the mail is resent and confirmed, and the confirmed webhook is not sent again.
    smtp.state.refuse = 1;
    smtp.state.loseAcks = 1;
    hook.state.loseAcks = 1;
    const input = villageInput({ town });
    const handle = await startVillage(env.client, env.taskQueue, input);
    await driveUntil(handle, scriptFor(input), (v) => v.status !== 'running');

    const notices = await env.store.notices({ workflowId: handle.workflowId });
    expect(notices.length).toBeGreaterThanOrEqual(7);
    const deliveries = notices.flatMap((n) => n.deliveries.map((d) => ({ ...d, notice: n.kind })));
    const email = deliveries.filter((d) => d.channel === 'email');
    const webhook = deliveries.filter((d) => d.channel === 'webhook');
    expect({ email: email.length, webhook: webhook.length }).toEqual({ email: notices.length, webhook: notices.length });
    expect(deliveries.filter((d) => d.state !== 'confirmed')).toEqual([]);

    // From the recipients' view: exactly one copy of each notice, though the wire carried some twice.
    expect(smtp.state.mailbox.size).toBe(email.length);
    expect(hook.state.stored.size).toBe(webhook.length);
    expect(smtp.state.received).toHaveLength(email.length + 1);
    expect(hook.state.received).toHaveLength(webhook.length + 1);
    expect(hook.state.received.every((post) => post.verified)).toBe(true);
    expect(new Set(hook.state.stored.keys())).toEqual(new Set(webhook.map((d) => d.idempotencyKey)));
    expect(new Set(smtp.state.received.map((mail) => mail.idempotencyKey))).toEqual(new Set(email.map((d) => d.idempotencyKey)));

    const first = notices[0]!;
    const tries = Object.fromEntries(first.deliveries.map((d) => [d.channel, d.attempts]));
    expect(tries).toEqual({ email: 3, webhook: 2 });
    const firstWebhook = first.deliveries.find((d) => d.channel === 'webhook')!;
    expect(hook.state.received.filter((post) => post.idempotencyKey === firstWebhook.idempotencyKey)).toHaveLength(2);
    expect(notices.slice(1).every((n) => n.deliveries.every((d) => d.attempts === 1))).toBe(true);
  });
});
