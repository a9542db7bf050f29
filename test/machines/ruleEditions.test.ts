import { HELUO_VILLAGES } from '../../client/demo/heluo';
import { admit, type ElectionSnapshot } from '../../machines/admission';
import type { ElectionInputRaw } from '../../machines/input';
import { EDITIONS } from '../../machines/editions';
import { ageOn, CURRENT_EDITION, votingMembers, type Member } from '../../machines/rules';
import { LATEST_MACHINE_VERSION, MACHINE_VERSIONS } from '../../machines/versions';
import {
  atStage,
  confirmCount,
  driveTo,
  fire,
  input,
  LUOKOU,
  named,
  noticeKinds,
  person,
  roundFor,
  rounds,
  scripted,
  scriptFor,
  send,
  stamped,
  today,
  whereIs,
  type Run,
} from './fixtures';

/*
 * The corrections of issue #12 through the statechart: each applies to an election started on machine version 2,
 * and an election started on version 1 keeps the rule it started with.
 */

describe('rule editions', () => {
  it('answer rules called without an edition as the version new elections start on', () => {
    expect(CURRENT_EDITION).toBe(LATEST_MACHINE_VERSION);
    expect(Object.keys(EDITIONS)).toEqual(Object.keys(MACHINE_VERSIONS));
  });

  it.each(HELUO_VILLAGES.map((v) => [v.name, v] as const))(
    'let the scripted town office complete %s on both versions',
    (_name, village) => {
      for (const machineVersion of [1, 2]) {
        const run = driveTo((s) => s.status === 'done', { input: input({ machineVersion }, { village }) });
        expect(whereIs(run.snapshot)).toBe('completed');
      }
    },
  );
});

const town = person('town-committee');
const guidance = person('guidance-group');

const voters = (run: Run) => votingMembers(run.input.roster).map((m) => m.id);
const refusal = (run: Run, decision: Record<string, unknown>) => admit(run.snapshot, { ...decision, at: Date.UTC(2026, 10, 24) });

/** Appoints two scrutineers among `present` who are not candidates. */
const scrutineersAmong = (present: string[]) => (s: ElectionSnapshot) =>
  s.context.attendance && s.context.scrutineers.length === 0 && whereIs(s) === 'conference/scrutineers'
    ? { type: 'APPOINT_SCRUTINEERS', by: guidance, scrutineers: present.filter((id) => !s.context.candidates.includes(id)).slice(-2) }
    : undefined;

describe('the majority of the 2020 Regulations (issue #12, item 1)', () => {
  /** 52 members, 50 of them full; 41 attend; the first five candidates get 22 votes each. */
  function firstRound(machineVersion: number): Run {
    let run = driveTo(atStage('conference', 'attendance'), { input: input({ machineVersion }, { members: 52 }) });
    const present = voters(run).slice(0, 41);
    run = send(run, { type: 'RECORD_ATTENDANCE', by: guidance, present });
    expect(run.snapshot.context.attendance).toMatchObject({ due: 50, quorumMet: true });
    run = driveTo(atStage('conference', 'awaitingRound'), { from: run, override: scrutineersAmong(present) });
    const winners = run.snapshot.context.ballot!.candidates.slice(0, 5);
    run = send(run, roundFor(run.snapshot, Object.fromEntries(winners.map((id) => [id, 22]))));
    return send(run, confirmCount(run.snapshot));
  }

  it('elects with 22 of 41 present on version 1, the rule a village started on keeps to the end', () => {
    let run = firstRound(1);
    expect(run.snapshot.context.elected).toHaveLength(5);
    expect(whereIs(run.snapshot)).toBe('firstPlenary');
    run = driveTo((s) => s.status === 'done', { from: run });
    expect(run.snapshot.context.rounds.map((r) => r.status)).toEqual(['elected']);
  });

  it('does not elect with 22 votes on version 2: more than half of the 50 due to attend is 26', () => {
    let run = firstRound(2);
    const [round] = run.snapshot.context.rounds;
    // The office's script records the 45 it expects; this conference had 41, so its rounds are recorded here.
    const asAttended = (s: ElectionSnapshot) =>
      whereIs(s) === 'conference/awaitingRound'
        ? rounds.electing(s)
        : whereIs(s) === 'conference/awaitingConfirmation'
          ? confirmCount(s)
          : undefined;
    expect(round).toMatchObject({ status: 'shortfall', elected: [], dueToAttend: 50, votersPresent: 41 });
    expect(round!.message).toContain('elected with more than half of the 50 members due to attend, at least 26 votes (2 × votes > 50)');
    expect(whereIs(run.snapshot)).toBe('conference/awaitingRound');
    expect(run.snapshot.context.ballot).toMatchObject({ purpose: 'shortfall', seats: 5 });
    run = driveTo((s) => s.status === 'done', { from: run, override: asAttended });
    expect(run.snapshot.context.elected).toHaveLength(5);
  });
});

