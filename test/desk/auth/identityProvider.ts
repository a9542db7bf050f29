import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Who the provider says signed in, and how. */
export interface ProviderUser {
  sub: string;
  preferred_username?: string;
  amr?: string[];
  acr?: string;
}

/** What a test may do to the ID token the provider issues next: other claims, another key, a broken signature. */
export interface Tampering {
  claims?: Record<string, unknown>;
  alg?: 'RS256' | 'ES256';
  breakSignature?: boolean;
}

/**
 * A tiny OpenID Connect provider on 127.0.0.1 (a test double of an office's identity provider, a third party): a
 * discovery document, its keys (RSA and P-256), an authorization endpoint that signs `user` in at once, and a token
 * endpoint that checks the client's secret, the code, the redirect URI and the PKCE verifier before it issues an ID token.
 */
export class TestIdentityProvider {
  readonly clientId = 'desk-client';
  readonly clientSecret = 'desk-client-secret';
  user: ProviderUser = { sub: 'u-1' };
  tampering: Tampering = {};
  /** The authorization requests received, as their query parameters. */
  readonly authorizations: Record<string, string>[] = [];
  /** The token requests refused, and why. */
  readonly refusals: string[] = [];
  private readonly rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  private readonly codes = new Map<string, { params: Record<string, string>; user: ProviderUser }>();
  private server!: Server;
  issuer = '';

  constructor(private readonly now: () => number) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
        (err: Error) => {
          res.writeHead(500);
          res.end(err.message);
        },
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const url = new URL(req.url!, this.issuer);
    const json = (value: unknown, status = 200) => ({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(value),
    });
    if (url.pathname === '/.well-known/openid-configuration')
      return json({
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
      });
    if (url.pathname === '/jwks')
      return json({
        keys: [
          { ...this.rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
          { ...this.ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', alg: 'ES256', use: 'sig' },
        ],
      });
    if (url.pathname === '/authorize') {
      const params = Object.fromEntries(url.searchParams);
      this.authorizations.push(params);
      const code = `code-${this.codes.size + 1}`;
      this.codes.set(code, { params, user: { ...this.user } });
      const back = new URL(params.redirect_uri!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', params.state!);
      return { status: 302, headers: { location: back.toString() }, body: '' };
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let text = '';
      for await (const chunk of req) text += String(chunk);
      const form = Object.fromEntries(new URLSearchParams(text));
      const refuse = (why: string) => (this.refusals.push(why), json({ error: 'invalid_grant', error_description: why }, 400));
      const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return refuse('client authentication');
      const granted = this.codes.get(form.code ?? '');
      if (!granted) return refuse('unknown code');
      this.codes.delete(form.code!);
      if (form.redirect_uri !== granted.params.redirect_uri) return refuse('redirect_uri');
      if (
        createHash('sha256')
          .update(form.code_verifier ?? '')
          .digest('base64url') !== granted.params.code_challenge
      )
        return refuse('PKCE verifier');
      const seconds = Math.floor(this.now() / 1000);
      const claims = {
        iss: this.issuer,
        aud: this.clientId,
        iat: seconds,
        exp: seconds + 300,
        nonce: granted.params.nonce,
        ...granted.user,
        ...this.tampering.claims,
      };
      return json({ access_token: 'opaque', token_type: 'Bearer', id_token: this.idToken(claims) });
    }
    return { status: 404, headers: {}, body: '' };
  }

  /** A compact JWS of the claims, signed as the tampering says (RS256 by default). */
  idToken(claims: Record<string, unknown>): string {
    const alg = this.tampering.alg ?? 'RS256';
    const header = { alg, typ: 'JWT', kid: alg === 'RS256' ? 'rsa-1' : 'ec-1' };
    const input = `${b64(header)}.${b64(claims)}`;
    const key: KeyObject = alg === 'RS256' ? this.rsa.privateKey : this.ec.privateKey;
    const signature =
      alg === 'RS256' ? sign('sha256', Buffer.from(input), key) : sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    if (this.tampering.breakSignature) signature[0] = signature[0]! ^ 0xff;
    return `${input}.${signature.toString('base64url')}`;
  }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
