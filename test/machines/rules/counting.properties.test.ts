import fc from 'fast-check';
import { countRound, type Round } from '../../../machines/rules';
import { type Ballot, tallyBallots } from './ballots';

/** A conference whose numbers add up: ballots marked by voters, some invalid, some not returned, some voters without a ballot. */
const conference = fc
  .record({
    seats: fc.integer({ min: 1, max: 5 }),
    extra: fc.integer({ min: 0, max: 3 }),
    purpose: fc.constantFrom(undefined, 'first' as const, 'shortfall' as const),
  })
  .chain(({ seats, extra, purpose }) =>
    fc.uniqueArray(fc.stringMatching(/^[a-z]{1,3}$/), { minLength: seats + extra, maxLength: seats + extra }).chain((candidates) =>
      fc.record({
        seats: fc.constant(seats),
        purpose: fc.constant(purpose),
        candidates: fc.constant(candidates),
        ballots: fc.array(
          fc.subarray(candidates).map((inFavour): Ballot => ({ inFavour, disapproved: [], writeIns: [] })),
          { maxLength: 60 },
        ),
        notReturned: fc.nat(5),
        withoutBallot: fc.nat(5),
        absent: fc.nat(8),
      }),
    ),
  )
  .map(({ seats, purpose, candidates, ballots, notReturned, withoutBallot, absent }) => {
    const { totals } = tallyBallots({ seats, candidates, ballots });
    const round: Round = {
      kind: 'committee',
      seats,
      candidates,
      votersPresent: totals.ballotsReturned + notReturned + withoutBallot,
      dueToAttend: totals.ballotsReturned + notReturned + withoutBallot + absent,
      ballotsIssued: totals.ballotsReturned + notReturned,
      ballotsReturned: totals.ballotsReturned,
      validBallots: totals.validBallots,
      invalidBallots: totals.invalidBallots,
      votes: totals.votes,
      ...(purpose ? { purpose } : {}),
    };
    return { round, ballots };
  });

/** The same round, or a tie-break re-vote among its candidates. */
const anyRound = fc.tuple(conference, fc.boolean()).map(([{ round }, tie]) => (tie ? { ...round, purpose: 'tie' as const } : round));

const shuffled = <T>(items: readonly T[]) => fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

describe('counting a round, for any conference whose numbers add up', () => {
  it('is checked on conferences reaching every outcome: elected, tie and shortfall', () => {
    const statuses = new Set(fc.sample(anyRound, { numRuns: 2000, seed: 42 }).map((round) => countRound(round).status));
    expect([...statuses].sort()).toEqual(['elected', 'shortfall', 'tie']);
  });

  it('never elects more than the seats', () => {
    fc.assert(
      fc.property(anyRound, (round) => {
        const result = countRound(round);
        expect(result.elected.length).toBeLessThanOrEqual(round.seats);
        if (result.status === 'elected') expect(result.elected).toHaveLength(round.seats);
        if (result.status === 'tie') expect(result.elected.length + result.seatsForTie).toBe(round.seats);
        if (result.status === 'shortfall') expect(result.elected.length + result.shortfall).toBe(round.seats);
      }),
    );
  });

  it('elects only candidates with more than half of the members due to attend (version 2)', () => {
    fc.assert(
      fc.property(conference, ({ round }) => {
        for (const id of countRound(round).elected) expect(2 * round.votes[id]!).toBeGreaterThan(round.dueToAttend!);
      }),
    );
  });

  it('elected only candidates with more than half of the voters present (version 1), whoever was absent', () => {
    fc.assert(
      fc.property(conference, ({ round }) => {
        const v1 = countRound(round, { edition: 1 });
        for (const id of v1.elected) expect(2 * round.votes[id]!).toBeGreaterThan(round.votersPresent);
        expect(countRound({ ...round, dueToAttend: undefined }, { edition: 1 })).toMatchObject({ status: v1.status, elected: v1.elected });
        // Everyone version 2 elects, version 1 elected too: the 2020 majority only raises the bar.
        const v2 = countRound(round);
        if (v2.status === 'elected' && v1.status === 'elected') expect([...v1.elected].sort()).toEqual([...v2.elected].sort());
        for (const id of v2.elected) expect(2 * round.votes[id]!).toBeGreaterThan(round.votersPresent);
      }),
    );
  });

  it('counts a member whatever the id, `__proto__` and `constructor` included', () => {
    const awkward = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    fc.assert(
      fc.property(conference, fc.shuffledSubarray(awkward, { minLength: 5, maxLength: 5 }), ({ round }, names) => {
        const rename = new Map(round.candidates.map((id, i) => [id, names[i % names.length] + (i >= names.length ? String(i) : '')]));
        const renamed: Round = {
          ...round,
          candidates: round.candidates.map((id) => rename.get(id)!),
          votes: JSON.parse(
            JSON.stringify(Object.fromEntries(round.candidates.map((id) => [rename.get(id)!, round.votes[id]!]))),
          ) as Record<string, number>,
        };
        const reference = countRound(round);
        const result = countRound(renamed);
        expect(result.status).toBe(reference.status);
        expect(result.elected).toEqual(expect.arrayContaining(reference.elected.map((id) => rename.get(id)!)));
        expect(result.elected).toHaveLength(reference.elected.length);
      }),
    );
  });

  it('never breaks a tie on the last seat silently', () => {
    fc.assert(
      fc.property(anyRound, (round) => {
        const result = countRound(round);
        const votes = (id: string) => round.votes[id]!;
        const others = round.candidates.filter((id) => !result.elected.includes(id));
        if (result.status === 'elected' && result.elected.length > 0) {
          const lowest = Math.min(...result.elected.map(votes));
          for (const id of others) expect(votes(id)).toBeLessThan(lowest);
        }
        if (result.status === 'tie') {
          const tiedVotes = new Set(result.tied.map(votes));
          expect(tiedVotes.size).toBe(1);
          expect(result.tied.length).toBeGreaterThan(result.seatsForTie);
          const [level] = [...tiedVotes] as [number];
          for (const id of result.elected) expect(votes(id)).toBeGreaterThan(level);
          for (const id of others.filter((o) => !result.tied.includes(o))) expect(votes(id)).toBeLessThan(level);
        }
      }),
    );
  });

  it('gives the same result whatever the order of the candidates, the votes and the ballots', () => {
    fc.assert(
      fc.property(
        conference.chain(({ round, ballots }) =>
          fc.record({
            round: fc.constant(round),
            candidates: shuffled(round.candidates),
            voteOrder: shuffled(Object.keys(round.votes)),
            ballots: shuffled(ballots),
          }),
        ),
        ({ round, candidates, voteOrder, ballots }) => {
          const reference = countRound(round);
          const reordered = { ...round, candidates, votes: Object.fromEntries(voteOrder.map((id) => [id, round.votes[id]!])) };
          expect(countRound(reordered)).toEqual(reference);
          const retallied = tallyBallots({ seats: round.seats, candidates, ballots }).totals;
          expect(countRound({ ...reordered, ...retallied, writeIns: undefined, disapprovedCandidates: undefined })).toEqual(
            countRound({ ...round, writeIns: undefined, disapprovedCandidates: undefined }),
          );
        },
      ),
    );
  });
});