describe("each round's voters present come from the attendance (item 2)", () => {
  const atRound = (machineVersion: number) => driveTo(atStage('conference', 'awaitingRound'), { input: input({ machineVersion }) });
  /** A round typed with 4 voters present at a conference of 33: five candidates on 3 votes each. */
  const typedAsFour = (run: Run) => {
    const five = run.snapshot.context.ballot!.candidates.slice(0, 5);
    return roundFor(run.snapshot, Object.fromEntries(five.map((id) => [id, 3])), {
      votersPresent: 4,
      ballotsIssued: 4,
      ballotsReturned: 4,
      validBallots: 4,
    });
  };

  it('elected five on 3 votes each from a round typed as 4 present on version 1', () => {
    let run = atRound(1);
    run = send(run, typedAsFour(run));
    run = send(run, confirmCount(run.snapshot));
    expect(run.snapshot.context.elected).toHaveLength(5);
  });

  it('refuses on version 2 a round whose voters present are not the attendance, naming the figure to give', () => {
    const run = atRound(2);
    expect(refusal(run, typedAsFour(run))).toMatchObject({
      ok: false,
      code: 'ROUND_VOTERS_NOT_AS_RECORDED',
      message: expect.stringContaining(
        'votersPresent: got 4; accepted: 33, the 33 voting members recorded present at the attendance',
      ) as unknown,
    });
  });

  it('takes fewer voters for members who left, with the reason, while the quorum holds', () => {
    let run = atRound(2);
    const present = run.snapshot.context.attendance!.present;
    const left = (n: number) => present.slice(0, n).map((memberId) => ({ memberId, reason: 'called home' }));
    const withLeft = (n: number) => ({
      ...roundFor(run.snapshot, Object.fromEntries(run.snapshot.context.ballot!.candidates.slice(0, 5).map((id) => [id, 30 - n]))),
      votersPresent: 33 - n,
      ballotsIssued: 33 - n,
      ballotsReturned: 33 - n,
      validBallots: 33 - n,
      membersLeft: left(n),
    });
    // 28 of 36 due: 5 × 28 = 140 is not more than 4 × 36 = 144.
    expect(refusal(run, withLeft(5))).toMatchObject({ ok: false, code: 'ROUND_QUORUM_LOST' });
    run = send(run, withLeft(4));
    expect(run.snapshot.context.pendingRound).toMatchObject({ votersPresent: 29, membersLeft: left(4) });
    run = send(run, confirmCount(run.snapshot));
    expect(run.snapshot.context.elected).toHaveLength(5);
  });

  it('bounds the seat reduction vote by those present at the last round', () => {
    let run = atRound(2);
    const present = run.snapshot.context.attendance!.present;
    const four = run.snapshot.context.ballot!.candidates.slice(0, 4);
    run = send(run, {
      ...roundFor(run.snapshot, Object.fromEntries(four.map((id) => [id, 28]))),
      votersPresent: 29,
      ballotsIssued: 29,
      ballotsReturned: 29,
      validBallots: 29,
      membersLeft: present.slice(0, 4).map((memberId) => ({ memberId, reason: 'called home' })),
    });
    run = send(run, confirmCount(run.snapshot));
    expect(refusal(run, { type: 'REDUCE_SEATS', by: guidance, votesFor: 30 })).toMatchObject({
      ok: false,
      code: 'SEAT_REDUCTION_VOTE_INVALID_FIGURES',
    });
    run = send(run, { type: 'REDUCE_SEATS', by: guidance, votesFor: 15 });
    expect(run.snapshot.context.seats).toBe(4);
  });
});

