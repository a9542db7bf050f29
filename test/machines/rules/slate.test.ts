import { checkSlate, enoughNominees, slateAfterRemoval } from '../../../machines/rules';
import { fullMembers, member, plan } from './fixtures';

const onDate = '2026-03-02';
// Twelve full members: c1..c12 aged 45 (born 1980-05-01), one woman, one aged 30.
const roster = [
  ...fullMembers(12).map((m) => ({ ...m, id: m.id.replace('m', 'c') })),
  member('w1', { gender: 'female', birthDate: '1990-01-01' }),
  member('y1', { birthDate: '1996-01-01' }),
  member('old', { birthDate: '1964-01-01', outgoingPost: 'member' }),
  member('new50', { birthDate: '1975-01-01' }),
  member('prob', { standing: 'probationary' }),
];
const allInspected = roster.map((m) => m.id);
const slate = (candidates: string[], seats = 5, inspectedPass = allInspected) =>
  checkSlate({ seats, candidates, roster, inspectedPass, plan: plan(), onDate });

describe('candidate slate', () => {
  it('approves 6 eligible candidates for 5 seats with a woman and a young member', () => {
    const result = slate(['c1', 'c2', 'c3', 'c4', 'w1', 'y1']);
    expect(result).toMatchObject({ ok: true, blocking: [], warnings: [], verdict: { ok: true, code: 'SLATE_ACCEPTED' } });
  });

  it.each([
    [3, 3, false],
    [3, 4, true],
    [5, 5, false],
    [5, 6, true],
    [7, 8, false],
    [7, 9, true],
  ])('for %i seats, %i candidates meet the competitive ratio: %s', (seats, count, ok) => {
    const candidates = ['w1', 'y1', ...Array.from({ length: count - 2 }, (_, i) => `c${i + 1}`)];
    const result = slate(candidates, seats);
    expect(result.ok).toBe(ok);
    if (!ok) expect(result.blocking.map((b) => b.code)).toEqual(['COMPETITIVE_RATIO_NOT_MET']);
  });

  it.each([
    [['c1', 'c2', 'c3', 'c4', 'w1', 'y1', 'y1'], 'SLATE_DUPLICATE_CANDIDATE'],
    [['c1', 'c2', 'c3', 'c4', 'w1', 'y1', 'ghost'], 'SLATE_UNKNOWN_CANDIDATE'],
    [['c1', 'c2', 'c3', 'c4', 'w1', 'y1', 'prob'], 'NO_VOTE_PROBATIONARY'],
    [['c1', 'c2', 'c3', 'c4', 'w1', 'y1', 'old'], 'CANDIDATE_OVER_MAX_AGE_RETAINED'],
    [['c1', 'c2', 'c3', 'c4', 'w1', 'y1', 'new50'], 'CANDIDATE_OVER_MAX_AGE_NEW'],
  ])('blocks %j: %s', (candidates, code) => {
    const result = slate(candidates);
    expect(result.ok).toBe(false);
    expect(result.blocking.map((b) => b.code)).toEqual([code]);
    expect(result.verdict).toMatchObject({ ok: false, code: 'SLATE_REJECTED' });
  });

  it('blocks a candidate who did not pass inspection', () => {
    const result = slate(['c1', 'c2', 'c3', 'c4', 'w1', 'y1'], 5, ['c1', 'c2', 'c3', 'c4', 'w1']);
    expect(result.blocking.map((b) => b.code)).toEqual(['SLATE_CANDIDATE_NOT_INSPECTED']);
  });

  it('lets an outgoing member of exactly 60 stand again and blocks one of 61', () => {
    const at = (birthDate: string) =>
      checkSlate({
        seats: 3,
        candidates: ['c1', 'c2', 'w1', 'y1', 'x'],
        roster: [...roster, member('x', { birthDate, outgoingPost: 'secretary' })],
        inspectedPass: [...allInspected, 'x'],
        plan: plan(),
        onDate,
      }).ok;
    expect(at('1965-03-02')).toBe(false);
    expect(at('1965-03-03')).toBe(true);
  });

  it('warns, without blocking, when no woman and nobody aged 35 or under stands', () => {
    const result = slate(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['TARGET_WOMEN_NOT_MET', 'TARGET_UNDER_35_NOT_MET']);
    expect(result.verdict.message).toContain('targets not met');
  });

  it('counts a member aged exactly 35 toward the under-35 target', () => {
    const r = [...roster, member('t35', { birthDate: '1991-03-02' })];
    const result = checkSlate({
      seats: 3,
      candidates: ['c1', 'c2', 'w1', 't35'],
      roster: r,
      inspectedPass: [...allInspected, 't35'],
      plan: plan(),
      onDate,
    });
    expect(result.warnings).toEqual([]);
  });

  it('blocks a slate for a branch with no committee', () => {
    const small = fullMembers(6);
    const result = checkSlate({
      seats: 3,
      candidates: ['m1', 'm2', 'm3', 'm4'],
      roster: small,
      inspectedPass: ['m1', 'm2', 'm3', 'm4'],
      plan: plan(),
      onDate,
    });
    expect(result.blocking.map((b) => b.code)).toContain('SEATS_NO_COMMITTEE');
  });
});

