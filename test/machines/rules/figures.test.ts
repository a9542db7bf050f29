import fc from 'fast-check';
import { decisionSchemas } from '../../../machines/events';
import {
  canReduceSeats,
  checkInspection,
  checkMemberRecommendation,
  checkSecretaryElection,
  checkSlate,
  committeeForm,
  competitiveRatioVerdict,
  countRound,
  dueToAttend,
  enoughNominees,
  percentText,
  quorumVerdict,
  scaledText,
  seatsForBranch,
  seatsVerdict,
  slateAfterRemoval,
  tallySchema,
  type Excusal,
  type Verdict,
} from '../../../machines/rules';
import { fullMembers, member, plan } from './fixtures';

const roster = fullMembers(12);
const onDate = '2026-04-01';
const nonsenseSeats = fc.oneof(
  fc.constantFrom(0, -1, -7, 1.5, 2.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.integer({ max: 0 }),
  fc.double({ noInteger: true, noNaN: true }),
);

/** Every rule that takes a number of seats, called directly as a caller outside the machine might. */
const seatRules: [string, (seats: number) => Verdict][] = [
  ['seatsVerdict', (seats) => seatsVerdict(seats, 12)],
  ['seatsForBranch (committee)', (seats) => seatsForBranch(seats, 12)],
  ['seatsForBranch (no committee)', (seats) => seatsForBranch(seats, 5)],
  ['competitiveRatioVerdict', (seats) => competitiveRatioVerdict(seats, 9)],
  ['enoughNominees', (seats) => enoughNominees({ form: 'committee', seats, passing: 9 })],
  ['enoughNominees (no committee)', (seats) => enoughNominees({ form: 'secretary-direct', seats, passing: 9 })],
  [
    'checkSlate (no committee)',
    (seats) =>
      checkSlate({ form: 'secretary-direct', seats, candidates: ['m1'], roster, inspectedPass: ['m1'], plan: plan(), onDate }).verdict,
  ],
  ['slateAfterRemoval', (seats) => slateAfterRemoval(seats, 9)],
  ['slateAfterRemoval (no committee)', (seats) => slateAfterRemoval(seats, 2, 'secretary-direct')],
  [
    'checkMemberRecommendation',
    (seats) =>
      checkMemberRecommendation({
        tally: { participants: 12, ballotsIssued: 12, ballotsReturned: 12, votes: { m1: 10 } },
        roster,
        plan: plan(),
        form: 'secretary-direct',
        seats,
      }),
  ],
  ['canReduceSeats', (seats) => canReduceSeats({ elected: 3, seats })],
  [
    'countRound',
    (seats) =>
      countRound({
        kind: 'committee',
        seats,
        candidates: ['m1'],
        votersPresent: 12,
        dueToAttend: 12,
        ballotsIssued: 12,
        ballotsReturned: 12,
        validBallots: 12,
        invalidBallots: 0,
        votes: { m1: 10 },
      }).verdict,
  ],
];

describe('rule functions refuse nonsense figures when called directly', () => {
  it.each(seatRules)('%s refuses 0, negative, fractional, infinite and NaN seats, naming the seats', (_name, rule) => {
    fc.assert(
      fc.property(nonsenseSeats, (seats) => {
        const verdict = rule(seats);
        expect(verdict.ok).toBe(false);
        expect(verdict.message).toMatch(/seats/);
      }),
    );
  });

  it('refuses an excusal in a category that is not one of the five, or without both consents', () => {
    const excusal = { memberId: 'm1', category: 'illness', higherLevelConsent: true, conferenceApproved: true } as Excusal;
    expect(dueToAttend(roster, [excusal])).toMatchObject({ due: 11, verdict: { ok: true } });
    const holiday = dueToAttend(roster, [{ ...excusal, category: 'holiday' as Excusal['category'] }]);
    expect(holiday).toMatchObject({ due: 12, verdict: { ok: false, code: 'EXCUSAL_INVALID' } });
    expect(holiday.verdict.message).toContain('excusals[0].category: got "holiday"');
    const noConsent = dueToAttend(roster, [{ ...excusal, higherLevelConsent: false as true }]);
    expect(noConsent).toMatchObject({ due: 12, verdict: { ok: false, code: 'EXCUSAL_INVALID' } });
  });
});

describe('a member whose id is `__proto__` keeps its votes', () => {
  const wire = (votes: string) => JSON.parse(`{"a": 3, ${votes}}`) as Record<string, number>;

  it('through the schemas: a decision refuses the id by name (no roster can hold it), and a written name keeps its votes', () => {
    const round = {
      type: 'RECORD_ROUND',
      by: { id: 'g', name: 'G', role: 'guidance-group' },
      votersPresent: 9,
      ballotsIssued: 9,
      ballotsReturned: 9,
      validBallots: 9,
      invalidBallots: 0,
      votes: wire('"b": 6'),
      writeIns: wire('"__proto__": 1'),
    };
    const refused = decisionSchemas.RECORD_ROUND.safeParse({ ...round, votes: wire('"__proto__": 6') });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues).toEqual([expect.objectContaining({ path: ['votes'], message: expect.stringContaining('"__proto__"') })]);
    const parsed = decisionSchemas.RECORD_ROUND.parse(round);
    expect(Object.hasOwn(parsed.writeIns!, '__proto__')).toBe(true);
    expect(Object.entries(parsed.writeIns!)).toEqual([
      ['a', 3],
      ['__proto__', 1],
    ]);
    const tally = tallySchema.parse({ participants: 9, ballotsIssued: 9, ballotsReturned: 9, votes: wire('"__proto__": 6') });
    expect(tally.votes).toEqual(JSON.parse('{"a": 3, "__proto__": 6}'));
  });

  it('and is elected with them, as `constructor` is refused when its votes are missing', () => {
    const base = {
      kind: 'secretary' as const,
      seats: 1,
      votersPresent: 9,
      dueToAttend: 9,
      ballotsIssued: 9,
      ballotsReturned: 9,
      validBallots: 9,
      invalidBallots: 0,
    };
    expect(countRound({ ...base, candidates: ['a', '__proto__'], votes: wire('"__proto__": 6') })).toMatchObject({
      status: 'elected',
      elected: ['__proto__'],
    });
    expect(countRound({ ...base, candidates: ['a', 'constructor'], votes: { a: 3 } }).verdict.code).toBe('ROUND_MISSING_CANDIDATE_VOTES');
  });

  it('is still refused as a stray key when the roster has no such member', () => {
    const parsed = tallySchema.safeParse({ participants: 9, ballotsIssued: 9, ballotsReturned: 9, votes: wire('"__proto__": -1') });
    expect(parsed.success).toBe(false);
  });
});

