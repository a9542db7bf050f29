import { countRound } from '../../../machines/rules';
import { ballotValidity, tallyBallots } from './ballots';

describe('ballot validity', () => {
  it.each([
    [['a', 'b', 'c'], [], [], 3, true, 'BALLOT_VALID'],
    [['a', 'b'], [], [], 3, true, 'BALLOT_VALID'],
    [[], [], [], 3, true, 'BALLOT_VALID'],
    [['a', 'b', 'c', 'd'], [], [], 3, false, 'BALLOT_TOO_MANY_NAMES'],
    [['a', 'b', 'c'], ['d'], ['x'], 3, false, 'BALLOT_TOO_MANY_NAMES'],
    [['a', 'b'], ['d'], ['x'], 3, true, 'BALLOT_VALID'],
    [['a'], [], ['x'], 3, false, 'BALLOT_WRITE_IN_WITHOUT_DISAPPROVAL'],
  ])('in favour %j, disapproved %j, written in %j for %i seats: valid %s', (inFavour, disapproved, writeIns, seats, ok, code) => {
    expect(ballotValidity({ inFavour, disapproved, writeIns }, seats)).toMatchObject({ ok, code });
  });
});

describe('tallying ballots entered one by one', () => {
  const candidates = ['a', 'b', 'c', 'd'];

  it('totals valid ballots and counts invalid ones as returned', () => {
    const { totals, verdict } = tallyBallots({
      seats: 2,
      candidates,
      ballots: [
        { inFavour: ['a', 'b'], disapproved: [], writeIns: [] },
        { inFavour: ['a'], disapproved: ['c'], writeIns: ['王芳'] },
        { inFavour: ['a', 'b', 'c'], disapproved: [], writeIns: [] },
      ],
    });
    expect(verdict).toMatchObject({ ok: true, code: 'BALLOTS_TALLIED' });
    expect(totals).toEqual({
      ballotsReturned: 3,
      validBallots: 2,
      invalidBallots: 1,
      votes: { a: 2, b: 1, c: 0, d: 0 },
      writeIns: { 王芳: 1 },
      disapprovedCandidates: ['c'],
    });
  });

  it.each([
    [{ inFavour: ['z'], disapproved: [], writeIns: [] }, 'z not a candidate'],
    [{ inFavour: ['a'], disapproved: ['a'], writeIns: [] }, 'a name is marked twice'],
    [{ inFavour: [], disapproved: ['b'], writeIns: ['a'] }, 'a written in but a candidate'],
  ])('refuses a misrecorded ballot %j', (ballot, message) => {
    const { verdict } = tallyBallots({ seats: 2, candidates, ballots: [ballot] });
    expect(verdict).toMatchObject({ ok: false, code: 'BALLOTS_MISRECORDED' });
    expect(verdict.message).toContain(message);
  });

  it('feeds a round that the count accepts', () => {
    const { totals } = tallyBallots({
      seats: 1,
      candidates: ['a', 'b'],
      ballots: [
        { inFavour: ['a'], disapproved: [], writeIns: [] },
        { inFavour: ['a'], disapproved: [], writeIns: [] },
        { inFavour: ['b'], disapproved: [], writeIns: [] },
      ],
    });
    const result = countRound({
      kind: 'secretary',
      seats: 1,
      candidates: ['a', 'b'],
      votersPresent: 3,
      dueToAttend: 3,
      ballotsIssued: 3,
      ...totals,
    });
    expect(result).toMatchObject({ status: 'elected', elected: ['a'] });
  });
});
