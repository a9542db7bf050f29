import { base32Decode, totpAt } from '../../../desk/auth/totp';
import { STORE_KINDS } from '../../support/stores';
import { Browser, noticeOf, PEOPLE, START, testDesk, type TestDesk } from './deskAuthApp';

const { secretary, cadre } = PEOPLE;

/** The secret an enrolment page shows, grouped in fours, read back as an app would. */
const secretOf = (body: string) => /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(body)![1]!.replace(/ /g, '');

describe.each(STORE_KINDS)('the second factor, on %s', (kind) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await testDesk(kind);
  });
  afterEach(() => desk?.close());

  it('is not asked of a guidance-group cadre: the password alone opens the desk', async () => {
    const browser = new Browser(desk.origin);
    expect((await browser.signIn(cadre.id, cadre.password)).headers.location).toBe('/');
    expect((await browser.get('/')).body).toBe(`待办：${cadre.name}`);
  });

  it('sends a town committee member without an authenticator to enrol, and no desk page opens before the code', async () => {
    const browser = new Browser(desk.origin);
    const signedIn = await browser.signIn(secretary.id, secretary.password, '/village');
    expect(signedIn.headers.location).toBe('/login/enrol?next=%2Fvillage');
    // The password alone reaches no page, and no action.
    expect((await browser.get('/village')).headers.location).toBe('/login/enrol?next=%2Fvillage');
    const enrol = await browser.get('/login/enrol?next=%2Fvillage');
    expect(enrol.statusCode).toBe(200);
    const secret = secretOf(enrol.body);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(enrol.body).toContain(`otpauth://totp/`);
    expect(enrol.body).toContain(`secret=${secret}`);
    expect((await browser.post('/decide', {})).statusCode).toBe(401);
    // Even a page without a guard of its own.
    expect((await browser.get('/whoami')).headers.location).toBe('/login/enrol?next=%2Fwhoami');
    // The page shown again keeps the same secret (the person may have typed half of it).
    expect(secretOf((await browser.get('/login/enrol')).body)).toBe(secret);

    const wrong = await browser.post('/login/enrol', { code: '000000', next: '/village' });
    expect(wrong.statusCode).toBe(401);
    const confirmed = await browser.post('/login/enrol', { code: totpAt(secret, desk.clock.now), next: '/village' });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe('/village');
    expect((await browser.get('/village')).body).toBe(`村：${secretary.name}`);
    expect(JSON.parse((await browser.get('/whoami')).body)).toEqual({ person: secretary.id });
    expect((await desk.accounts.account(secretary.id))?.totpEnrolled).toBe(true);
  });

  it('asks an enrolled member for a code, takes it once, and refuses the same code in a second sign-in', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await desk.accounts.presetCode(secretary.id, secret, desk.clock.now);
    const code = totpAt(secret, desk.clock.now);

    const first = new Browser(desk.origin);
    expect((await first.signIn(secretary.id, secretary.password)).headers.location).toBe('/login/code');
    const beforeCode = first.cookies.get('desk');
    await first.get('/login/code');
    const passed = await first.post('/login/code', { code });
    expect(passed.statusCode).toBe(303);
    // Passing the code gives a new session token: the one seen before it is worth nothing now.
    expect(first.cookies.get('desk')).not.toBe(beforeCode);
    expect((await first.get('/')).body).toBe(`待办：${secretary.name}`);
    const stale = new Browser(desk.origin);
    stale.cookies.set('desk', beforeCode!);
    expect((await stale.get('/village')).headers.location).toBe('/login?next=%2Fvillage');

    desk.clock.advance(10_000);
    const second = new Browser(desk.origin);
    await second.signIn(secretary.id, secretary.password);
    await second.get('/login/code');
    const replayed = await second.post('/login/code', { code });
    expect(replayed.statusCode).toBe(401);
    expect(noticeOf(replayed.body)).toBe('验证码不正确或已使用过，请输入应用中当前显示的验证码。');
    desk.clock.advance(30_000);
    await second.get('/login/code');
    expect((await second.post('/login/code', { code: totpAt(secret, desk.clock.now) })).statusCode).toBe(303);

    const events = (await desk.accounts.log({ person: secretary.id, since: new Date(START).toISOString() })).map((l) => [
      l.event,
      l.detail,
    ]);
    expect(events).toEqual([
      ['signed-in', 'second factor to pass'],
      ['code-passed', null],
      ['signed-in', 'second factor to pass'],
      ['wrong-code', 'used before'],
      ['code-passed', null],
    ]);
  });

  it('locks the account after five wrong codes and ends the session', async () => {
    await desk.accounts.presetCode(secretary.id, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', desk.clock.now);
    const browser = new Browser(desk.origin);
    await browser.signIn(secretary.id, secretary.password);
    await browser.get('/login/code');
    for (let i = 0; i < 4; i++) expect((await browser.post('/login/code', { code: '12345' + i })).statusCode).toBe(401);
    const locked = await browser.post('/login/code', { code: '123459' });
    expect(locked.statusCode).toBe(423);
    expect(noticeOf(locked.body)).toContain('账号已被锁定');
    expect(browser.cookies.has('desk')).toBe(false);
    expect((await browser.signIn(secretary.id, secretary.password)).statusCode).toBe(423);
  });

  it('asks again after an administrator resets the code: the member enrols a new authenticator', async () => {
    await desk.accounts.presetCode(secretary.id, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', desk.clock.now);
    await desk.accounts.resetCode(secretary.id, desk.clock.now);
    const browser = new Browser(desk.origin);
    expect((await browser.signIn(secretary.id, secretary.password)).headers.location).toBe('/login/enrol');
  });
});
