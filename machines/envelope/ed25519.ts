import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';

/**
 * Ed25519 in pure JavaScript, for the workflow sandbox (no WebCrypto, no Node crypto) and for signers alike. The
 * library's synchronous API, the only one an update validator can call, takes SHA-512 from outside: it is set when
 * this module is first evaluated. A worker that preloads this module evaluates it before it freezes the shared
 * modules, so the frozen library already holds SHA-512; preload this module, never @noble/ed25519 alone.
 */
if (ed.hashes.sha512 !== sha512) ed.hashes.sha512 = sha512;

/** Bytes of a secret key (its seed), a public key and a signature. */
export const SECRET_KEY_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

/**
 * Whether `signature` is `publicKey`'s over `message`, by RFC 8032's strict rules (zip215: false): a non-canonical
 * point or a small-order key is refused, and S must be below the group order, so a signature cannot be altered into
 * another valid one. Never throws: bytes of the wrong length are simply not a signature.
 */
export function signatureValid(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** The Ed25519 signature of `message` by a secret key (deterministic, RFC 8032). */
export function signMessage(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ed.sign(message, secretKey);
}

/** The public key of a secret key. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return ed.getPublicKey(secretKey);
}
