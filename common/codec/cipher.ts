import { createCipheriv, createDecipheriv, getCiphers, randomBytes, type CipherGCMTypes } from 'node:crypto';

/**
 * An authenticated cipher the payload codec seals payloads with. Its `name` travels in each payload's metadata
 * (`encryption-cipher`), so a payload says how to open it and a key ring may hold keys of more than one cipher (an
 * office moving from AES to SM4 keeps reading what it wrote before).
 *
 * To plug in another implementation (an SM4 library, a hardware security module), pass an object of this shape in
 * the `ciphers` of a key ring's parse (see keyRing.ts) under the name its keys' `cipher` field gives.
 */
export interface PayloadCipher {
  /** The name in the key file and in each payload's metadata, e.g. `aes-256-gcm`. */
  readonly name: string;
  /** Length of a key in bytes (32 for AES-256, 16 for SM4). */
  readonly keyBytes: number;
  /** Why this cipher cannot run here (e.g. the OpenSSL lacks it), or undefined when it can. Checked when keys load. */
  unavailable(): string | undefined;
  /** Encrypts and authenticates `plaintext`, binding `associated` (not encrypted) to it; returns everything `open` needs. */
  seal(key: Uint8Array, plaintext: Uint8Array, associated: Uint8Array): Uint8Array;
  /** The plaintext of what `seal` returned; throws when the key is another or a byte of the sealed text or `associated` changed. */
  open(key: Uint8Array, sealed: Uint8Array, associated: Uint8Array): Uint8Array;
}

/** GCM's nonce: 12 bytes, fresh from the system's random source for every payload. */
const IV_BYTES = 12;
/** GCM's full 16-byte tag: a forged payload is refused with probability 1 - 2^-128. */
const TAG_BYTES = 16;

/**
 * A GCM cipher from Node's OpenSSL under `algorithm` (as crypto.getCiphers() names it). Sealed layout: IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes). Random 96-bit IVs
 * keep GCM safe up to 2^32 payloads under one key (NIST SP 800-38D); rotate keys long before that.
 */
export function opensslGcmCipher(name: string, algorithm: string, keyBytes: number): PayloadCipher {
  const gcm = algorithm as CipherGCMTypes;
  const checkKey = (key: Uint8Array): void => {
    if (key.length !== keyBytes) throw new Error(`${name}: a key of ${keyBytes} bytes is needed, this one has ${key.length}`);
  };
  return {
    name,
    keyBytes,
    unavailable: () =>
      getCiphers().includes(algorithm)
        ? undefined
        : `this Node (OpenSSL ${process.versions.openssl}) does not offer ${algorithm} (crypto.getCiphers() lacks it); ` +
          `accepted: a Node built with an OpenSSL that has ${algorithm}, or a PayloadCipher named ${name} of your own`,
    seal(key, plaintext, associated) {
      checkKey(key);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(gcm, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associated);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]);
    },
    open(key, sealed, associated) {
      checkKey(key);
      if (sealed.length < IV_BYTES + TAG_BYTES)
        throw new Error(`${name}: sealed data of ${sealed.length} bytes is shorter than its IV and tag`);
      const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
      const decipher = createDecipheriv(gcm, key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(associated);
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    },
  };
}

/** AES-256-GCM, the default: every Node offers it. */
export const AES_256_GCM: PayloadCipher = opensslGcmCipher('aes-256-gcm', 'aes-256-gcm', 32);

/**
 * SM4-GCM (GB/T 32907 block cipher in GCM mode, RFC 8998) for an office bound to the national standard (国密). It
 * runs only where Node's OpenSSL offers `sm4-gcm`; elsewhere a key ring naming it is refused when it loads, saying so.
 */
export const SM4_GCM: PayloadCipher = opensslGcmCipher('sm4-gcm', 'sm4-gcm', 16);

/** The ciphers a key file may name when the caller brings none of its own; the first is the default. */
export const DEFAULT_CIPHERS: readonly PayloadCipher[] = [AES_256_GCM, SM4_GCM];