describe('messages are grammatical and exact', () => {
  /** Messages of rules called with figures of 1, where a plural would be wrong. */
  const messages = () => [
    canReduceSeats({ elected: 0, seats: 1 }).message,
    canReduceSeats({ elected: 2, seats: 3 }).message,
    enoughNominees({ form: 'committee', seats: 3, passing: 1 }).message,
    committeeForm(1).message,
    seatsForBranch(2, 1).message,
    checkInspection({ verdicts: [{ nomineeId: 'm1', pass: true }], nominees: ['m1'] }).message,
    checkSecretaryElection({
      committee: [],
      secretary: 'young',
      electsDeputy: false,
      roster: [...roster, member('young', { joinedParty: '2025-04-01', fullMemberSince: '2025-04-01' })],
      plan: plan({ eligibility: { secretaryMinMembershipYears: 2 } }),
      onDate,
      variant: 'direct',
    }).message,
    countRound({
      kind: 'secretary',
      seats: 1,
      candidates: ['a'],
      votersPresent: 1,
      dueToAttend: 1,
      ballotsIssued: 1,
      ballotsReturned: 1,
      validBallots: 1,
      invalidBallots: 0,
      votes: { a: 1 },
    }).verdict.message,
    countRound({
      kind: 'secretary',
      seats: 1,
      candidates: ['a'],
      votersPresent: 1,
      dueToAttend: 1,
      ballotsIssued: 1,
      ballotsReturned: 1,
      validBallots: 1,
      invalidBallots: 0,
      votes: { a: 2 },
    }).verdict.message,
  ];

  it('never writes "1 seats", "1 years", "1 votes" or "nominee(s)"', () => {
    for (const message of messages()) {
      expect(message).not.toMatch(/\b1 (seats|years|votes|nominees|candidates|members|full members|participants|voters|valid ballots)\b/);
      expect(message).not.toContain('(s)');
    }
    expect(messages().join(' ')).toContain('1 whole year of membership');
  });

  it('shows an exact share without "about", and only an inexact one with it', () => {
    expect(percentText(1, 8)).toBe('12.5%');
    expect(percentText(7, 8)).toBe('87.5%');
    expect(percentText(1, 32)).toBe('3.125%');
    expect(percentText(1, 3)).toBe('about 33.33%');
    expect(scaledText(4, 5, 41)).toBe('32.8');
    expect(scaledText(4, 5, 1)).toBe('0.8');
    expect(quorumVerdict({ due: 8, presentVoters: 7 }).message).toBe(
      'present 7 of 8 due: 87.5% is more than 4/5 (7 > 4/5 × 8 = 6.4), quorum met',
    );
  });

  it('says "about" exactly when the share has no finite decimal', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.integer({ min: 1, max: 500 }), (part, whole) => {
        const text = percentText(part, whole);
        const exact = Number.isFinite(Number(text.replace('%', '')));
        let rest = whole / gcd(part * 100, whole);
        for (const f of [2, 5]) while (rest % f === 0) rest /= f;
        expect(exact).toBe(rest === 1);
        if (exact) expect(Number(text.replace('%', ''))).toBe((part * 100) / whole);
      }),
    );
  });
});

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
