import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { OutcomeInput } from '../../activities/contract';
import type { OutcomeStore, StoreSchema } from '../../activities/store';
import { main } from '../../client/cli';
import { EXIT } from '../../client/commands/common';
import { STORE_KINDS, storeUrl, tempStore } from '../support/stores';

const person = (id: string, birthDate: string) => ({
  id,
  name: `Name ${id}`,
  gender: 'male',
  birthDate,
  education: 'college',
});

/** A completed village whose figures agree with themselves: only the tables around it can disagree. */
const outcome = (village: string): OutcomeInput => ({
  key: `reelection/2026/Testtown/${village}/run-1/step/40/0`,
  workflowId: `reelection/2026/Testtown/${village}`,
  town: 'Testtown',
  village,
  term: 2026,
  at: '2026-11-20T10:00:00.000Z',
  status: 'completed',
  facts: {
    town: 'Testtown',
    village,
    term: 2026,
    members: 20,
    probationaryMembers: 0,
    representatives: 10,
    memberParticipants: 18,
    representativeParticipants: 9,
    nomineesRecommended: 4,
    nomineesPassing: 4,
    candidates: 4,
    seats: 3,
    elected: [person('m1', '1980-01-01'), person('m2', '1985-01-01'), person('m3', '1990-01-01')],
    secretary: 'm1',
  } as OutcomeInput['facts'],
});

const tables = (store: OutcomeStore) => (store as unknown as { db: Kysely<StoreSchema> }).db;

describe.each(STORE_KINDS)('`election report` on %s, for scripts', (kind) => {
  let store: OutcomeStore;
  let dir: string;
  let oldUrl: string | undefined;

  beforeEach(async () => {
    store = await tempStore(kind);
    await store.addOutcome(outcome('Alpha'));
    dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
    oldUrl = process.env.DATABASE_URL;
    if (kind === 'PostgreSQL') process.env.DATABASE_URL = storeUrl(store);
  });
  afterEach(async () => {
    if (oldUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oldUrl;
    await store.close();
  });

  const report = (out: string) =>
    main([
      'report',
      '--town',
      'Testtown',
      '--term',
      '2026',
      '--format',
      'json',
      '--out',
      out,
      '--offline',
      ...(kind === 'SQLite' ? ['--store', store.location] : []),
    ]);

  it('exits 0 when the records agree', async () => {
    const out = join(dir, 'report.json');
    await expect(report(out)).resolves.toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ consistent: true });
  });

  it('exits non-zero, the report still written, when a member is in the committee table but not in the outcome', async () => {
    await sql`INSERT INTO committee_members (term_id, member_id, member_name, post) VALUES (${'reelection/2026/Testtown/Alpha/run-1'}, ${'intruder'}, ${'Someone Else'}, ${'member'})`.execute(
      tables(store),
    );
    const out = join(dir, 'report.json');
    await expect(report(out)).resolves.toBe(EXIT.inconsistent);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { consistent: boolean; inconsistencies: unknown[] };
    expect(written.consistent).toBe(false);
    expect(written.inconsistencies).toEqual([
      {
        check: 'COMMITTEE_AGREES',
        village: 'Alpha',
        message: 'the committee table lists intruder (member), who is not among the members the outcome elected',
      },
    ]);
  });

  it('lists a step two runs recorded with different content, and exits non-zero', async () => {
    await store.recordConflict({
      table: 'outcomes',
      key: outcome('Alpha').key,
      branchKey: `${outcome('Alpha').key}@run-2`,
      workflowId: outcome('Alpha').workflowId,
      runId: 'run-2',
      differences: ['facts'],
      at: '2026-11-21T10:00:00.000Z',
    });
    const out = join(dir, 'report.json');
    await expect(report(out)).resolves.toBe(EXIT.inconsistent);
    const { inconsistencies } = JSON.parse(readFileSync(out, 'utf8')) as { inconsistencies: { check: string; message: string }[] };
    expect(inconsistencies).toEqual([
      expect.objectContaining({ check: 'NO_RECORD_CONFLICTS', message: expect.stringContaining(`kept as ${outcome('Alpha').key}@run-2`) }),
    ]);
  });

  it('writes the report for its owner only (mode 0600), also over a file that others could read', async () => {
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old', { mode: 0o644 });
    await expect(report(out)).resolves.toBe(EXIT.ok);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const fresh = join(dir, 'fresh.json');
    await report(fresh);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
  });
});
