import { OidcClient, parseOidcConfig } from '../../../desk/auth/oidc';
import { STORE_KINDS } from '../../support/stores';
import { Browser, freePort, PEOPLE, START, testDesk, type TestDesk } from './deskAuthApp';
import { TestIdentityProvider } from './identityProvider';

const { secretary, cadre } = PEOPLE;

describe.each(STORE_KINDS)('signing in through the office’s identity provider, on %s', (kind) => {
  let desk: TestDesk;
  let idp: TestIdentityProvider;
  const clock = { now: START };

  beforeEach(async () => {
    idp = await new TestIdentityProvider(() => desk.clock.now).start();
    const port = await freePort();
    const config = parseOidcConfig(
      {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        redirectUri: `http://127.0.0.1:${port}/oidc/callback`,
        label: '县统一身份认证',
      },
      'test',
    );
    desk = await testDesk(kind, { oidc: new OidcClient(config) }, port);
    await desk.accounts.allowOidc(cadre.id, true, clock.now);
    await desk.accounts.allowOidc(secretary.id, true, clock.now);
  });
  afterEach(async () => {
    await desk?.close();
    await idp?.stop();
  });

  /** Goes from the sign-in page's button to the provider and back to the desk; returns the desk's answer to the callback. */
  async function throughProvider(browser: Browser, next = '/village') {
    const page = await browser.get(`/login?next=${encodeURIComponent(next)}`);
    expect(page.body).toContain('使用县统一身份认证登录');
    const start = await browser.get(`/oidc/login?next=${encodeURIComponent(next)}`);
    expect(start.statusCode).toBe(303);
    const atProvider = await browser.get(start.headers.location as string);
    expect(atProvider.statusCode).toBe(302);
    return browser.get(atProvider.headers.location as string);
  }

  /** Where the continue page sends the browser (its meta refresh). */
  const refreshTo = (body: string) => /http-equiv="refresh" content="0;url=([^"]+)"/.exec(body)?.[1];

  it('signs a guidance-group cadre in end to end: code flow with PKCE, state and nonce, the ID token verified', async () => {
    idp.user = { sub: 'u-li', preferred_username: cadre.id };
    const browser = new Browser(desk.origin);
    const back = await throughProvider(browser);
    expect(back.statusCode).toBe(200);
    expect(refreshTo(back.body)).toBe('/village');
    expect((await browser.get('/village')).body).toBe(`村：${cadre.name}`);
    const [sent] = idp.authorizations;
    expect(sent).toEqual(
      expect.objectContaining({ response_type: 'code', client_id: idp.clientId, scope: 'openid profile', code_challenge_method: 'S256' }),
    );
    expect(sent!.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent!.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(idp.refusals).toEqual([]);
    const log = await desk.accounts.log({ person: cadre.id, since: new Date(START).toISOString() });
    expect(log.map((l) => l.event)).toEqual(['oidc-signed-in']);
  });

  it('counts the provider’s second factor (amr mfa) for a town committee member, and asks for the desk’s code without it', async () => {
    idp.user = { sub: 'u-zhang', preferred_username: secretary.id, amr: ['pwd', 'mfa'] };
    const withMfa = new Browser(desk.origin);
    expect(refreshTo((await throughProvider(withMfa, '/')).body)).toBe('/');
    expect((await withMfa.get('/')).body).toBe(`待办：${secretary.name}`);

    idp.user = { sub: 'u-zhang', preferred_username: secretary.id, amr: ['pwd'] };
    const passwordOnly = new Browser(desk.origin);
    expect(refreshTo((await throughProvider(passwordOnly, '/')).body)).toBe('/login/enrol');
    expect((await passwordOnly.get('/')).headers.location).toBe('/login/enrol');
  });

  it('refuses a person whose account is not allowed the provider, and one the registry does not know, and logs both', async () => {
    await desk.accounts.allowOidc(cadre.id, false, desk.clock.now);
    for (const user of [{ sub: 'u-li', preferred_username: cadre.id }, { sub: 'u-x', preferred_username: 'stranger' }, { sub: 'u-y' }]) {
      idp.user = user;
      const browser = new Browser(desk.origin);
      const back = await throughProvider(browser);
      expect(back.statusCode).toBe(303);
      expect(back.headers.location).toBe('/login?oidc=refused');
      expect(browser.cookies.has('desk')).toBe(false);
    }
    const log = await desk.accounts.log({ since: new Date(START).toISOString() });
    expect(log.map((l) => [l.event, l.login, l.detail])).toEqual([
      ['oidc-refused', cadre.id, 'no account allowed to sign in by the provider'],
      ['oidc-refused', 'stranger', 'no account allowed to sign in by the provider'],
      ['oidc-refused', 'u-y', 'no preferred_username claim'],
    ]);
  });

  it.each([
    ['a wrong nonce', { claims: { nonce: 'not-the-one-sent' } }, 'nonce is not the one sent'],
    ['another audience', { claims: { aud: 'another-client' } }, 'aud "another-client" does not name this client'],
    ['a broken signature', { breakSignature: true }, 'signature does not verify'],
    ['another issuer', { claims: { iss: 'https://elsewhere.example' } }, 'iss "https://elsewhere.example"'],
    ['an expired token', { claims: { exp: Math.floor(START / 1000) - 120 } }, 'expired'],
  ])('refuses an ID token with %s', async (_what, tampering, why) => {
    idp.user = { sub: 'u-li', preferred_username: cadre.id };
    idp.tampering = tampering;
    const browser = new Browser(desk.origin);
    const back = await throughProvider(browser);
    expect(back.headers.location).toBe('/login?oidc=refused');
    expect(browser.cookies.has('desk')).toBe(false);
    const [line] = await desk.accounts.log({ since: new Date(START).toISOString() });
    expect(line).toEqual(expect.objectContaining({ event: 'oidc-refused' }));
    expect(line!.detail).toContain(why);
  });

  it('accepts an ES256 token as well', async () => {
    idp.user = { sub: 'u-li', preferred_username: cadre.id };
    idp.tampering = { alg: 'ES256' };
    const browser = new Browser(desk.origin);
    expect((await throughProvider(browser)).statusCode).toBe(200);
    expect((await browser.get('/village')).statusCode).toBe(200);
  });

  it('refuses a callback in a browser that did not start the sign-in (state not bound to it)', async () => {
    idp.user = { sub: 'u-li', preferred_username: cadre.id };
    const victim = new Browser(desk.origin);
    const start = await victim.get('/oidc/login');
    const atProvider = await victim.get(start.headers.location as string);
    const attacker = new Browser(desk.origin);
    const back = await attacker.get(atProvider.headers.location as string);
    expect(back.headers.location).toBe('/login?oidc=refused');
    expect(attacker.cookies.has('desk')).toBe(false);
  });
});

