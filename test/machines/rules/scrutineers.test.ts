import { checkCountConfirmation, checkScrutineers } from '../../../machines/rules';
import { fullMembers, member } from './fixtures';

const roster = [...fullMembers(6), member('p1', { standing: 'probationary' }), member('s1', { standing: 'suspended' })];
const candidates = ['m1', 'm2', 'm3', 'm4'];
const present = roster.map((m) => m.id);

describe('scrutineers', () => {
  it('accepts members who are not candidates, probationary members included', () => {
    expect(checkScrutineers({ scrutineers: ['m5', 'p1'], candidates, roster, present })).toMatchObject({
      ok: true,
      code: 'SCRUTINEERS_ACCEPTED',
    });
  });

  it.each([
    [['m1'], 'SCRUTINEER_IS_CANDIDATE'],
    [['ghost'], 'SCRUTINEER_UNKNOWN_MEMBER'],
    [['s1'], 'SCRUTINEER_NO_VOTE'],
    [['m5', 'm5'], 'SCRUTINEER_DUPLICATE'],
    [[], 'SCRUTINEERS_NONE'],
  ])('refuses %j: %s', (scrutineers, code) => {
    expect(checkScrutineers({ scrutineers, candidates, roster, present })).toMatchObject({ ok: false, code });
  });

  it('refuses a member not recorded present at the conference', () => {
    expect(checkScrutineers({ scrutineers: ['m5', 'm6'], candidates, roster, present: ['m5'] })).toMatchObject({
      ok: false,
      code: 'SCRUTINEER_NOT_PRESENT',
    });
  });

  it('lets only an appointed scrutineer confirm the count', () => {
    expect(checkCountConfirmation({ by: 'm5', scrutineers: ['m5', 'm6'] })).toMatchObject({ ok: true, code: 'COUNT_CONFIRMED' });
    expect(checkCountConfirmation({ by: 'm1', scrutineers: ['m5', 'm6'] })).toMatchObject({
      ok: false,
      code: 'NOT_AN_APPOINTED_SCRUTINEER',
    });
  });
});
