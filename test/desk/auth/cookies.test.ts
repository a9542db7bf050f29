import { cookieNames, parseCookies, setCookie } from '../../../desk/auth/cookies';
import { safeNext } from '../../../desk/auth/plugin';

describe('the desk’s cookies', () => {
  it('are __Host- cookies, Secure, HttpOnly, SameSite=Strict and Path=/ when the desk is served securely', () => {
    const names = cookieNames(true);
    expect(names).toEqual({ session: '__Host-desk', login: '__Host-desk-login', oidc: '__Host-desk-oidc' });
    expect(setCookie(names.session, 'abc', { secure: true, sameSite: 'Strict' })).toBe(
      '__Host-desk=abc; Path=/; HttpOnly; SameSite=Strict; Secure',
    );
    expect(setCookie(names.session, '', { secure: true, sameSite: 'Strict', maxAge: 0 })).toBe(
      '__Host-desk=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0',
    );
  });

  it('drop the prefix and Secure only for plain-HTTP tests', () => {
    expect(cookieNames(false).session).toBe('desk');
    expect(setCookie('desk', 'abc', { secure: false, sameSite: 'Lax', maxAge: 600 })).toBe(
      'desk=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=600',
    );
  });

  it('are read from a Cookie header, the first of a repeated name winning, bad encodings ignored', () => {
    const cookies = parseCookies('a=1; desk=tok%2Den; desk=second; bad=%E0%A4%A; quoted="x y"');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['desk', 'tok-en'],
      ['quoted', 'x y'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });
});

describe('where the desk goes after signing in', () => {
  it.each([
    ['/village?town=青山镇', '/village?town=%E9%9D%92%E5%B1%B1%E9%95%87'],
    ['/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/x\nSet-Cookie: a=b', '/'],
    [undefined, '/'],
  ])('goes to %j as %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
