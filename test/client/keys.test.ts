import { existsSync, mkdtempSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ed from '@noble/ed25519';
import { generateKeyPair, keyIdFor, publicKeyProblem } from '../../client/keys/ed25519';
import { keyFileSchema, writeKeyFile, type KeyFile } from '../../client/keys/keyFile';

const folder = () => mkdtempSync(join(tmpdir(), 'keys-'));
const bytes = (b64url: string) => new Uint8Array(Buffer.from(b64url, 'base64url'));

function newKeyFile(): KeyFile {
  const { secretKey, publicKey } = generateKeyPair();
  return { format: 'election-ed25519-key/1', keyId: keyIdFor(publicKey), personId: 'wang.li', publicKey, secretKey };
}

describe('a signing key', () => {
  it('is a key pair whose secret signs what its public key verifies', () => {
    const { secretKey, publicKey } = generateKeyPair();
    const message = new TextEncoder().encode('APPROVE_SLATE reelection/2026/Heluo/Xishan');
    const signature = ed.sign(message, bytes(secretKey));
    expect(ed.verify(signature, message, bytes(publicKey))).toBe(true);
    expect(ed.verify(signature, message, bytes(generateKeyPair().publicKey))).toBe(false);
    expect(publicKeyProblem(publicKey)).toBeUndefined();
  });

  it('has an id that follows from its public key alone', () => {
    const { publicKey } = generateKeyPair();
    expect(keyIdFor(publicKey)).toBe(keyIdFor(publicKey));
    expect(keyIdFor(publicKey)).toMatch(/^ed25519-[A-Za-z0-9_-]{16}$/);
    expect(keyIdFor(publicKey)).not.toBe(keyIdFor(generateKeyPair().publicKey));
  });

  it('refuses a public key that is not 32 bytes written canonically, not on the curve, or of small order', () => {
    const good = generateKeyPair().publicKey;
    // The last character carries 2 unused bits: setting one gives other text for the same bytes.
    const last = good.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const noncanonical = good.slice(0, -1) + alphabet[(alphabet.indexOf(last) & ~3) + 1];
    expect(publicKeyProblem(noncanonical)).toBe('not 32 bytes written in base64url');
    expect(publicKeyProblem(good.slice(0, 42))).toBe('not 32 bytes written in base64url');
    // y = 2 has no x on the curve.
    expect(publicKeyProblem(Buffer.from([2, ...new Array<number>(31).fill(0)]).toString('base64url'))).toBe(
      'not a point of the Ed25519 curve',
    );
    // The identity point (y = 1) has order 1: it would verify forged signatures.
    expect(publicKeyProblem(Buffer.from([1, ...new Array<number>(31).fill(0)]).toString('base64url'))).toBe(
      'a point of small order, which would verify signatures nobody made',
    );
  });
});

describe('a key file', () => {
  it('is written readable by its owner only, whatever the umask', () => {
    const umask = process.umask(0);
    try {
      const file = join(folder(), 'wang.key');
      const key = newKeyFile();
      writeKeyFile(file, key);
      expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
      expect(keyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))).toEqual(key);
    } finally {
      process.umask(umask);
    }
  });

  it('never overwrites a file, nor follows a link to create one elsewhere', () => {
    const dir = folder();
    const file = join(dir, 'wang.key');
    const first = newKeyFile();
    writeKeyFile(file, first);
    expect(() => writeKeyFile(file, newKeyFile())).toThrow('the file exists (a key file is never overwritten)');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
    const elsewhere = join(dir, 'elsewhere.key');
    symlinkSync(elsewhere, join(dir, 'link.key'));
    expect(() => writeKeyFile(join(dir, 'link.key'), newKeyFile())).toThrow('the file exists');
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('is removed again by undo, for a key whose registration failed', () => {
    const file = join(folder(), 'wang.key');
    writeKeyFile(file, newKeyFile()).undo();
    expect(existsSync(file)).toBe(false);
  });
});
