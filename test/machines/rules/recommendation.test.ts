import { checkMemberRecommendation, checkRecommendationTally, checkTally, nomineesPassing, type Tally } from '../../../machines/rules';
import { fullMembers, member, plan } from './fixtures';

const tally = (votes: Record<string, number>, participants = 30): Tally => ({
  participants,
  ballotsIssued: participants,
  ballotsReturned: participants,
  votes,
});

describe('recommendation tally', () => {
  it('accepts a tally that adds up', () => {
    expect(checkTally({ participants: 30, ballotsIssued: 29, ballotsReturned: 28, votes: { a: 28 } })).toMatchObject({
      ok: true,
      code: 'TALLY_ADDS_UP',
    });
  });

  it.each([
    [{ participants: 30, ballotsIssued: 30, ballotsReturned: 31, votes: {} }, 'TALLY_MORE_RETURNED_THAN_ISSUED'],
    [{ participants: 30, ballotsIssued: 31, ballotsReturned: 30, votes: {} }, 'TALLY_MORE_ISSUED_THAN_PARTICIPANTS'],
    [{ participants: 30, ballotsIssued: 30, ballotsReturned: 29, votes: { a: 30 } }, 'TALLY_VOTES_EXCEED_RETURNED'],
    [{ participants: 30, ballotsIssued: 30, ballotsReturned: 30, votes: { a: -1 } }, 'TALLY_INVALID_FIGURES'],
  ])('rejects a tally that does not add up: %j', (input, code) => {
    expect(checkTally(input)).toMatchObject({ ok: false, code });
  });

  it('lists every problem of a tally in one message', () => {
    const verdict = checkTally({ participants: 10, ballotsIssued: 11, ballotsReturned: 12, votes: { a: 13 } });
    expect(verdict.figures.problems).toEqual([
      'TALLY_MORE_RETURNED_THAN_ISSUED',
      'TALLY_MORE_ISSUED_THAN_PARTICIPANTS',
      'TALLY_VOTES_EXCEED_RETURNED',
    ]);
  });
});

describe('recommendation threshold: more than 1/3 of the participants', () => {
  it.each([
    [30, 10, false],
    [30, 11, true],
    [31, 10, false],
    [31, 11, true],
    [3, 1, false],
    [3, 2, true],
  ])('with %i participants, %i votes passes: %s', (participants, votes, passes) => {
    const result = nomineesPassing(tally({ a: votes }, participants), plan());
    expect(result.passing).toEqual(passes ? ['a'] : []);
  });

  it('shows the arithmetic and both lists, most votes first', () => {
    const result = nomineesPassing(tally({ c: 10, a: 25, b: 11 }), plan());
    expect(result.passing).toEqual(['a', 'b']);
    expect(result.verdict).toMatchObject({ ok: true, code: 'RECOMMENDATION_NOMINEES_PASSED' });
    expect(result.verdict.message).toBe(
      'more than 1/3 of 30 participants (1/3 × 30 = 10) means at least 11 votes; passing to inspection: a 25, b 11; not passing: c 10',
    );
  });

  it('keeps a tally in which nobody passes as a true record', () => {
    const result = nomineesPassing(tally({ a: 3 }), plan());
    expect(result).toMatchObject({ passing: [], verdict: { ok: true, code: 'RECOMMENDATION_NO_NOMINEE_PASSED' } });
  });

  it('uses the town plan threshold: more than 1/2', () => {
    const half = plan({ recommendationThreshold: { numerator: 1, denominator: 2 } });
    expect(nomineesPassing(tally({ a: 15, b: 16 }), half).passing).toEqual(['b']);
  });

  it('passes nobody from a tally that does not add up', () => {
    const result = nomineesPassing({ participants: 30, ballotsIssued: 30, ballotsReturned: 31, votes: { a: 30 } }, plan());
    expect(result).toMatchObject({ passing: [], verdict: { ok: false, code: 'TALLY_MORE_RETURNED_THAN_ISSUED' } });
  });
});