describe('rounds whose numbers do not add up', () => {
  it('voids every round with more ballots returned than issued', () => {
    const counts = fc.integer({ min: 0, max: 100 });
    fc.assert(
      fc.property(conference, counts, fc.integer({ min: 1, max: 10 }), counts, counts, ({ round }, issued, over, valid, invalid) => {
        const result = countRound({
          ...round,
          ballotsIssued: issued,
          ballotsReturned: issued + over,
          validBallots: valid,
          invalidBallots: invalid,
        });
        expect(result.status).toBe('void');
        expect(result.elected).toEqual([]);
      }),
    );
  });

  const corruptions: [string, (round: Round, d: number) => Round][] = [
    ['more ballots issued than voters present', (r, d) => ({ ...r, ballotsIssued: r.votersPresent + d })],
    [
      'more voters present than members due to attend',
      (r, d) => ({ ...r, votersPresent: r.dueToAttend! + d, ballotsIssued: r.ballotsIssued }),
    ],
    ['valid ballots changed', (r, d) => ({ ...r, validBallots: r.validBallots + d })],
    ['invalid ballots changed', (r, d) => ({ ...r, invalidBallots: r.invalidBallots + d })],
    ['a candidate with more votes than valid ballots', (r, d) => ({ ...r, votes: { ...r.votes, [r.candidates[0]!]: r.validBallots + d } })],
    ['a candidate without votes', (r) => ({ ...r, votes: Object.fromEntries(Object.entries(r.votes).slice(1)) })],
    ['votes for a non-candidate', (r, d) => ({ ...r, votes: { ...r.votes, ZZ: d } })],
    ['write-ins without a disapproved candidate', (r, d) => ({ ...r, writeIns: { ZZ: d } })],
  ];

  it.each(corruptions)('rejects, never repairs, a round with %s', (_name, corrupt) => {
    fc.assert(
      fc.property(conference, fc.integer({ min: 1, max: 20 }), ({ round }, d) => {
        const bad = corrupt(round, d);
        fc.pre(bad.ballotsReturned <= bad.ballotsIssued);
        const result = countRound(bad);
        expect(result.status).toBe('rejected');
        expect(result.verdict.ok).toBe(false);
        expect(result.elected).toEqual([]);
      }),
    );
  });

  it('answers any input whatever with a result, never an exception', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(['rejected', 'void', 'elected', 'tie', 'shortfall']).toContain(countRound(input as Round).status);
      }),
    );
  });
});
