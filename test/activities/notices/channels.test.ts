import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ChannelConfigError,
  channelsFor,
  deliveryRetry,
  loadChannelConfig,
  missingSecrets,
  OUTBOX_ONLY,
  parseChannelConfig,
} from '../../../activities/notices';

const example = path.join(__dirname, '../../../config/channels.example.json');

const emailFor = (overrides: Record<string, unknown> = {}) => ({
  smtp: { host: 'smtp.heluo.example', port: 465, secure: true, auth: { user: 'office', passwordEnv: 'HELUO_SMTP_PASSWORD' } },
  from: 'office@heluo.example',
  recipients: { 'village-board': ['board@xishan.example'] },
  ...overrides,
});

const errorOf = (input: unknown) => {
  try {
    parseChannelConfig(input, 'channels.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('the channel configuration per town', () => {
  it('reads the committed example file', () => {
    const config = loadChannelConfig(example);
    expect(Object.keys(config.towns)).toEqual(['Heluo']);
    expect(config.towns.Heluo!.email?.smtp.timeoutSeconds).toBe(10);
    expect(config.towns.Heluo!.webhook?.secretEnv).toBe('HELUO_WEBHOOK_SECRET');
    expect(deliveryRetry(config)).toEqual({ maxIntervalSeconds: 600, giveUpAfterSeconds: 259_200 });
  });

  it('retries at most 10 minutes apart and for 3 days unless the file says otherwise, and refuses a retry setting out of range', () => {
    expect(deliveryRetry(parseChannelConfig({}))).toEqual({ maxIntervalSeconds: 600, giveUpAfterSeconds: 259_200 });
    expect(deliveryRetry(parseChannelConfig({ retry: { maxIntervalSeconds: 60 } }))).toEqual({
      maxIntervalSeconds: 60,
      giveUpAfterSeconds: 259_200,
    });
    expect(errorOf({ retry: { giveUpAfterSeconds: 0 } })).toContain('retry.giveUpAfterSeconds: got 0');
    expect(errorOf({ retry: { maxIntervalSeconds: 90_000 } })).toContain(
      'retry.maxIntervalSeconds: got 90000 (accepted: 1 to 86400 seconds (a day))',
    );
  });

  it('names every secret the file refers to that the environment lacks, so the worker can stop at start', () => {
    const config = loadChannelConfig(example);
    expect(missingSecrets(config, { HELUO_SMTP_PASSWORD: 'x' })).toEqual([
      'default.email.smtp.auth.passwordEnv: ELECTION_SMTP_PASSWORD',
      'towns.Heluo.webhook.secretEnv: HELUO_WEBHOOK_SECRET',
    ]);
    expect(missingSecrets(config, { HELUO_SMTP_PASSWORD: 'x', ELECTION_SMTP_PASSWORD: 'y', HELUO_WEBHOOK_SECRET: 'z'.repeat(32) })).toEqual(
      [],
    );
  });

  it('refuses at start a webhook secret shorter than 32 bytes, naming the field, its length and what is accepted', () => {
    const config = loadChannelConfig(example);
    expect(
      missingSecrets(config, { HELUO_SMTP_PASSWORD: 'x', ELECTION_SMTP_PASSWORD: 'y', HELUO_WEBHOOK_SECRET: 'webhook-secret' }),
    ).toEqual([
      'towns.Heluo.webhook.secretEnv: HELUO_WEBHOOK_SECRET holds 14 bytes (accepted: at least 32 bytes, such as the output of openssl rand -hex 32)',
    ]);
    expect(
      missingSecrets(config, { HELUO_SMTP_PASSWORD: 'x', ELECTION_SMTP_PASSWORD: 'y', HELUO_WEBHOOK_SECRET: '秘'.repeat(11) }),
    ).toEqual([]);
  });

  it('refuses plain SMTP to a server that is not loopback, and accepts TLS, STARTTLS required, or a loopback server', () => {
    const message = errorOf({ towns: { Heluo: { email: emailFor({ smtp: { host: 'smtp.heluo.example', port: 587, secure: false } }) } } });
    expect(message).toContain(
      'towns.Heluo.email.smtp.secure: got false (accepted for smtp.heluo.example, which is not loopback: secure: true (TLS from the start, usually port 465) or requireTLS: true (STARTTLS, usually port 587); plain SMTP only to a loopback server)',
    );
    for (const smtp of [
      { host: 'smtp.heluo.example', port: 465, secure: true },
      { host: 'smtp.heluo.example', port: 587, secure: false, requireTLS: true },
      { host: '127.0.0.1', port: 2525, secure: false },
      { host: 'localhost', port: 2525, secure: false },
    ]) {
      expect(() => parseChannelConfig({ default: { email: emailFor({ smtp }) } })).not.toThrow();
    }
  });

  it('refuses a plain http webhook to a host that is not loopback, and accepts https or a loopback receiver', () => {
    const message = errorOf({ default: { webhook: { url: 'http://notices.heluo.example/in', secretEnv: 'S' } } });
    expect(message).toContain(
      'default.webhook.url: got "http://notices.heluo.example/in" (accepted: an https:// URL; http:// only to a loopback host (localhost, 127.0.0.1, ::1))',
    );
    for (const url of ['https://notices.heluo.example/in', 'http://127.0.0.1:8080/in', 'http://[::1]:8080/in', 'http://localhost/in']) {
      expect(() => parseChannelConfig({ default: { webhook: { url, secretEnv: 'S' } } })).not.toThrow();
    }
  });

  it('turns on only the outbox without a channel file', () => {
    expect(loadChannelConfig(undefined)).toEqual(OUTBOX_ONLY);
    expect(channelsFor(OUTBOX_ONLY, 'Heluo', 'village-board')).toEqual([{ channel: 'outbox', recipients: ['village-board'] }]);
  });

  it('names the file it cannot read', () => {
    expect(() => loadChannelConfig('/nowhere/channels.json')).toThrow(/ELECTION_CHANNELS: cannot read "\/nowhere\/channels.json"/);
  });

  it('names the file that is not JSON', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'channels-')), 'channels.json');
    fs.writeFileSync(file, '{ "default": ');
    expect(() => loadChannelConfig(file)).toThrow(`${file}: not valid JSON`);
  });

  it('refuses a password written into the file, naming the field, the value and what is accepted', () => {
    const message = errorOf({
      default: { email: emailFor({ smtp: { host: 'h', port: 25, secure: false, auth: { user: 'u', passwordEnv: 'hunter2!' } } }) },
    });
    expect(message).toContain('channels.json is not valid');
    expect(message).toContain('default.email.smtp.auth.passwordEnv: got "hunter2!"');
    expect(message).toContain('the NAME of an environment variable');
  });

  it('refuses a port given as text and an unknown audience', () => {
    const message = errorOf({
      towns: { Heluo: { email: emailFor({ smtp: { host: 'h', port: '465', secure: true }, recipients: { villagers: ['a@b.example'] } }) } },
    });
    expect(message).toContain('towns.Heluo.email.smtp.port: got "465" (accepted: a port number from 1 to 65535)');
    expect(message).toContain(
      'towns.Heluo.email.recipients.villagers: got ["a@b.example"] (not an audience; accepted: town-committee, county-org-dept',
    );
  });

  it('refuses a misspelt field and a webhook that is not http', () => {
    const message = errorOf({ default: { webhok: {} }, towns: { Heluo: { webhook: { url: 'ftp://x.example/in', secretEnv: 'S' } } } });
    expect(message).toContain('default: unknown field(s) webhok');
    expect(message).toContain('towns.Heluo.webhook.url: got "ftp://x.example/in" (accepted: an http:// or https:// URL)');
  });

  it("uses a town's own channels instead of the default", () => {
    const config = parseChannelConfig({
      default: { email: emailFor({ recipients: { 'village-board': ['default@county.example'] } }) },
      towns: { Heluo: { webhook: { url: 'https://notices.heluo.example/in', secretEnv: 'HELUO_WEBHOOK_SECRET' } } },
    });
    expect(channelsFor(config, 'Heluo', 'village-board').map((t) => [t.channel, t.recipients])).toEqual([
      ['outbox', ['village-board']],
      ['webhook', ['https://notices.heluo.example/in']],
    ]);
    expect(channelsFor(config, 'Qilipu', 'village-board').map((t) => [t.channel, t.recipients])).toEqual([
      ['outbox', ['village-board']],
      ['email', ['default@county.example']],
    ]);
  });

  it('sends to an audience only where the file lists recipients for it', () => {
    const config = parseChannelConfig({
      default: {
        email: emailFor(),
        webhook: {
          url: 'https://in.example/',
          secretEnv: 'HOOK_SECRET',
          recipients: { 'town-committee': ['wechat-group-1', 'wechat-group-2'] },
        },
      },
    });
    expect(channelsFor(config, 'Heluo', 'county-org-dept').map((t) => t.channel)).toEqual(['outbox']);
    expect(channelsFor(config, 'Heluo', 'town-committee').map((t) => [t.channel, t.recipients])).toEqual([
      ['outbox', ['town-committee']],
      ['webhook', ['wechat-group-1', 'wechat-group-2']],
    ]);
  });
});
