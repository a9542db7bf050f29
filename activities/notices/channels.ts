import * as fs from 'node:fs';
import { z } from 'zod';
import { describeZodIssues } from '../../machines/input';
import type { Audience } from '../../machines/notices';
import { ROLES } from '../../machines/roles';
import { isLoopbackHost } from '../loopback';

/** Everyone a notice can be addressed to: the roles, the village affairs board and every voting member. */
export const AUDIENCES = [...ROLES, 'village-board', 'voting-members'] as const satisfies readonly Audience[];

const audienceSchema = z.enum(AUDIENCES, { error: `accepted: one of ${AUDIENCES.join(', ')}` });

/** A secret is never written in the file: the file names the environment variable that holds it. */
const envVarName = z
  .string()
  .regex(
    /^[A-Z_][A-Z0-9_]*$/,
    'accepted: the NAME of an environment variable (capitals, digits, underscores) that holds the secret, never the secret itself',
  );

const emailAddress = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'accepted: an e-mail address such as office@heluo.example');

const recipientsSchema = <T extends z.ZodType>(recipient: T) =>
  z.partialRecord(audienceSchema, z.array(recipient).min(1, 'accepted: at least one recipient, or leave the audience out'), {
    error: (issue) => (issue.code === 'invalid_key' ? `not an audience; accepted: ${AUDIENCES.join(', ')}` : undefined),
  });

/** The shortest webhook secret accepted: 32 bytes, the size of the HMAC-SHA256 key and output. */
export const MIN_SECRET_BYTES = 32;

/** E-mail over SMTP; one message per recipient, so that each has its own Message-ID. TLS is required off loopback. */
export const emailChannelSchema = z
  .strictObject({
    smtp: z.strictObject({
      host: z.string().min(1, 'accepted: the SMTP server host name'),
      port: z
        .number({ error: 'accepted: a port number from 1 to 65535' })
        .int()
        .min(1)
        .max(65535, 'accepted: a port number from 1 to 65535'),
      /** true for implicit TLS (usually port 465); false starts plain and upgrades with STARTTLS when offered. */
      secure: z.boolean({ error: 'accepted: true (TLS from the start, usually port 465) or false (STARTTLS, usually port 587)' }),
      /** Refuse to send unless the server upgrades the connection with STARTTLS (with `secure: false`). */
      requireTLS: z.boolean().default(false),
      auth: z.strictObject({ user: z.string().min(1), passwordEnv: envVarName }).optional(),
      /** Seconds to wait for the server at each step before the attempt counts as failed. */
      timeoutSeconds: z.number().positive().max(120).default(10),
    }),
    from: emailAddress,
    /** The domain of the Message-IDs; defaults to the domain of `from`. */
    messageIdDomain: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, 'accepted: a domain name such as heluo.example')
      .optional(),
    recipients: recipientsSchema(emailAddress),
  })
  .superRefine(({ smtp }, ctx) => {
    if (smtp.secure || smtp.requireTLS || isLoopbackHost(smtp.host)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['smtp', 'secure'],
      message: `accepted for ${smtp.host}, which is not loopback: secure: true (TLS from the start, usually port 465) or requireTLS: true (STARTTLS, usually port 587); plain SMTP only to a loopback server`,
    });
  });

/** An HTTP POST of the notice as JSON, signed with HMAC-SHA256; see webhookSignature.ts. https is required off loopback. */
export const webhookChannelSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'accepted: an http:// or https:// URL' }),
    secretEnv: envVarName,
    timeoutSeconds: z.number().positive().max(60).default(5),
    /** Without it, every notice of the town is posted once; with it, once per listed recipient of the notice's audience. */
    recipients: recipientsSchema(z.string().min(1)).optional(),
  })
  .superRefine(({ url }, ctx) => {
    if (!plainHttpOffLoopback(url)) return;
    ctx.addIssue({
      code: 'custom',
      path: ['url'],
      message: 'accepted: an https:// URL; http:// only to a loopback host (localhost, 127.0.0.1, ::1)',
    });
  });

/** True for an http:// URL to a host off this machine, which would carry notices and their signatures in clear. */
export function plainHttpOffLoopback(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname);
  } catch {
    return false;
  }
}

/** The channels of one town (or the default); the outbox is always on and needs no entry. */
export const townChannelsSchema = z.strictObject({
  email: emailChannelSchema.optional(),
  webhook: webhookChannelSchema.optional(),
});

/**
 * How long delivery keeps trying after a failure that may pass: tries back off from 1 s, doubling, to at most
 * `maxIntervalSeconds` apart; a delivery nothing confirmed within `giveUpAfterSeconds` of its first try is given up
 * (`failed`, with its last error). A refusal for good is never retried.
 */
