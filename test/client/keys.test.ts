import { existsSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutcomeStore } from '../../activities/store';
import { runCli as run } from '../support/cliInProcess';
import { keyIdFor, publicKeyProblem } from '../../client/keys/ed25519';
import { createKeyFile, readKeyFile } from '../../client/signing';
import { tempStore } from '../support/stores';

const publicKey = () => createKeyFile('k', 'p').publicKey;

describe('a public key for the registry', () => {
  it('has an id that follows from the key alone', () => {
    const key = publicKey();
    expect(keyIdFor(key)).toBe(keyIdFor(key));
    expect(keyIdFor(key)).toMatch(/^ed25519-[A-Za-z0-9_-]{16}$/);
    expect(keyIdFor(key)).not.toBe(keyIdFor(publicKey()));
  });

  it('is refused when it is not 32 bytes written canonically, not on the curve, or of small order', () => {
    const good = publicKey();
    expect(publicKeyProblem(good)).toBeUndefined();
    // The last character carries 2 unused bits: setting one writes the same bytes another way.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const noncanonical = good.slice(0, -1) + alphabet[(alphabet.indexOf(good.at(-1)!) & ~3) + 1];
    expect(publicKeyProblem(noncanonical)).toBe('not 32 bytes written in base64url');
    expect(publicKeyProblem(good.slice(0, 42))).toBe('not 32 bytes written in base64url');
    // y = 2 has no x on the curve; y = 1 is the identity, of order 1, which would verify forged signatures.
    expect(publicKeyProblem(Buffer.from([2, ...new Array<number>(31).fill(0)]).toString('base64url'))).toBe(
      'not a point of the Ed25519 curve',
    );
    expect(publicKeyProblem(Buffer.from([1, ...new Array<number>(31).fill(0)]).toString('base64url'))).toBe(
      'a point of small order, which would verify signatures nobody made',
    );
  });
});

describe('election keys create and register', () => {
  let store: OutcomeStore;
  let dir: string;
  const keys = (...args: string[]) => run(['keys', ...args, '--store', store.location]);

  beforeAll(async () => {
    store = await tempStore('SQLite');
    dir = mkdtempSync(join(tmpdir(), 'keys-'));
    await store.registry.addPerson({ id: 'wang.li', name: 'Wang Li' }, { by: 'wang.li', at: new Date().toISOString() });
  });
  afterAll(() => store?.close());

  it('writes a key file only its owner can read, in the form the signer reads, and registers its public key', async () => {
    const file = join(dir, 'wang.key');
    const umask = process.umask(0);
    let created;
    try {
      created = await keys('create', '--person', 'wang.li', '--out', file, '--json');
    } finally {
      process.umask(umask);
    }
    expect({ code: created.code, err: created.err }).toEqual({ code: 0, err: '' });
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    const key = readKeyFile(file);
    expect(JSON.parse(created.out)).toEqual(
      expect.objectContaining({ keyId: key.keyId, publicKey: key.publicKey, owner: { personId: 'wang.li' } }),
    );
    expect(key.keyId).toBe(keyIdFor(key.publicKey));
    expect((await store.registry.keys()).map((k) => k.keyId)).toContain(key.keyId);
  });

  it('never overwrites a file, nor follows a link to create one elsewhere, and registers nothing then', async () => {
    const file = join(dir, 'kept.key');
    writeFileSync(file, 'an earlier key\n');
    const before = (await store.registry.keys()).length;
    const refused = await keys('create', '--person', 'wang.li', '--out', file);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`--out: got ${JSON.stringify(file)}: the file exists (a key file is never overwritten)`);
    expect(readFileSync(file, 'utf8')).toBe('an earlier key\n');
    const elsewhere = join(dir, 'elsewhere.key');
    symlinkSync(elsewhere, join(dir, 'link.key'));
    expect((await keys('create', '--person', 'wang.li', '--out', join(dir, 'link.key'))).code).toBe(2);
    expect(existsSync(elsewhere)).toBe(false);
    expect(await store.registry.keys()).toHaveLength(before);
  });

  it('removes the key file again when the key cannot be registered', async () => {
    const file = join(dir, 'by-stranger.key');
    const refused = await keys('create', '--person', 'wang.li', '--by', 'stranger', '--out', file);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--by: got "stranger"');
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a desk's public key that is not a usable Ed25519 key, naming why", async () => {
    const identity = Buffer.from([1, ...new Array<number>(31).fill(0)]).toString('base64url');
    const refused = await keys('register', '--desk', 'approvers-desk', `--public-key=${identity}`, '--by', 'wang.li');
    expect(refused).toEqual({
      code: 2,
      out: '',
      err: `election keys: --public-key: got "${identity}"; expected an Ed25519 public key (this one is a point of small order, which would verify signatures nobody made)\n`,
    });
    // base64url has "-" among its letters: a key that begins with it is given as --public-key=KEY.
    let good = publicKey();
    while (!good.startsWith('-')) good = publicKey();
    expect((await keys('register', '--desk', 'approvers-desk', `--public-key=${good}`, '--by', 'wang.li')).out).toBe(
      `registered key ${keyIdFor(good)} for desk approvers-desk\n`,
    );
    const twice = await keys('register', '--desk', 'other-desk', `--public-key=${good}`, '--by', 'wang.li');
    expect(twice.err).toContain(`--key: got "${keyIdFor(good)}"; expected a key id not yet registered`);
  });
});
