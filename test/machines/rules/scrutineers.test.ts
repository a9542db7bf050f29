import { checkScrutineers } from '../../../machines/rules';
import { fullMembers, member } from './fixtures';

const roster = [...fullMembers(6), member('p1', { standing: 'probationary' }), member('s1', { standing: 'suspended' })];
const candidates = ['m1', 'm2', 'm3', 'm4'];

describe('scrutineers', () => {
  it('accepts members who are not candidates, probationary members included', () => {
    expect(checkScrutineers({ scrutineers: ['m5', 'p1'], candidates, roster })).toMatchObject({ ok: true, code: 'SCRUTINEERS_ACCEPTED' });
  });

  it.each([
    [['m1'], 'SCRUTINEER_IS_CANDIDATE'],
    [['ghost'], 'SCRUTINEER_UNKNOWN_MEMBER'],
    [['s1'], 'SCRUTINEER_RIGHTS_SUSPENDED'],
    [['m5', 'm5'], 'SCRUTINEER_DUPLICATE'],
    [[], 'SCRUTINEERS_NONE'],
  ])('refuses %j: %s', (scrutineers, code) => {
    expect(checkScrutineers({ scrutineers, candidates, roster })).toMatchObject({ ok: false, code });
  });
});
