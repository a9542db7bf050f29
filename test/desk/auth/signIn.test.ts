import { STORE_KINDS } from '../../support/stores';
import { Browser, noticeOf, PEOPLE, START, testDesk, type TestDesk } from './deskAuthApp';

const { cadre } = PEOPLE;
const REFUSED = '账号或密码不正确。连续输错多次后账号将被暂时锁定。';

describe.each(STORE_KINDS)('signing in with a password, on %s', (kind) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await testDesk(kind);
  });
  afterEach(() => desk?.close());

  it('signs in with the right password and goes where the person was going; the session cookie is HttpOnly and SameSite=Strict', async () => {
    const browser = new Browser(desk.origin);
    expect((await browser.get('/village')).headers.location).toBe('/login?next=%2Fvillage');
    const answer = await browser.signIn(cadre.id, cadre.password, '/village');
    expect(answer.statusCode).toBe(303);
    expect(answer.headers.location).toBe('/village');
    expect(String(answer.headers['set-cookie'])).toMatch(/desk=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict/);
    expect((await browser.get('/village')).body).toBe(`村：${cadre.name}`);
  });

  it('refuses a wrong password and an unknown account in the same words, and logs each as what it was', async () => {
    const browser = new Browser(desk.origin);
    const wrong = await browser.signIn(cadre.id, 'not-the-password-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(noticeOf(wrong.body)).toBe(REFUSED);
    const unknown = await browser.signIn('nobody.here', 'not-the-password-at-all');
    expect(unknown.statusCode).toBe(401);
    expect(noticeOf(unknown.body)).toBe(REFUSED);
    expect(browser.cookies.has('desk')).toBe(false);
    expect((await browser.get('/')).statusCode).toBe(303);
    const log = await desk.accounts.log({ since: new Date(START).toISOString() });
    expect(log.map((l) => [l.event, l.login, l.person_id, l.client])).toEqual([
      ['wrong-password', cadre.id, cadre.id, '127.0.0.1'],
      ['unknown-account', 'nobody.here', null, '127.0.0.1'],
    ]);
  });

  it('locks the account after five wrong passwords, refuses even the right one until the lock ends, then signs in', async () => {
    const browser = new Browser(desk.origin);
    for (let i = 1; i <= 4; i++) expect((await browser.signIn(cadre.id, `wrong-password-${i}`)).statusCode).toBe(401);
    const fifth = await browser.signIn(cadre.id, 'wrong-password-5');
    expect(fifth.statusCode).toBe(423);
    // 01:00 UTC plus fifteen minutes is 09:15 in Beijing.
    expect(noticeOf(fifth.body)).toBe('输错次数过多，账号已被锁定，请于2026年12月3日 09:15以后再试，或联系管理员解锁。');
    desk.clock.advance(14 * 60_000);
    const stillLocked = await browser.signIn(cadre.id, cadre.password);
    expect(stillLocked.statusCode).toBe(423);
    expect(browser.cookies.has('desk')).toBe(false);
    desk.clock.advance(60_000);
    const after = await browser.signIn(cadre.id, cadre.password);
    expect(after.statusCode).toBe(303);
    expect((await browser.get('/')).body).toBe(`待办：${cadre.name}`);
    const events = (await desk.accounts.log({ person: cadre.id, since: new Date(START).toISOString() })).map((l) => l.event);
    expect(events).toEqual([
      'wrong-password',
      'wrong-password',
      'wrong-password',
      'wrong-password',
      'wrong-password',
      'locked',
      'locked',
      'signed-in',
    ]);
  });

  it('says "locked" after five tries of a name without an account too, so that the lock does not tell which names exist', async () => {
    const browser = new Browser(desk.origin);
    for (let i = 1; i <= 4; i++) expect((await browser.signIn('nobody.here', `wrong-password-${i}`)).statusCode).toBe(401);
    const fifth = await browser.signIn('nobody.here', 'wrong-password-5');
    expect(fifth.statusCode).toBe(423);
    expect(noticeOf(fifth.body)).toBe('输错次数过多，账号已被锁定，请于2026年12月3日 09:15以后再试，或联系管理员解锁。');
    desk.clock.advance(10 * 60_000);
    expect((await browser.signIn('nobody.here', 'wrong-password-6')).statusCode).toBe(423);
    desk.clock.advance(5 * 60_000);
    expect((await browser.signIn('nobody.here', 'wrong-password-7')).statusCode).toBe(401);
    const events = (await desk.accounts.log({ person: 'nobody.here' })).map((l) => l.event);
    expect(events).toEqual([...Array(5).fill('unknown-account'), 'locked', 'locked', 'unknown-account']);
  });

  it('forgets wrong passwords older than the window: four, then four more sixteen minutes later, do not lock', async () => {
    const browser = new Browser(desk.origin);
    for (let i = 0; i < 4; i++) await browser.signIn(cadre.id, `wrong-password-${i}`);
    desk.clock.advance(16 * 60_000);
    for (let i = 0; i < 4; i++) expect((await browser.signIn(cadre.id, `wrong-password-${i}`)).statusCode).toBe(401);
    expect((await browser.signIn(cadre.id, cadre.password)).statusCode).toBe(303);
  });

  it('an unlock by the administrator lifts the lock at once', async () => {
    const browser = new Browser(desk.origin);
    for (let i = 0; i < 5; i++) await browser.signIn(cadre.id, `wrong-password-${i}`);
    expect((await browser.signIn(cadre.id, cadre.password)).statusCode).toBe(423);
    await desk.accounts.unlock(cadre.id, desk.clock.now);
    expect((await browser.signIn(cadre.id, cadre.password)).statusCode).toBe(303);
  });

  it('sends `next` only to a path of the desk itself', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const browser = new Browser(desk.origin);
      const answer = await browser.signIn(cadre.id, cadre.password, next);
      expect(answer.headers.location).toBe('/');
    }
  });
});
