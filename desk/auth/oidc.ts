import { createHash, randomBytes, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { acceptedBy, valueAt } from '../../activities/store/registryRows';
import { verifyIdToken, type IdTokenClaims } from './idToken';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** HTTPS, or plain HTTP on this machine only (a provider in a test, or a tunnel). */
const endpoint = (what: string) =>
  z.url({ error: `accepted: ${what} as an https:// URL (http:// only on 127.0.0.1 or localhost)` }).refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, `accepted: ${what} as an https:// URL (http:// only on 127.0.0.1 or localhost)`);

const nonEmpty = (what: string) => z.string({ error: `accepted: ${what}` }).min(1, `accepted: ${what}`);

/** An office's identity provider, as its JSON configuration file gives it (DESK_OIDC_CONFIG names the file). */
export const oidcConfigSchema = z
  .object({
    /** The provider's issuer: its discovery document is at `<issuer>/.well-known/openid-configuration`. */
    issuer: endpoint("the provider's issuer"),
    clientId: nonEmpty('the client id the provider gave the desk'),
    clientSecret: nonEmpty('the client secret the provider gave the desk (or DESK_OIDC_CLIENT_SECRET)'),
    /** Where the provider sends the browser back: the desk's /oidc/callback as the provider knows it. */
    redirectUri: endpoint("the desk's /oidc/callback address"),
    /** The claim holding the person id of the people registry. */
    claim: z.string().min(1, 'accepted: a claim name such as preferred_username').default('preferred_username'),
    scopes: z.string().min(1).default('openid profile'),
    /** `acr` values that mean the provider asked for a second factor (besides `amr` naming mfa or otp). */
    secondFactorAcr: z.array(z.string().min(1)).default([]),
    /** The provider's name on the sign-in page's button (统一身份认证 when absent). */
    label: z.string().min(1).max(60).optional(),
    leewaySeconds: z.number().int().min(0).max(300).default(60),
  })
  .strict()
  .refine((c) => new URL(c.redirectUri).pathname.endsWith('/oidc/callback'), {
    message: "accepted: the desk's address ending in /oidc/callback",
    path: ['redirectUri'],
  });
export type OidcConfig = z.infer<typeof oidcConfigSchema>;

/** The configuration checked, or an error naming each wrong field, its value and what would be accepted. */
export function parseOidcConfig(value: unknown, source: string): OidcConfig {
  const parsed = oidcConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys')
      return `${issue.keys.join(', ')}: not a field of the configuration; accepted: ${Object.keys(oidcConfigSchema.shape).join(', ')}`;
    const field = issue.path.map(String).join('.') || '(the whole file)';
    const got = field === 'clientSecret' ? '(hidden)' : (JSON.stringify(valueAt(value, issue.path)) ?? 'nothing');
    return `${field}: got ${got}; ${acceptedBy(issue).replace(/^(?!accepted)/, 'accepted: ')}`;
  });
  throw new Error(`${source}: the identity provider's configuration is refused:\n  ${problems.join('\n  ')}`);
}

/**
 * The office's identity provider from the environment: DESK_OIDC_CONFIG names a JSON file, whose clientSecret may be
 * left to DESK_OIDC_CLIENT_SECRET. Undefined when DESK_OIDC_CONFIG is unset: the desk signs in with passwords only.
 */
export function loadOidcConfig(env: NodeJS.ProcessEnv = process.env): OidcConfig | undefined {
  const file = env.DESK_OIDC_CONFIG;
  if (!file) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`DESK_OIDC_CONFIG: could not read ${file} as JSON: ${(err as Error).message}`, { cause: err });
  }
  if (value && typeof value === 'object' && !('clientSecret' in value) && env.DESK_OIDC_CLIENT_SECRET)
    value = { ...value, clientSecret: env.DESK_OIDC_CLIENT_SECRET };
  return parseOidcConfig(value, `DESK_OIDC_CONFIG (${file})`);
}

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});
type Discovery = z.infer<typeof discoverySchema>;

