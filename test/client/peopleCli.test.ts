import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutcomeStore } from '../../activities/store';
import { createKeyFile, readKeyFile, signDecision } from '../../client/signing';
import { villageKeyringSchema } from '../../machines/keyring';
import { STORE_KINDS, storeUrl, tempStore } from '../support/stores';
import { testAddress } from '../support/temporal';

/** The CLI as people run it: scripts/setup.sh (and so the test command) builds it before Jest. */
const CLI = join(__dirname, '..', '..', 'dist', 'client', 'cli.js');

const HEADER = 'person_id,name,contact,role,county,town,village,valid_from,valid_until';

describe.each(STORE_KINDS)('the built CLI keeping the people registry on %s', (kind) => {
  let store: OutcomeStore;
  let dir: string;

  /** Runs the built CLI in a child process, on the store of this run. */
  function election(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
    const env = { ...process.env, DATABASE_URL: kind === 'PostgreSQL' ? storeUrl(store) : '' };
    const storeArgs = kind === 'SQLite' ? ['--store', store.location] : [];
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args, ...storeArgs], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
    });
  }

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (scripts/test.sh does) before this test`);
    store = await tempStore(kind);
    dir = mkdtempSync(join(tmpdir(), 'people-cli-'));
  });
  afterAll(() => store?.close());

  it('imports people, creates and registers keys, revokes one, and shows the village keyring and the log', async () => {
    const csv = join(dir, 'people.csv');
    writeFileSync(
      csv,
      [
        HEADER,
        'li.na,Li Na,0379-6000 1234,county-org-dept,Luoning,,,2026-01-01,',
        'chen.jing,Chen Jing,,guidance-group,,Heluo,Xishan,2026-03-02,2027-03-02',
        'chen.jing,Chen Jing,,scrutineer,,Heluo,Xishan,2026-03-02,',
      ].join('\n'),
    );
    expect(await election('people', 'import', csv, '--by', 'li.na')).toEqual({
      code: 0,
      out: `imported ${csv}: 2 people added, 3 assignments made, 0 lines already recorded\n`,
      err: '',
    });
    expect((await election('people', 'county', '--town', 'Heluo', '--county', 'Luoning', '--by', 'li.na')).out).toBe(
      'town Heluo is in county Luoning\n',
    );

    const keyFile = join(dir, 'chen.key');
    const created = await election('keys', 'create', '--person', 'chen.jing', '--out', keyFile, '--json');
    expect({ code: created.code, err: created.err }).toEqual({ code: 0, err: '' });
    const key = JSON.parse(created.out);
    expect((statSync(keyFile).mode & 0o777).toString(8)).toBe('600');
    const secret = readKeyFile(keyFile);
    expect(secret).toEqual(expect.objectContaining({ keyId: key.keyId, personId: 'chen.jing', publicKey: key.publicKey }));
    const envelope = signDecision({
      workflowId: 'reelection/2026/Heluo/Xishan',
      decision: { type: 'RECORD_ATTENDANCE', present: ['m01'] },
      actor: { personId: 'chen.jing', role: 'guidance-group' },
      signer: { keyFile: secret },
    });
    expect(envelope.keyId).toBe(key.keyId);

    const again = await election('keys', 'create', '--person', 'chen.jing', '--out', keyFile);
    expect(again.code).toBe(2);
    expect(again.err).toContain('--out: got');
    expect(again.err).toContain('the file exists (a key file is never overwritten)');
    expect(readKeyFile(keyFile)).toEqual(secret);
    const nobody = await election('keys', 'create', '--person', 'nobody', '--out', join(dir, 'nobody.key'));
    expect(nobody.code).toBe(2);
    expect(existsSync(join(dir, 'nobody.key'))).toBe(false);

    const desk = createKeyFile('desk', 'approvers-desk').publicKey;
    const registered = await election('keys', 'register', '--desk', 'approvers-desk', `--public-key=${desk}`, '--by', 'li.na', '--json');
    expect(registered.code).toBe(0);
    // The revocation then tells the running elections of the villages chen.jing is assigned to (none of Xishan here).
    const revoked = await election('keys', 'revoke', '--key', key.keyId, '--by', 'li.na', '--address', testAddress());
    expect(revoked.code).toBe(0);
    expect(revoked.out).toMatch(/\n\d+ running elections? told to read (its|their) keyring again \(signal keyringChanged\)\n$/);

    const shown = await election('people', 'keyring', '--town', 'Heluo', '--village', 'Xishan', '--json');
    expect(shown.code).toBe(0);
    const keyring = villageKeyringSchema.parse(JSON.parse(shown.out));
    expect(keyring.people.map((p) => [p.personId, p.assignments.map((a) => a.role)])).toEqual([
      ['chen.jing', ['guidance-group', 'scrutineer']],
      ['li.na', ['county-org-dept']],
    ]);
    expect(keyring.keys).toHaveLength(2);
    expect(keyring.keys.find((k) => 'personId' in k.owner)).toEqual({
      keyId: key.keyId,
      publicKey: key.publicKey,
      owner: { personId: 'chen.jing' },
      validFrom: key.validFrom,
      revokedAt: expect.any(String),
    });
    expect(keyring.keys.find((k) => 'desk' in k.owner)).toEqual({
      keyId: JSON.parse(registered.out).keyId,
      publicKey: desk,
      owner: { desk: 'approvers-desk' },
      validFrom: expect.any(String),
    });

    const log = JSON.parse((await election('people', 'log', '--json')).out);
    expect(log.map((c: { kind: string; by: string }) => `${c.kind} by ${c.by}`)).toEqual([
      'person-added by li.na',
      'person-added by li.na',
      'assignment-made by li.na',
      'assignment-made by li.na',
      'assignment-made by li.na',
      'people-imported by li.na',
      'town-county-set by li.na',
      'key-registered by chen.jing',
      'key-registered by li.na',
      'key-revoked by li.na',
    ]);
  });
});
