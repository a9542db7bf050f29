import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  CIPHER_METADATA,
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA,
  PayloadDecryptionError,
  sealedWorkflowId,
  WORKFLOW_ID_METADATA,
} from '../../../common/codec';
import { freshKey, personalValues, ring, startInput } from './keys';

const text = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

/** Every byte a payload takes on the wire or in the history: its metadata and data, as the server stores them. */
const wireBytes = (payload: Payload): Buffer => Buffer.from(temporal.api.common.v1.Payload.encode(payload).finish());

/** Whether a value shows in the bytes, as written or as JSON writes it inside a string (quotes escaped). */
const shows = (bytes: Buffer, value: string): boolean =>
  bytes.includes(Buffer.from(value, 'utf8')) || bytes.includes(Buffer.from(JSON.stringify(value).slice(1, -1), 'utf8'));

const codecUnder = (keyId: string, key = freshKey()) => ({ key, codec: new EncryptionCodec(ring(keyId, { [keyId]: key })) });

describe('the payload codec', () => {
  it('returns real Temporal payloads as they were: start input, string, bytes and nothing', async () => {
    const { codec } = codecUnder('k1');
    const values = [startInput, 'Wang Jun', new Uint8Array([0, 1, 2, 250]), undefined, null, 42];
    const payloads = values.map((value) => defaultPayloadConverter.toPayload(value));
    const decoded = await codec.decode(await codec.encode(payloads));
    expect(decoded).toHaveLength(values.length);
    decoded.forEach((payload, i) => {
      expect(text(payload.metadata?.[METADATA_ENCODING_KEY])).toBe(text(payloads[i]!.metadata?.[METADATA_ENCODING_KEY]));
      expect(Buffer.compare(wireBytes(payload), wireBytes(payloads[i]!))).toBe(0);
      expect(defaultPayloadConverter.fromPayload(payload)).toEqual(values[i]);
    });
  });

  it('shows none of the roster in the encoded payload: every name, birth date, standing and ground is sealed', async () => {
    const { codec } = codecUnder('k1');
    const original = defaultPayloadConverter.toPayload(startInput);
    // The check can fail: the clear payload holds every value.
    expect(personalValues.filter((value) => !shows(wireBytes(original), value))).toEqual([]);
    const [encoded] = await codec.encode([original]);
    const bytes = wireBytes(encoded!);
    const found = personalValues.filter((value) => shows(bytes, value));
    expect(found).toEqual([]);
    expect(bytes.includes(Buffer.from('json/plain'))).toBe(false);
    expect(Object.keys(encoded!.metadata ?? {}).sort()).toEqual([CIPHER_METADATA, METADATA_ENCODING_KEY, KEY_ID_METADATA].sort());
    expect(text(encoded!.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded!.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(text(encoded!.metadata?.[CIPHER_METADATA])).toBe('aes-256-gcm');
  });

  it('seals the same payload differently each time (a fresh IV per payload)', async () => {
    const { codec } = codecUnder('k1');
    const payload = defaultPayloadConverter.toPayload(startInput);
    const [first, second] = await codec.encode([payload, payload]);
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
    expect(Buffer.from(first!.data!).subarray(0, 12).equals(Buffer.from(second!.data!).subarray(0, 12))).toBe(false);
  });

  it('passes a payload that was never encrypted through decode unchanged (histories from before the codec)', async () => {
    const { codec } = codecUnder('k1');
    const plain = defaultPayloadConverter.toPayload(startInput);
    const unlabelled: Payload = { data: Buffer.from('no metadata at all') };
    const [first, second] = await codec.decode([plain, unlabelled]);
    expect(first).toBe(plain);
    expect(second).toBe(unlabelled);
  });

  it('refuses a payload under a key of the same id but other bytes, naming the key id and no content', async () => {
    const { codec: writer } = codecUnder('k1');
    const { codec: reader } = codecUnder('k1');
    const encoded = await writer.encode([defaultPayloadConverter.toPayload(startInput)]);
    const refusal = await reader.decode(encoded).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(PayloadDecryptionError);
    const message = (refusal as Error).message;
    expect(message).toMatch(/key "k1".*does not open: the tag does not verify/);
    for (const value of personalValues) expect(message).not.toContain(value);
  });

  it('refuses a payload with one byte flipped anywhere in its data, naming the key id', async () => {
    const { codec } = codecUnder('k1');
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(startInput)]);
    const length = encoded!.data!.length;
    // The IV, the ciphertext's first and last byte, and the tag.
    for (const at of [0, 12, length - 17, length - 1]) {
      const data = Buffer.from(encoded!.data!);
      data[at] = data[at]! ^ 0x01;
      await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow(/key "k1".*does not open/);
    }
    await expect(codec.decode([{ ...encoded!, data: Buffer.from(encoded!.data!).subarray(0, 20) }])).rejects.toThrow(/key "k1"/);
  });

  it('refuses a payload relabelled to another key id even when both ids hold the same key (the label is authenticated)', async () => {
    const key = freshKey();
    const codec = new EncryptionCodec(ring('k1', { k1: key, k2: key }));
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(startInput)]);
    const relabelled = { ...encoded!, metadata: { ...encoded!.metadata, [KEY_ID_METADATA]: Buffer.from('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/key "k2".*does not open/);
  });

  it('refuses a payload whose key id is not in the key ring, naming it and the keys it holds', async () => {
    const { codec: writer } = codecUnder('k9');
    const { codec: reader } = codecUnder('k1');
    const encoded = await writer.encode([defaultPayloadConverter.toPayload(startInput)]);
    await expect(reader.decode(encoded)).rejects.toThrow(
      /key "k9" \("aes-256-gcm"\): that key is not in this codec's key ring \(it holds k1\)/,
    );
  });

  it('refuses an encrypted payload that does not say its key id or cipher', async () => {
    const { codec } = codecUnder('k1');
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(startInput)]);
    const withoutKeyId = { ...encoded!, metadata: { ...encoded!.metadata } };
    delete withoutKeyId.metadata[KEY_ID_METADATA];
    await expect(codec.decode([withoutKeyId])).rejects.toThrow(`encrypted payload without ${KEY_ID_METADATA}`);
    const withoutCipher = { ...encoded!, metadata: { ...encoded!.metadata } };
    delete withoutCipher.metadata[CIPHER_METADATA];
    await expect(codec.decode([withoutCipher])).rejects.toThrow(`encrypted payload without ${CIPHER_METADATA}`);
  });

  it('rotates keys: a payload sealed under k1 still opens once k2 is current, and new payloads carry k2', async () => {
    const k1 = freshKey();
    const k2 = freshKey();
    const before = new EncryptionCodec(ring('k1', { k1 }));
    const [old] = await before.encode([defaultPayloadConverter.toPayload(startInput)]);
    expect(text(old!.metadata?.[KEY_ID_METADATA])).toBe('k1');

    const after = new EncryptionCodec(ring('k2', { k1, k2 }));
    expect(after.currentKeyId).toBe('k2');
    const [reopened] = await after.decode([old!]);
    expect(defaultPayloadConverter.fromPayload(reopened!)).toEqual(startInput);
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload(startInput)]);
    expect(text(fresh!.metadata?.[KEY_ID_METADATA])).toBe('k2');
    const [freshOpened] = await after.decode([fresh!]);
    expect(defaultPayloadConverter.fromPayload(freshOpened!)).toEqual(startInput);

    // Once k1 leaves the ring, what it sealed no longer reads: keep a key until no history needs it.
    const retired = new EncryptionCodec(ring('k2', { k2 }));
    await expect(retired.decode([old!])).rejects.toThrow(/key "k1"/);
    await expect(before.decode([fresh!])).rejects.toThrow(/key "k2"/);
  });

  it('labels a payload with the workflow it belongs to, and a payload moved to another village does not open', async () => {
    const { codec } = codecUnder('k1');
    const payload = defaultPayloadConverter.toPayload(startInput);
    const context = { type: 'activity', namespace: 'default', workflowId: 'reelection-heluo-dongzhuang-2026', isLocal: false } as const;
    const [sealed] = await codec.encode([payload], context);
    expect(sealedWorkflowId(sealed!)).toBe('reelection-heluo-dongzhuang-2026');
    expect(defaultPayloadConverter.fromPayload((await codec.decode([sealed!]))[0]!)).toEqual(startInput);
    const moved: Payload = {
      ...sealed!,
      metadata: { ...sealed!.metadata, [WORKFLOW_ID_METADATA]: Buffer.from('reelection-heluo-xizhuang-2026') },
    };
    await expect(codec.decode([moved])).rejects.toThrow(/labels were altered/);
    const [unlabelled] = await codec.encode([payload]);
    expect(sealedWorkflowId(unlabelled!)).toBeUndefined();
  });
});
