import { getMicrosteps, type AnyStateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { admit, type ElectionSnapshot } from '../../machines/admission';
import { TIMER_EVENT_TYPES, type ElectionEvent } from '../../machines/events';
import { votingMembers } from '../../machines/rules';
import { STAGE_IDS, STAGES, stageOf } from '../../machines/stages';
import {
  apply,
  atStage,
  begin,
  confirmCount,
  driveTo,
  electionMachine,
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
  start,
  stamped,
  TIMER_MS,
  whereIs,
  type Run,
} from './fixtures';

const town = person('town-committee');
const county = person('county-org-dept');
const guidance = person('guidance-group');
const inspectionTeam = person('inspection-team');

const unstableInvestigation = {
  type: 'RECORD_INVESTIGATION',
  by: guidance,
  category: 'poor',
  stable: false,
  instability: 'two clans contest the branch',
  representatives: 24,
};
const proposePostponement = { type: 'PROPOSE_POSTPONEMENT', by: town, reason: 'two clans contest the branch', until: '2027-06-30' };
const approvePostponement = { type: 'APPROVE_POSTPONEMENT', by: county };
const refusePostponement = { type: 'REFUSE_POSTPONEMENT', by: county, reason: 'the village can proceed now' };
const fitToProceed = { type: 'REPORT_FIT_TO_PROCEED', by: town, findings: 'the dispute was settled by mediation' };
const objectionAgainst = (candidateId: string) => ({
  type: 'FILE_OBJECTION',
  by: person('village-branch'),
  candidateId,
  grounds: 'an undeclared business interest',
  filedBy: 'a villager of group 3',
});
const findings = { type: 'RECORD_OBJECTION_FINDINGS', by: inspectionTeam, findings: 'the grounds were checked with the bank' };
const ruling = (verdict: 'upheld' | 'dismissed') => ({
  type: 'RULE_OBJECTION',
  by: town,
  ruling: verdict,
  reason: `the objection is ${verdict}`,
});
const cancel = { type: 'CANCEL', by: town, reason: 'the village was merged into an urban community' };
const rejectResult = { type: 'REJECT_RESULT', by: town, reason: 'the deputy has not served a full year' };

/** The voters of a run's roster, in roster order. */
const votersOf = (run: Run) => votingMembers(run.input.roster).map((m) => m.id);
const failedQuorum = (run: Run) => ({
  type: 'RECORD_ATTENDANCE',
  by: guidance,
  present: votersOf(run).slice(0, Math.floor(votersOf(run).length / 2)),
});

/**
 * Concrete events to try in a snapshot: the scripted office's next decision, and every side-path
 * decision and timer with a payload built from the snapshot's context (guards read payloads).
 */
function sampleEvents(snapshot: ElectionSnapshot, script: ReturnType<typeof scriptFor>): ElectionEvent[] {
  const c = snapshot.context;
  const voters = votingMembers(c.roster).map((m) => m.id);
  const events: Record<string, unknown>[] = [
    unstableInvestigation,
    proposePostponement,
    approvePostponement,
    refusePostponement,
    fitToProceed,
    { type: 'SEND_BACK_START', by: town, reason: 'five seats are too many' },
    { type: 'SEND_BACK_SLATE', by: town, reason: 'reconsider the slate' },
    findings,
    ruling('upheld'),
    ruling('dismissed'),
    { type: 'RECORD_ATTENDANCE', by: guidance, present: voters.slice(0, Math.floor(voters.length / 2)) },
    { type: 'REDUCE_SEATS', by: guidance, votesFor: c.attendance?.present.length ?? 0 },
    rejectResult,
    cancel,
    ...TIMER_EVENT_TYPES.map((type) => ({ type })),
  ];
  const next = scripted(snapshot, script);
  if (next) events.push(next);
  if (c.nominees.length > 0) {
    const mostFail = c.nominees.map((nomineeId, i) =>
      i === 0 ? { nomineeId, pass: true } : { nomineeId, pass: false, reason: 'on the negative list' },
    );
    events.push({ type: 'RECORD_INSPECTION', by: inspectionTeam, verdicts: mostFail });
  }
  if (c.inspectionPassed.length > 0) events.push({ type: 'APPROVE_SLATE', by: town, candidates: c.inspectionPassed });
  if (c.candidates.length > 0) events.push(objectionAgainst(c.candidates[0]!));
  if (c.ballot && c.attendance) {
    events.push(rounds.void(snapshot), rounds.short(snapshot, 1));
    if (c.ballot.candidates.length > c.ballot.seats && (c.ballot.seats > 1 || c.ballot.purpose === 'tie'))
      events.push(rounds.tieOnLastSeat(snapshot));
  }
  return events.map((event) => stamped(event));
}

/** What tells two snapshots apart for the traversal: the state, and the context that decides what can happen next. */
function traversalKey(snapshot: ElectionSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.seats,
    c.ballot?.kind,
    c.ballot?.purpose,
    c.candidates.length,
    c.elected.length,
    c.publicityEnded,
    c.objection?.findings !== undefined,
    c.objections.at(-1)?.ruling,
    c.quorumFailures > 0,
    c.postponement?.approved,
  ]);
}

