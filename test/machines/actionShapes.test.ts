import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectionSnapshot } from '../../machines/admission';
import type { Role } from '../../machines/roles';
import { persistSnapshot, restoreSnapshot } from '../../machines/persistence';
import {
  atStage,
  begin,
  driveTo,
  input,
  electionMachine,
  named,
  person,
  send,
  start,
  step,
  TIMER_MS,
  whereIs,
  type Action,
  type DelayedRaise,
  type Run,
} from './fixtures';

/**
 * The workflow host runs the machine only through xstate's pure `initialTransition` / `transition` and
 * reads the actions they return. These tests pin the shapes it relies on, so an xstate upgrade that
 * changes them fails here rather than in a running election.
 */

const town = person('town-committee');
const county = person('county-org-dept');
const proposePostponement = { type: 'PROPOSE_POSTPONEMENT', by: town, reason: 'two clans contest the branch', until: '2027-06-30' };

/** The actions as the host reads them: the type, and for timers the id, delay and event; for named actions the params. */
function shapeOf(action: Action) {
  if (action.type === 'xstate.raise') {
    const { params } = action as DelayedRaise;
    return { type: action.type, id: params.id, delay: params.delay, event: params.event.type };
  }
  if (action.type === 'xstate.cancel') return { type: action.type, sendId: (action.params as { sendId: string }).sendId };
  return {
    type: action.type,
    kind: (action.params as { kind?: string; status?: string }).kind ?? (action.params as { status: string }).status,
  };
}

const approvalClockStarts = [
  { type: 'xstate.raise', id: 'approvalReminder', delay: TIMER_MS.approvalReminder, event: 'APPROVAL_REMINDER' },
  { type: 'xstate.raise', id: 'approvalEscalation', delay: TIMER_MS.approvalEscalation, event: 'APPROVAL_ESCALATION' },
];
const approvalClockStops = [
  { type: 'xstate.cancel', sendId: 'approvalReminder' },
  { type: 'xstate.cancel', sendId: 'approvalEscalation' },
];