describe('slate after an upheld objection', () => {
  it.each([
    [5, 6, true, 'SLATE_RATIO_HOLDS'],
    [5, 5, false, 'SLATE_RATIO_BROKEN'],
    [7, 9, true, 'SLATE_RATIO_HOLDS'],
    [7, 8, false, 'SLATE_RATIO_BROKEN'],
  ])('%i seats with %i candidates left: %s', (seats, left, ok, code) => {
    expect(slateAfterRemoval(seats, left)).toMatchObject({ ok, code });
  });

  it('takes the remaining candidate ids as well as a count', () => {
    expect(slateAfterRemoval(3, ['a', 'b', 'c', 'd']).ok).toBe(true);
    expect(slateAfterRemoval(3, ['a', 'b', 'c'])).toMatchObject({ ok: false, code: 'SLATE_RATIO_BROKEN' });
  });

  it('sends the process back to inspection when the ratio breaks', () => {
    expect(slateAfterRemoval(3, 3).message).toContain('returns to inspection and slate approval');
  });
});

describe('the slate of a directly elected secretary (checkSlate, form secretary-direct)', () => {
  const small = [...fullMembers(5), member('old', { birthDate: '1964-01-01', outgoingPost: 'member' })];
  const direct = (candidates: string[], inspectedPass = small.map((m) => m.id)) =>
    checkSlate({ form: 'secretary-direct', seats: 1, candidates, roster: small, inspectedPass, plan: plan(), onDate });

  it('needs no competitive ratio and no committee', () => {
    expect(direct(['m1'])).toMatchObject({ ok: true, verdict: { code: 'SLATE_ACCEPTED' } });
  });

  it('refuses a candidate listed twice or not inspected', () => {
    expect(direct(['m1', 'm1']).blocking.map((b) => b.code)).toEqual(['SLATE_DUPLICATE_CANDIDATE']);
    expect(direct(['m1', 'm2'], ['m1']).blocking.map((b) => b.code)).toEqual(['SLATE_CANDIDATE_NOT_INSPECTED']);
  });

  it("applies the town plan's age limits as it does to a committee slate (the duplicate in the machine did not)", () => {
    expect(direct(['m1', 'old']).blocking.map((b) => b.code)).toEqual(['CANDIDATE_OVER_MAX_AGE_RETAINED']);
  });

  it('stands after an upheld objection while a candidate is left', () => {
    expect(slateAfterRemoval(1, ['m1'], 'secretary-direct')).toMatchObject({ ok: true, code: 'SLATE_RATIO_HOLDS' });
    expect(slateAfterRemoval(1, [], 'secretary-direct')).toMatchObject({ ok: false, code: 'SLATE_RATIO_BROKEN' });
  });
});

describe('enough nominees for the slate', () => {
  it.each([
    ['committee', 5, 5, false],
    ['committee', 5, 6, true],
    ['secretary-direct', 1, 0, false],
    ['secretary-direct', 1, 1, true],
  ] as const)('%s of %i seats with %i passing: %s', (form, seats, passing, ok) => {
    expect(enoughNominees({ form, seats, passing }).ok).toBe(ok);
  });
});
