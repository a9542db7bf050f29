import { resolveVillageKeyring, type OutcomeStore } from '../../activities/store';
import type { Role } from '../../machines/roles';
import { STORE_KINDS, tempStore } from '../support/stores';

const at = (day: string) => `${day}T08:00:00.000Z`;
const pk = (letter: string) => letter.repeat(43);

describe.each(STORE_KINDS)("a village's keyring resolved from the people registry on %s", (kind) => {
  let store: OutcomeStore;
  const as = (person: string, day = '2026-01-05') => ({ by: person, at: at(day) });
  const assign = (personId: string, role: Role, scope: { county: string } | { town: string; village?: string }, extra = {}) =>
    store.registry.assign({ personId, role, scope, validFrom: at('2026-01-05'), ...extra }, as('org'));
  const key = (keyId: string, owner: { personId: string } | { desk: string }, letter: string, day = '2026-01-05') =>
    store.registry.registerKey({ keyId, publicKey: pk(letter), owner, validFrom: at(day) }, as('org', day));
  const xishan = (day: string) => resolveVillageKeyring(store, { town: 'Heluo', village: 'Xishan', at: at(day) });

  beforeAll(async () => {
    store = await tempStore(kind);
    const { registry } = store;
    await registry.addPerson({ id: 'org', name: 'Li Na' }, as('org'));
    for (const [id, name] of [
      ['county.zhou', 'Zhou Qiang'],
      ['town.wang', 'Wang Li'],
      ['village.chen', 'Chen Jing'],
      ['dongpo.he', 'He Ping'],
      ['xiaojie.sun', 'Sun Yue'],
      ['yiyang.ma', 'Ma Lin'],
      ['former.gao', 'Gao Wei'],
    ])
      await registry.addPerson({ id: id!, name: name! }, as('org'));
    await registry.setTownCounty('Heluo', 'Luoning', as('org'));
    await registry.setTownCounty('Xiaojie', 'Luoning', as('org'));
    await registry.setTownCounty('Sanxiang', 'Yiyang', as('org'));
    await assign('county.zhou', 'county-org-dept', { county: 'Luoning' });
    await assign('town.wang', 'town-committee', { town: 'Heluo' }, { validUntil: at('2026-12-31') });
    await assign('village.chen', 'guidance-group', { town: 'Heluo', village: 'Xishan' });
    await assign('village.chen', 'scrutineer', { town: 'Heluo', village: 'Xishan' }, { validFrom: at('2026-03-01') });
    await assign('dongpo.he', 'guidance-group', { town: 'Heluo', village: 'Dongpo' });
    await assign('xiaojie.sun', 'town-committee', { town: 'Xiaojie' });
    await assign('yiyang.ma', 'county-org-dept', { county: 'Yiyang' });
    const gone = await assign('former.gao', 'guidance-group', { town: 'Heluo', village: 'Xishan' }, { validFrom: at('2026-04-01') });
    await store.registry.revokeAssignment(gone.id, as('org', '2026-02-01'));
    await key('k-zhou', { personId: 'county.zhou' }, 'Z');
    await key('k-wang', { personId: 'town.wang' }, 'W');
    await key('k-chen-old', { personId: 'village.chen' }, 'C');
    await key('k-chen', { personId: 'village.chen' }, 'D', '2026-02-10');
    await key('k-he', { personId: 'dongpo.he' }, 'H');
    await key('k-sun', { personId: 'xiaojie.sun' }, 'S');
    await key('desk', { desk: 'approvers-desk' }, 'K');
    await store.registry.revokeKey('k-chen-old', as('org', '2026-02-10'));
  });
  afterAll(() => store?.close());

  it('holds the people assigned to the village, its town and its county, with their windows, and the keys of those people and of the desk', async () => {
    expect(await xishan('2026-06-01')).toEqual({
      town: 'Heluo',
      village: 'Xishan',
      resolvedAt: at('2026-06-01'),
      people: [
        { personId: 'county.zhou', name: 'Zhou Qiang', assignments: [{ role: 'county-org-dept', validFrom: at('2026-01-05') }] },
        {
          personId: 'town.wang',
          name: 'Wang Li',
          assignments: [{ role: 'town-committee', validFrom: at('2026-01-05'), validUntil: at('2026-12-31') }],
        },
        {
          personId: 'village.chen',
          name: 'Chen Jing',
          assignments: [
            { role: 'guidance-group', validFrom: at('2026-01-05') },
            { role: 'scrutineer', validFrom: at('2026-03-01') },
          ],
        },
      ],
      keys: [
        { keyId: 'desk', publicKey: pk('K'), owner: { desk: 'approvers-desk' }, validFrom: at('2026-01-05') },
        { keyId: 'k-chen', publicKey: pk('D'), owner: { personId: 'village.chen' }, validFrom: at('2026-02-10') },
        {
          keyId: 'k-chen-old',
          publicKey: pk('C'),
          owner: { personId: 'village.chen' },
          validFrom: at('2026-01-05'),
          revokedAt: at('2026-02-10'),
        },
        { keyId: 'k-wang', publicKey: pk('W'), owner: { personId: 'town.wang' }, validFrom: at('2026-01-05') },
        { keyId: 'k-zhou', publicKey: pk('Z'), owner: { personId: 'county.zhou' }, validFrom: at('2026-01-05') },
      ],
    });
  });

  it('reads the registry as it stood at the instant asked: a key registered or revoked later is not seen, nor a revocation to come', async () => {
    const early = await xishan('2026-01-20');
    expect(early.keys.map((k) => [k.keyId, k.revokedAt])).toEqual([
      ['desk', undefined],
      ['k-chen-old', undefined],
      ['k-wang', undefined],
      ['k-zhou', undefined],
    ]);
    // Gao's assignment (from April) was revoked on 1 February: before then it is in the keyring with its window.
    expect(early.people.map((p) => p.personId)).toEqual(['county.zhou', 'former.gao', 'town.wang', 'village.chen']);
    expect(early.people[1]!.assignments).toEqual([{ role: 'guidance-group', validFrom: at('2026-04-01') }]);
  });

  it('ends a revoked assignment at its revocation, and leaves out one revoked before it began', async () => {
    const { registry } = store;
    const made = await registry.assign(
      {
        personId: 'dongpo.he',
        role: 'inspection-team',
        scope: { town: 'Heluo' },
        validFrom: at('2026-01-05'),
        validUntil: at('2027-01-01'),
      },
      as('org', '2026-05-01'),
    );
    await registry.revokeAssignment(made.id, as('org', '2026-05-10'));
    const ring = await xishan('2026-06-01');
    expect(ring.people.map((p) => p.personId)).toEqual(['county.zhou', 'dongpo.he', 'town.wang', 'village.chen']);
    expect(ring.people[1]!.assignments).toEqual([{ role: 'inspection-team', validFrom: at('2026-01-05'), validUntil: at('2026-05-10') }]);
    expect(ring.keys.map((k) => k.keyId)).toContain('k-he');
    expect((await xishan('2026-05-05')).people[1]!.assignments).toEqual([
      { role: 'inspection-team', validFrom: at('2026-01-05'), validUntil: at('2027-01-01') },
    ]);
  });

  it('follows the county of the town: a town moved to another county is covered by that county’s people from the move on', async () => {
    await store.registry.setTownCounty('Heluo', 'Yiyang', as('org', '2026-07-01'));
    const before = await xishan('2026-06-30');
    const after = await xishan('2026-07-02');
    expect(before.people.map((p) => p.personId)).toContain('county.zhou');
    expect(before.people.map((p) => p.personId)).not.toContain('yiyang.ma');
    expect(after.people.map((p) => p.personId)).toContain('yiyang.ma');
    expect(after.people.map((p) => p.personId)).not.toContain('county.zhou');
    expect(after.keys.map((k) => k.keyId)).not.toContain('k-zhou');
  });

  it('gives the same keyring for the same registry and instant, and other villages only their own people', async () => {
    expect(await xishan('2026-06-15')).toEqual(await xishan('2026-06-15'));
    const dongpo = await resolveVillageKeyring(store, { town: 'Heluo', village: 'Dongpo', at: new Date(at('2026-06-15')) });
    expect(dongpo.people.map((p) => p.personId)).toEqual(['county.zhou', 'dongpo.he', 'town.wang']);
    const beiwan = await resolveVillageKeyring(store, { town: 'Xiaojie', village: 'Beiwan', at: at('2026-06-15') });
    expect(beiwan.people.map((p) => p.personId)).toEqual(['county.zhou', 'xiaojie.sun']);
    expect(beiwan.keys.map((k) => k.keyId)).toEqual(['desk', 'k-sun', 'k-zhou']);
  });

  it('refuses a village name a workflow id could not hold, and an instant that is not one', async () => {
    await expect(resolveVillageKeyring(store, { town: 'Heluo', village: 'Xi/shan', at: at('2026-06-01') })).rejects.toThrow(
      'accepted: the village name without "/"',
    );
    await expect(resolveVillageKeyring(store, { town: 'Heluo', village: 'Xishan', at: '2026-06-01' })).rejects.toThrow(
      'accepted: an ISO 8601 UTC instant',
    );
  });
});
