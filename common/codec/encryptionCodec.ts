import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec, type SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKey, KeyRing, KeySource } from './keyRing';

/** The encoding of a sealed payload; decode opens only these and leaves every other payload as it is. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key a payload was sealed with. */
export const KEY_ID_METADATA = 'encryption-key-id';
/** Metadata naming the cipher a payload was sealed with. */
export const CIPHER_METADATA = 'encryption-cipher';
/**
 * Metadata naming the workflow (the village's election) a payload belongs to, when the SDK says so. The codec server
 * decodes a payload only for a person who may see that village; the label is bound to the ciphertext, so a payload
 * relabelled with another village does not open.
 */
export const WORKFLOW_ID_METADATA = 'election-workflow-id';

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
function associatedData(cipherName: string, keyId: string, workflowId: string | undefined): Uint8Array {
  const label = workflowId === undefined ? '' : `\n${workflowId}`;
  return Buffer.from(`${ENCRYPTED_ENCODING}\n${cipherName}\n${keyId}${label}`, 'utf8');
}

/** The workflow a payload belongs to, from the SDK's serialization context (an activity's is its workflow's). */
function workflowIdOf(context: SerializationContext | undefined): string | undefined {
  return context?.workflowId || undefined;
}

/** The workflow id a sealed payload is labelled with, if any: which village's election it belongs to. */
export function sealedWorkflowId(payload: Payload): string | undefined {
  return utf8(payload.metadata?.[WORKFLOW_ID_METADATA]);
}

/** Whether a payload is one this codec sealed (whatever the key). */
export function isSealed(payload: Payload): boolean {
  return utf8(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
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

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workflowId = workflowIdOf(context);
    return payloads.map((payload) => this.seal(payload, this.ring.current, workflowId));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.open(payload));
  }

  private seal(payload: Payload, key: CodecKey, workflowId: string | undefined): Payload {
    const plaintext = ProtoPayload.encode(payload).finish();
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: Buffer.from(key.id),
        [CIPHER_METADATA]: Buffer.from(key.cipher.name),
        ...(workflowId === undefined ? {} : { [WORKFLOW_ID_METADATA]: Buffer.from(workflowId) }),
      },
      data: key.cipher.seal(key.key, plaintext, associatedData(key.cipher.name, key.id, workflowId)),
    };
  }

  private open(payload: Payload): Payload {
    const metadata = payload.metadata ?? {};
    if (!isSealed(payload)) return payload;
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
      plaintext = key.cipher.open(key.key, payload.data ?? new Uint8Array(), associatedData(cipherName, keyId, sealedWorkflowId(payload)));
    } catch {
      // The cipher's own message is not passed on: what it says about the bytes is no one's business.
      throw new PayloadDecryptionError(
        `encrypted payload under ${shown} does not open: the tag does not verify, so the key listed as ${keyId} is not the one it was sealed with, or the payload or its labels were altered`,
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
