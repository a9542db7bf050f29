import fc from 'fast-check';
import { checkRoundAttendance, checkRoundRecord, identifyWriteIns, type RoundEntry } from '../../../machines/rules';
import { fullMembers, member, plan } from './fixtures';

const roster = [
  ...fullMembers(12),
  member('prob', { name: 'Probationer', standing: 'probationary' }),
  member('old', { name: 'Old New Member', birthDate: '1962-01-01' }),
  member('young', { name: '王五', birthDate: '1990-03-01', joinedParty: '2015-07-01' }),
  member('young2', { name: 'Zhao Liu', birthDate: '1991-03-01', joinedParty: '2016-07-01' }),
];
const present = roster.slice(0, 12).map((m) => m.id);

/** A secretary round at a conference of 12 present of 12 due, `votes` for the candidates m1 and m2. */
function entry(over: Partial<RoundEntry> = {}): RoundEntry {
  return {
    kind: 'committee',
    seats: 1,
    candidates: ['m1', 'm2'],
    votersPresent: 12,
    ballotsIssued: 12,
    ballotsReturned: 12,
    validBallots: 12,
    invalidBallots: 0,
    votes: { m1: 7, m2: 5 },
    onDate: '2026-11-24',
    ...over,
  };
}

const record = (round: RoundEntry, edition = 2, alreadyElected: string[] = []) =>
  checkRoundRecord({ round, edition, attendance: { present, due: 12 }, roster, plan: plan(), alreadyElected });

describe("a round's voters present come from the attendance (version 2)", () => {
  it('refuses a round typed with fewer voters than the attendance records, which version 1 counted', () => {
    const typedLow = entry({ votersPresent: 4, ballotsIssued: 4, ballotsReturned: 4, validBallots: 4, votes: { m1: 3, m2: 1 } });
    expect(record(typedLow, 1)).toMatchObject({ status: 'elected', elected: ['m1'] });
    const result = record(typedLow);
    expect(result).toMatchObject({ status: 'rejected', verdict: { code: 'ROUND_VOTERS_NOT_AS_RECORDED' } });
    expect(result.verdict.message).toBe(
      'votersPresent: got 4; accepted: 12, the 12 voting members recorded present at the attendance (a member who has left is listed under membersLeft with the reason)',
    );
  });

  it('refuses 40 ballots issued at a conference of 12, which version 1 accepted when typed as 40 present', () => {
    const inflated = entry({ votersPresent: 40, ballotsIssued: 40, ballotsReturned: 40, validBallots: 40, votes: { m1: 30, m2: 10 } });
    expect(record(inflated, 1).status).toBe('elected');
    expect(record(inflated)).toMatchObject({ status: 'rejected', verdict: { code: 'ROUND_VOTERS_NOT_AS_RECORDED' } });
  });

  it('takes fewer voters when members who left are recorded with the reason, and checks the quorum again', () => {
    const left = (n: number) => present.slice(0, n).map((memberId) => ({ memberId, reason: 'called away to the fields' }));
    const withLeft = (n: number) =>
      entry({
        votersPresent: 12 - n,
        ballotsIssued: 12 - n,
        ballotsReturned: 12 - n,
        validBallots: 12 - n,
        votes: { m1: 7, m2: 0 },
        membersLeft: left(n),
      });
    expect(record(withLeft(2)).status).toBe('elected');
    // 9 of 12: 5 × 9 = 45 > 4 × 12 = 48 is false.
    const lost = record(withLeft(3));
    expect(lost).toMatchObject({ status: 'rejected', verdict: { code: 'ROUND_QUORUM_LOST' } });
    expect(lost.verdict.message).toBe(
      '3 members left; present 9 of 12 due: 75% is not more than 4/5 (9 > 4/5 × 12 = 9.6 is false), quorum not met: the conference cannot vote until more than 4/5 of those due are present again',
    );
  });

  it('refuses a member who left but was never recorded present, or is listed twice', () => {
    expect(checkRoundAttendance({ votersPresent: 11, membersLeft: [{ memberId: 'm99', reason: 'gone' }], present, due: 12 }).code).toBe(
      'ROUND_LEFT_NOT_PRESENT',
    );
    const twice = [
      { memberId: 'm1', reason: 'gone home' },
      { memberId: 'm1', reason: 'gone home' },
    ];
    expect(checkRoundAttendance({ votersPresent: 10, membersLeft: twice, present, due: 12 }).code).toBe('ROUND_LEFT_TWICE');
  });

  it('accepts exactly the attendance less those who left, and nothing else, for any attendance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(60), fc.integer({ min: -5, max: 5 }), (attending, leftCount, typo) => {
        const ids = Array.from({ length: attending }, (_, i) => `v${i}`);
        const left = ids.slice(0, Math.min(leftCount, attending)).map((memberId) => ({ memberId, reason: 'left early' }));
        const remaining = attending - left.length;
        const verdict = checkRoundAttendance({ votersPresent: remaining + typo, membersLeft: left, present: ids, due: attending });
        const quorum = left.length === 0 || 5 * remaining > 4 * attending;
        expect(verdict.ok).toBe(typo === 0 && quorum);
      }),
    );
  });
});

