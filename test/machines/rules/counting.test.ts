import { canReduceSeats, checkSeatReduction, countRound, type Round, seatReductionVote } from '../../../machines/rules';

/** A committee round for 3 seats among a–d with 40 voters present, all 40 due to attend, and every ballot valid. */
function round(over: Partial<Round> = {}): Round {
  return {
    kind: 'committee',
    seats: 3,
    candidates: ['a', 'b', 'c', 'd'],
    votersPresent: 40,
    dueToAttend: 40,
    ballotsIssued: 40,
    ballotsReturned: 40,
    validBallots: 40,
    invalidBallots: 0,
    votes: { a: 35, b: 30, c: 25, d: 10 },
    ...over,
  };
}

describe('round validity', () => {
  it('counts a round with as many ballots returned as issued', () => {
    expect(countRound(round()).status).toBe('elected');
  });

  it('counts a round with fewer ballots returned than issued', () => {
    expect(countRound(round({ ballotsReturned: 39, validBallots: 39, votes: { a: 35, b: 30, c: 25, d: 10 } })).status).toBe('elected');
  });

  it('voids a round with more ballots returned than issued', () => {
    const result = countRound(round({ ballotsReturned: 41, validBallots: 41 }));
    expect(result).toMatchObject({ status: 'void', elected: [], verdict: { code: 'ROUND_VOID_MORE_RETURNED_THAN_ISSUED' } });
    expect(result.verdict.message).toBe('ballots returned 41 is more than ballots issued 40: the round is void and must be re-run');
  });
});

/** A secretary round for 1 seat in which every voter present returns a valid ballot and `s` gets `votes`. */
const secretaryRound = (votersPresent: number, votes: number, dueToAttend?: number): Round => ({
  kind: 'secretary',
  seats: 1,
  candidates: ['s'],
  votersPresent,
  ballotsIssued: votersPresent,
  ballotsReturned: votersPresent,
  validBallots: votersPresent,
  invalidBallots: 0,
  votes: { s: votes },
  ...(dueToAttend === undefined ? {} : { dueToAttend }),
});

describe('elected (version 1): more than half of the voters present', () => {
  it.each([
    [40, 20, false],
    [40, 21, true],
    [41, 20, false],
    [41, 21, true],
    [7, 4, true],
    [8, 4, false],
  ])('with %i voters present, %i votes elect: %s', (votersPresent, votes, elected) => {
    const result = countRound(secretaryRound(votersPresent, votes), { edition: 1 });
    expect(result.status).toBe(elected ? 'elected' : 'shortfall');
    expect(result.elected).toEqual(elected ? ['s'] : []);
  });

  it('shows the majority arithmetic in its sentence', () => {
    expect(countRound(round(), { edition: 1 }).verdict.message).toBe(
      'committee round for 3 seats, elected with more than half of 40 voters present, at least 21 votes (2 × votes > 40); elected: a 35, b 30, c 25; not elected: d 10',
    );
  });
});

describe('elected (version 2, the 2020 Regulations): more than half of the voting members due to attend', () => {
  it.each([
    [50, 41, 22, false, true],
    [50, 41, 25, false, true],
    [50, 41, 20, false, false],
    [50, 41, 26, true, true],
    [40, 40, 20, false, false],
    [40, 40, 21, true, true],
    [9, 8, 5, true, true],
    [10, 9, 5, false, true],
  ])('with %i due and %i present, %i votes elect: %s (version 1 said %s)', (due, present, votes, elected, electedOnV1) => {
    const round = secretaryRound(present, votes, due);
    expect(countRound(round).elected).toEqual(elected ? ['s'] : []);
    expect(countRound(round, { edition: 2 }).elected).toEqual(elected ? ['s'] : []);
    expect(countRound(round, { edition: 1 }).elected).toEqual(electedOnV1 ? ['s'] : []);
  });

  it('shows the majority of those due in its sentence', () => {
    expect(countRound(secretaryRound(41, 22, 50)).verdict.message).toBe(
      'secretary round for 1 seat, elected with more than half of the 50 members due to attend, at least 26 votes (2 × votes > 50); elected: none; 1 of 1 seat unfilled: another election among s 22',
    );
  });

  it('refuses a round that does not say how many are due to attend', () => {
    expect(countRound(secretaryRound(41, 22))).toMatchObject({ status: 'rejected', verdict: { code: 'ROUND_DUE_TO_ATTEND_MISSING' } });
  });

  it('refuses more voters present than members due to attend', () => {
    expect(countRound(secretaryRound(41, 22, 40))).toMatchObject({ status: 'rejected', verdict: { code: 'ROUND_MORE_VOTERS_THAN_DUE' } });
  });
});

