import { attendanceRecord, checkHandover, checkInspection, checkObjection } from '../../../machines/rules';
import { fullMembers } from './fixtures';

const roster = fullMembers(10);

describe('the inspection and joint review (checkInspection)', () => {
  const nominees = ['m1', 'm2'];

  it('takes one verdict per nominee, a fail with its reason', () => {
    const verdicts = [
      { nomineeId: 'm1', pass: true },
      { nomineeId: 'm2', pass: false, reason: 'joint review: arrears' },
    ];
    expect(checkInspection({ verdicts, nominees })).toMatchObject({ ok: true, code: 'INSPECTION_RECORDED' });
  });

  it.each([
    [[{ nomineeId: 'm1', pass: true }], 'INSPECTION_NOT_ONE_VERDICT_PER_NOMINEE'],
    [
      [
        { nomineeId: 'm1', pass: true },
        { nomineeId: 'm1', pass: true },
        { nomineeId: 'm2', pass: true },
      ],
      'INSPECTION_NOT_ONE_VERDICT_PER_NOMINEE',
    ],
    [
      [
        { nomineeId: 'm1', pass: true },
        { nomineeId: 'm2', pass: false },
      ],
      'INSPECTION_FAIL_WITHOUT_REASON',
    ],
  ])('refuses %j', (verdicts, code) => {
    expect(checkInspection({ verdicts, nominees })).toMatchObject({ ok: false, code });
  });
});

describe('an objection (checkObjection)', () => {
  it('is against a candidate on the slate', () => {
    expect(checkObjection({ candidateId: 'm1', candidates: ['m1', 'm2'] }).ok).toBe(true);
    expect(checkObjection({ candidateId: 'm9', candidates: ['m1', 'm2'] })).toMatchObject({ ok: false, code: 'OBJECTION_NOT_A_CANDIDATE' });
  });
});

describe('the attendance record (attendanceRecord)', () => {
  const everyone = roster.map((m) => m.id);

  it('keeps a true record without quorum, and says the quorum was not met', () => {
    const result = attendanceRecord(roster, { present: everyone.slice(0, 8) });
    expect(result).toMatchObject({ quorumMet: false, due: 10, verdict: { ok: true, code: 'QUORUM_NOT_MET' } });
  });

  it('meets the quorum with more than 4/5 present', () => {
    expect(attendanceRecord(roster, { present: everyone.slice(0, 9) })).toMatchObject({ quorumMet: true, verdict: { ok: true } });
  });

  it('refuses a record that lists someone twice', () => {
    expect(attendanceRecord(roster, { present: ['m1', 'm1'] })).toMatchObject({
      quorumMet: false,
      verdict: { ok: false, code: 'ATTENDANCE_DUPLICATE' },
    });
  });
});

describe('the handover (checkHandover)', () => {
  it('holds its talks with members of the roster', () => {
    expect(checkHandover({ talks: [{ memberId: 'm1' }], roster }).ok).toBe(true);
    expect(checkHandover({ talks: [{ memberId: 'zz' }], roster })).toMatchObject({ ok: false, code: 'TALK_WITH_UNKNOWN_MEMBER' });
  });
});
