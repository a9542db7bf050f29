import { committeeForm, requiredCandidates, seatsVerdict } from '../../../machines/rules';

describe('committee or direct election', () => {
  it.each([
    [2, false, 'CANNOT_FORM_BRANCH'],
    [3, true, 'SECRETARY_DIRECT'],
    [6, true, 'SECRETARY_DIRECT'],
    [7, true, 'COMMITTEE'],
    [120, true, 'COMMITTEE'],
    [-1, false, 'INVALID_MEMBER_COUNT'],
  ])('%i full members: %s %s', (fullMembers, ok, code) => {
    expect(committeeForm(fullMembers)).toMatchObject({ ok, code });
  });

  it('says that a joint branch is out of scope', () => {
    expect(committeeForm(2).message).toContain('joint branch');
  });
});

describe('competitive ratio: seats × 1.2 rounded up', () => {
  it.each([
    [1, 2],
    [3, 4],
    [4, 5],
    [5, 6],
    [6, 8],
    [7, 9],
  ])('%i seats need %i candidates', (seats, candidates) => {
    expect(requiredCandidates(seats)).toBe(candidates);
  });
});

describe('committee size', () => {
  it.each([
    [2, 30, false, 'SEATS_BELOW_MINIMUM'],
    [3, 30, true, 'SEATS_USUAL'],
    [5, 30, true, 'SEATS_USUAL'],
    [6, 30, true, 'SEATS_ABOVE_USUAL'],
    [7, 30, true, 'SEATS_ABOVE_USUAL'],
    [8, 30, false, 'SEATS_ABOVE_MAXIMUM'],
    [5, 6, false, 'SEATS_NO_COMMITTEE'],
    [7, 8, false, 'SEATS_TOO_MANY_FOR_COMPETITIVE_SLATE'],
    [7, 9, true, 'SEATS_ABOVE_USUAL'],
    [5, 7, true, 'SEATS_USUAL'],
    [2.5, 30, false, 'SEATS_INVALID_FIGURES'],
  ])('%s seats with %i full members: %s %s', (seats, fullMembers, ok, code) => {
    expect(seatsVerdict(seats, fullMembers)).toMatchObject({ ok, code });
  });
});
