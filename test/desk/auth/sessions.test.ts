import { tokenHash } from '../../../desk/auth/accounts';
import { STORE_KINDS } from '../../support/stores';
import { Browser, noticeOf, PEOPLE, START, testDesk, type TestDesk } from './deskAuthApp';

const { cadre } = PEOPLE;
const CSRF_REFUSED = '此表单缺少有效的安全令牌（可能页面已过期或来自其他网站），未作处理。请返回刷新页面后重新提交。';

async function signedIn(desk: TestDesk): Promise<Browser> {
  const browser = new Browser(desk.origin);
  expect((await browser.signIn(cadre.id, cadre.password)).statusCode).toBe(303);
  return browser;
}

describe.each(STORE_KINDS)('sessions, on %s', (kind) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await testDesk(kind, { session: { idleMs: 30 * 60_000, absoluteMs: 2 * 3_600_000 } });
  });
  afterEach(() => desk?.close());

  it('keeps only a hash of the session token in the store', async () => {
    const browser = await signedIn(desk);
    const token = browser.cookies.get('desk')!;
    const rows = await desk.store.deskAccounts.signIns({ person: cadre.id });
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await desk.store.deskAccounts.session(token)).toBeUndefined();
  });

  it('ends a session idle for thirty minutes, and the sign-in page says so', async () => {
    const browser = await signedIn(desk);
    desk.clock.advance(29 * 60_000);
    expect((await browser.get('/')).statusCode).toBe(200);
    // Activity moves the idle limit on.
    desk.clock.advance(29 * 60_000);
    expect((await browser.get('/')).statusCode).toBe(200);
    desk.clock.advance(30 * 60_000);
    const expired = await browser.get('/village');
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toBe('/login?next=%2Fvillage&expired=1');
    expect(browser.cookies.has('desk')).toBe(false);
    expect(noticeOf((await browser.get(expired.headers.location as string)).body)).toBe('登录已超时，请重新登录。');
    const log = await desk.accounts.log({ person: cadre.id, since: new Date(START).toISOString() });
    expect(log.map((l) => [l.event, l.detail])).toEqual([
      ['signed-in', null],
      ['expired', 'idle'],
    ]);
  });

  it('ends a session at its absolute end however busy the person is', async () => {
    const browser = await signedIn(desk);
    for (let i = 0; i < 5; i++) {
      desk.clock.advance(20 * 60_000);
      expect((await browser.get('/')).statusCode).toBe(200);
    }
    desk.clock.advance(20 * 60_000);
    expect((await browser.get('/')).statusCode).toBe(303);
    const log = await desk.accounts.log({ person: cadre.id, since: new Date(START).toISOString() });
    expect(log.at(-1)).toEqual(expect.objectContaining({ event: 'expired', detail: 'absolute' }));
  });

  it('signs out: the session is ended in the store, its cookie is worth nothing after, and the log says so', async () => {
    const browser = await signedIn(desk);
    const token = browser.cookies.get('desk')!;
    // The sign-out button is a form with the session's token (the layout puts it in every page's header).
    const out = await browser.post('/logout', { _csrf: await sessionCsrf(desk, token) });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login?out=1');
    expect(browser.cookies.has('desk')).toBe(false);
    const replay = new Browser(desk.origin);
    replay.cookies.set('desk', token);
    expect((await replay.get('/')).statusCode).toBe(303);
    const log = await desk.accounts.log({ person: cadre.id, since: new Date(START).toISOString() });
    expect(log.map((l) => l.event)).toEqual(['signed-in', 'signed-out']);
  });
});

describe.each(STORE_KINDS)('forms and CSRF, on %s', (kind) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await testDesk(kind);
  });
  afterEach(() => desk?.close());

  it('refuses a hand-made POST without the form token, and one with a wrong token, with 403 and a page saying why', async () => {
    const browser = await signedIn(desk);
    const token = browser.cookies.get('desk')!;
    const without = await browser.request('POST', '/decide', { 'content-type': 'application/x-www-form-urlencoded' }, 'seats=5');
    expect(without.statusCode).toBe(403);
    expect(noticeOf(without.body)).toBe(CSRF_REFUSED);
    const wrong = await browser.post('/decide', { _csrf: 'x'.repeat(43), seats: '5' });
    expect(wrong.statusCode).toBe(403);
    const right = await browser.post('/decide', { _csrf: await sessionCsrf(desk, token), seats: '5' });
    expect(right.statusCode).toBe(200);
    expect(JSON.parse(right.body)).toEqual({ decidedBy: cadre.id });
  });

  it('takes the token from the x-csrf-token header too (a script of the desk), and refuses another site by Origin or Sec-Fetch-Site', async () => {
    const browser = await signedIn(desk);
    const csrf = await sessionCsrf(desk, browser.cookies.get('desk')!);
    const json = { 'content-type': 'application/json', 'x-csrf-token': csrf };
    expect((await browser.request('POST', '/decide', json, '{}')).statusCode).toBe(200);
    expect((await browser.request('POST', '/decide', { ...json, origin: desk.origin }, '{}')).statusCode).toBe(200);
    const cross = await browser.request('POST', '/decide', { ...json, origin: 'https://evil.example' }, '{}');
    expect(cross.statusCode).toBe(403);
    expect(noticeOf(cross.body)).toBe('此请求来自其他网站，未作处理。');
    expect((await browser.request('POST', '/decide', { ...json, 'sec-fetch-site': 'cross-site' }, '{}')).statusCode).toBe(403);
  });

  it('refuses a sign-in form without its double-submit token, before looking at the password', async () => {
    const browser = new Browser(desk.origin);
    const body = new URLSearchParams({ login: cadre.id, password: cadre.password }).toString();
    const forged = await browser.request('POST', '/login', { 'content-type': 'application/x-www-form-urlencoded' }, body);
    expect(forged.statusCode).toBe(403);
    await browser.get('/login');
    const mismatched = await browser.post('/login', { login: cadre.id, password: cadre.password, _csrf: 'y'.repeat(43) });
    expect(mismatched.statusCode).toBe(403);
    expect((await desk.accounts.log({ since: new Date(START).toISOString() })).length).toBe(0);
  });

  it('refuses a POST without a session with 401 (after its double-submit token), and a GET goes to sign in', async () => {
    const browser = new Browser(desk.origin);
    await browser.get('/login');
    expect((await browser.post('/decide', {})).statusCode).toBe(401);
    expect((await browser.get('/')).headers.location).toBe('/login');
  });

  it('answers 429 when one address tries more sign-ins a minute than allowed, and logs it', async () => {
    await desk.close();
    desk = await testDesk(kind, { clientLimit: { limit: 3, windowMs: 60_000 } });
    const browser = new Browser(desk.origin);
    for (let i = 0; i < 3; i++) expect((await browser.signIn('someone', `guess-number-${i}`)).statusCode).toBe(401);
    const limited = await browser.signIn(cadre.id, cadre.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    desk.clock.advance(60_000);
    expect((await browser.signIn(cadre.id, cadre.password)).statusCode).toBe(303);
    const events = (await desk.accounts.log({ since: new Date(START).toISOString() })).map((l) => l.event);
    expect(events).toEqual(['unknown-account', 'unknown-account', 'unknown-account', 'rate-limited', 'signed-in']);
  });
});

/** The form token of a session, as the pages of the desk would carry it (the test app has no page showing it). */
async function sessionCsrf(desk: TestDesk, token: string): Promise<string> {
  return (await desk.store.deskAccounts.session(tokenHash(token)))!.csrf;
}