/** Every state id of a node's subtree, history nodes aside. */
function stateIds(node: AnyStateNode): string[] {
  return Object.values(node.states).flatMap((child) => (child.type === 'history' ? [] : [child.id, ...stateIds(child)]));
}

/** The ids of the states active in a state value. */
function activeIds(value: unknown, parent = electionMachine.id): string[] {
  if (typeof value === 'string') return [`${parent}.${value}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [
    `${parent}.${key}`,
    ...activeIds(child, `${parent}.${key}`),
  ]);
}

/**
 * The states reached from a village's start, each with the events of the first path found to it. Shortest
 * paths come from xstate's graph traversal; each is replayed event by event from its parent path's
 * replayed snapshot, and every microstep counted, so transient states (eventless `always`) count too.
 */
function reachedStates(given = input()): Map<string, string[]> {
  const script = scriptFor(given);
  const paths = getShortestPaths(electionMachine, {
    input: given,
    events: (snapshot) => sampleEvents(snapshot, script),
    serializeState: (snapshot) => traversalKey(snapshot),
  }).sort((a, b) => a.steps.length - b.steps.length);
  const replayed = new Map<string, ElectionSnapshot>();
  const reached = new Map<string, string[]>();
  for (const path of paths) {
    const events = path.steps.slice(1).map((s) => s.event);
    let snapshots: ElectionSnapshot[];
    if (events.length === 0) {
      snapshots = [begin(given)[0]];
    } else {
      const parent = replayed.get(traversalKey(path.steps[path.steps.length - 2]!.state))!;
      snapshots = getMicrosteps(electionMachine, parent, events[events.length - 1]!).map(([s]) => s);
      if (snapshots.length === 0) snapshots = [parent];
    }
    replayed.set(traversalKey(path.state), snapshots[snapshots.length - 1]!);
    for (const snapshot of snapshots) {
      for (const id of activeIds(snapshot.value))
        if (!reached.has(id))
          reached.set(
            id,
            events.map((e) => e.type),
          );
    }
  }
  return reached;
}

describe('every state of the election statechart is reachable', () => {
  it('reaches each state id (transient ones included) by some path of sample events', () => {
    const reached = reachedStates();
    const unreached = stateIds(electionMachine.root).filter((id) => !reached.has(id));
    expect(unreached).toEqual([]);
    expect(reached.get('election.completed')).toContain('RECORD_HANDOVER');
    expect(reached.get('election.publicity.upheld')).toEqual(expect.arrayContaining(['FILE_OBJECTION', 'RULE_OBJECTION']));
  });
});

describe('the stage list and the machine', () => {
  const top = electionMachine.root.states;
  /** A state value resting in a state node: its initial child where it has children. */
  const restingIn = (key: string, node: AnyStateNode) => (node.type === 'compound' ? { [key]: node.initial.target[0]!.key } : key);
  /** The states a stage may be: top-level states, and the children of the preparation group (its history aside). */
  const stageStates = [
    ...Object.entries(top)
      .filter(([key]) => key !== 'preparation')
      .map(([key, node]) => ({ key, value: restingIn(key, node) })),
    ...Object.entries(top.preparation!.states)
      .filter(([, node]) => node.type !== 'history')
      .map(([key]) => ({ key, value: { preparation: key } })),
  ];

  it('names every stage after a state of the machine', () => {
    const keys = stageStates.map((s) => s.key);
    expect(STAGE_IDS.filter((id) => !keys.includes(id))).toEqual([]);
  });

  it('maps every state that is not a grouping state to the stage of its own name', () => {
    const mapped = stageStates.map(({ key, value }) => ({ key, stage: stageOf(value).stage }));
    expect(mapped).toEqual(stageStates.map(({ key }) => ({ key, stage: key })));
    expect(STAGES.map((s) => s.id).sort()).toEqual(stageStates.map((s) => s.key).sort());
  });
});

describe('investigation and postponement', () => {
  it('sends an unstable village to the unstable stage', () => {
    const run = send(start(), unstableInvestigation);
    expect(whereIs(run.snapshot)).toBe('unstable');
    expect(run.snapshot.context.investigation).toMatchObject({
      stable: false,
      category: 'poor',
      instability: 'two clans contest the branch',
    });
  });

  it('postpones an unstable village on county approval, with a reminder and a deadline, until it is reported fit to proceed', () => {
    let run = send(send(start(), unstableInvestigation), proposePostponement);
    expect(whereIs(run.snapshot)).toBe('postponementRequested');
    expect(run.snapshot.context.postponement).toMatchObject({
      reason: 'two clans contest the branch',
      until: '2027-06-30',
      approved: false,
    });

    run = send(run, approvePostponement);
    expect(whereIs(run.snapshot)).toBe('postponed');
    expect(run.snapshot.context.postponement?.approved).toBe(true);
    expect(noticeKinds(run.last)).toEqual(['postponement-granted']);
    expect(named(run.last).find((a) => a.type === 'recordOutcome')?.params).toMatchObject({ status: 'postponed' });
    expect(Object.fromEntries([...run.timers].map(([id, t]) => [id, t.delay]))).toEqual({
      postponementReminder: TIMER_MS.postponementReminder,
      postponementDeadline: TIMER_MS.postponementLimit,
    });

    run = fire(run, 'postponementReminder');
    expect(noticeKinds(run.last)).toEqual(['postponement-reminder']);
    run = fire(run, 'postponementDeadline');
    expect(noticeKinds(run.last)).toEqual(['postponement-overdue']);
    expect(run.snapshot.context.overdue).toBe(true);

    run = send(run, fitToProceed);
    expect(whereIs(run.snapshot)).toBe('startRequest');
    expect(run.snapshot.context.overdue).toBe(false);
  });

  it('cancels the pending postponement timers when the village is fit to proceed before they fire', () => {
    let run = send(send(send(start(), unstableInvestigation), proposePostponement), approvePostponement);
    run = send(run, fitToProceed);
    expect(whereIs(run.snapshot)).toBe('startRequest');
    expect(run.timers.size).toBe(0);
  });

  const postponable: [string, () => Run][] = [
    ['investigation', () => start()],
    ['unstable', () => send(start(), unstableInvestigation)],
    ['startApproval', () => driveTo(atStage('startApproval'))],
    ['memberRecommendation', () => driveTo(atStage('memberRecommendation'))],
    ['inspection', () => driveTo(atStage('inspection'))],
    ['slateApproval', () => driveTo(atStage('slateApproval'))],
  ];

  it.each(postponable)('returns a refused postponement to %s, where it came from', (stage, reach) => {
    let run = send(reach(), proposePostponement);
    expect(whereIs(run.snapshot)).toBe('postponementRequested');
    run = send(run, refusePostponement);
    expect(whereIs(run.snapshot)).toBe(stage);
    expect(run.snapshot.context.sentBack).toEqual({ stage: 'postponementRequested', reason: 'the village can proceed now', by: county.id });
  });

  it('refuses a postponement of more than one year', () => {
    expect(start().snapshot.can(stamped({ ...proposePostponement, until: '2028-01-10' }))).toBe(false);
  });
});

describe('approvals sent back', () => {
  it('sends a start request back to the village branch with the reason, and clears it on approval', () => {
    let run = driveTo(atStage('startApproval'));
    run = send(run, { type: 'SEND_BACK_START', by: town, reason: 'five seats are too many' });
    expect(whereIs(run.snapshot)).toBe('startRequest');
    expect(run.snapshot.context.sentBack).toEqual({ stage: 'startApproval', reason: 'five seats are too many', by: town.id });
    expect(noticeKinds(run.last)).toEqual(['start-sent-back']);

    run = driveTo(atStage('mobilisation'), { from: run });
    expect(run.snapshot.context.sentBack).toBeUndefined();
  });

  it('sends a slate back to inspection with the reason, and clears it on approval', () => {
    let run = driveTo(atStage('slateApproval'));
    run = send(run, { type: 'SEND_BACK_SLATE', by: town, reason: 'reconsider the slate' });
    expect(whereIs(run.snapshot)).toBe('inspection');
    expect(run.snapshot.context.sentBack).toEqual({ stage: 'slateApproval', reason: 'reconsider the slate', by: town.id });

    run = driveTo(atStage('publicity'), { from: run });
    expect(run.snapshot.context.sentBack).toBeUndefined();
  });

  it('holds the member recommendation again when too few nominees pass inspection', () => {
    const run = driveTo(atStage('inspection'));
    const verdicts = run.snapshot.context.nominees.map((nomineeId, i) =>
      i < 2 ? { nomineeId, pass: true } : { nomineeId, pass: false, reason: 'on the negative list' },
    );
    const next = send(run, { type: 'RECORD_INSPECTION', by: inspectionTeam, verdicts });
    expect(whereIs(next.snapshot)).toBe('memberRecommendation');
  });
});

describe('candidate publicity and objections', () => {
  const inPublicity = (override?: (s: ElectionSnapshot) => Record<string, unknown> | undefined) =>
    driveTo(atStage('publicity', 'open'), { override });
  /** A slate with every nominee who passed inspection: one more than the competitive ratio needs. */
  const widerSlate = (s: ElectionSnapshot) =>
    whereIs(s) === 'slateApproval' ? { type: 'APPROVE_SLATE', by: town, candidates: s.context.inspectionPassed } : undefined;

  it('returns to inspection when an upheld objection breaks the competitive ratio', () => {
    let run = inPublicity();
    const [first] = run.snapshot.context.candidates;
    expect(run.snapshot.context.candidates).toHaveLength(6);
    run = send(send(send(run, objectionAgainst(first!)), findings), ruling('upheld'));
    expect(whereIs(run.snapshot)).toBe('inspection');
    expect(run.snapshot.context.candidates).not.toContain(first);
    expect(run.snapshot.context.nominees).not.toContain(first);
    expect(run.snapshot.context.objections).toEqual([expect.objectContaining({ candidateId: first, ruling: 'upheld' })]);
    expect(noticeKinds(run.last)).toEqual(['objection-ruling']);
    expect(run.timers.has('publicityPeriod')).toBe(false);
  });

  it('resumes publicity when an upheld objection leaves the slate competitive', () => {
    let run = inPublicity(widerSlate);
    const [first] = run.snapshot.context.candidates;
    expect(run.snapshot.context.candidates).toHaveLength(7);
    run = send(send(send(run, objectionAgainst(first!)), findings), ruling('upheld'));
    expect(whereIs(run.snapshot)).toBe('publicity/open');
    expect(run.snapshot.context.candidates).toHaveLength(6);
    expect(run.timers.has('publicityPeriod')).toBe(true);
  });

  it('resumes publicity, slate unchanged, when an objection is dismissed', () => {
    let run = inPublicity();
    const slate = run.snapshot.context.candidates;
    run = send(send(send(run, objectionAgainst(slate[0]!)), findings), ruling('dismissed'));
    expect(whereIs(run.snapshot)).toBe('publicity/open');
    expect(run.snapshot.context.candidates).toEqual(slate);
    expect(run.snapshot.context.objections).toEqual([
      expect.objectContaining({ ruling: 'dismissed', reason: 'the objection is dismissed' }),
    ]);
    run = fire(run, 'publicityPeriod');
    expect(whereIs(run.snapshot)).toBe('conferenceNotice/awaitingCall');
  });

  it('waits for the ruling when publicity ends during an open objection, then goes on to the conference notice', () => {
    let run = inPublicity();
    run = send(run, objectionAgainst(run.snapshot.context.candidates[0]!));
    run = fire(run, 'publicityPeriod');
    expect(whereIs(run.snapshot)).toBe('publicity/objectionInvestigation');
    expect(run.snapshot.context.publicityEnded).toBe(true);
    run = send(send(run, findings), ruling('dismissed'));
    expect(whereIs(run.snapshot)).toBe('conferenceNotice/awaitingCall');
    expect(noticeKinds(run.last)).toEqual(['objection-ruling']);
  });

  // Known bug, see the report: the secretary ballot would have no candidate and no round could ever be recorded.
  it('returns to inspection when an upheld objection leaves a village without a committee with nobody on the slate', () => {
    const given = input({}, { members: 8 });
    const singleCandidate = (s: ElectionSnapshot) =>
      whereIs(s) === 'slateApproval' ? { type: 'APPROVE_SLATE', by: town, candidates: [s.context.inspectionPassed[0]] } : undefined;
    let run = driveTo(atStage('publicity', 'open'), { input: given, override: singleCandidate });
    run = send(send(send(run, objectionAgainst(run.snapshot.context.candidates[0]!)), findings), ruling('upheld'));
    expect(run.snapshot.context.candidates).toEqual([]);
    expect(whereIs(run.snapshot)).toBe('inspection');
  });

  it('refuses an objection against someone not on the slate', () => {
    const run = inPublicity();
    const outsider = votersOf(run).find((id) => !run.snapshot.context.candidates.includes(id))!;
    expect(run.snapshot.can(stamped(objectionAgainst(outsider)))).toBe(false);
  });
});

describe('the conference', () => {
  const atRound = (given = input()) => driveTo(atStage('conference', 'awaitingRound'), { input: given });

  it('goes back to the conference notice when the quorum fails, counting the failure, posting a notice and waiting for a new call', () => {
    let run = driveTo(atStage('conference', 'attendance'));
    run = send(run, failedQuorum(run));
    expect(whereIs(run.snapshot)).toBe('conferenceNotice/awaitingCall');
    expect(run.snapshot.context.quorumFailures).toBe(1);
    expect(run.snapshot.context.attendance?.quorumMet).toBe(false);
    expect(noticeKinds(run.last)).toEqual(['quorum-failed']);
    expect(run.timers.has('conferenceNoticeLead')).toBe(false);
    run = send(run, { type: 'CALL_CONFERENCE', by: guidance, date: '2026-12-05', time: '14:30', place: '村委会二楼会议室' });
    expect(noticeKinds(run.last)).toEqual(['conference-notice']);
    expect(named(run.last)[0]!.params).toMatchObject({
      facts: { renotice: true, date: '2026-12-05', time: '14:30', place: '村委会二楼会议室' },
    });
    expect(run.timers.get('conferenceNoticeLead')?.delay).toBe(TIMER_MS.conferenceNotice);

    run = driveTo(atStage('conference', 'scrutineers'), { from: run });
    expect(run.snapshot.context.quorumFailures).toBe(1);
    expect(run.snapshot.context.attendance?.quorumMet).toBe(true);
  });

  // Known gap, see the report: only admission refuses it today; the quorum guard alone lets it through.
  it('refuses, in the machine itself, an attendance record listing someone without a vote', () => {
    const run = driveTo(atStage('conference', 'attendance'));
    const withProbationer = { type: 'RECORD_ATTENDANCE', by: guidance, present: [...votersOf(run), 'm37'] };
    expect(run.snapshot.can(stamped(withProbationer))).toBe(false);
  });

  it('re-runs a void round as the next round with the same candidates', () => {
    let run = atRound();
    const ballot = run.snapshot.context.ballot!;
    run = send(send(run, rounds.void(run.snapshot)), confirmCount(run.snapshot));
    expect(whereIs(run.snapshot)).toBe('conference/awaitingRound');
    expect(run.snapshot.context.ballot).toEqual({ ...ballot, round: 2, purpose: 'void-rerun' });
    expect(run.snapshot.context.rounds.map((r) => r.status)).toEqual(['void']);
    expect(run.snapshot.context.elected).toEqual([]);
  });

  it('lets a corrected round replace the pending one before the count is confirmed', () => {
    let run = atRound();
    run = send(run, rounds.void(run.snapshot));
    run = send(run, rounds.electing(run.snapshot));
    expect(whereIs(run.snapshot)).toBe('conference/awaitingConfirmation');
    expect(run.snapshot.context.pendingRound).toMatchObject({ ballotsReturned: run.snapshot.context.attendance!.present.length });
    run = send(run, confirmCount(run.snapshot));
    expect(whereIs(run.snapshot)).toBe('firstPlenary');
    expect(run.snapshot.context.rounds).toHaveLength(1);
  });

  it('holds a tie-break round among those tied on the last seat', () => {
    let run = atRound();
    const { candidates } = run.snapshot.context.ballot!;
    run = send(send(run, rounds.tieOnLastSeat(run.snapshot)), confirmCount(run.snapshot));
    expect(whereIs(run.snapshot)).toBe('conference/awaitingRound');
    expect([...run.snapshot.context.elected].sort()).toEqual(candidates.slice(0, 4).sort());
    expect(run.snapshot.context.ballot).toEqual({
      kind: 'committee',
      seats: 1,
      candidates: [candidates[4], candidates[5]].sort(),
      round: 2,
      purpose: 'tie',
    });

    run = driveTo(atStage('firstPlenary'), { from: run });
    expect(run.snapshot.context.elected).toHaveLength(5);
  });

  it('holds another election among those not elected when seats are left unfilled', () => {
    let run = atRound();
    const { candidates } = run.snapshot.context.ballot!;
    run = send(send(run, rounds.short(run.snapshot, 2)), confirmCount(run.snapshot));
    expect(whereIs(run.snapshot)).toBe('conference/awaitingRound');
    expect([...run.snapshot.context.elected].sort()).toEqual(candidates.slice(0, 3).sort());
    expect(run.snapshot.context.ballot).toMatchObject({ seats: 2, purpose: 'shortfall', round: 2 });
    expect([...run.snapshot.context.ballot!.candidates].sort()).toEqual(candidates.slice(3).sort());
    expect(run.snapshot.can(stamped({ type: 'REDUCE_SEATS', by: guidance, votesFor: 33 }))).toBe(false);

    run = driveTo(atStage('firstPlenary'), { from: run });
    expect(run.snapshot.context.elected).toHaveLength(5);
  });

  it('ends the contest when the conference votes to reduce the seats to those elected, one short', () => {
    let run = atRound();
    run = send(send(run, rounds.short(run.snapshot, 1)), confirmCount(run.snapshot));
    const present = run.snapshot.context.attendance!.present.length;
    expect(run.snapshot.can(stamped({ type: 'REDUCE_SEATS', by: guidance, votesFor: Math.floor(present / 2) }))).toBe(false);
    run = send(run, { type: 'REDUCE_SEATS', by: guidance, votesFor: Math.floor(present / 2) + 1 });
    expect(whereIs(run.snapshot)).toBe('firstPlenary');
    expect(run.snapshot.context.seats).toBe(4);
    expect(run.snapshot.context.elected).toHaveLength(4);
  });

  it('refuses a seat reduction with more votes in favour than voters present (seatReductionVote)', () => {
    let run = atRound();
    run = send(send(run, rounds.short(run.snapshot, 1)), confirmCount(run.snapshot));
    const present = run.snapshot.context.attendance!.present.length;
    const tooMany = stamped({ type: 'REDUCE_SEATS', by: guidance, votesFor: present + 1 });
    expect(run.snapshot.can(tooMany)).toBe(false);
    expect(admit(run.snapshot, tooMany)).toMatchObject({ ok: false, code: 'SEAT_REDUCTION_VOTE_INVALID_FIGURES' });
  });

  // Known bug, see the report: a void re-run forgets that it re-runs a tie-break or a shortfall election.
  it('decides a void tie-break, once re-run, by most votes', () => {
    let run = atRound();
    run = send(send(run, rounds.tieOnLastSeat(run.snapshot)), confirmCount(run.snapshot));
    run = send(send(run, rounds.void(run.snapshot)), confirmCount(run.snapshot));
    const [first, second] = run.snapshot.context.ballot!.candidates;
    run = send(run, roundFor(run.snapshot, { [first!]: 16, [second!]: 15 }, { validBallots: 31, invalidBallots: 2 }));
    run = send(run, confirmCount(run.snapshot));
    expect(whereIs(run.snapshot)).toBe('firstPlenary');
    expect(run.snapshot.context.elected).toContain(first);
  });

  // Known bug, see the report.
  it('still lets the conference reduce the seats after a void re-run of a shortfall election', () => {
    let run = atRound();
    run = send(send(run, rounds.short(run.snapshot, 1)), confirmCount(run.snapshot));
    run = send(send(run, rounds.void(run.snapshot)), confirmCount(run.snapshot));
    run = send(run, { type: 'REDUCE_SEATS', by: guidance, votesFor: run.snapshot.context.attendance!.present.length });
    expect(whereIs(run.snapshot)).toBe('firstPlenary');
    expect(run.snapshot.context.seats).toBe(4);
  });

  it('refuses to reduce the seats on a first round', () => {
    const run = atRound();
    expect(run.snapshot.can(stamped({ type: 'REDUCE_SEATS', by: guidance, votesFor: 30 }))).toBe(false);
  });
});

describe('electing the secretary', () => {
  it('elects secretary and deputy on conference ballots in the direct-election variant, without a first plenary', () => {
    const run = driveTo(atStage('resultApproval'), { input: input({}, { village: LUOKOU }) });
    const c = run.snapshot.context;
    expect(c.method).toBe('two-recommendations-direct-election');
    expect(c.rounds.map((r) => r.kind)).toEqual(['committee', 'secretary', 'deputy']);
    expect(c.rounds[1]!.candidates).toEqual(c.elected);
    expect(c.rounds[2]!.candidates).toEqual(c.elected.filter((id) => id !== c.secretary));
    expect(c.elected).toContain(c.secretary);
    expect(c.elected).toContain(c.deputy);
    expect(run.visited).not.toContain('firstPlenary');
    expect(run.events.map((e) => e.type)).not.toContain('RECORD_PLENARY');
  });

  it('skips the deputy ballot in the direct-election variant when no deputy is elected', () => {
    const given = input({}, { village: LUOKOU });
    const noDeputy = (s: ElectionSnapshot) => {
      const next = scripted(s, scriptFor(given));
      return next && (next.type === 'SUBMIT_START_REQUEST' || next.type === 'APPROVE_START') ? { ...next, electsDeputy: false } : undefined;
    };
    const run = driveTo(atStage('resultApproval'), { input: given, override: noDeputy });
    expect(run.snapshot.context.rounds.map((r) => r.kind)).toEqual(['committee', 'secretary']);
    expect(run.snapshot.context.deputy).toBeUndefined();
  });

  it.each([
    [5, 3, 'secretary-direct'],
    [8, 6, 'secretary-direct'],
    [9, 7, 'committee'],
  ])('gives a village of %i members (%i full) the form %s', (members, full, form) => {
    const given = input({}, { members });
    expect(votingMembers(given.roster)).toHaveLength(full);
    expect(begin(given)[0].context.form).toBe(form);
  });

  it('elects the secretary directly from the slate in a village without a committee', () => {
    const run = driveTo(atStage('resultApproval'), { input: input({}, { members: 8 }) });
    const c = run.snapshot.context;
    expect(c.seats).toBe(1);
    expect(c.rounds.map((r) => r.kind)).toEqual(['secretary']);
    expect(c.candidates).toContain(c.secretary);
    expect(c.elected).toEqual([]);
    expect(run.visited).not.toContain('firstPlenary');
  });

  it('returns a rejected result to the first plenary, clearing the secretary and deputy', () => {
    let run = driveTo(atStage('resultApproval'));
    run = send(run, rejectResult);
    expect(whereIs(run.snapshot)).toBe('firstPlenary');
    expect(run.snapshot.context.secretary).toBeUndefined();
    expect(run.snapshot.context.deputy).toBeUndefined();
    expect(run.snapshot.context.sentBack).toEqual({ stage: 'resultApproval', reason: rejectResult.reason, by: town.id });
    expect(run.timers.size).toBe(0);

    const [first, second] = run.snapshot.context.elected as [string, string];
    const members = run.snapshot.context.elected;
    run = send(run, {
      type: 'RECORD_PLENARY',
      by: guidance,
      secretary: second,
      deputy: first,
      membersPresent: members,
      votes: { secretary: { [second]: members.length }, deputy: { [first]: members.length - 1 } },
    });
    expect(whereIs(run.snapshot)).toBe('resultApproval');
    expect(run.snapshot.context.secretary).toBe(second);
  });

  it('returned a rejected result to a fresh secretary ballot at the ended conference in the direct-election variant (version 1)', () => {
    let run = driveTo(atStage('resultApproval'), { input: input({ machineVersion: 1 }, { village: LUOKOU }) });
    run = send(run, rejectResult);
    expect(whereIs(run.snapshot)).toBe('conference/awaitingRound');
    expect(run.snapshot.context.ballot).toEqual({
      kind: 'secretary',
      seats: 1,
      candidates: run.snapshot.context.elected,
      round: 1,
      purpose: 'first',
    });
    expect(run.snapshot.context.secretary).toBeUndefined();
    run = driveTo(atStage('resultApproval'), { from: run });
    expect(run.snapshot.context.rounds.map((r) => r.kind)).toEqual(['committee', 'secretary', 'deputy', 'secretary', 'deputy']);
  });

  it('returned a rejected result to the secretary ballot among the slate in a village without a committee (version 1)', () => {
    let run = driveTo(atStage('resultApproval'), { input: input({ machineVersion: 1 }, { members: 8 }) });
    run = send(run, rejectResult);
    expect(whereIs(run.snapshot)).toBe('conference/awaitingRound');
    expect(run.snapshot.context.ballot).toMatchObject({ kind: 'secretary', candidates: run.snapshot.context.candidates });
  });
});

describe('the end of an election', () => {
  it('records the completed outcome with the elected members', () => {
    const run = driveTo((s) => s.status === 'done');
    const c = run.snapshot.context;
    expect(whereIs(run.snapshot)).toBe('completed');
    expect(run.snapshot.status).toBe('done');
    const outcome = named(run.last).find((a) => a.type === 'recordOutcome')!.params as { status: string; facts: Record<string, unknown> };
    expect(outcome.status).toBe('completed');
    expect(outcome.facts).toMatchObject({
      village: 'Qilipu',
      seats: 5,
      secretary: c.secretary,
      deputy: c.deputy,
      candidates: 6,
      rounds: 1,
    });
    expect((outcome.facts.elected as { id: string; name: string }[]).map((m) => m.id)).toEqual(c.elected);
    expect((outcome.facts.elected as { id: string; name: string }[]).every((m) => typeof m.name === 'string')).toBe(true);
    expect(noticeKinds(run.actions)).toEqual(expect.arrayContaining(['result-filing', 'results-announcement']));
    expect(run.timers.size).toBe(0);
  });

  const cancellable: [string, () => Run][] = [
    ['investigation', () => start()],
    ['unstable', () => send(start(), unstableInvestigation)],
    ['startApproval', () => driveTo(atStage('startApproval'))],
    ['slateApproval', () => driveTo(atStage('slateApproval'))],
    ['publicity/open', () => driveTo(atStage('publicity', 'open'))],
    [
      'publicity/objectionRuling',
      () => {
        const run = driveTo(atStage('publicity', 'open'));
        return send(send(run, objectionAgainst(run.snapshot.context.candidates[0]!)), findings);
      },
    ],
    ['conferenceNotice/awaitingCall', () => driveTo(atStage('conferenceNotice'))],
    ['conferenceNotice/noticeGiven', () => driveTo(atStage('conferenceNotice', 'noticeGiven'))],
    ['conference/awaitingConfirmation', () => driveTo(atStage('conference', 'awaitingConfirmation'))],
    ['firstPlenary', () => driveTo(atStage('firstPlenary'))],
    ['resultApproval', () => driveTo(atStage('resultApproval'))],
    ['handover', () => driveTo(atStage('handover'))],
    ['postponementRequested', () => send(start(), proposePostponement)],
    ['postponed', () => send(send(start(), proposePostponement), approvePostponement)],
  ];

  it.each(cancellable)('cancels an election at %s, recording the outcome and stopping every timer', (stage, reach) => {
    const before = reach();
    expect(whereIs(before.snapshot)).toBe(stage);
    const run = send(before, cancel);
    expect(whereIs(run.snapshot)).toBe('cancelled');
    expect(run.snapshot.status).toBe('done');
    expect(run.snapshot.context.cancellation).toEqual({ reason: cancel.reason, by: town.id });
    expect(named(run.last).map((a) => a.type)).toEqual(['notify', 'recordOutcome']);
    expect(named(run.last)[0]!.params).toMatchObject({ kind: 'election-cancelled', facts: { reason: cancel.reason } });
    expect(named(run.last)[1]!.params).toMatchObject({ status: 'cancelled', facts: { cancellation: { reason: cancel.reason } } });
    expect(run.timers.size).toBe(0);
  });

  it('takes no event once the election is over', () => {
    const run = send(start(), cancel);
    const after = apply(run, { type: 'RECORD_INVESTIGATION', by: guidance, category: 'good', stable: true, representatives: 24 });
    expect(after.snapshot).toBe(run.snapshot);
    expect(after.last).toEqual([]);
  });
});