export const deliveryRetrySchema = z.strictObject({
  maxIntervalSeconds: z.number().int().min(1).max(86_400, 'accepted: 1 to 86400 seconds (a day)').default(600),
  giveUpAfterSeconds: z.number().int().min(1).max(2_592_000, 'accepted: 1 to 2592000 seconds (30 days)').default(259_200),
});

/** The channel configuration file: a default for every town, towns that replace it with their own, and the retry settings. */
export const channelConfigSchema = z.strictObject({
  default: townChannelsSchema.default({}),
  towns: z.record(z.string().min(1), townChannelsSchema).default({}),
  retry: deliveryRetrySchema.optional(),
});

export type EmailChannel = z.infer<typeof emailChannelSchema>;
export type WebhookChannel = z.infer<typeof webhookChannelSchema>;
export type TownChannels = z.infer<typeof townChannelsSchema>;
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
export type DeliveryRetry = z.infer<typeof deliveryRetrySchema>;

/** The retry settings of a channel file, with the defaults for what it leaves out (10 minutes apart at most, 3 days). */
export const deliveryRetry = (config: ChannelConfig): DeliveryRetry => deliveryRetrySchema.parse(config.retry ?? {});

/** One place a notice goes, with the recipients it goes to there. */
export type DeliveryTarget =
  | { channel: 'outbox'; recipients: string[] }
  | { channel: 'email'; email: EmailChannel; recipients: string[] }
  | { channel: 'webhook'; webhook: WebhookChannel; recipients: string[] };

/** A channel file that cannot be used; the message lists every bad field with its value and what is accepted. */
export class ChannelConfigError extends Error {
  override name = 'ChannelConfigError';
}

/** Only the outbox: what a worker without a channel file delivers to. */
export const OUTBOX_ONLY: ChannelConfig = { default: {}, towns: {} };

/** Checks a parsed channel configuration; throws `ChannelConfigError` naming each bad field. */
export function parseChannelConfig(input: unknown, source = 'the channel configuration'): ChannelConfig {
  const parsed = channelConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ChannelConfigError(
    `${source} is not valid:\n${describeZodIssues(parsed.error, input)
      .map((line) => `  ${line}`)
      .join('\n')}`,
  );
}

/**
 * Reads the channel file named by `path` or by `ELECTION_CHANNELS`; without either, only the outbox is on.
 * Secrets are not read here but when a notice is sent, so a rotated password needs no restart.
 */
export function loadChannelConfig(path: string | undefined = process.env.ELECTION_CHANNELS): ChannelConfig {
  if (!path) return OUTBOX_ONLY;
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new ChannelConfigError(
      `ELECTION_CHANNELS: cannot read ${JSON.stringify(path)} (${(error as Error).message}); accepted: the path of a JSON channel file`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ChannelConfigError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseChannelConfig(json, path);
}

/** Where a notice for this town and audience goes: the outbox first, then each configured channel with recipients. */
export function channelsFor(config: ChannelConfig, town: string, audience: Audience): DeliveryTarget[] {
  const channels = config.towns[town] ?? config.default;
  const targets: DeliveryTarget[] = [{ channel: 'outbox', recipients: [audience] }];
  const emailTo = channels.email?.recipients[audience];
  if (channels.email && emailTo?.length) targets.push({ channel: 'email', email: channels.email, recipients: emailTo });
  if (channels.webhook) {
    const listed = channels.webhook.recipients;
    const recipients = listed ? (listed[audience] ?? []) : [channels.webhook.url];
    if (recipients.length) targets.push({ channel: 'webhook', webhook: channels.webhook, recipients });
  }
  return targets;
}

/**
 * The secrets the channel file names that the environment does not hold, each as "field: NAME", and the webhook
 * secrets shorter than MIN_SECRET_BYTES (a short HMAC key can be guessed offline from one signed notice). The
 * worker checks this at start, so a missing or weak secret stops it there rather than holding every village's notices.
 */
export function missingSecrets(config: ChannelConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const sections = [
    ['default', config.default] as const,
    ...Object.entries(config.towns).map(([town, channels]) => [`towns.${town}`, channels] as const),
  ];
  const missing: string[] = [];
  for (const [where, channels] of sections) {
    const password = channels.email?.smtp.auth?.passwordEnv;
    if (password && !env[password]) missing.push(`${where}.email.smtp.auth.passwordEnv: ${password}`);
    const secret = channels.webhook?.secretEnv;
    const value = secret ? env[secret] : undefined;
    if (secret && !value) missing.push(`${where}.webhook.secretEnv: ${secret}`);
    else if (secret && value && Buffer.byteLength(value) < MIN_SECRET_BYTES) {
      missing.push(
        `${where}.webhook.secretEnv: ${secret} holds ${Buffer.byteLength(value)} bytes (accepted: at least ${MIN_SECRET_BYTES} bytes, such as the output of openssl rand -hex 32)`,
      );
    }
  }
  return missing;
}
