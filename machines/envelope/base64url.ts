/**
 * Base64url without padding (RFC 4648 §5), written here because the workflow sandbox has neither Buffer nor atob.
 * Decoding is strict: one text for one byte string (the unused low bits of the last character must be zero), so
 * that a signature or a key cannot be written two ways.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((ch, i) => [ch, i]));

/** The characters of `bytes` bytes in base64url without padding: 43 for 32, 86 for 64. */
export const base64urlLength = (bytes: number) => Math.ceil((bytes * 4) / 3);

/** Bytes as base64url without padding. */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, base64urlLength(bytes.length - i));
    for (let c = 0; c < chars; c += 1) out += ALPHABET[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** Exactly `bytes` bytes from their canonical base64url, or undefined for any other text. */
export function fromBase64url(text: string, bytes: number): Uint8Array | undefined {
  if (typeof text !== 'string' || text.length !== base64urlLength(bytes)) return undefined;
  const out = new Uint8Array(bytes);
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const ch of text) {
    const value = VALUE.get(ch);
    if (value === undefined) return undefined;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
      buffer &= (1 << bits) - 1;
    }
  }
  // Left-over bits are padding: a text whose padding is not zero decodes to the same bytes as another, so it is refused.
  return buffer === 0 ? out : undefined;
}
