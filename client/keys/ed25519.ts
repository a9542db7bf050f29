import { createHash } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { fromBase64url, PUBLIC_KEY_BYTES } from '../../machines/envelope';

/**
 * The key id the registry gives a public key: `ed25519-` and the first 16 characters of its SHA-256 in base64url, so a
 * key's id follows from the key itself and one key cannot be registered under two ids.
 */
export const keyIdFor = (publicKey: string) =>
  `ed25519-${createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('base64url').slice(0, 16)}`;

/**
 * What is wrong with a public key written in base64url, or nothing: it must be 32 bytes written canonically, a point
 * of the curve, and not of small order (such a key would verify signatures nobody made).
 */
export function publicKeyProblem(publicKey: string): string | undefined {
  const bytes = fromBase64url(publicKey, PUBLIC_KEY_BYTES);
  if (!bytes) return 'not 32 bytes written in base64url';
  let point: ed.Point;
  try {
    point = ed.Point.fromBytes(bytes);
  } catch {
    return 'not a point of the Ed25519 curve';
  }
  return point.isSmallOrder() ? 'a point of small order, which would verify signatures nobody made' : undefined;
}