describe('elected write-ins are identified (item 3)', () => {
  const OUTSIDER = '王大有';
  /** Four candidates elected, the fifth disapproved and replaced on 30 ballots by a write-in. */
  const writeInRound = (run: Run, writeInMembers?: Record<string, string | null>) => {
    const { candidates } = run.snapshot.context.ballot!;
    return {
      ...roundFor(run.snapshot, Object.fromEntries(candidates.slice(0, 4).map((id) => [id, 30]))),
      writeIns: { [OUTSIDER]: 30 },
      disapprovedCandidates: [candidates[4]!],
      ...(writeInMembers ? { writeInMembers } : {}),
    };
  };
  const atRound = (machineVersion: number) => driveTo(atStage('conference', 'awaitingRound'), { input: input({ machineVersion }) });
  /** The first plenary elects among the committee members who are in the roster. */
  const plenaryOfMembers = (s: ElectionSnapshot) => {
    if (whereIs(s) !== 'firstPlenary') return undefined;
    const [secretary, deputy] = s.context.elected.filter((id) => s.context.roster.some((m) => m.id === id)) as [string, string];
    const all = s.context.elected.length;
    return {
      type: 'RECORD_PLENARY',
      by: guidance,
      secretary,
      deputy,
      membersPresent: s.context.elected,
      votes: { secretary: { [secretary]: all }, deputy: { [deputy]: all } },
    };
  };
  const completed = (run: Run) => {
    const done = driveTo((s) => s.status === 'done', { from: run, override: plenaryOfMembers });
    const outcome = named(done.last).find((a) => a.type === 'recordOutcome')!.params as { facts: { elected: Partial<Member>[] } };
    return outcome.facts.elected;
  };

  it('let a write-in nobody identified complete the election on version 1, leaving the outcome without gender or age', () => {
    let run = atRound(1);
    run = send(send(run, writeInRound(run)), confirmCount(run.snapshot));
    expect(run.snapshot.context.elected).toContain(OUTSIDER);
    const outsider = completed(run).find((m) => m.id === OUTSIDER);
    expect(outsider).toEqual({ id: OUTSIDER });
  });

  it('waits on version 2 until the record says who the write-in is', () => {
    const run = atRound(2);
    expect(refusal(run, writeInRound(run))).toMatchObject({
      ok: false,
      code: 'ROUND_WRITE_IN_NOT_IDENTIFIED',
      message: expect.stringContaining(`write-in "${OUTSIDER}" has 30 votes, more than half of the 36 members due to attend`) as unknown,
    });
  });

  it('gives no seat to a non-member or a probationary member: the seat goes to another election', () => {
    for (const identity of [null, 'm37']) {
      let run = atRound(2);
      run = send(send(run, writeInRound(run, { [OUTSIDER]: identity })), confirmCount(run.snapshot));
      expect(run.snapshot.context.elected).toHaveLength(4);
      expect(run.snapshot.context.rounds[0]).toMatchObject({ status: 'shortfall' });
      expect(run.snapshot.context.rounds[0]!.message).toContain(`no seat for ${OUTSIDER} (write-in, may not take a seat:`);
      expect(run.snapshot.context.ballot).toMatchObject({ purpose: 'shortfall', seats: 1 });
    }
  });

  it('seats a write-in identified as a roster member who may stand, whose outcome record is complete', () => {
    let run = atRound(2);
    const { candidates } = run.snapshot.context;
    const standing = votingMembers(run.input.roster).find(
      (m) =>
        !candidates.includes(m.id) &&
        !m.outgoingPost &&
        ageOn(m.birthDate, today) <= 45 &&
        !run.snapshot.context.attendance!.present.slice(-2).includes(m.id),
    )!;
    run = send(send(run, writeInRound(run, { [OUTSIDER]: standing.id })), confirmCount(run.snapshot));
    expect(run.snapshot.context.elected).toContain(standing.id);
    const seated = completed(run).find((m) => m.id === standing.id);
    expect(seated).toMatchObject({ gender: standing.gender, birthDate: standing.birthDate, education: standing.education });
  });
});

