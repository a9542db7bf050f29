import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyFile, KEY_FILE_MODE, readKeyFile, signDecision, writeKeyFile, type KeyFile } from '../../client/signing';
import { verifyEnvelope } from '../../machines/envelope';
import type { VillageKeyring } from '../../machines/keyring';

const WORKFLOW_ID = 'reelection/2026/Heluo/Qilipu';
const NOW = Date.parse('2026-12-02T08:00:00.000Z');

/** A keyring trusting one person's key file, for Wang Fang of the town committee. */
const keyringFor = (key: KeyFile): VillageKeyring => ({
  town: 'Heluo',
  village: 'Qilipu',
  resolvedAt: '2026-12-01T00:00:00.000Z',
  people: [{ personId: key.personId, name: 'Wang Fang', assignments: [{ role: 'town-committee', validFrom: '2026-01-01T00:00:00.000Z' }] }],
  keys: [{ keyId: key.keyId, publicKey: key.publicKey, owner: { personId: key.personId }, validFrom: '2026-01-01T00:00:00.000Z' }],
});

const verify = (raw: unknown, key: KeyFile) =>
  verifyEnvelope(raw, { workflowId: WORKFLOW_ID, now: NOW, keyring: keyringFor(key), decisionIdsUsed: () => false });

describe("a person's key file and signing from Node", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a key file only its owner can read, reads it back, and signs what the workflow accepts', () => {
    const file = join(dir, 'wang.key.json');
    const key = createKeyFile('k-wang-2026', 'p-wang');
    writeKeyFile(file, key);
    expect(statSync(file).mode & 0o777).toBe(KEY_FILE_MODE);
    expect(readKeyFile(file)).toEqual(key);

    const envelope = signDecision({
      workflowId: WORKFLOW_ID,
      decision: { type: 'CANCEL', reason: 'the village merges with Luokou' },
      actor: { personId: 'p-wang', role: 'town-committee' },
      signer: { keyFile: readKeyFile(file) },
      now: NOW,
    });
    expect(envelope).toMatchObject({
      v: 1,
      keyId: 'k-wang-2026',
      issuedAt: '2026-12-02T08:00:00.000Z',
      expiresAt: '2026-12-02T09:00:00.000Z',
    });
    expect(envelope.decisionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(envelope.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(verify(JSON.parse(JSON.stringify(envelope)), key)).toMatchObject({ ok: true, event: { type: 'CANCEL', by: { id: 'p-wang' } } });
  });

  it('never writes over an existing key file', () => {
    const file = join(dir, 'wang.key.json');
    writeKeyFile(file, createKeyFile('k-1', 'p-wang'));
    const before = readFileSync(file, 'utf8');
    expect(() => writeKeyFile(file, createKeyFile('k-2', 'p-wang'))).toThrow(/EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a key file others can read, saying how to mend it', () => {
    const file = join(dir, 'wang.key.json');
    writeKeyFile(file, createKeyFile('k-1', 'p-wang'));
    chmodSync(file, 0o644);
    expect(() => readKeyFile(file)).toThrow(`readable by others (mode 644); accepted: readable by its owner only (chmod 600 ${file})`);
  });

  it('refuses a key file whose public key is not its secret key’s, without quoting the secret key', () => {
    const file = join(dir, 'mixed.key.json');
    const key = createKeyFile('k-1', 'p-wang');
    const other = createKeyFile('k-2', 'p-li');
    writeFileSync(file, JSON.stringify({ ...key, publicKey: other.publicKey }), { mode: 0o600 });
    expect(() => readKeyFile(file)).toThrow('publicKey: got');
    expect(() => readKeyFile(file)).toThrow("(the public key of this file's secret key)");

    writeFileSync(file, JSON.stringify({ ...key, secretKey: `${key.secretKey.slice(0, 42)}!` }), { mode: 0o600 });
    let message = '';
    try {
      readKeyFile(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('secretKey: got "(not shown)"');
    expect(message).not.toContain(key.secretKey.slice(0, 20));

    writeFileSync(file, `{"secretKey": "${key.secretKey}"`, { mode: 0o600 });
    expect(() => readKeyFile(file)).toThrow(`key file ${file}: not JSON; accepted: a key file written by election keys create`);
    expect(() => readKeyFile(file)).not.toThrow(key.secretKey.slice(0, 10));
  });

  it("refuses to sign with a person's key for someone else, a decision naming its own author, or a lifetime over seven days", () => {
    const key = createKeyFile('k-1', 'p-wang');
    const request = {
      workflowId: WORKFLOW_ID,
      decision: { type: 'CANCEL', reason: 'merged' },
      actor: { personId: 'p-wang', role: 'town-committee' as const },
      signer: { keyFile: key },
      now: NOW,
    };
    expect(() => signDecision({ ...request, actor: { personId: 'p-li', role: 'town-committee' } })).toThrow(
      `actor.personId: got "p-li"; key k-1 is "p-wang"'s and signs only for them`,
    );
    expect(() => signDecision({ ...request, decision: { ...request.decision, by: { id: 'p-wang', role: 'town-committee' } } })).toThrow(
      'decision: unknown field(s) by',
    );
    expect(() => signDecision({ ...request, ttlMs: 7 * 24 * 3_600_000 + 1 })).toThrow('ttlMs: got 604800001; accepted');
  });

  it('signs the decision as the workflow will read it: text in NFC, defaults filled, fields left undefined dropped', () => {
    const key = createKeyFile('k-1', 'p-wang');
    const sign = (decision: Record<string, unknown>) =>
      signDecision({
        workflowId: WORKFLOW_ID,
        decision,
        actor: { personId: 'p-wang', role: 'town-committee' },
        signer: { keyFile: key },
        now: NOW,
      });
    const investigation = sign({
      type: 'RECORD_INVESTIGATION',
      category: 'good',
      stable: true,
      representatives: 3,
      notes: ' Cafe\u0301 ',
      instability: undefined,
    });
    expect(investigation.decision).toEqual({
      type: 'RECORD_INVESTIGATION',
      category: 'good',
      stable: true,
      representatives: 3,
      notes: 'Caf\u00e9',
    });
    expect(verify(JSON.parse(JSON.stringify(investigation)), key).ok).toBe(true);
    const attendance = sign({ type: 'RECORD_ATTENDANCE', present: ['m01'] });
    expect(attendance.decision).toEqual({ type: 'RECORD_ATTENDANCE', present: ['m01'], excusals: [] });
    expect(verify(JSON.parse(JSON.stringify(attendance)), key).ok).toBe(true);
  });
});