describe('the identity provider’s configuration', () => {
  it('names each wrong field, its value and what would be accepted, and never shows the secret', () => {
    expect(() =>
      parseOidcConfig(
        { issuer: 'http://idp.example.org', clientId: '', clientSecret: 12, redirectUri: 'https://desk.example.org/callback', extra: 1 },
        'office.json',
      ),
    ).toThrow(
      [
        "office.json: the identity provider's configuration is refused:",
        '  issuer: got "http://idp.example.org"; accepted: the provider\'s issuer as an https:// URL (http:// only on 127.0.0.1 or localhost)',
        '  clientId: got ""; accepted: the client id the provider gave the desk',
        '  clientSecret: got (hidden); accepted: the client secret the provider gave the desk (or DESK_OIDC_CLIENT_SECRET)',
        '  extra: not a field of the configuration; accepted: issuer, clientId, clientSecret, redirectUri, claim, scopes, secondFactorAcr, label, leewaySeconds',
      ].join('\n'),
    );
  });

  it('takes defaults for the claim, the scopes and the leeway', () => {
    expect(
      parseOidcConfig(
        { issuer: 'https://idp.example.org', clientId: 'desk', clientSecret: 's', redirectUri: 'https://desk.example.org/oidc/callback' },
        'office.json',
      ),
    ).toEqual(expect.objectContaining({ claim: 'preferred_username', scopes: 'openid profile', leewaySeconds: 60, secondFactorAcr: [] }));
  });
});