describe('candidate checks on every path (item 4)', () => {
  /** The scripted office of a village without a committee that elects a deputy too. */
  const deputyOverride = (run: Pick<Run, 'input'>) => {
    const given = run.input;
    const script = scriptFor(given);
    return (s: ElectionSnapshot) => {
      const next = scripted(s, script);
      if (next?.type === 'SUBMIT_START_REQUEST' || next?.type === 'APPROVE_START') return { ...next, electsDeputy: true };
      // Two nominees above a third of the 5 participants: a secretary and a deputy can be elected from the slate.
      if (next?.type === 'RECORD_MEMBER_RECOMMENDATION' || next?.type === 'RECORD_MASS_RECOMMENDATION') {
        const [a, b] = votingMembers(given.roster)
          .filter((m) => ageOn(m.birthDate, today) <= 45)
          .map((m) => m.id);
        const participants = next.tally.participants;
        return { ...next, tally: { ...next.tally, votes: { [a!]: participants, [b!]: participants - 1 } } };
      }
      return undefined;
    };
  };

  /** A village of 6 full members, no committee, which elects a secretary and a deputy directly, at its deputy ballot. */
  function directDeputy(machineVersion: number): Run {
    const given = input({ machineVersion }, { members: 8 });
    const override = deputyOverride({ input: given });
    return driveTo((s) => s.context.ballot?.kind === 'deputy' && whereIs(s) === 'conference/awaitingRound', { input: given, override });
  }

  it('put every voting member on the deputy ballot on version 1, scrutineers and members over the age limits included', () => {
    const run = directDeputy(1);
    const { ballot, scrutineers, secretary } = run.snapshot.context;
    expect(ballot!.candidates).toEqual(voters(run).filter((id) => id !== secretary));
    expect(ballot!.candidates).toEqual(expect.arrayContaining(scrutineers));
    const overAge = run.input.roster.filter((m) => ageOn(m.birthDate, today) > 45 && !m.outgoingPost).map((m) => m.id);
    expect(overAge.filter((id) => ballot!.candidates.includes(id)).length).toBeGreaterThan(0);
    // A scrutineer elected deputy confirmed his own count.
    const scrutineer = scrutineers.at(-1)!;
    let next = send(run, roundFor(run.snapshot, { [scrutineer]: 5 }));
    next = send(next, confirmCount(next.snapshot));
    expect(next.snapshot.context.deputy).toBe(scrutineer);
  });

  it('takes the deputy from the approved slate on version 2, never a scrutineer or an unchecked member', () => {
    const run = directDeputy(2);
    const { ballot, candidates, secretary, scrutineers } = run.snapshot.context;
    expect(ballot!.candidates).toEqual(candidates.filter((id) => id !== secretary));
    for (const id of scrutineers) expect(ballot!.candidates).not.toContain(id);
  });

  it('refuses on version 2 the confirmation of a scrutineer a write-in was identified as', () => {
    let run = directDeputy(2);
    const { ballot, scrutineers, candidates } = run.snapshot.context;
    const [first, last] = [scrutineers[0]!, scrutineers.at(-1)!];
    run = send(run, {
      ...roundFor(run.snapshot, { [ballot!.candidates[0]!]: 1 }),
      writeIns: { 老张: 4 },
      disapprovedCandidates: [ballot!.candidates[0]!],
      writeInMembers: { 老张: last },
    });
    expect(candidates).not.toContain(last);
    expect(refusal(run, { type: 'CONFIRM_COUNT', by: { ...person('scrutineer'), id: last } })).toMatchObject({
      ok: false,
      code: 'SCRUTINEER_STANDS_IN_ROUND',
    });
    expect(refusal(run, { type: 'CONFIRM_COUNT', by: { ...person('scrutineer'), id: first } }).ok).toBe(true);
  });

  it('needs a slate of two on version 2 where a secretary and a deputy are elected directly', () => {
    for (const [machineVersion, accepted] of [
      [1, true],
      [2, false],
    ] as const) {
      const run = directDeputy(machineVersion);
      const atSlate = driveTo(atStage('slateApproval'), {
        input: run.input,
        override: (s) => (whereIs(s) === 'slateApproval' ? undefined : deputyOverride(run)(s)),
      });
      const slateOfOne = { type: 'APPROVE_SLATE', by: town, candidates: atSlate.snapshot.context.inspectionPassed.slice(0, 1) };
      expect(refusal(atSlate, slateOfOne)).toMatchObject(
        accepted
          ? { ok: true }
          : { ok: false, code: 'SLATE_REJECTED', message: expect.stringContaining('which needs at least 2') as unknown },
      );
    }
  });
});

