import { getCiphers } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  AES_256_GCM,
  CIPHER_METADATA,
  DEFAULT_CIPHERS,
  EncryptionCodec,
  KEY_ID_METADATA,
  opensslGcmCipher,
  parseKeyRing,
  SM4_GCM,
} from '../../../common/codec';
import { freshKey, startInput } from './keys';

const sm4Here = getCiphers().includes('sm4-gcm');
const text = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

describe('the codec ciphers', () => {
  it('seals with AES-256-GCM and refuses a changed associated label', () => {
    const key = Buffer.from(freshKey(), 'base64');
    const sealed = AES_256_GCM.seal(key, Buffer.from('Wang Jun'), Buffer.from('label'));
    expect(sealed).toHaveLength(12 + 8 + 16);
    expect(Buffer.from(AES_256_GCM.open(key, sealed, Buffer.from('label'))).toString()).toBe('Wang Jun');
    expect(() => AES_256_GCM.open(key, sealed, Buffer.from('other'))).toThrow();
    expect(() => AES_256_GCM.seal(key.subarray(0, 16), Buffer.from('x'), Buffer.alloc(0))).toThrow(
      'aes-256-gcm: a key of 32 bytes is needed, this one has 16',
    );
  });

  (sm4Here ? it.skip : it)('refuses an SM4-GCM key where this Node lacks sm4-gcm, saying what is missing', () => {
    expect(SM4_GCM.unavailable()).toMatch(/does not offer sm4-gcm \(crypto.getCiphers\(\) lacks it\)/);
    expect(() => parseKeyRing({ current: 's1', keys: { s1: { cipher: 'sm4-gcm', key: freshKey(16) } } }, 'the file')).toThrow(
      `codec keys in the file: keys.s1.cipher: sm4-gcm cannot run here: this Node (OpenSSL ${process.versions.openssl}) does not offer sm4-gcm`,
    );
  });

  (sm4Here ? it : it.skip)('seals and opens with SM4-GCM keys of 16 bytes where this Node offers sm4-gcm', async () => {
    const codec = new EncryptionCodec(parseKeyRing({ current: 's1', keys: { s1: { cipher: 'sm4-gcm', key: freshKey(16) } } }, 'the test'));
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(startInput)]);
    expect(text(sealed!.metadata?.[CIPHER_METADATA])).toBe('sm4-gcm');
    expect(defaultPayloadConverter.fromPayload((await codec.decode([sealed!]))[0]!)).toEqual(startInput);
    expect(() => parseKeyRing({ current: 's1', keys: { s1: { cipher: 'sm4-gcm', key: freshKey() } } }, 'f')).toThrow(
      'keys.s1.key: 32 bytes; accepted: 16 bytes in base64 for sm4-gcm',
    );
  });

  it('takes a cipher an office plugs in, names it in each payload, and reads it after rotating to AES', async () => {
    // ARIA stands in for an office's own cipher: any PayloadCipher passed in `ciphers` may be named by a key.
    const aria = opensslGcmCipher('aria-256-gcm', 'aria-256-gcm', 32);
    const ciphers = [...DEFAULT_CIPHERS, aria];
    const a1 = freshKey();
    const before = new EncryptionCodec(parseKeyRing({ current: 'a1', keys: { a1: { cipher: 'aria-256-gcm', key: a1 } } }, 'f', ciphers));
    const [old] = await before.encode([defaultPayloadConverter.toPayload(startInput)]);
    expect(text(old!.metadata?.[CIPHER_METADATA])).toBe('aria-256-gcm');

    const after = new EncryptionCodec(
      parseKeyRing({ current: 'k2', keys: { a1: { cipher: 'aria-256-gcm', key: a1 }, k2: freshKey() } }, 'f', ciphers),
    );
    expect(defaultPayloadConverter.fromPayload((await after.decode([old!]))[0]!)).toEqual(startInput);
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload(startInput)]);
    expect([text(fresh!.metadata?.[KEY_ID_METADATA]), text(fresh!.metadata?.[CIPHER_METADATA])]).toEqual(['k2', 'aes-256-gcm']);

    // A payload claiming another cipher than its key's is refused before any decryption is tried.
    const relabelled = { ...old!, metadata: { ...old!.metadata, [CIPHER_METADATA]: Buffer.from('aes-256-gcm') } };
    await expect(after.decode([relabelled])).rejects.toThrow('key "a1" ("aes-256-gcm"): key a1 is for aria-256-gcm in this key ring');
  });
});
