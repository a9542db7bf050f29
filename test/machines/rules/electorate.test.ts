import fc from 'fast-check';
import { canVote, checkAttendance, dueToAttend, type Excusal, quorumVerdict, votingMembers } from '../../../machines/rules';
import { fullMembers, member } from './fixtures';

const excuse = (memberId: string, category: Excusal['category'] = 'illness'): Excusal => ({
  memberId,
  category,
  higherLevelConsent: true,
  conferenceApproved: true,
});

describe('who may vote and stand', () => {
  it.each([
    ['full', true, 'CAN_VOTE'],
    ['probationary', false, 'NO_VOTE_PROBATIONARY'],
    ['on-probation', false, 'NO_VOTE_ON_PROBATION'],
    ['suspended', false, 'NO_VOTE_RIGHTS_WITHHELD'],
  ] as const)('a %s member: may vote %s', (standing, ok, code) => {
    expect(canVote(member('m1', { standing }))).toMatchObject({ ok, code, figures: { memberId: 'm1', standing } });
  });

  it('says of a member whose rights are suspended only that they have no vote now, never why (detention or arrest)', () => {
    const refusal = canVote(member('m1', { standing: 'suspended' }));
    expect(refusal.message).toContain('has no vote at present');
    expect(`${refusal.code} ${refusal.message}`).not.toMatch(/suspen|detention|arrest/i);
  });

  it('counts only full members as voters', () => {
    const roster = [member('a'), member('b', { standing: 'probationary' }), member('c', { standing: 'suspended' })];
    expect(votingMembers(roster).map((m) => m.id)).toEqual(['a']);
  });
});

describe('who is due to attend', () => {
  const roster = [...fullMembers(10), member('p1', { standing: 'probationary' })];

  it('subtracts the excused voting members from the voters', () => {
    const result = dueToAttend(roster, [excuse('m1'), excuse('m2', 'abroad-over-6-months')]);
    expect(result).toMatchObject({ due: 8, excused: ['m1', 'm2'], verdict: { ok: true, code: 'DUE_TO_ATTEND_COUNTED' } });
    expect(result.verdict.message).toBe('10 voting members less 2 excused = 8 due to attend');
  });

  it.each([
    [[excuse('nobody')], 'EXCUSAL_UNKNOWN_MEMBER'],
    [[excuse('p1')], 'EXCUSAL_NOT_A_VOTER'],
    [[excuse('m1'), excuse('m1', 'elderly-or-infirm')], 'EXCUSAL_DUPLICATE'],
  ])('rejects a bad excusal %j', (excusals, code) => {
    expect(dueToAttend(roster, excusals).verdict).toMatchObject({ ok: false, code });
  });
});

describe('quorum: present voters more than 4/5 of those due', () => {
  it.each([
    [50, 40, false, 'present 40 of 50 due: 80% is not more than 4/5 (40 > 4/5 × 50 = 40 is false), quorum not met'],
    [50, 41, true, 'present 41 of 50 due: 82% is more than 4/5 (41 > 4/5 × 50 = 40), quorum met'],
    [5, 4, false, 'present 4 of 5 due: 80% is not more than 4/5 (4 > 4/5 × 5 = 4 is false), quorum not met'],
    [5, 5, true, 'present 5 of 5 due: 100% is more than 4/5 (5 > 4/5 × 5 = 4), quorum met'],
    [51, 41, true, 'present 41 of 51 due: about 80.39% is more than 4/5 (41 > 4/5 × 51 = 40.8), quorum met'],
    [51, 40, false, 'present 40 of 51 due: about 78.43% is not more than 4/5 (40 > 4/5 × 51 = 40.8 is false), quorum not met'],
  ])('due %i, present %i: met %s', (due, presentVoters, ok, message) => {
    expect(quorumVerdict({ due, presentVoters })).toMatchObject({ ok, code: ok ? 'QUORUM_MET' : 'QUORUM_NOT_MET', message });
  });

  it('is not met with nobody due', () => {
    expect(quorumVerdict({ due: 0, presentVoters: 0 })).toMatchObject({ ok: false, code: 'QUORUM_NOT_MET' });
  });

  it.each([
    [{ due: 10, presentVoters: 11 }, 'QUORUM_MORE_PRESENT_THAN_DUE'],
    [{ due: -1, presentVoters: 0 }, 'QUORUM_INVALID_FIGURES'],
    [{ due: 10, presentVoters: -1 }, 'QUORUM_INVALID_FIGURES'],
    [{ due: 10, presentVoters: 8.5 }, 'QUORUM_INVALID_FIGURES'],
  ])('rejects impossible figures %j', (input, code) => {
    expect(quorumVerdict(input)).toMatchObject({ ok: false, code });
  });

  it('is met exactly when 5 × present > 4 × due', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b) => {
        const [presentVoters, due] = a <= b ? [a, b] : [b, a];
        expect(quorumVerdict({ due, presentVoters }).ok).toBe(5 * presentVoters > 4 * due);
      }),
    );
  });
});

describe('attendance record', () => {
  const roster = [...fullMembers(10), member('p1', { standing: 'probationary' })];
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);

  it('meets the quorum with 9 of 10 due', () => {
    expect(checkAttendance(roster, { present: ids(9) })).toMatchObject({
      ok: true,
      code: 'QUORUM_MET',
      figures: { voters: 10, due: 10, presentVoters: 9 },
    });
  });

  it('counts excusals: 8 of 10 voters with 1 excused is 8 of 9 due, met', () => {
    const verdict = checkAttendance(roster, { present: ids(8), excusals: [excuse('m10')] });
    expect(verdict).toMatchObject({ ok: true, code: 'QUORUM_MET' });
    expect(verdict.message).toContain('present 8 of 9 due');
  });

  it('does not meet the quorum with 8 of 10 due', () => {
    expect(checkAttendance(roster, { present: ids(8) })).toMatchObject({ ok: false, code: 'QUORUM_NOT_MET' });
  });

  it.each([
    [{ present: [...ids(9), 'x'] }, 'ATTENDANCE_UNKNOWN_MEMBER'],
    [{ present: [...ids(9), 'p1'] }, 'ATTENDANCE_NOT_A_VOTER'],
    [{ present: [...ids(9), 'm1'] }, 'ATTENDANCE_DUPLICATE'],
    [{ present: ids(9), excusals: [excuse('m1')] }, 'ATTENDANCE_EXCUSED_MEMBER_PRESENT'],
    [{ present: ids(8), excusals: [excuse('x')] }, 'EXCUSAL_UNKNOWN_MEMBER'],
  ])('rejects %j', (attendance, code) => {
    expect(checkAttendance(roster, attendance)).toMatchObject({ ok: false, code });
  });

  it('names the unknown id in its message', () => {
    expect(checkAttendance(roster, { present: ['ghost'] }).message).toContain('present ghost: no such member in the roster');
  });
});
