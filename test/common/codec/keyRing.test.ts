import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  EncryptionCodec,
  generateDevelopmentKeys,
  keyFileSource,
  KEYS_FILE_VARIABLE,
  KEYS_INLINE_VARIABLE,
  keySourceFromEnvironment,
  parseKeyRing,
  readKeyRingFile,
} from '../../../common/codec';
import { freshKey, startInput } from './keys';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codec-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a key file with the given mode (as an operator might, by hand). */
function keyFile(contents: unknown, mode = 0o600): string {
  const file = join(dir, 'codec-keys.json');
  writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents), { mode });
  chmodSync(file, mode);
  return file;
}

/** The message a parse throws, or a failure when it does not throw. */
function refusal(json: unknown): string {
  try {
    parseKeyRing(json, 'the file');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the key ring was accepted');
}

describe('the codec key file', () => {
  it('generates a development key file readable by its owner only, whose key seals and opens payloads', async () => {
    const file = join(dir, 'nested', 'codec-keys.json');
    const keyId = generateDevelopmentKeys(file);
    expect(keyId).toMatch(/^dev-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.current).toBe(keyId);
    expect(Buffer.from(json.keys[keyId].key, 'base64')).toHaveLength(32);

    const codec = await EncryptionCodec.load(keyFileSource(file));
    expect(codec.currentKeyId).toBe(keyId);
    const [opened] = await codec.decode(await codec.encode([defaultPayloadConverter.toPayload(startInput)]));
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(startInput);
  });

  it('never generates over an existing key file, which is kept as it was', () => {
    const file = join(dir, 'codec-keys.json');
    generateDevelopmentKeys(file);
    const before = readFileSync(file, 'utf8');
    expect(() => generateDevelopmentKeys(file)).toThrow(`codec key file ${file}: already exists; it is kept`);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a key file others may read, saying how to fix it', () => {
    const file = keyFile({ current: 'k1', keys: { k1: freshKey() } }, 0o644);
    expect(() => readKeyRingFile(file)).toThrow(
      `codec key file ${file}: readable by others (mode 644); accepted: readable by its owner only (chmod 600 ${file})`,
    );
    chmodSync(file, 0o600);
    expect(readKeyRingFile(file).current.id).toBe('k1');
  });

  it('reads a key file with two keys: the current one seals, both open', () => {
    const ring = readKeyRingFile(keyFile({ current: 'k2', keys: { k1: freshKey(), k2: { cipher: 'aes-256-gcm', key: freshKey() } } }));
    expect(ring.current.id).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k1', 'k2']);
    expect(ring.keys.get('k1')!.cipher.name).toBe('aes-256-gcm');
  });

  it('names the field of each problem and never quotes a key', () => {
    const short = freshKey(16);
    const message = refusal({ current: 'k3', keys: { k1: short, k2: `${freshKey()}!`, 'bad id': freshKey() } });
    expect(message).toContain('codec keys in the file:');
    expect(message).toContain('keys.k2.key: accepted: the key in standard base64');
    expect(message).toContain('keys.(a name of 6 characters): accepted: a key id of letters');
    expect(message).not.toContain(short);

    expect(refusal({ current: 'k3', keys: { k1: short, k2: short } })).toBe(
      'codec keys in the file: current: accepted: the id of a key in keys (listed: k1, k2)',
    );
    const shortOnly = refusal({ current: 'k1', keys: { k1: short } });
    expect(shortOnly).toBe('codec keys in the file: keys.k1.key: 16 bytes; accepted: 32 bytes in base64 for aes-256-gcm');
  });

  it('does not quote a key put where a key id or field name belongs', () => {
    const key = freshKey();
    const asId = refusal({ current: key, keys: { [key]: 'k1' } });
    const asField = refusal({ current: 'k1', keys: { k1: freshKey() }, [key]: 1 });
    for (const message of [asId, asField]) {
      expect(message).toMatch(/accepted/);
      expect(message).not.toContain(key);
      expect(message).not.toContain(key.slice(0, 12));
    }
    expect(asField).toContain('(the whole file): unknown field(s) (a name of 44 characters)');
  });

  it('refuses a key of a cipher it does not know, listing the ciphers it knows', () => {
    expect(refusal({ current: 'k1', keys: { k1: { cipher: 'des', key: freshKey() } } })).toBe(
      'codec keys in the file: keys.k1.cipher: not a cipher this codec knows; accepted: aes-256-gcm, sm4-gcm',
    );
  });

  it('refuses a key file that is not JSON without quoting what it holds', () => {
    const key = freshKey();
    const file = keyFile(`{"current": "k1", "keys": {"k1": "${key}"`);
    let message = '';
    try {
      readKeyRingFile(file);
    } catch (err) {
      message = (err as Error).message;
      expect((err as Error).cause).toBeUndefined();
    }
    expect(message).toBe(`codec keys in ${file}: not JSON; accepted: {"current": "<key id>", "keys": {"<key id>": "<base64 key>"}}`);
  });
});

describe('the codec key source the environment configures', () => {
  it('reads the file ELECTION_CODEC_KEYS_FILE names', async () => {
    const file = keyFile({ current: 'k1', keys: { k1: freshKey() } });
    const source = keySourceFromEnvironment({ [KEYS_FILE_VARIABLE]: file });
    expect(source!.description).toBe(file);
    expect((await source!.load()).current.id).toBe('k1');
  });

  it('reads the keys inline in ELECTION_CODEC_KEYS, naming the variable in errors', async () => {
    const source = keySourceFromEnvironment({ [KEYS_INLINE_VARIABLE]: JSON.stringify({ current: 'k7', keys: { k7: freshKey() } }) });
    expect((await source!.load()).current.id).toBe('k7');
    const broken = keySourceFromEnvironment({ [KEYS_INLINE_VARIABLE]: JSON.stringify({ current: 'k7', keys: {} }) });
    await expect(broken!.load()).rejects.toThrow(
      `codec keys in ${KEYS_INLINE_VARIABLE}: current: accepted: the id of a key in keys (listed: none)`,
    );
  });

  it('has no source when neither variable is set, and refuses both at once', () => {
    expect(keySourceFromEnvironment({})).toBeUndefined();
    expect(() => keySourceFromEnvironment({ [KEYS_FILE_VARIABLE]: '/x', [KEYS_INLINE_VARIABLE]: '{}' })).toThrow(
      `both ${KEYS_FILE_VARIABLE} and ${KEYS_INLINE_VARIABLE} are set`,
    );
  });

  it('lets a key management service be the source: anything with load() that returns a key ring', async () => {
    const fetched: string[] = [];
    const kms = {
      description: 'the office KMS',
      load: async () => {
        fetched.push('k1', 'k2');
        return parseKeyRing({ current: 'k2', keys: { k1: freshKey(), k2: freshKey() } }, 'the office KMS');
      },
    };
    const codec = await EncryptionCodec.load(kms);
    expect(fetched).toEqual(['k1', 'k2']);
    expect(codec.currentKeyId).toBe('k2');
  });
});
