import { checkSecretaryElection } from '../../../machines/rules';
import { fullMembers, member, plan } from './fixtures';

const onDate = '2026-04-01';
const roster = [...fullMembers(9), member('recent', { joinedParty: '2025-04-02' }), member('prob', { standing: 'probationary' })];
const committee = ['m1', 'm2', 'm3', 'm4', 'recent'];
const check = (over: Partial<Parameters<typeof checkSecretaryElection>[0]>) =>
  checkSecretaryElection({ committee, secretary: 'm1', deputy: 'm2', electsDeputy: true, roster, plan: plan(), onDate, ...over });

describe('secretary and deputy', () => {
  it('accepts a secretary and a deputy from the committee', () => {
    expect(check({})).toMatchObject({ ok: true, code: 'SECRETARY_ELECTION_ACCEPTED' });
  });

  it('accepts a secretary alone when no deputy is elected', () => {
    expect(check({ deputy: undefined, electsDeputy: false }).ok).toBe(true);
  });

  it.each([
    [{ secretary: 'm5' }, 'SECRETARY_NOT_ON_COMMITTEE'],
    [{ deputy: 'm1' }, 'SECRETARY_AND_DEPUTY_SAME_PERSON'],
    [{ deputy: undefined }, 'DEPUTY_MISSING'],
    [{ electsDeputy: false }, 'DEPUTY_NOT_PROVIDED_FOR'],
    [{ secretary: 'recent' }, 'SECRETARY_MEMBERSHIP_TOO_SHORT'],
    [{ secretary: 'ghost' }, 'SECRETARY_UNKNOWN_MEMBER'],
  ])('refuses %j: %s', (over, code) => {
    expect(check(over)).toMatchObject({ ok: false, code });
  });

  it('accepts a secretary with exactly the minimum years of membership', () => {
    expect(check({ secretary: 'recent', onDate: '2026-04-02' }).ok).toBe(true);
    expect(check({ secretary: 'recent' }).message).toContain("0 whole years of membership on 2026-04-01, fewer than the town plan's 1");
  });

  it('in the direct election of a branch without committee, takes any voting member', () => {
    expect(check({ committee: [], secretary: 'm7', deputy: 'm8', variant: 'direct' }).ok).toBe(true);
    expect(check({ committee: [], secretary: 'prob', deputy: 'm8', variant: 'direct' })).toMatchObject({
      ok: false,
      code: 'NO_VOTE_PROBATIONARY',
    });
  });

  it('in the direct-election pilot with a committee, still takes committee members only', () => {
    expect(check({ secretary: 'm7', variant: 'direct' })).toMatchObject({ ok: false, code: 'SECRETARY_NOT_ON_COMMITTEE' });
  });
});