describe('an elected write-in is identified before it takes a seat (version 2)', () => {
  const writeIn = (name: string, votes: number, writeInMembers?: Record<string, string | null>) =>
    entry({
      votes: { m1: 2, m2: 1 },
      writeIns: { [name]: votes },
      disapprovedCandidates: ['m1'],
      validBallots: 12,
      ...(writeInMembers ? { writeInMembers } : {}),
    });

  it('refuses a round whose write-in has a majority but nobody says who it is; version 1 seated the name', () => {
    expect(record(writeIn('王大有', 9), 1)).toMatchObject({ status: 'elected', elected: ['王大有'] });
    const result = record(writeIn('王大有', 9));
    expect(result).toMatchObject({ status: 'rejected', verdict: { code: 'ROUND_WRITE_IN_NOT_IDENTIFIED' } });
    expect(result.verdict.message).toContain(
      'write-in "王大有" has 9 votes, more than half of the 12 members due to attend: identify the person under writeInMembers',
    );
  });

  it('seats an identified full member under the member id, so the outcome knows who it is', () => {
    const result = record(writeIn('王五', 9, { 王五: 'young' }));
    expect(result).toMatchObject({ status: 'elected', elected: ['young'], writeInsElected: ['young'] });
    expect(result.verdict.message).toContain('elected: young (written in as "王五") 9');
  });

  it.each([
    ['a non-member', null, 'not a member of this branch'],
    ['a probationary member', 'prob', 'is a probationary member (预备党员)'],
    ['a new member over the age limit', 'old', "over the town plan's limit of 45 for a new committee member"],
  ])('gives no seat to %s: the seat is left unfilled, the votes recorded', (_who, id, why) => {
    const result = record(writeIn('Someone', 9, { Someone: id }));
    expect(result).toMatchObject({ status: 'shortfall', elected: [], shortfall: 1 });
    expect(result.verdict.message).toContain('may not take a seat');
    expect(result.verdict.message).toContain(why);
  });

  it('gives no second seat to a member already elected in an earlier round', () => {
    expect(record(writeIn('Li', 9, { Li: 'young' }), 2, ['young'])).toMatchObject({ status: 'shortfall', elected: [] });
  });

  it('refuses an identity for a name nobody wrote in, an id not in the roster, or two names for one member', () => {
    expect(record(writeIn('老李', 9, { 老李: 'm9', 老赵: 'm8' })).verdict.code).toBe('ROUND_IDENTITY_WITHOUT_WRITE_IN');
    expect(record(writeIn('老李', 9, { 老李: 'ghost' })).verdict.code).toBe('ROUND_WRITE_IN_UNKNOWN_MEMBER');
    const twoNames = entry({
      seats: 1,
      votes: { m1: 0, m2: 0 },
      writeIns: { 老李: 6, 李四: 6 },
      disapprovedCandidates: ['m1'],
      writeInMembers: { 老李: 'young', 李四: 'young' },
    });
    expect(record(twoNames).verdict.code).toBe('ROUND_WRITE_IN_SAME_MEMBER');
    expect(record({ ...writeIn('老李', 9, { 老李: 'm2' }) }).verdict.code).toBe('ROUND_WRITE_IN_IS_CANDIDATE');
  });

  it('needs no identity for a write-in without a majority', () => {
    expect(record(writeIn('王大有', 6))).toMatchObject({ status: 'shortfall', elected: [] });
  });

  it('identifies a write-in on a secretary ballot only with the secretary years of membership', () => {
    const recent = [...roster, member('recent', { birthDate: '1995-01-01', joinedParty: '2025-06-01' })];
    const { identities } = identifyWriteIns({
      writeIns: { New: 9 },
      writeInMembers: { New: 'recent' },
      kind: 'secretary',
      roster: recent,
      plan: plan(),
      onDate: '2026-11-24',
      alreadyElected: [],
      edition: 2,
    });
    expect(identities.New).toMatchObject({
      maySit: false,
      why: expect.stringContaining("0 whole years of membership on 2026-11-24, fewer than the town plan's 1 year") as unknown,
    });
  });
});