describe('the actions the pure transition hands to the host', () => {
  it('returns, on entering publicity, a candidate-publicity notice and a delayed raise of PUBLICITY_ENDED for the planned period', () => {
    const run = driveTo(atStage('publicity'));
    const notice = run.last.find((a) => a.type === 'notify');
    expect(notice?.params).toMatchObject({ kind: 'candidate-publicity', audience: 'village-board', facts: { village: 'Qilipu' } });
    const raise = run.last.find((a) => a.type === 'xstate.raise') as DelayedRaise;
    expect(typeof raise.params.delay).toBe('number');
    expect(raise.params).toMatchObject({ id: 'publicityPeriod', delay: TIMER_MS.publicity, event: { type: 'PUBLICITY_ENDED' } });
  });

  it('returns a cancel of the publicity timer on leaving publicity, then the notice and its lead timer when the conference is called', () => {
    let run = driveTo(atStage('conferenceNotice'));
    expect(run.last.map(shapeOf)).toEqual([{ type: 'xstate.cancel', sendId: 'publicityPeriod' }]);
    run = driveTo(atStage('conferenceNotice', 'noticeGiven'), { from: run });
    expect(run.last.map(shapeOf)).toEqual([
      { type: 'notify', kind: 'conference-notice' },
      { type: 'xstate.raise', id: 'conferenceNoticeLead', delay: TIMER_MS.conferenceNotice, event: 'CONFERENCE_DUE' },
    ]);
  });

  it('returns on version 2, as published, the cancel, the notice and its lead timer all on leaving publicity', () => {
    const run = driveTo(atStage('conferenceNotice'), { input: input({ machineVersion: 2 }) });
    expect(run.last.map(shapeOf)).toEqual([
      { type: 'xstate.cancel', sendId: 'publicityPeriod' },
      { type: 'notify', kind: 'conference-notice' },
      { type: 'xstate.raise', id: 'conferenceNoticeLead', delay: TIMER_MS.conferenceNotice, event: 'CONFERENCE_DUE' },
    ]);
  });

  const objectionRuling = (): Run => {
    const run = driveTo(atStage('publicity', 'open'));
    const objection = {
      type: 'FILE_OBJECTION',
      by: town,
      candidateId: run.snapshot.context.candidates[0],
      grounds: 'an undeclared interest',
      filedBy: 'a villager',
    };
    return send(send(run, objection), {
      type: 'RECORD_OBJECTION_FINDINGS',
      by: person('inspection-team'),
      findings: 'the grounds were checked',
    });
  };
  const approvalStages: [string, Role, () => Run, Record<string, unknown>][] = [
    [
      'startApproval',
      'town-committee',
      () => driveTo(atStage('startApproval')),
      { type: 'SEND_BACK_START', by: town, reason: 'too many seats' },
    ],
    [
      'slateApproval',
      'town-committee',
      () => driveTo(atStage('slateApproval')),
      { type: 'SEND_BACK_SLATE', by: town, reason: 'reconsider the slate' },
    ],
    [
      'publicity/objectionRuling',
      'town-committee',
      objectionRuling,
      { type: 'RULE_OBJECTION', by: town, ruling: 'dismissed', reason: 'unfounded' },
    ],
    ['resultApproval', 'town-committee', () => driveTo(atStage('resultApproval')), { type: 'APPROVE_RESULT', by: town }],
    [
      'postponementRequested',
      'county-org-dept',
      () => send(start(), proposePostponement),
      { type: 'REFUSE_POSTPONEMENT', by: county, reason: 'proceed now' },
    ],
  ];

  it.each(approvalStages)(
    'starts the approval clock on entering %s, reminds %s, escalates to the county, and stops the clock on leaving',
    (stage, role, reach, decision) => {
      const run = reach();
      expect(whereIs(run.snapshot)).toBe(stage);
      expect(run.last.map(shapeOf)).toEqual(expect.arrayContaining(approvalClockStarts));

      const [, reminded] = step(run.snapshot, { type: 'APPROVAL_REMINDER' });
      expect(reminded.map(shapeOf)).toEqual([{ type: 'notify', kind: 'approval-reminder' }]);
      expect(reminded[0]!.params).toMatchObject({ audience: role });
      const [escalated, escalation] = step(run.snapshot, { type: 'APPROVAL_ESCALATION' });
      expect(escalation[0]!.params).toMatchObject({ kind: 'approval-escalation', audience: 'county-org-dept', facts: { awaiting: role } });
      expect(escalated.context.overdue).toBe(true);

      const left = send({ ...run, snapshot: escalated }, decision);
      expect(whereIs(left.snapshot)).not.toBe(stage);
      expect(left.last.map(shapeOf).slice(0, 2)).toEqual(approvalClockStops);
      expect(left.snapshot.context.overdue).toBe(false);
    },
  );

  it('never returns assign actions, nor any action the host has no executor for', () => {
    const runs = [
      driveTo((s) => s.status === 'done'),
      send(send(send(start(), proposePostponement), { type: 'APPROVE_POSTPONEMENT', by: county }), {
        type: 'CANCEL',
        by: town,
        reason: 'merged into a town',
      }),
    ];
    const types = new Set(runs.flatMap((run) => run.actions.map((a) => a.type)));
    expect([...types].sort()).toEqual(['notify', 'recordOutcome', 'xstate.cancel', 'xstate.raise']);
  });

  it('returns exit, transition and entry actions in document order', () => {
    const requested = send(start(), proposePostponement);
    const postponed = send(requested, { type: 'APPROVE_POSTPONEMENT', by: county });
    expect(postponed.last.map(shapeOf)).toEqual([
      ...approvalClockStops,
      { type: 'notify', kind: 'postponement-granted' },
      { type: 'recordOutcome', kind: 'postponed' },
      { type: 'xstate.raise', id: 'postponementReminder', delay: TIMER_MS.postponementReminder, event: 'POSTPONEMENT_REMINDER' },
      { type: 'xstate.raise', id: 'postponementDeadline', delay: TIMER_MS.postponementLimit, event: 'POSTPONEMENT_DEADLINE' },
    ]);
    const cancelled = send(postponed, { type: 'CANCEL', by: town, reason: 'merged into a town' });
    expect(cancelled.last.map(shapeOf)).toEqual([
      { type: 'xstate.cancel', sendId: 'postponementReminder' },
      { type: 'xstate.cancel', sendId: 'postponementDeadline' },
      { type: 'notify', kind: 'election-cancelled' },
      { type: 'recordOutcome', kind: 'cancelled' },
    ]);
    expect(named(cancelled.last).every((a) => a.params !== undefined && typeof a.params === 'object')).toBe(true);
  });

  it('returns the same state and no actions for an event the state does not handle', () => {
    const [snapshot] = begin();
    const [next, actions] = step(snapshot, { type: 'CONFIRM_COUNT', by: { id: 'm03', role: 'scrutineer' } });
    expect(next.value).toEqual(snapshot.value);
    expect(next.context).toEqual(snapshot.context);
    expect(actions).toEqual([]);
    const [timerLate, timerActions] = step(snapshot, { type: 'PUBLICITY_ENDED' });
    expect(timerLate.value).toEqual(snapshot.value);
    expect(timerActions).toEqual([]);
  });

  it('returns no actions at all from the initial transition of a village', () => {
    expect(begin()[1]).toEqual([]);
  });
});