describe("the secretary's years of Party standing in every variant (item 5)", () => {
  /** The member the scripted office elects first, made a member who joined on `joined` (and full on `full`). */
  function withRecentSecretary(base: ElectionInputRaw, joined: string, full?: string): ElectionInputRaw {
    const probe = driveTo(atStage('resultApproval'), { input: input(base) });
    const first = probe.snapshot.context.secretary ?? probe.snapshot.context.elected[0]!;
    const roster = probe.input.roster.map((m) =>
      m.id === first ? { ...m, joinedParty: joined, ...(full ? { fullMemberSince: full } : {}) } : m,
    );
    return { ...base, roster };
  }

  it('keeps off the direct secretary ballot, from version 2, a member not yet a full year a full member', () => {
    const luokou = input({}, { village: LUOKOU });
    const raw = { ...luokou, machineVersion: 1 } as ElectionInputRaw;
    // Joined 2025-06-01: a year from joining on version 1, but a full member only since 2026-06-01.
    const v1 = driveTo(atStage('resultApproval'), { input: input(withRecentSecretary(raw, '2025-06-01')) });
    const v2 = driveTo(atStage('resultApproval'), { input: input({ ...withRecentSecretary(raw, '2025-06-01'), machineVersion: 2 }) });
    const recent = v1.snapshot.context.secretary!;
    expect(v1.snapshot.context.rounds[1]!.candidates).toContain(recent);
    expect(v2.snapshot.context.rounds[1]!.candidates).not.toContain(recent);
    expect(v2.snapshot.context.secretary).not.toBe(recent);
  });

  it('counts from the recorded date of full membership at the first plenary', () => {
    const raw = { ...input(), machineVersion: 2 } as ElectionInputRaw;
    const run = driveTo(atStage('firstPlenary'), { input: input(withRecentSecretary(raw, '2024-01-01', '2026-03-01')) });
    const next = scripted(run.snapshot, scriptFor(run.input))!;
    expect(refusal(run, next)).toMatchObject({ ok: false, code: 'SECRETARY_MEMBERSHIP_TOO_SHORT' });
    const withoutDate = driveTo(atStage('firstPlenary'), { input: input(withRecentSecretary(raw, '2024-01-01')) });
    expect(refusal(withoutDate, scripted(withoutDate.snapshot, scriptFor(withoutDate.input))!).ok).toBe(true);
  });

  it('refuses on version 2 a slate for a directly elected secretary with nobody who may be secretary', () => {
    const base = input({}, { members: 8 });
    const roster = base.roster.map((m) => ({ ...m, joinedParty: '2025-06-01' }));
    const run = driveTo(atStage('slateApproval'), { input: input({ roster }, { members: 8 }) });
    const next = scripted(run.snapshot, scriptFor(run.input))!;
    expect(refusal(run, next)).toMatchObject({
      ok: false,
      code: 'SLATE_REJECTED',
      message: expect.stringContaining('no candidate may be the directly elected secretary') as unknown,
    });
    const v1 = driveTo(atStage('slateApproval'), { input: input({ roster, machineVersion: 1 }, { members: 8 }) });
    expect(refusal(v1, scripted(v1.snapshot, scriptFor(v1.input))!).ok).toBe(true);
  });
});

describe("the first plenary's vote (item 11)", () => {
  const atPlenary = (machineVersion: number) => driveTo(atStage('firstPlenary'), { input: input({ machineVersion }) });
  const plenary = (run: Run, secretaryVotes: number) => {
    const [secretary, deputy] = run.snapshot.context.elected as [string, string];
    return {
      type: 'RECORD_PLENARY',
      by: guidance,
      secretary,
      deputy,
      membersPresent: run.snapshot.context.elected,
      votes: { secretary: { [secretary]: secretaryVotes }, deputy: { [deputy]: 5 } },
    };
  };

  it('took a plenary record without its vote on version 1', () => {
    const run = atPlenary(1);
    const [secretary, deputy] = run.snapshot.context.elected;
    expect(refusal(run, { type: 'RECORD_PLENARY', by: guidance, secretary, deputy }).ok).toBe(true);
  });

  it('needs the vote on version 2, and more than half of the committee for the secretary', () => {
    let run = atPlenary(2);
    const [secretary, deputy] = run.snapshot.context.elected;
    expect(refusal(run, { type: 'RECORD_PLENARY', by: guidance, secretary, deputy })).toMatchObject({
      ok: false,
      code: 'PLENARY_VOTE_MISSING',
    });
    expect(refusal(run, plenary(run, 2))).toMatchObject({ ok: false, code: 'PLENARY_NO_MAJORITY' });
    run = send(run, plenary(run, 3));
    expect(whereIs(run.snapshot)).toBe('resultApproval');
    expect(run.snapshot.context.plenary).toMatchObject({
      membersPresent: run.snapshot.context.elected,
      votes: { secretary: { [secretary!]: 3 } },
    });
  });
});