describe('filling the seats', () => {
  it('fills the seats with the highest votes when more pass than there are seats', () => {
    const result = countRound(round({ votes: { a: 35, b: 30, c: 28, d: 22 } }));
    expect(result).toMatchObject({ status: 'elected', elected: ['a', 'b', 'c'] });
  });

  it('elects everyone tied when the tie is not on the last seat', () => {
    expect(countRound(round({ votes: { a: 30, b: 30, c: 25, d: 10 } }))).toMatchObject({ status: 'elected', elected: ['a', 'b', 'c'] });
  });

  it('sends a tie on the last seat to a re-vote among the tied', () => {
    const result = countRound(round({ votes: { a: 35, b: 30, c: 25, d: 25 } }));
    expect(result).toMatchObject({
      status: 'tie',
      elected: ['a', 'b'],
      tied: ['c', 'd'],
      seatsForTie: 1,
      verdict: { code: 'ROUND_TIE_ON_LAST_SEAT' },
    });
  });

  it('sends a three-way tie over the last two seats to a re-vote for two seats', () => {
    const result = countRound(round({ seats: 3, votes: { a: 35, b: 25, c: 25, d: 25 } }));
    expect(result).toMatchObject({ status: 'tie', elected: ['a'], tied: ['b', 'c', 'd'], seatsForTie: 2 });
  });

  it('ignores a tie among candidates who did not pass', () => {
    expect(countRound(round({ votes: { a: 35, b: 30, c: 25, d: 25 }, dueToAttend: 58 }))).toMatchObject({
      status: 'shortfall',
      elected: ['a', 'b'],
      shortfall: 1,
      notElected: ['c', 'd'],
    });
  });

  it('decides a tie-break round by most votes without a new majority', () => {
    const tieBreak = round({ purpose: 'tie', seats: 1, candidates: ['c', 'd'], votes: { c: 19, d: 18 } });
    expect(countRound(tieBreak)).toMatchObject({ status: 'elected', elected: ['c'] });
    expect(countRound({ ...tieBreak, votes: { c: 18, d: 18 } })).toMatchObject({ status: 'tie', tied: ['c', 'd'], seatsForTie: 1 });
  });

  it('reports a shortfall with those not elected, most votes first, for another election', () => {
    const result = countRound(round({ votes: { a: 35, b: 20, c: 10, d: 15 } }));
    expect(result).toMatchObject({ status: 'shortfall', elected: ['a'], shortfall: 2, notElected: ['b', 'd', 'c'] });
    expect(result.verdict.message).toContain('another election among b 20, d 15, c 10, or a vote to reduce the seats where allowed');
  });

  it('elected a write-in with more than half by the name written and flagged it (version 1)', () => {
    const result = countRound(
      round({ seats: 1, candidates: ['a', 'b'], votes: { a: 10, b: 5 }, writeIns: { 张伟: 25 }, disapprovedCandidates: ['a'] }),
      { edition: 1 },
    );
    expect(result).toMatchObject({ status: 'elected', elected: ['张伟'], writeInsElected: ['张伟'] });
  });
});

