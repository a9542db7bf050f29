import { AUDIENCES, type ChannelConfig } from '../../activities/notices';
import { settledNotices } from '../support/deliveries';
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
    // Whichever deliveries come first meet every fault: the mail server refuses one message for now (451) and loses
    // the acknowledgement of another; the webhook loses one acknowledgement. Each is retried with the same key.
    smtp.state.refuse = 1;
    smtp.state.loseAcks = 1;
    hook.state.loseAcks = 1;
    const input = villageInput({ town });
    const handle = await startVillage(env.client, env.taskQueue, input);
    await driveUntil(handle, scriptFor(input), (v) => v.status !== 'running');

    const notices = await settledNotices(env.store, handle.workflowId);
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

    // Only the deliveries that met a fault were tried again, each under its own key.
    const attempts = (list: typeof deliveries) => list.reduce((sum, d) => sum + d.attempts, 0);
    expect({ email: attempts(email), webhook: attempts(webhook) }).toEqual({ email: email.length + 2, webhook: webhook.length + 1 });
    const resent = webhook.find((d) => d.attempts === 2)!;
    expect(hook.state.received.filter((post) => post.idempotencyKey === resent.idempotencyKey)).toHaveLength(2);
  });
});