describe('a recommendation tally of this village', () => {
  const roster = [...fullMembers(9), member('p1', { standing: 'probationary' })];

  it('refuses a nominee who is not a full member of the branch', () => {
    expect(checkRecommendationTally({ tally: tally({ m1: 20, p1: 12 }), roster })).toMatchObject({
      ok: false,
      code: 'NOMINEE_NOT_ELIGIBLE',
    });
  });

  it('refused (version 1) a Party member recommendation in which too few pass to make up the slate', () => {
    const result = checkMemberRecommendation({
      tally: tally({ m1: 20, m2: 20, m3: 20 }),
      roster,
      plan: plan(),
      form: 'committee',
      seats: 3,
      edition: 1,
    });
    expect(result).toMatchObject({ ok: false, code: 'TOO_FEW_NOMINEES_PASS', figures: { passing: 3, needed: 4 } });
  });

  it('needs one passing nominee where the conference elects the secretary directly', () => {
    const result = checkMemberRecommendation({ tally: tally({ m1: 7 }, 9), roster, plan: plan(), form: 'secretary-direct', seats: 1 });
    expect(result).toMatchObject({ ok: true, code: 'RECOMMENDATION_NOMINEES_PASSED' });
  });
});

describe('a recommendation tally bounded by who exists (version 2)', () => {
  const roster = [...fullMembers(9), member('p1', { standing: 'probationary' })];
  const recommend = (given: Tally, over: Partial<Parameters<typeof checkMemberRecommendation>[0]> = {}) =>
    checkMemberRecommendation({ tally: given, roster, plan: plan(), form: 'committee', seats: 3, ...over });

  it('refuses more participants than voting members, which version 1 accepted', () => {
    const thirty = tally({ m1: 20, m2: 20, m3: 20, m4: 20 });
    expect(recommend(thirty, { edition: 1 }).ok).toBe(true);
    expect(recommend(thirty)).toMatchObject({ ok: false, code: 'TALLY_MORE_PARTICIPANTS_THAN_EXIST' });
    expect(recommend(thirty).message).toContain('participants: got 30, more than the 9 voting members of the branch');
  });

  it('refuses more votes than ballots returned × posts', () => {
    // 9 ballots naming at most 3 people each: 27 votes at most; 28 cannot be.
    expect(recommend(tally({ m1: 7, m2: 7, m3: 7, m4: 7 }, 9))).toMatchObject({ ok: false, code: 'TALLY_VOTES_EXCEED_MARKS' });
    expect(recommend(tally({ m1: 7, m2: 7, m3: 7, m4: 6 }, 9)).ok).toBe(true);
  });

  it('bounds a mass recommendation by the villager representatives recorded', () => {
    const bounds = { participants: 24, who: 'villager representatives recorded at the investigation', posts: 3 };
    expect(checkRecommendationTally({ tally: tally({ m1: 20 }, 25), roster, bounds })).toMatchObject({
      ok: false,
      code: 'TALLY_MORE_PARTICIPANTS_THAN_EXIST',
      message: 'participants: got 25, more than the 24 villager representatives recorded at the investigation: correct the tally',
    });
    expect(checkRecommendationTally({ tally: tally({ m1: 20 }, 24), roster, bounds }).ok).toBe(true);
  });

  it('keeps a true tally in which too few pass, and says the recommendation is held again', () => {
    const result = recommend(tally({ m1: 7, m2: 7, m3: 7, m4: 2 }, 9));
    expect(result).toMatchObject({ ok: true, code: 'RECOMMENDATION_TOO_FEW_PASS', figures: { passing: 3, needed: 4 } });
    expect(result.message).toContain('3 nominees passed but the slate needs at least 4; hold the recommendation again');
  });

  it('needs two passing nominees where the conference elects a secretary and a deputy directly', () => {
    const direct = { form: 'secretary-direct' as const, seats: 1, electsDeputy: true };
    expect(recommend(tally({ m1: 7 }, 9), direct).code).toBe('RECOMMENDATION_TOO_FEW_PASS');
    expect(recommend(tally({ m1: 7, m2: 5 }, 9), direct).code).toBe('RECOMMENDATION_NOMINEES_PASSED');
  });
});
