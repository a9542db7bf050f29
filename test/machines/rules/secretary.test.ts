import { checkPlenaryVote, checkSecretaryElection, secretaryCandidates, secretaryMembership } from '../../../machines/rules';
import { fullMembers, member, plan } from './fixtures';

const onDate = '2026-04-01';
const roster = [...fullMembers(9), member('recent', { joinedParty: '2025-04-02' }), member('prob', { standing: 'probationary' })];
const committee = ['m1', 'm2', 'm3', 'm4', 'recent'];
type Input = Parameters<typeof checkSecretaryElection>[0];

/** The first plenary's vote that elects `secretary` (and `deputy`) with 4 of the 5 committee members. */
const unanimousPlenary = (secretary: string, deputy?: string) => ({
  membersPresent: committee,
  votes: { secretary: { [secretary]: 4 }, ...(deputy ? { deputy: { [deputy]: 4 } } : {}) },
});

const check = (over: Partial<Input>) => {
  const given: Input = { committee, secretary: 'm1', deputy: 'm2', electsDeputy: true, roster, plan: plan(), onDate, ...over };
  return checkSecretaryElection({ plenary: unanimousPlenary(given.secretary, given.deputy), ...given });
};

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

  it('counted membership from joining in version 1: exactly the minimum years on the anniversary of joining', () => {
    expect(check({ secretary: 'recent', onDate: '2026-04-02', edition: 1 }).ok).toBe(true);
    expect(check({ secretary: 'recent', edition: 1 }).message).toContain(
      "0 whole years of membership on 2026-04-01, fewer than the town plan's 1 year",
    );
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

describe("the secretary's Party standing counts from full membership (version 2)", () => {
  const joined = member('j', { name: 'Joined 2024', joinedParty: '2024-06-01' });

  it('counts from the recorded date of full membership', () => {
    const late = { ...joined, fullMemberSince: '2025-12-01' };
    expect(secretaryMembership(late, plan(), '2026-11-30')).toMatchObject({ ok: false, figures: { membershipYears: 0 } });
    expect(secretaryMembership(late, plan(), '2026-12-01')).toMatchObject({ ok: true, figures: { membershipYears: 1 } });
  });

  it('reads a roster without the date as full membership one year after joining, where version 1 counted from joining', () => {
    expect(secretaryMembership(joined, plan(), '2025-06-01', 1).ok).toBe(true);
    expect(secretaryMembership(joined, plan(), '2025-06-01')).toMatchObject({ ok: false, figures: { countedFrom: '2025-06-01' } });
    expect(secretaryMembership(joined, plan(), '2026-06-01')).toMatchObject({ ok: true, figures: { membershipYears: 1 } });
    expect(secretaryMembership(joined, plan(), '2025-06-01').message).toBe(
      "secretary Joined 2024 (j), a full member since 2025-06-01 (no date of full membership recorded: one year after joining on 2024-06-01): 0 whole years of membership on 2025-06-01, fewer than the town plan's 1 year",
    );
  });

  it('keeps off a direct secretary ballot those without the years, naming why', () => {
    const pool = [...roster, joined];
    const { eligible, verdict } = secretaryCandidates({
      candidates: ['m1', 'j'],
      roster: pool,
      plan: plan(),
      onDate: '2025-12-01',
      edition: 2,
    });
    expect(eligible).toEqual(['m1']);
    expect(verdict.message).toContain('not on the ballot: secretary Joined 2024 (j)');
    expect(secretaryCandidates({ candidates: ['m1', 'j'], roster: pool, plan: plan(), onDate: '2025-12-01', edition: 1 }).eligible).toEqual(
      ['m1', 'j'],
    );
  });
});

describe("the first plenary's vote (version 2)", () => {
  const vote = (over: Partial<Parameters<typeof checkPlenaryVote>[0]>) =>
    checkPlenaryVote({ committee, secretary: 'm1', membersPresent: committee, votes: { secretary: { m1: 3, m2: 2 } }, ...over });

  it('elects with votes from more than half of the whole committee, exactly half failing', () => {
    expect(vote({}).ok).toBe(true);
    expect(vote({ membersPresent: ['m1', 'm2', 'm3', 'm4'], votes: { secretary: { m1: 2, m2: 2 } } })).toMatchObject({
      ok: false,
      code: 'PLENARY_NO_MAJORITY',
    });
    // 3 of 4 present is a majority of those present, but not of the 5 members.
    expect(vote({ membersPresent: ['m1', 'm2', 'm3'], votes: { secretary: { m1: 2, m2: 1 } } }).message).toContain(
      'secretary m1 has 2 votes, not more than half of the 5 committee members (2 × 2 = 4 > 5 is false): the plenary votes again',
    );
  });

  it('refuses a plenary record without its vote, which version 1 accepted', () => {
    const bare = { committee, secretary: 'm1', deputy: 'm2', electsDeputy: true, roster, plan: plan(), onDate };
    expect(checkSecretaryElection({ ...bare, edition: 1 }).ok).toBe(true);
    expect(checkSecretaryElection(bare)).toMatchObject({ ok: false, code: 'PLENARY_VOTE_MISSING' });
  });

  it.each([
    [{ membersPresent: ['m1', 'm9'] }, 'PLENARY_PRESENT_NOT_ON_COMMITTEE'],
    [{ membersPresent: ['m1', 'm1', 'm2'] }, 'PLENARY_PRESENT_TWICE'],
    [{ membersPresent: ['m1', 'm2', 'm3'], votes: { secretary: { m1: 3, m2: 1 } } }, 'PLENARY_MORE_VOTES_THAN_PRESENT'],
    [{ votes: { secretary: { m1: 3, m9: 1 } } }, 'PLENARY_VOTES_FOR_NON_MEMBER'],
    [{ votes: { secretary: { m2: 3 } } }, 'PLENARY_ELECTED_WITHOUT_VOTES'],
    [{ deputy: 'm2' }, 'PLENARY_DEPUTY_VOTES_MISSING'],
    [{ deputy: 'm2', votes: { secretary: { m1: 3 }, deputy: { m2: 3, m1: 1 } } }, 'PLENARY_VOTES_FOR_SECRETARY_AS_DEPUTY'],
    [{ votes: { secretary: { m1: 3 }, deputy: { m2: 3 } } }, 'PLENARY_DEPUTY_VOTES_WITHOUT_DEPUTY'],
  ])('refuses %j: %s', (over, code) => {
    expect(vote(over)).toMatchObject({ ok: false, code });
  });
});
