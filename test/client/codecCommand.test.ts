import { defaultPayloadConverter } from '@temporalio/common';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configuredDataConverter, EncryptionCodec, MissingCodecKeysError, readKeyRingFile } from '../../common/codec';
import { runCli as run } from '../support/cliInProcess';

const freshDir = () => mkdtempSync(join(tmpdir(), 'codec-cli-'));

describe('election codec', () => {
  it('init creates a key file readable by its owner only, and keeps an existing one as it is', async () => {
    const file = join(freshDir(), 'keys.json');
    const created = await run(['codec', 'init', '--file', file]);
    expect(created.code).toBe(0);
    expect(created.out).toContain(`created ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const first = readFileSync(file, 'utf8');
    expect(readKeyRingFile(file).keys.size).toBe(1);

    const again = await run(['codec', 'init', '--file', file]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('exists and is kept');
    expect(readFileSync(file, 'utf8')).toBe(first);
  });

  it('rotate makes a new key current and keeps the old one, so a payload sealed before still opens', async () => {
    const file = join(freshDir(), 'keys.json');
    await run(['codec', 'init', '--file', file]);
    const before = readKeyRingFile(file);
    const [sealed] = await new EncryptionCodec(before).encode([defaultPayloadConverter.toPayload({ name: '王军' })]);

    const rotated = await run(['codec', 'rotate', '--file', file]);
    expect(rotated.code).toBe(0);
    const after = readKeyRingFile(file);
    expect(after.current.id).not.toBe(before.current.id);
    expect([...after.keys.keys()].sort()).toEqual([before.current.id, after.current.id].sort());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(rotated.out).toContain(`${after.current.id} is current; ${before.current.id}`);
    const [opened] = await new EncryptionCodec(after).decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ name: '王军' });
    const [resealed] = await new EncryptionCodec(after).encode([opened!]);
    expect(Buffer.from(resealed!.metadata!['encryption-key-id']!).toString()).toBe(after.current.id);
  });

  it('status names the keys and their ciphers, never the keys themselves', async () => {
    const file = join(freshDir(), 'keys.json');
    await run(['codec', 'init', '--file', file]);
    const material = Object.values((JSON.parse(readFileSync(file, 'utf8')) as { keys: Record<string, { key: string }> }).keys)[0]!.key;
    const saved = process.env.ELECTION_CODEC_KEYS_FILE;
    process.env.ELECTION_CODEC_KEYS_FILE = file;
    try {
      const shown = await run(['codec', 'status', '--json']);
      expect(shown.code).toBe(0);
      const status = JSON.parse(shown.out) as { source: string; current: string; keys: { id: string; cipher: string }[] };
      expect(status.source).toBe(file);
      expect(status.keys).toEqual([{ id: status.current, cipher: 'aes-256-gcm', current: true }]);
      expect(shown.out).not.toContain(material);
    } finally {
      if (saved === undefined) delete process.env.ELECTION_CODEC_KEYS_FILE;
      else process.env.ELECTION_CODEC_KEYS_FILE = saved;
    }
  });

  it('refuses to rotate a key file that does not exist, naming it', async () => {
    const file = join(freshDir(), 'missing.json');
    const refused = await run(['codec', 'rotate', '--file', file]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`--file: ${file} does not exist`);
    expect(existsSync(file)).toBe(false);
  });
});

describe('without codec keys', () => {
  it('nothing that talks to Temporal gets a data converter: the refusal says where keys may come from', async () => {
    const saved = process.env.ELECTION_DATA_DIR;
    process.env.ELECTION_DATA_DIR = freshDir();
    try {
      const refusal = configuredDataConverter({});
      await expect(refusal).rejects.toThrow(MissingCodecKeysError);
      await expect(refusal).rejects.toThrow(/ELECTION_CODEC_KEYS_FILE.*ELECTION_CODEC_KEYS.*codec-keys\.json/);
    } finally {
      if (saved === undefined) delete process.env.ELECTION_DATA_DIR;
      else process.env.ELECTION_DATA_DIR = saved;
    }
  });
});
