import { argon2id } from '@noble/hashes/argon2.js';
import {
  hashPassword,
  needsRehash,
  parsePhc,
  passwordRefusal,
  verifyPassword,
  ARGON2_DEFAULTS,
  PASSWORD_MIN_LENGTH,
} from '../../../desk/auth/password';
import { base32Decode, base32Encode, groupedSecret, hotp, matchingStep, otpauthUri, timeStep, totpAt } from '../../../desk/auth/totp';
import { TEST_ARGON2 } from './deskAuthApp';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('TOTP and HOTP', () => {
  // RFC 4226 Appendix D: the secret "12345678901234567890", counters 0 to 9.
  it('gives the RFC 4226 HOTP test values', () => {
    const key = ascii('12345678901234567890');
    expect([...Array(10).keys()].map((c) => hotp(key, c))).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ]);
  });

  // RFC 6238 Appendix B, SHA-1 rows (eight digits there).
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('gives the RFC 6238 value at %i s', (seconds, code) => {
    expect(hotp(ascii('12345678901234567890'), timeStep(seconds * 1000), 8)).toBe(code);
    expect(totpAt(base32Encode(ascii('12345678901234567890')), seconds * 1000)).toBe(code.slice(2));
  });

  it('reads and writes base32 as RFC 4648 does', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [text, encoded] of vectors) {
      expect(base32Encode(ascii(text))).toBe(encoded);
      expect(new TextDecoder().decode(base32Decode(encoded))).toBe(text);
    }
    expect(new TextDecoder().decode(base32Decode('mzxw 6ytb oi======'))).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow('"1" is not base32');
    expect(groupedSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
  });

  it('accepts a code one step either side of now and no further', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const now = Date.parse('2026-12-03T01:00:10Z');
    const step = timeStep(now);
    expect(matchingStep(secret, totpAt(secret, now), now)).toBe(step);
    expect(matchingStep(secret, totpAt(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchingStep(secret, totpAt(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchingStep(secret, totpAt(secret, now - 60_000), now)).toBeUndefined();
    expect(matchingStep(secret, totpAt(secret, now + 60_000), now)).toBeUndefined();
    expect(matchingStep(secret, 'abcdef', now)).toBeUndefined();
    expect(matchingStep(secret, `${totpAt(secret, now).slice(0, 3)} ${totpAt(secret, now).slice(3)}`, now)).toBe(step);
  });

  it('writes the otpauth URI authenticator apps read', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'tc.zhang', '换届审批')).toBe(
      'otpauth://totp/%E6%8D%A2%E5%B1%8A%E5%AE%A1%E6%89%B9:tc.zhang?secret=JBSWY3DPEHPK3PXP&issuer=%E6%8D%A2%E5%B1%8A%E5%AE%A1%E6%89%B9&algorithm=SHA1&digits=6&period=30',
    );
  });
});

describe('Argon2id password hashes', () => {
  it('hashes as a PHC string that parses back to its costs, and verifies the password and no other', async () => {
    const phc = await hashPassword('a long enough passphrase', TEST_ARGON2);
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    const parsed = parsePhc(phc);
    expect(parsed).toEqual(expect.objectContaining({ version: 19, m: 256, t: 1, p: 1 }));
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.hash).toHaveLength(32);
    // The stored hash is Argon2id of the password under the stored salt, as the reference computes it.
    expect(Buffer.from(argon2id('a long enough passphrase', parsed.salt, { m: 256, t: 1, p: 1, dkLen: 32 }))).toEqual(
      Buffer.from(parsed.hash),
    );
    await expect(verifyPassword('a long enough passphrase', phc)).resolves.toBe(true);
    await expect(verifyPassword('a long enough passphrasE', phc)).resolves.toBe(false);
    expect(await hashPassword('a long enough passphrase', TEST_ARGON2)).not.toBe(phc);
    expect(needsRehash(phc, TEST_ARGON2)).toBe(false);
    expect(needsRehash(phc, ARGON2_DEFAULTS)).toBe(true);
  });

  // Hashing at these costs takes about 0.3 s in Node but some 10 s inside Jest's module sandbox, so it is not done here.
  it('uses OWASP’s minimum costs by default', () => {
    expect(ARGON2_DEFAULTS).toEqual({ m: 19456, t: 2, p: 1 });
  });

  it('refuses a stored hash that is not an Argon2id PHC string, naming what was expected', () => {
    expect(() => parsePhc('$2b$10$abcdefghijklmnopqrstuv')).toThrow('not an Argon2id PHC string');
    expect(() => parsePhc('$argon2id$v=16$m=256,t=1,p=1$c2FsdHNhbHQ$aGFzaA')).toThrow('version 16; expected 19');
  });

  it('refuses a password shorter than the minimum, in words', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(passwordRefusal('short')).toBe('password: got 5 characters; expected at least 12 (a few words in a row are easy to remember)');
    expect(passwordRefusal('十二个汉字的密码也算十二个字')).toBeUndefined();
  });
});
