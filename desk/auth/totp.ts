import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { randomBytes } from 'node:crypto';

/** RFC 6238 as authenticator apps use it: HMAC-SHA-1, six digits, a code every 30 seconds. */
export const TOTP = { digits: 6, periodSeconds: 30, secretBytes: 20 } as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as authenticator apps take a secret. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Reads base32 (spaces, padding and case ignored); throws on a letter outside the alphabet. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`TOTP secret: ${JSON.stringify(char)} is not base32 (A–Z and 2–7)`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** A new random secret, base32 (160 bits, as RFC 4226 recommends). */
export const newTotpSecret = (): string => base32Encode(new Uint8Array(randomBytes(TOTP.secretBytes)));

/** The secret in groups of four, for typing it into an app by hand. */
export const groupedSecret = (secret: string): string => secret.match(/.{1,4}/g)?.join(' ') ?? '';

/** RFC 4226 HOTP: the code of a counter under a key. */
export function hotp(key: Uint8Array, counter: number, digits: number = TOTP.digits): string {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt(counter));
  const mac = hmac(sha1, key, message);
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step of an instant (milliseconds since the epoch). */
export const timeStep = (atMs: number): number => Math.floor(atMs / 1000 / TOTP.periodSeconds);

/** The code an app shows at an instant. */
export const totpAt = (secret: string, atMs: number): string => hotp(base32Decode(secret), timeStep(atMs));

/**
 * The time step a code matches at an instant, allowing one step either side for a phone's clock and the time it
 * takes to type; undefined when it matches none. Every candidate is computed, so the time does not tell which matched.
 */
export function matchingStep(secret: string, code: string, atMs: number): number | undefined {
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) return undefined;
  const key = base32Decode(secret);
  const now = timeStep(atMs);
  let found: number | undefined;
  for (const step of [now - 1, now, now + 1]) {
    const expected = hotp(key, step);
    let difference = 0;
    for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ typed.charCodeAt(i);
    if (difference === 0 && found === undefined) found = step;
  }
  return found;
}

/** The otpauth:// URI an authenticator app reads (Key URI Format): the desk as issuer, the person id as account. */
export function otpauthUri(secret: string, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP.digits),
    period: String(TOTP.periodSeconds),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
