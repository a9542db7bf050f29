import type { OutcomeStore } from '../../activities/store';
import { actionsFor } from '../../desk/actions';
import { actingRole, maySee, personScope, rolesAt, townsOf } from '../../desk/scope';
import { workingDaysUntil } from '../../desk/workingDays';
import type { PublicView } from '../../machines/view';
import { tempStore } from '../support/stores';

const at = '2026-01-01T00:00:00.000Z';
const author = { by: 'keeper', at };

describe('what a signed-in person may see and do at the desk', () => {
  let store: OutcomeStore;
  beforeAll(async () => {
    store = await tempStore();
    const r = store.registry;
    await r.addPerson({ id: 'keeper', name: '组织部 王' }, author);
    for (const [id, name] of [
      ['zhang', '张书记'],
      ['li', '李组长'],
      ['zhao', '赵部长'],
      ['gone', '钱某'],
    ])
      await r.addPerson({ id: id!, name: name! }, author);
    await r.setTownCounty('Heluo', 'Yuxian', author);
    await r.setTownCounty('Baishui', 'Yuxian', author);
    await r.assign({ personId: 'zhang', role: 'town-committee', scope: { town: 'Heluo' }, validFrom: at }, author);
    await r.assign({ personId: 'li', role: 'guidance-group', scope: { town: 'Heluo', village: 'Xishan' }, validFrom: at }, author);
    await r.assign({ personId: 'zhao', role: 'county-org-dept', scope: { county: 'Yuxian' }, validFrom: at }, author);
    const ended = await r.assign({ personId: 'gone', role: 'town-committee', scope: { town: 'Heluo' }, validFrom: at }, author);
    await r.revokeAssignment(ended.id, { by: 'keeper', at: '2026-02-01T00:00:00.000Z' });
  });
  afterAll(() => store.close());

  const now = new Date('2026-06-01T00:00:00.000Z');

  it('gives a town committee member the whole town and nothing beyond it', async () => {
    const scope = await personScope(store.registry, 'zhang', now);
    expect(rolesAt(scope, { town: 'Heluo', village: 'Xishan' })).toEqual(['town-committee']);
    expect(maySee(scope, { town: 'Heluo' })).toBe(true);
    expect(maySee(scope, { town: 'Baishui', village: 'Dongpo' })).toBe(false);
    expect(townsOf(scope)).toEqual(['Heluo']);
    expect(actingRole(scope, { town: 'Heluo', village: 'Xishan' }, 'APPROVE_SLATE')).toBe('town-committee');
    expect(actingRole(scope, { town: 'Heluo', village: 'Xishan' }, 'RECORD_ROUND')).toBeUndefined();
  });

  it('gives a guidance cadre their one village only', async () => {
    const scope = await personScope(store.registry, 'li', now);
    expect(maySee(scope, { town: 'Heluo', village: 'Xishan' })).toBe(true);
    expect(maySee(scope, { town: 'Heluo', village: 'Lucun' })).toBe(false);
    expect(rolesAt(scope, { town: 'Heluo' })).toEqual([]);
  });

  it('gives the county department every town of its county', async () => {
    const scope = await personScope(store.registry, 'zhao', now);
    expect(townsOf(scope)).toEqual(['Baishui', 'Heluo']);
    expect(rolesAt(scope, { town: 'Baishui', village: 'Dongpo' })).toEqual(['county-org-dept']);
  });

  it('gives nothing to someone whose assignment was revoked, and nothing before an assignment starts', async () => {
    expect((await personScope(store.registry, 'gone', now)).assignments).toEqual([]);
    expect((await personScope(store.registry, 'zhang', new Date('2025-12-31T23:59:59.000Z'))).assignments).toEqual([]);
  });

  it('offers only the open decisions a role of the person may make', async () => {
    const scope = await personScope(store.registry, 'zhang', now);
    const view = {
      town: 'Heluo',
      village: 'Xishan',
      status: 'running',
      open: ['APPROVE_SLATE', 'SEND_BACK_SLATE', 'CANCEL', 'PROPOSE_POSTPONEMENT', 'FILE_OBJECTION'],
      pending: [],
    } as unknown as PublicView;
    expect(actionsFor(scope, view).map((a) => a.decision)).toEqual([
      'PROPOSE_POSTPONEMENT',
      'APPROVE_SLATE',
      'SEND_BACK_SLATE',
      'FILE_OBJECTION',
      'CANCEL',
    ]);
    const cadre = await personScope(store.registry, 'li', now);
    expect(actionsFor(cadre, view).map((a) => a.decision)).toEqual(['FILE_OBJECTION']);
    expect(actionsFor(scope, { ...view, status: 'completed' })).toEqual([]);
  });
});

describe('a deadline in working days', () => {
  it('counts the working days ahead, not today, and the deadline’s day', () => {
    // Monday 2 March 2026, 10:00 Beijing; the deadline Friday 6 March: Tuesday to Friday are four working days.
    expect(workingDaysUntil(Date.parse('2026-03-02T02:00:00Z'), '2026-03-06T15:59:59.999Z')).toBe(4);
  });

  it('skips a weekend', () => {
    // Friday 6 March to Monday 9 March: one working day.
    expect(workingDaysUntil(Date.parse('2026-03-06T02:00:00Z'), '2026-03-09T08:00:00Z')).toBe(1);
  });

  it('is 0 on the day and negative once passed', () => {
    expect(workingDaysUntil(Date.parse('2026-03-09T01:00:00Z'), '2026-03-09T08:00:00Z')).toBe(0);
    expect(workingDaysUntil(Date.parse('2026-03-11T01:00:00Z'), '2026-03-09T08:00:00Z')).toBe(-2);
  });

  it('reads both instants as Beijing days', () => {
    // 23:30 UTC on Sunday 8 March is 07:30 on Monday 9 March in Beijing: the deadline is today there.
    expect(workingDaysUntil(Date.parse('2026-03-08T23:30:00Z'), '2026-03-09T08:00:00Z')).toBe(0);
  });
});