/** What the desk keeps of a sign-in sent to the provider, until the browser comes back. */
export interface PendingOidcSignIn {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

const random = () => randomBytes(32).toString('base64url');

/**
 * The desk as an OpenID Connect client of one provider: the authorization code flow with PKCE (S256), state and
 * nonce; the discovery document and keys are fetched once and kept (the keys fetched again for a key id not seen).
 */
export class OidcClient {
  private discovery: Promise<Discovery> | undefined;
  private jwks: Promise<JsonWebKey[]> | undefined;

  constructor(
    readonly config: OidcConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** A new sign-in: where to send the browser, and what to keep until it returns. */
  async start(next: string): Promise<{ url: string; pending: PendingOidcSignIn }> {
    const { authorization_endpoint } = await this.discover();
    const pending = { state: random(), nonce: random(), verifier: random(), next };
    const url = new URL(authorization_endpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('redirect_uri', this.config.redirectUri);
    url.searchParams.set('scope', this.config.scopes);
    url.searchParams.set('state', pending.state);
    url.searchParams.set('nonce', pending.nonce);
    url.searchParams.set('code_challenge', createHash('sha256').update(pending.verifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
    return { url: url.toString(), pending };
  }

  /** Exchanges the code the browser brought back for the ID token, and verifies it; throws saying what failed. */
  async finish(code: string, pending: PendingOidcSignIn, nowMs: number): Promise<IdTokenClaims> {
    const { token_endpoint } = await this.discover();
    const response = await this.fetchImpl(token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.config.redirectUri,
        code_verifier: pending.verifier,
      }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const body = (await response.json()) as { id_token?: unknown };
    if (typeof body.id_token !== 'string') throw new Error('token endpoint sent no id_token');
    return verifyIdToken(body.id_token, {
      issuer: this.config.issuer,
      clientId: this.config.clientId,
      nonce: pending.nonce,
      now: Math.floor(nowMs / 1000),
      leewaySeconds: this.config.leewaySeconds,
      keys: () => this.keys(),
      refresh: () => this.keys(true),
    });
  }

  /** Whether the provider says it asked for a second factor: `amr` names mfa or otp, or `acr` is one configured. */
  secondFactorPassed(claims: IdTokenClaims): boolean {
    const amr = Array.isArray(claims.amr) ? claims.amr : [];
    return (
      amr.includes('mfa') || amr.includes('otp') || (typeof claims.acr === 'string' && this.config.secondFactorAcr.includes(claims.acr))
    );
  }

  /** The person id the configured claim holds, if it is text. */
  personIdOf(claims: IdTokenClaims): string | undefined {
    const value = claims[this.config.claim];
    return typeof value === 'string' && value ? value : undefined;
  }

  private discover(): Promise<Discovery> {
    this.discovery ??= (async () => {
      const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await this.fetchImpl(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`discovery document ${url} answered ${response.status}`);
      const doc = discoverySchema.parse(await response.json());
      if (doc.issuer !== this.config.issuer)
        throw new Error(`discovery document names issuer ${doc.issuer}; configured ${this.config.issuer}`);
      return doc;
    })();
    // A failure is not kept: the next sign-in asks again.
    this.discovery.catch(() => (this.discovery = undefined));
    return this.discovery;
  }

  private keys(refresh = false): Promise<JsonWebKey[]> {
    if (refresh || !this.jwks) {
      this.jwks = (async () => {
        const response = await this.fetchImpl((await this.discover()).jwks_uri, { signal: AbortSignal.timeout(10_000) });
        if (!response.ok) throw new Error(`the provider's keys answered ${response.status}`);
        const body = (await response.json()) as { keys?: unknown };
        return Array.isArray(body.keys) ? (body.keys as JsonWebKey[]) : [];
      })();
      this.jwks.catch(() => (this.jwks = undefined));
    }
    return this.jwks;
  }
}