/** The persisted form of a snapshot after a JSON round trip, as continue-as-new carries it. */
const throughJson = (snapshot: ElectionSnapshot) => persistSnapshot(electionMachine, snapshot) as never;
const revive = (persisted: unknown) => restoreSnapshot(electionMachine, persisted);

/** Drives both snapshots on with the same scripted decisions and timers, comparing them after every step. */
function continueBoth(original: Run, restored: ElectionSnapshot) {
  let a = original;
  let b: Run = { ...original, snapshot: restored };
  a = driveTo((s) => s.status === 'done', { from: a });
  for (const event of a.events.slice(original.events.length)) {
    const [snapshot, actions] = step(b.snapshot, event, event.at);
    b = { ...b, snapshot, actions: [...b.actions, ...actions] };
  }
  return { a, b };
}

describe('a snapshot persisted as JSON and resolved again', () => {
  it('continues identically from the conference, a count pending', () => {
    const run = driveTo(atStage('conference', 'awaitingConfirmation'));
    const restored = revive(throughJson(run.snapshot));
    expect(restored.value).toEqual(run.snapshot.value);
    expect(restored.context).toEqual(run.snapshot.context);
    const { a, b } = continueBoth(run, restored);
    expect(b.snapshot.value).toEqual(a.snapshot.value);
    expect(b.snapshot.status).toBe('done');
    expect(b.snapshot.context).toEqual(a.snapshot.context);
    expect(b.actions.slice(run.actions.length).map(shapeOf)).toEqual(a.actions.slice(run.actions.length).map(shapeOf));
  });

  it('keeps the stage a refused postponement returns to', () => {
    const run = send(driveTo(atStage('memberRecommendation')), proposePostponement);
    const refuse = { type: 'REFUSE_POSTPONEMENT', by: county, reason: 'proceed now' };
    const [fromRestored] = step(revive(throughJson(run.snapshot)), refuse);
    const [fromOriginal] = step(run.snapshot, refuse);
    expect(fromRestored.value).toEqual({ preparation: 'memberRecommendation' });
    expect(fromRestored.value).toEqual(fromOriginal.value);
  });

  it('needs its history revived: resolveState on the bare JSON breaks the return of a refused postponement', () => {
    // Pinned so that an xstate upgrade reviving history itself shows up here; until then the host must revive it.
    const run = send(driveTo(atStage('memberRecommendation')), proposePostponement);
    const bare = electionMachine.resolveState(throughJson(run.snapshot)) as ElectionSnapshot;
    expect(() => step(bare, { type: 'REFUSE_POSTPONEMENT', by: county, reason: 'proceed now' })).toThrow(TypeError);
  });
});

describe('the pinned xstate version', () => {
  it('is exactly the version installed', () => {
    const root = join(__dirname, '..', '..');
    const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies.xstate as string;
    const installed = JSON.parse(readFileSync(require.resolve('xstate/package.json'), 'utf8')).version as string;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(pinned);
  });
});
