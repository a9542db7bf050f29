import { ImportRefusal, RegistryRefusal, type OutcomeStore } from '../../activities/store';
import { STORE_KINDS, tempStore } from '../support/stores';

const at = (day: string, time = '08:00:00') => `${day}T${time}.000Z`;
const by = (person: string, day = '2026-01-05') => ({ by: person, at: at(day) });

describe.each(STORE_KINDS)('the people registry on %s', (kind) => {
  let store: OutcomeStore;
  beforeEach(async () => {
    store = await tempStore(kind);
  });
  afterEach(() => store?.close());

  it('lets only the first person of an empty registry name themself as the author, and refuses an unknown author after that', async () => {
    await expect(store.registry.addPerson({ id: 'li.na', name: 'Li Na' }, by('zhao.min'))).rejects.toThrow(
      'by: got "zhao.min"; accepted: the id of a registered person',
    );
    await store.registry.addPerson({ id: 'li.na', name: 'Li Na', contact: '0379-6000 1234' }, by('li.na'));
    await expect(store.registry.addPerson({ id: 'wang.li', name: 'Wang Li' }, by('wang.li'))).rejects.toBeInstanceOf(RegistryRefusal);
    await store.registry.addPerson({ id: 'wang.li', name: 'Wang Li' }, by('li.na'));
    await expect(store.registry.addPerson({ id: 'wang.li', name: 'Wang Lin' }, by('li.na'))).rejects.toThrow(
      /^id: got "wang.li"; accepted: an id not yet registered \(it is Wang Li's/,
    );
    expect(await store.registry.people()).toEqual([
      { id: 'li.na', name: 'Li Na', contact: '0379-6000 1234' },
      { id: 'wang.li', name: 'Wang Li' },
    ]);
  });

  it('records every change in its log with the person who made it and when, and keeps revoked rows with their revocation', async () => {
    const registry = store.registry;
    await registry.addPerson({ id: 'li.na', name: 'Li Na' }, by('li.na', '2026-01-05'));
    await registry.addPerson({ id: 'wang.li', name: 'Wang Li' }, by('li.na', '2026-01-06'));
    const made = await registry.assign(
      { personId: 'wang.li', role: 'town-committee', scope: { town: 'Heluo' }, validFrom: at('2026-01-06') },
      by('li.na', '2026-01-06'),
    );
    await registry.setTownCounty('Heluo', 'Luoning', by('wang.li', '2026-01-07'));
    await registry.registerKey(
      {
        keyId: 'desk-1',
        publicKey: 'A'.repeat(43),
        owner: { desk: 'approvers-desk' },
        validFrom: at('2026-01-07'),
      },
      by('wang.li', '2026-01-07'),
    );
    await registry.revokeKey('desk-1', by('li.na', '2026-01-08'));
    await registry.revokeAssignment(made.id, by('wang.li', '2026-01-09'));

    const log = await registry.changes();
    expect(log.map((c) => [c.kind, c.subject, c.by, c.at])).toEqual([
      ['person-added', 'li.na', 'li.na', at('2026-01-05')],
      ['person-added', 'wang.li', 'li.na', at('2026-01-06')],
      ['assignment-made', String(made.id), 'li.na', at('2026-01-06')],
      ['town-county-set', 'Heluo', 'wang.li', at('2026-01-07')],
      ['key-registered', 'desk-1', 'wang.li', at('2026-01-07')],
      ['key-revoked', 'desk-1', 'li.na', at('2026-01-08')],
      ['assignment-revoked', String(made.id), 'wang.li', at('2026-01-09')],
    ]);
    expect(log[2]!.details).toEqual({ personId: 'wang.li', role: 'town-committee', scope: { town: 'Heluo' }, validFrom: at('2026-01-06') });
    expect(await registry.assignments()).toEqual([
      expect.objectContaining({ id: made.id, revokedAt: at('2026-01-09'), revokedBy: 'wang.li', assignedBy: 'li.na' }),
    ]);
    expect(await registry.keys()).toEqual([expect.objectContaining({ keyId: 'desk-1', revokedAt: at('2026-01-08'), revokedBy: 'li.na' })]);
  });

  it('refuses to revoke twice, naming when and by whom it was revoked, and changes nothing', async () => {
    const registry = store.registry;
    await registry.addPerson({ id: 'li.na', name: 'Li Na' }, by('li.na'));
    const made = await registry.assign(
      { personId: 'li.na', role: 'county-org-dept', scope: { county: 'Luoning' }, validFrom: at('2026-01-05') },
      by('li.na'),
    );
    await registry.revokeAssignment(made.id, by('li.na', '2026-02-01'));
    await expect(registry.revokeAssignment(made.id, by('li.na', '2026-03-01'))).rejects.toThrow(
      `assignment: got ${made.id}; accepted: an assignment not yet revoked (it was revoked ${at('2026-02-01')} by li.na)`,
    );
    await expect(registry.revokeAssignment(999, by('li.na'))).rejects.toThrow('assignment: got 999; accepted: the number of an assignment');
    expect((await registry.changes()).map((c) => c.kind)).toEqual(['person-added', 'assignment-made', 'assignment-revoked']);
  });

  it('refuses an assignment for a person not registered, an end before the start, and the same assignment twice', async () => {
    const registry = store.registry;
    await registry.addPerson({ id: 'li.na', name: 'Li Na' }, by('li.na'));
    const terms = { role: 'guidance-group' as const, scope: { town: 'Heluo', village: 'Xishan' }, validFrom: at('2026-01-05') };
    await expect(registry.assign({ personId: 'nobody', ...terms }, by('li.na'))).rejects.toThrow(
      'personId: got "nobody"; accepted: the id of a registered person',
    );
    await expect(registry.assign({ personId: 'li.na', ...terms, validUntil: at('2026-01-04') }, by('li.na'))).rejects.toThrow(
      'validUntil: got "2026-01-04T08:00:00.000Z"; accepted: an end after the start',
    );
    const first = await registry.assign({ personId: 'li.na', ...terms }, by('li.na'));
    await expect(registry.assign({ personId: 'li.na', ...terms }, by('li.na'))).rejects.toThrow(
      `accepted: an assignment not yet made (assignment ${first.id} is the same)`,
    );
    await expect(
      registry.assign(
        { personId: 'li.na', role: 'chairman' as never, scope: { town: 'He/luo' }, validFrom: at('2026-01-05') },
        by('li.na'),
      ),
    ).rejects.toThrow(/^role: got "chairman"; accepted: one of town-committee, /);
    expect(await registry.assignments()).toHaveLength(1);
  });

  it("keeps a town's earlier counties: the county a town was in is read as of an instant", async () => {
    const registry = store.registry;
    await registry.addPerson({ id: 'li.na', name: 'Li Na' }, by('li.na'));
    await registry.setTownCounty('Heluo', 'Luoning', by('li.na', '2026-01-05'));
    expect(await registry.setTownCounty('Heluo', 'Luoning', by('li.na', '2026-01-06'))).toEqual({ changed: false, previous: 'Luoning' });
    await registry.setTownCounty('Heluo', 'Yiyang', by('li.na', '2026-03-01'));
    expect(await registry.townCounty('Heluo', at('2026-02-01'))).toBe('Luoning');
    expect(await registry.townCounty('Heluo')).toBe('Yiyang');
    expect(await registry.townCounty('Heluo', at('2026-01-01'))).toBeUndefined();
    expect(await registry.countyTowns('Luoning')).toEqual([]);
    expect(await registry.countyTowns('Yiyang')).toEqual(['Heluo']);
    expect((await registry.changes()).filter((c) => c.kind === 'town-county-set').map((c) => c.details)).toEqual([
      { county: 'Luoning' },
      { county: 'Yiyang', previous: 'Luoning' },
    ]);
  });

  it('imports a file as a whole: a line that contradicts the registry refuses the file, naming its line, and writes nothing', async () => {
    const registry = store.registry;
    await registry.addPerson({ id: 'li.na', name: 'Li Na' }, by('li.na'));
    const lines = [
      {
        line: 2,
        person: { id: 'wang.li', name: 'Wang Li' },
        assignment: { role: 'town-committee' as const, scope: { town: 'Heluo' }, validFrom: at('2026-01-05') },
      },
      { line: 3, person: { id: 'li.na', name: 'Li Nana' } },
      { line: 4, person: { id: 'wang.li', name: 'Wang Lee' } },
    ];
    const refused = await registry.importPeople(lines, by('li.na'), 'people.csv').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ImportRefusal);
    expect((refused as ImportRefusal).problems).toEqual([
      'line 3, field name: person "li.na" is registered as "Li Na"; accepted: the registered name and contact, or another person id',
      'line 4, field name: person "wang.li" is "Wang Li" on line 2; accepted: the same name and contact on every line of a person',
    ]);
    expect(await registry.people()).toEqual([{ id: 'li.na', name: 'Li Na' }]);
    expect(await registry.assignments()).toEqual([]);
    expect((await registry.changes()).map((c) => c.kind)).toEqual(['person-added']);

    const summary = await registry.importPeople(lines.slice(0, 1), by('li.na', '2026-01-06'), 'people.csv');
    expect(summary).toEqual({ peopleAdded: ['wang.li'], assignmentsMade: [expect.any(Number)], unchanged: [] });
    expect(await registry.importPeople(lines.slice(0, 1), by('li.na', '2026-01-07'), 'people.csv')).toEqual({
      peopleAdded: [],
      assignmentsMade: [],
      unchanged: [2],
    });
    expect((await registry.changes()).map((c) => [c.kind, c.subject, c.by])).toEqual([
      ['person-added', 'li.na', 'li.na'],
      ['person-added', 'wang.li', 'li.na'],
      ['assignment-made', String(summary.assignmentsMade[0]), 'li.na'],
      ['people-imported', 'people.csv', 'li.na'],
    ]);
  });

  it('lets an import into an empty registry name one of its own people as the author', async () => {
    const lines = [
      { line: 2, person: { id: 'wang.li', name: 'Wang Li' } },
      {
        line: 3,
        person: { id: 'li.na', name: 'Li Na' },
        assignment: { role: 'county-org-dept' as const, scope: { county: 'Luoning' }, validFrom: at('2026-01-05') },
      },
    ];
    await expect(store.registry.importPeople(lines, by('zhao.min'), 'people.csv')).rejects.toThrow('by: got "zhao.min"');
    const summary = await store.registry.importPeople(lines, by('li.na'), 'people.csv');
    expect(summary.peopleAdded).toEqual(['li.na', 'wang.li']);
    expect((await store.registry.changes()).filter((c) => c.kind === 'person-added').map((c) => c.details)).toEqual([
      { name: 'Li Na', source: 'people.csv', line: 3 },
      { name: 'Wang Li', source: 'people.csv', line: 2 },
    ]);
  });
});
