import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutcomeStore } from '../../activities/store';
import { runCli as run } from '../support/cliInProcess';
import { STORE_KINDS, storeUrl, tempStore } from '../support/stores';

const csvFile = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'people-')), 'people.csv');
  writeFileSync(file, content);
  return file;
};

const HEADER = 'person_id,name,contact,role,county,town,village,valid_from,valid_until';

describe.each(STORE_KINDS)('election people on %s', (kind) => {
  let store: OutcomeStore;
  /** SQLite through --store FILE, PostgreSQL through DATABASE_URL: the two ways a person names the store. */
  const storeArgs = () => (kind === 'SQLite' ? ['--store', store.location] : []);
  const people = (...args: string[]) => run(['people', ...args, ...storeArgs()]);
  const oldUrl = process.env.DATABASE_URL;

  beforeEach(async () => {
    store = await tempStore(kind);
    if (kind === 'PostgreSQL') process.env.DATABASE_URL = storeUrl(store);
    expect((await people('add', '--id', 'li.na', '--name', 'Li Na', '--by', 'li.na')).code).toBe(0);
  });
  afterEach(async () => {
    if (oldUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oldUrl;
    await store?.close();
  });

  it('assigns a role over a town from a Beijing day: the day begins at 16:00 UTC the day before', async () => {
    await people('add', '--id', 'wang.li', '--name', 'Wang Li', '--contact', '0379-6000 1234', '--by', 'li.na');
    const made = await people(
      'assign',
      '--person',
      'wang.li',
      '--role',
      'town-committee',
      '--town',
      'Heluo',
      '--from',
      '2026-03-02',
      '--until',
      '2027-01-01',
      '--by',
      'li.na',
      '--json',
    );
    expect(made.code).toBe(0);
    expect(JSON.parse(made.out)).toEqual(
      expect.objectContaining({
        personId: 'wang.li',
        scope: { town: 'Heluo' },
        validFrom: '2026-03-01T16:00:00.000Z',
        validUntil: '2026-12-31T16:00:00.000Z',
      }),
    );
    const listed = JSON.parse((await people('list', '--town', 'Heluo', '--village', 'Xishan', '--json')).out);
    expect(listed.people).toEqual([
      expect.objectContaining({
        id: 'wang.li',
        name: 'Wang Li',
        contact: '0379-6000 1234',
        assignments: [expect.objectContaining({ role: 'town-committee' })],
      }),
    ]);
  });

  it('refuses a change without --by, or by someone not registered, naming the option, the value and what is accepted', async () => {
    expect(await people('add', '--id', 'wang.li', '--name', 'Wang Li')).toEqual({
      code: 2,
      out: '',
      err: 'election people: --by: got nothing; expected the id of the registered person making the change\n',
    });
    const stranger = await people('add', '--id', 'wang.li', '--name', 'Wang Li', '--by', 'zhao.min');
    expect(stranger.code).toBe(2);
    expect(stranger.err).toContain('--by: got "zhao.min"; expected the id of a registered person');
    expect((await store.registry.people()).map((p) => p.id)).toEqual(['li.na']);
  });

  it('refuses a role, a day, a scope or an option that does not fit, and records nothing', async () => {
    const base = ['--person', 'li.na', '--by', 'li.na'];
    const cases: [string[], string][] = [
      [
        ['--role', 'chairman', '--town', 'Heluo'],
        '--role: got "chairman"; expected one of town-committee, county-org-dept, guidance-group, inspection-team, village-branch, scrutineer',
      ],
      [
        ['--role', 'scrutineer', '--town', 'Heluo', '--from', '2026-02-30'],
        '--from: got "2026-02-30"; expected a Beijing day written YYYY-MM-DD',
      ],
      [
        ['--role', 'scrutineer', '--town', 'Heluo', '--from', '2026-03-02', '--until', '2026-03-02'],
        '--until: got "2026-03-02"; expected a day after --from (2026-03-02)',
      ],
      [['--role', 'scrutineer', '--village', 'Xishan'], '--village: got it without --town'],
      [['--role', 'scrutineer', '--county', 'Luoning', '--town', 'Heluo'], '--county and --town: got both'],
      [['--role', 'scrutineer', '--town', 'He/luo'], '--town: got "He/luo"; expected the town name without "/"'],
      [['--role', 'scrutineer', '--town', 'Heluo', '--name', 'Li Na'], '--name: not taken by `people assign`'],
    ];
    for (const [args, message] of cases) {
      const result = await people('assign', ...base, ...args);
      expect({ args, code: result.code, err: result.err }).toEqual({ args, code: 2, err: expect.stringContaining(message) });
    }
    expect(await store.registry.assignments()).toEqual([]);
  });

  it('revokes an assignment from now on, keeps it listed as revoked, and refuses to revoke it again', async () => {
    await people(
      'assign',
      '--person',
      'li.na',
      '--role',
      'county-org-dept',
      '--county',
      'Luoning',
      '--from',
      '2026-01-01',
      '--by',
      'li.na',
    );
    const { id } = (await store.registry.assignments())[0]!;
    const before = Date.now();
    expect((await people('revoke', '--assignment', String(id), '--by', 'li.na')).code).toBe(0);
    const [revoked] = await store.registry.assignments();
    expect(Date.parse(revoked!.revokedAt!)).toBeGreaterThanOrEqual(before - 1);
    const again = await people('revoke', '--assignment', String(id), '--by', 'li.na');
    expect(again.code).toBe(2);
    expect(again.err).toContain(
      `--assignment: got ${id}; expected an assignment not yet revoked (it was revoked ${revoked!.revokedAt} by li.na)`,
    );
    expect((await people('list')).out).toMatch(
      /county-org-dept\s+county Luoning\s+2026-01-01 00:00\s+-\s+revoked \d{4}-\d\d-\d\d \d\d:\d\d by li\.na/,
    );
  });

  it('lists in its log every change with the person who made it', async () => {
    await people('add', '--id', 'wang.li', '--name', 'Wang Li', '--by', 'li.na');
    await people('county', '--town', 'Heluo', '--county', 'Luoning', '--by', 'wang.li');
    await people('assign', '--person', 'wang.li', '--role', 'town-committee', '--town', 'Heluo', '--from', '2026-03-02', '--by', 'li.na');
    const log = JSON.parse((await people('log', '--json')).out);
    expect(log.map((c: { kind: string; subject: string; by: string }) => [c.kind, c.subject, c.by])).toEqual([
      ['person-added', 'li.na', 'li.na'],
      ['person-added', 'wang.li', 'li.na'],
      ['town-county-set', 'Heluo', 'wang.li'],
      ['assignment-made', '1', 'li.na'],
    ]);
  });

  it('imports a file, and refuses a file with a wrong line with its line number, writing nothing', async () => {
    const bad = csvFile(
      [
        HEADER,
        'wang.li,Wang Li,,town-committee,,Heluo,,2026-03-02,',
        'chen.jing,Chen Jing,,guidance-group,,Heluo,Xishan,2026-03-02,2026-02-01',
        'zhao.min,Zhao Min,,,,,,,',
      ].join('\n'),
    );
    const refused = await people('import', bad, '--by', 'li.na');
    expect(refused).toEqual({
      code: 2,
      out: '',
      err: `election people: ${bad}: the file was not imported (nothing was changed)\n  - line 3, field valid_until: got "2026-02-01"; accepted: a day after valid_from (2026-03-02)\n`,
    });
    expect((await store.registry.people()).map((p) => p.id)).toEqual(['li.na']);
    expect((await store.registry.changes()).map((c) => c.kind)).toEqual(['person-added']);

    const conflicting = csvFile([HEADER, 'wang.li,Wang Li,,town-committee,,Heluo,,2026-03-02,', 'li.na,Li Nana,,,,,,,'].join('\n'));
    const contradicted = await people('import', conflicting, '--by', 'li.na');
    expect(contradicted.code).toBe(2);
    expect(contradicted.err).toContain('  - line 3, field name: person "li.na" is registered as "Li Na"');
    expect((await store.registry.people()).map((p) => p.id)).toEqual(['li.na']);

    const good = csvFile([HEADER, 'wang.li,Wang Li,,town-committee,,Heluo,,2026-03-02,', 'zhao.min,"Zhao, Min",,,,,,,'].join('\r\n'));
    expect((await people('import', good, '--by', 'li.na')).out).toBe(
      `imported ${good}: 2 people added, 1 assignment made, 0 lines already recorded\n`,
    );
    expect((await people('import', good, '--by', 'li.na')).out).toBe(
      `imported ${good}: 0 people added, 0 assignments made, 2 lines already recorded\n`,
    );
    expect((await store.registry.people()).map((p) => p.name)).toEqual(['Li Na', 'Wang Li', 'Zhao, Min']);
  });

  it('prints the keyring of a village: the people of its town and county, and their keys', async () => {
    await people('county', '--town', 'Heluo', '--county', 'Luoning', '--by', 'li.na');
    await people(
      'assign',
      '--person',
      'li.na',
      '--role',
      'county-org-dept',
      '--county',
      'Luoning',
      '--from',
      '2026-01-01',
      '--by',
      'li.na',
    );
    const keyring = JSON.parse((await people('keyring', '--town', 'Heluo', '--village', 'Xishan', '--json')).out);
    expect(keyring).toEqual({
      town: 'Heluo',
      village: 'Xishan',
      resolvedAt: expect.stringMatching(/Z$/),
      people: [{ personId: 'li.na', name: 'Li Na', assignments: [{ role: 'county-org-dept', validFrom: '2025-12-31T16:00:00.000Z' }] }],
      keys: [],
    });
    const other = await people('keyring', '--town', 'Sanxiang', '--village', 'Xishan');
    expect(other.out).toContain('No one is assigned to this village, its town or its county');
  });
});