describe('counts that do not add up are rejected', () => {
  it.each<[string, Partial<Round>, string]>([
    ['more ballots issued than voters present', { ballotsIssued: 41 }, 'ROUND_MORE_ISSUED_THAN_VOTERS'],
    ['valid plus invalid not the ballots returned', { validBallots: 38, invalidBallots: 1 }, 'ROUND_VALID_PLUS_INVALID_NOT_RETURNED'],
    ['a candidate listed twice', { candidates: ['a', 'b', 'c', 'd', 'a'] }, 'ROUND_DUPLICATE_CANDIDATE'],
    ['fewer candidates than seats', { seats: 5 }, 'ROUND_FEWER_CANDIDATES_THAN_SEATS'],
    ['a candidate without recorded votes', { votes: { a: 35, b: 30, c: 25 } }, 'ROUND_MISSING_CANDIDATE_VOTES'],
    ['votes for someone not a candidate', { votes: { a: 35, b: 30, c: 25, d: 1, e: 1 } }, 'ROUND_VOTES_FOR_NON_CANDIDATE'],
    ['a candidate with more votes than valid ballots', { votes: { a: 41, b: 30, c: 25, d: 0 } }, 'ROUND_VOTES_EXCEED_VALID_BALLOTS'],
    ['more votes than valid ballots × seats', { votes: { a: 40, b: 40, c: 40, d: 1 } }, 'ROUND_VOTES_EXCEED_MARKS'],
    ['write-ins without a disapproved candidate', { writeIns: { x: 2 } }, 'ROUND_WRITE_IN_WITHOUT_DISAPPROVAL'],
    ['a write-in that is a candidate', { writeIns: { a: 2 }, disapprovedCandidates: ['b'] }, 'ROUND_WRITE_IN_IS_CANDIDATE'],
    ['a disapproved name that is not a candidate', { disapprovedCandidates: ['z'] }, 'ROUND_DISAPPROVED_NOT_CANDIDATE'],
    ['write-ins in a tie-break', { purpose: 'tie', writeIns: { x: 1 }, disapprovedCandidates: ['a'] }, 'ROUND_WRITE_IN_IN_TIE_BREAK'],
    ['a negative count', { invalidBallots: -1 }, 'ROUND_INVALID_RECORD'],
    ['a fractional count', { votersPresent: 40.5 }, 'ROUND_INVALID_RECORD'],
  ])('rejects a round with %s', (_what, over, code) => {
    const result = countRound(round(over));
    expect(result).toMatchObject({ status: 'rejected', elected: [], verdict: { ok: false, code } });
  });

  it('names the field, the value and what is accepted for a malformed record', () => {
    expect(countRound(round({ invalidBallots: -1 })).verdict.message).toContain(
      'invalidBallots: got -1; accepted: a whole number of ballots, 0 or more',
    );
  });

  it('shows the arithmetic that fails', () => {
    expect(countRound(round({ validBallots: 38, invalidBallots: 1 })).verdict.message).toContain(
      'valid 38 + invalid 1 = 39, not the 40 ballots returned',
    );
  });

  it('rejects anything that is not a round record without throwing', () => {
    expect(countRound(null as unknown as Round).status).toBe('rejected');
    expect(countRound('round' as unknown as Round).status).toBe('rejected');
  });
});

describe('reducing the seats after a shortfall', () => {
  it.each([
    [4, 5, true, 'SEAT_REDUCTION_ALLOWED'],
    [6, 7, true, 'SEAT_REDUCTION_ALLOWED'],
    [3, 4, true, 'SEAT_REDUCTION_ALLOWED'],
    [2, 3, false, 'SEAT_REDUCTION_BELOW_MINIMUM'],
    [3, 5, false, 'SEAT_REDUCTION_TOO_FAR_SHORT'],
    [5, 5, false, 'SEAT_REDUCTION_NOTHING_UNFILLED'],
    [-1, 5, false, 'SEAT_REDUCTION_INVALID_FIGURES'],
  ])('%i elected for %i seats: %s', (elected, seats, ok, code) => {
    expect(canReduceSeats({ elected, seats })).toMatchObject({ ok, code });
  });

  it.each([
    [20, 40, false],
    [21, 40, true],
    [20, 39, true],
  ])('%i of %i present in favour carries the reduction: %s', (inFavour, votersPresent, ok) => {
    expect(seatReductionVote({ inFavour, votersPresent }).ok).toBe(ok);
  });

  it('refuses a vote with more in favour than present', () => {
    expect(seatReductionVote({ inFavour: 41, votersPresent: 40 }).code).toBe('SEAT_REDUCTION_VOTE_INVALID_FIGURES');
  });
});

describe('a seat reduction as the conference decides it (checkSeatReduction)', () => {
  const reduction = { purpose: 'shortfall' as const, elected: 4, seats: 5, votersPresent: 40 };

  it('is carried by more than half of the voters present after a shortfall one seat short', () => {
    expect(checkSeatReduction({ ...reduction, inFavour: 21 })).toMatchObject({ ok: true, code: 'SEAT_REDUCTION_CARRIED' });
  });

  it('refuses more votes in favour than voters present (seatReductionVote; the machine once carried them)', () => {
    expect(checkSeatReduction({ ...reduction, inFavour: 41 })).toMatchObject({ ok: false, code: 'SEAT_REDUCTION_VOTE_INVALID_FIGURES' });
  });

  it('is possible only after a round that left seats unfilled, and only one seat short', () => {
    expect(checkSeatReduction({ ...reduction, purpose: 'first', inFavour: 30 }).code).toBe('NO_SHORTFALL');
    expect(checkSeatReduction({ ...reduction, elected: 3, inFavour: 30 }).code).toBe('SEAT_REDUCTION_TOO_FAR_SHORT');
  });
});
