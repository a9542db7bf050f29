import { argon2idAsync } from '@noble/hashes/argon2.js';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Argon2id's costs: memory in KiB, passes, lanes. */
export interface Argon2Params {
  m: number;
  t: number;
  p: number;
}

/** OWASP's minimum for Argon2id (19 MiB, two passes, one lane): about 0.3 s a hash on the desk's two-core machine. */
export const ARGON2_DEFAULTS: Argon2Params = { m: 19456, t: 2, p: 1 };

/** The shortest password the desk accepts: length beats complexity rules, and a passphrase is easy to type on a phone. */
export const PASSWORD_MIN_LENGTH = 12;
/** The longest: beyond it a password is a denial-of-service on the hash, not a secret. */
export const PASSWORD_MAX_LENGTH = 256;

const SALT_BYTES = 16;
const HASH_BYTES = 32;
const VERSION = 19;

/** A password refused before it is hashed, in words naming what would be accepted; undefined when it is acceptable. */
export function passwordRefusal(password: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return `password: got ${length} characters; expected at least ${PASSWORD_MIN_LENGTH} (a few words in a row are easy to remember)`;
  if (length > PASSWORD_MAX_LENGTH) return `password: got ${length} characters; expected at most ${PASSWORD_MAX_LENGTH}`;
  return undefined;
}

/** A stored hash read back: Argon2id, its version, costs, salt and hash. */
export interface PhcHash extends Argon2Params {
  version: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64').replace(/=+$/, '');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** Hashes a password with Argon2id under a fresh salt, as a PHC string: `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`. */
export async function hashPassword(password: string, params: Argon2Params = ARGON2_DEFAULTS): Promise<string> {
  const salt = new Uint8Array(randomBytes(SALT_BYTES));
  const hash = await argon2idAsync(password.normalize('NFC'), salt, { ...params, dkLen: HASH_BYTES });
  return `$argon2id$v=${VERSION}$m=${params.m},t=${params.t},p=${params.p}$${b64(salt)}$${b64(hash)}`;
}

const PHC = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Reads a PHC string of Argon2id; throws naming what is wrong with it (the store was edited, or is not this desk's). */
export function parsePhc(text: string): PhcHash {
  const match = PHC.exec(text);
  if (!match) throw new Error('password hash: not an Argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)');
  const [, version, m, t, p, salt, hash] = match;
  if (Number(version) !== VERSION) throw new Error(`password hash: version ${version}; expected ${VERSION}`);
  return { version: VERSION, m: Number(m), t: Number(t), p: Number(p), salt: unb64(salt!), hash: unb64(hash!) };
}

/** Whether the password is the one hashed; the hashes are compared in constant time. */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const stored = parsePhc(phc);
  const hash = await argon2idAsync(password.normalize('NFC'), stored.salt, {
    m: stored.m,
    t: stored.t,
    p: stored.p,
    dkLen: stored.hash.length,
  });
  return hash.length === stored.hash.length && timingSafeEqual(hash, stored.hash);
}

/** Whether a stored hash was made with costs other than these (it is hashed again at the next sign-in). */
export function needsRehash(phc: string, params: Argon2Params): boolean {
  const { m, t, p } = parsePhc(phc);
  return m !== params.m || t !== params.t || p !== params.p;
}