describe('recommendation tallies bounded by who exists (item 13)', () => {
  const atRecommendation = (machineVersion: number) => driveTo(atStage('memberRecommendation'), { input: input({ machineVersion }) });
  const tally = (participants: number, votes: Record<string, number>) => ({
    type: 'RECORD_MEMBER_RECOMMENDATION',
    by: guidance,
    tally: { participants, ballotsIssued: participants, ballotsReturned: participants, votes },
  });

  it('refuses on version 2 more participants than the 36 voting members, which version 1 took', () => {
    const forty = (run: Run) =>
      tally(
        40,
        Object.fromEntries(
          voters(run)
            .slice(0, 7)
            .map((id) => [id, 20]),
        ),
      );
    expect(refusal(atRecommendation(1), forty(atRecommendation(1))).ok).toBe(true);
    expect(refusal(atRecommendation(2), forty(atRecommendation(2)))).toMatchObject({
      ok: false,
      code: 'TALLY_MORE_PARTICIPANTS_THAN_EXIST',
    });
  });

  it('refuses on version 2 a mass recommendation with more participants than the representatives recorded', () => {
    const run = driveTo(atStage('massRecommendation'), { input: input() });
    const [a] = voters(run);
    const mass = {
      type: 'RECORD_MASS_RECOMMENDATION',
      by: guidance,
      tally: { participants: 25, ballotsIssued: 25, ballotsReturned: 25, votes: { [a!]: 20 } },
    };
    expect(refusal(run, mass)).toMatchObject({ ok: false, code: 'TALLY_MORE_PARTICIPANTS_THAN_EXIST' });
  });

  it('records on version 2 a true tally in which too few pass, says why, and holds the recommendation again', () => {
    let run = atRecommendation(2);
    const three = voters(run).slice(0, 3);
    const few = tally(33, Object.fromEntries(three.map((id) => [id, 30])));
    expect(refusal(atRecommendation(1), few)).toMatchObject({ ok: false, code: 'TOO_FEW_NOMINEES_PASS' });
    run = send(run, few);
    expect(whereIs(run.snapshot)).toBe('memberRecommendation');
    expect(run.snapshot.context.memberTally).toMatchObject({ participants: 33 });
    expect(run.snapshot.context.sentBack).toMatchObject({
      stage: 'memberRecommendation',
      reason: expect.stringContaining('3 nominees passed but the slate needs at least 6; hold the recommendation again') as unknown,
    });
    expect(noticeKinds(run.last)).toEqual(['recommendation-meeting']);
    run = driveTo(atStage('massRecommendation'), { from: run });
    expect(run.snapshot.context.sentBack).toBeUndefined();
  });
});

describe('a rejected directly elected secretary (item 14)', () => {
  const reject = { type: 'REJECT_RESULT', by: town, reason: 'the secretary has a pending disciplinary case' };

  it.each([
    ['the direct-election pilot', LUOKOU, undefined, ['committee', 'secretary', 'deputy', 'secretary', 'deputy']],
    ['a village without a committee', undefined, 8, ['secretary', 'secretary']],
  ] as const)('in %s goes back through a new conference notice and attendance on version 2', (_what, village, members, kinds) => {
    let run = driveTo(atStage('resultApproval'), {
      input: input({ machineVersion: 2 }, { ...(village ? { village } : {}), ...(members ? { members } : {}) }),
    });
    const elected = run.snapshot.context.elected;
    run = send(run, reject);
    expect(whereIs(run.snapshot)).toBe('conferenceNotice/noticeGiven');
    expect(noticeKinds(run.last)).toEqual(['conference-notice']);
    expect(run.snapshot.context.secretary).toBeUndefined();
    run = fire(run, 'conferenceNoticeLead');
    expect(whereIs(run.snapshot)).toBe('conference/attendance');
    run = driveTo(atStage('conference', 'awaitingRound'), { from: run });
    expect(run.snapshot.context.ballot).toMatchObject({ kind: 'secretary', round: 1, purpose: 'first' });
    run = driveTo(atStage('resultApproval'), { from: run });
    expect(run.snapshot.context.rounds.map((r) => r.kind)).toEqual(kinds);
    expect(run.snapshot.context.elected).toEqual(elected);
    expect(run.snapshot.can(stamped({ type: 'APPROVE_RESULT', by: town }))).toBe(true);
  });
});
