import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKey, KeyRing, KeySource } from './keyRing';

/** The encoding of a sealed payload; decode opens only these and leaves every other payload as it is. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key a payload was sealed with. */
export const KEY_ID_METADATA = 'encryption-key-id';
/** Metadata naming the cipher a payload was sealed with. */
export const CIPHER_METADATA = 'encryption-cipher';

const ProtoPayload = temporal.api.common.v1.Payload;

/** Why a payload could not be opened; names the key id and cipher, never any of the payload's content. */
export class PayloadDecryptionError extends ValueError {}

function utf8(bytes: Uint8Array | null | undefined): string | undefined {
  return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
}

/**
 * The bytes bound to a sealed payload without being encrypted: its metadata. Moving a payload's data under another
 * key id or cipher label therefore fails to open even where the same key bytes are listed twice.
 */
function associatedData(cipherName: string, keyId: string): Uint8Array {
  return Buffer.from(`${ENCRYPTED_ENCODING}\n${cipherName}\n${keyId}`, 'utf8');
}

/**
 * The payload codec: seals every payload (its metadata and data, serialised as a temporal.api.common.v1.Payload) under
 * the key ring's current key, with a fresh IV each time; the sealed payload shows only its encoding, key id and
 * cipher. Decode opens a payload with the key its key id names, so payloads sealed under a key rotated out of
 * `current` still read while the key stays in the ring, and leaves payloads that are not sealed (histories written
 * before encryption) as they are.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {}

  /** A codec with the keys a source loads (the key file, the environment, a key management service). */
  static async load(source: KeySource): Promise<EncryptionCodec> {
    return new EncryptionCodec(await source.load());
  }

  /** The id of the key new payloads are sealed with. */
  get currentKeyId(): string {
    return this.ring.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload, this.ring.current));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.open(payload));
  }

  private seal(payload: Payload, key: CodecKey): Payload {
    const plaintext = ProtoPayload.encode(payload).finish();
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: Buffer.from(key.id),
        [CIPHER_METADATA]: Buffer.from(key.cipher.name),
      },
      data: key.cipher.seal(key.key, plaintext, associatedData(key.cipher.name, key.id)),
    };
  }

  private open(payload: Payload): Payload {
    const metadata = payload.metadata ?? {};
    if (utf8(metadata[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = utf8(metadata[KEY_ID_METADATA]);
    const cipherName = utf8(metadata[CIPHER_METADATA]);
    if (keyId === undefined || cipherName === undefined) {
      throw new PayloadDecryptionError(
        `encrypted payload without ${keyId === undefined ? KEY_ID_METADATA : CIPHER_METADATA} in its metadata: it cannot say which key opens it`,
      );
    }
    // The id and cipher come from stored data: quoted in messages, so a strange value shows as such.
    const shown = `key ${JSON.stringify(keyId)} (${JSON.stringify(cipherName)})`;
    const key = this.ring.keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `encrypted payload under ${shown}: that key is not in this codec's key ring (it holds ${[...this.ring.keys.keys()].join(', ')}); ` +
          `add the key to the key file to read it`,
      );
    }
    if (key.cipher.name !== cipherName) {
      throw new PayloadDecryptionError(`encrypted payload under ${shown}: key ${key.id} is for ${key.cipher.name} in this key ring`);
    }
    let plaintext: Uint8Array;
    try {
      plaintext = key.cipher.open(key.key, payload.data ?? new Uint8Array(), associatedData(cipherName, keyId));
    } catch {
      // The cipher's own message is not passed on: what it says about the bytes is no one's business.
      throw new PayloadDecryptionError(
        `encrypted payload under ${shown} does not open: the tag does not verify, so the key listed as ${keyId} is not the one it was sealed with, or the payload was altered`,
      );
    }
    const decoded = ProtoPayload.decode(plaintext);
    return {
      metadata: decoded.metadata,
      data: decoded.data,
      ...(decoded.externalPayloads.length > 0 ? { externalPayloads: decoded.externalPayloads } : {}),
    };
  }
}
