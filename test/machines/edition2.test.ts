import fc from 'fast-check';
import { admit, type ElectionSnapshot } from '../../machines/admission';
import { decisionVerdict } from '../../machines/decisionRules';
import type { ElectionInput } from '../../machines/input';
import type { CalendarYear } from '../../machines/rules';
import { publicView } from '../../machines/view';
import { formatView } from '../../client/format';
import { inboxEntry } from '../../client/inbox';
import {
  atStage,
  decide,
  driveTo,
  fire,
  input,
  person,
  rounds,
  confirmCount,
  scripted,
  scriptFor,
  send,
  start,
  stamped,
  step,
  whereIs,
  type Action,
  type Run,
} from './fixtures';

const town = person('town-committee');
const county = person('county-org-dept');
const guidance = person('guidance-group');
const inspectionTeam = person('inspection-team');

/** Monday 2 March 2026, 07:30 in Beijing: Sunday 1 March, 23:30 UTC. */
const MONDAY_0730_BEIJING = Date.UTC(2026, 2, 1, 23, 30);

/** A Qilipu input on the rules of `machineVersion`, with the town plan's real periods (no duration overrides). */
const onVersion = (machineVersion: 1 | 2, overrides: Partial<ElectionInput> = {}) => input({ machineVersion, plan: {}, ...overrides });

/** The delay of the delayed raise of timer `id` among a transition's actions. */
function delayOf(actions: Action[], id: string): number | undefined {
  const raise = actions.find((a) => a.type === 'xstate.raise' && (a.params as { id?: string }).id === id);
  return (raise?.params as { delay?: number } | undefined)?.delay;
}

/** A village at the slate approval, and the scripted slate. */
function atSlateApproval(machineVersion: 1 | 2) {
  const run = driveTo(atStage('slateApproval'), { input: onVersion(machineVersion) });
  return { run, slate: scripted(run.snapshot, scriptFor(run.input))! };
}

const objectionAgainst = (candidateId: string, filedBy = 'a villager of group 3') => ({
  type: 'FILE_OBJECTION',
  by: person('village-branch'),
  candidateId,
  grounds: 'an undeclared business interest',
  filedBy,
});
const findings = { type: 'RECORD_OBJECTION_FINDINGS', by: inspectionTeam, findings: 'the grounds were checked with the bank' };
const ruling = (verdict: 'upheld' | 'dismissed') => ({
  type: 'RULE_OBJECTION',
  by: town,
  ruling: verdict,
  reason: `the objection is ${verdict}`,
});

describe('item 6: Beijing days from version 2', () => {
  it('ends the publicity of a slate approved Monday 07:30 in Beijing at 24:00 Beijing time of Monday 9 March', () => {
    const { run, slate } = atSlateApproval(2);
    const [snapshot, actions] = decide(run.snapshot, slate, MONDAY_0730_BEIJING);
    expect(MONDAY_0730_BEIJING + delayOf(actions, 'publicityPeriod')!).toBe(Date.UTC(2026, 2, 9, 16, 0));
    expect(snapshot.context.deadlines?.publicityPeriod).toMatchObject({ endsOn: '2026-03-09', firesAt: Date.UTC(2026, 2, 9, 16, 0) });
    const posted = actions.find((a) => a.type === 'notify')!.params as { facts: Record<string, unknown> };
    expect(posted.facts).toMatchObject({ from: '2026-03-03', until: '2026-03-09' });
  });

  it('keeps version 1 exactly as published: the UTC Sunday is the posting day, the period ends Saturday 08:00 in Beijing', () => {
    const { run, slate } = atSlateApproval(1);
    const [, actions] = decide(run.snapshot, slate, MONDAY_0730_BEIJING);
    expect(MONDAY_0730_BEIJING + delayOf(actions, 'publicityPeriod')!).toBe(Date.UTC(2026, 2, 7, 0, 0));
  });

  it("counts a candidate's age on the Beijing day: 46 on Monday in Beijing, though still Sunday in UTC", () => {
    for (const version of [1, 2] as const) {
      const { run, slate } = atSlateApproval(version);
      const candidate =
        slate.type === 'APPROVE_SLATE'
          ? slate.candidates.find((id) => !run.snapshot.context.roster.find((m) => m.id === id)?.outgoingPost)
          : undefined;
      const roster = run.snapshot.context.roster.map((m) => (m.id === candidate ? { ...m, birthDate: '1980-03-02' } : m));
      const verdict = decisionVerdict({ ...run.snapshot.context, roster }, stamped(slate, MONDAY_0730_BEIJING) as never);
      if (version === 1) expect(verdict.ok).toBe(true);
      else expect(verdict).toMatchObject({ ok: false, message: expect.stringContaining(`(${candidate}) is 46 on 2026-03-02`) });
    }
  });

  it('dates a postponement request on the Beijing day', () => {
    const propose = { type: 'PROPOSE_POSTPONEMENT', by: town, reason: 'two clans contest the branch', until: '2027-03-02' };
    const unstable = (version: 1 | 2) =>
      send(start(onVersion(version)), {
        type: 'RECORD_INVESTIGATION',
        by: guidance,
        category: 'poor',
        stable: false,
        instability: 'two clans contest the branch',
        representatives: 24,
      }).snapshot;
    expect(admit(unstable(2), { ...propose, at: MONDAY_0730_BEIJING })).toMatchObject({ ok: true });
    expect(admit(unstable(1), { ...propose, at: MONDAY_0730_BEIJING })).toMatchObject({
      ok: false,
      message: expect.stringContaining('the latest is 2027-03-01'),
    });
  });
});

describe('item 7: provisional years and a notice loaded while the election runs', () => {
  /** Monday 28 December 2026, 10:00 in Beijing: five working days reach into 2027, a year without a notice. */
  const DECEMBER_28 = Date.UTC(2026, 11, 28, 2);
  const notice2027: CalendarYear = {
    year: 2027,
    notice: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕99号', issuedOn: '2026-11-10' },
    holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04', '2027-01-05'],
    makeUpWorkdays: [],
  };
  const inPublicity = (version: 1 | 2) => {
    const { run, slate } = atSlateApproval(version);
    return decide(run.snapshot, slate, DECEMBER_28);
  };
  const hostTimers = (snapshot: ElectionSnapshot) =>
    Object.entries(snapshot.context.deadlines ?? {})
      .filter(([id]) => id === 'publicityPeriod')
      .map(([id, d]) => ({ id, event: 'PUBLICITY_ENDED', firesAt: new Date(d.firesAt).toISOString() }));

  it('says the deadline is provisional in the context, the notice facts, the view and the status text', () => {
    const [snapshot, actions] = inPublicity(2);
    const note = expect.stringMatching(/^provisional: counted over 2027, for which no State Council holiday notice is loaded/);
    expect(snapshot.context.deadlines?.publicityPeriod).toMatchObject({ endsOn: '2027-01-05', provisional: note });
    expect((actions.find((a) => a.type === 'notify')!.params as { facts: unknown }).facts).toMatchObject({
      until: '2027-01-05',
      provisional: note,
    });
    const view = publicView(snapshot, { timers: hostTimers(snapshot), decisions: [], refusals: [] });
    expect(view.timers).toEqual([expect.objectContaining({ id: 'publicityPeriod', endsOn: '2027-01-05', provisional: note })]);
    expect(formatView(view)).toContain(
      'publicityPeriod: PUBLICITY_ENDED at 2027-01-06 00:00 Beijing time, end of 2027-01-05; PROVISIONAL: provisional: counted over 2027',
    );
  });

  it('counts the running publicity again from its start when the 2027 notice is loaded, and it is no longer provisional', () => {
    const [snapshot] = inPublicity(2);
    const loadedAt = Date.UTC(2026, 11, 29, 3);
    const [after, actions] = step(snapshot, { type: 'CALENDAR_NOTICE', year: notice2027, running: ['publicityPeriod'] }, loadedAt);
    // 29, 30, 31 December, then 4 and 5 January are now days off: the fifth working day is Thursday 7 January.
    expect(after.context.deadlines?.publicityPeriod).toEqual({
      startedAt: DECEMBER_28,
      firesAt: Date.UTC(2027, 0, 7, 16, 0),
      endsOn: '2027-01-07',
    });
    expect(loadedAt + delayOf(actions, 'publicityPeriod')!).toBe(Date.UTC(2027, 0, 7, 16, 0));
    expect(after.context.calendarNotices).toEqual([notice2027]);
  });

  it('restarts no timer that is not running, and counts later periods with the notice', () => {
    const [snapshot] = inPublicity(2);
    const [after, actions] = step(snapshot, { type: 'CALENDAR_NOTICE', year: notice2027, running: [] }, Date.UTC(2026, 11, 29, 3));
    expect(delayOf(actions, 'publicityPeriod')).toBeUndefined();
    expect(after.context.calendarNotices).toEqual([notice2027]);
  });

  it('takes the official years the worker reported at the start', () => {
    let run = start(onVersion(2));
    run = { ...run, snapshot: step(run.snapshot, { type: 'WORKER_FACTS', mode: 'test', calendar: [notice2027] })[0] };
    run = driveTo(atStage('slateApproval'), { from: run });
    const [snapshot] = decide(run.snapshot, scripted(run.snapshot, scriptFor(run.input))!, DECEMBER_28);
    expect(snapshot.context.deadlines?.publicityPeriod).toMatchObject({ endsOn: '2027-01-07' });
    expect(snapshot.context.deadlines?.publicityPeriod?.provisional).toBeUndefined();
    expect(snapshot.context.workerMode).toBe('test');
  });

  it('leaves a version 1 election on its town plan calendar', () => {
    const [snapshot] = inPublicity(1);
    const [after, actions] = step(
      snapshot,
      { type: 'CALENDAR_NOTICE', year: notice2027, running: ['publicityPeriod'] },
      Date.UTC(2026, 11, 29, 3),
    );
    expect(after.context.calendarNotices).toBeUndefined();
    expect(actions).toEqual([]);
  });
});

describe('item 8: postponement at most one year from the original due date, every request kept', () => {
  const unstableInvestigation = {
    type: 'RECORD_INVESTIGATION',
    by: guidance,
    category: 'poor',
    stable: false,
    instability: 'two clans contest the branch',
    representatives: 24,
  };
  const propose = (until: string) => ({ type: 'PROPOSE_POSTPONEMENT', by: town, reason: 'two clans contest the branch', until });
  const day = (iso: string) => Date.parse(`${iso}T02:00:00Z`);
  const sendOn = (run: Run, decision: Record<string, unknown>, iso: string): Run => ({
    ...run,
    snapshot: decide(run.snapshot, decision, day(iso))[0],
  });

  it('refuses a chained postponement beyond a year from the first request, and an approval stretching it', () => {
    let run = send(start(onVersion(2)), unstableInvestigation);
    run = sendOn(run, propose('2026-09-30'), '2026-03-02');
    run = sendOn(run, { type: 'APPROVE_POSTPONEMENT', by: county }, '2026-04-01');
    expect(whereIs(run.snapshot)).toBe('postponed');
    run = sendOn(run, { type: 'REPORT_FIT_TO_PROCEED', by: town, findings: 'the dispute flared up again, then settled' }, '2026-09-01');
    // Version 1 took a year from each request: 2027-10-01 would have passed, 761 days after the village was due.
    expect(admit(run.snapshot, { ...propose('2027-10-01'), at: day('2026-10-01') })).toMatchObject({
      ok: false,
      code: 'POSTPONEMENT_OVER_ONE_YEAR',
      message:
        'postponed until 2027-10-01, more than one year after the original due date 2026-03-02 (the day the first postponement was requested): the latest is 2027-03-02',
    });
    run = sendOn(run, propose('2027-03-01'), '2026-10-01');
    expect(admit(run.snapshot, { type: 'APPROVE_POSTPONEMENT', by: county, until: '2027-03-03', at: day('2026-10-05') })).toMatchObject({
      ok: false,
      code: 'POSTPONEMENT_OVER_ONE_YEAR',
    });
    run = sendOn(run, { type: 'APPROVE_POSTPONEMENT', by: county, until: '2027-03-02' }, '2026-10-05');
    expect(run.snapshot.context.postponement).toEqual({
      reason: 'two clans contest the branch',
      until: '2027-03-02',
      approved: true,
      dueOn: '2026-03-02',
      requests: [
        {
          requestedOn: '2026-03-02',
          until: '2026-09-30',
          reason: 'two clans contest the branch',
          by: town.id,
          decision: 'approved',
          decidedOn: '2026-04-01',
          decidedBy: county.id,
        },
        {
          requestedOn: '2026-10-01',
          until: '2027-03-02',
          reason: 'two clans contest the branch',
          by: town.id,
          decision: 'approved',
          decidedOn: '2026-10-05',
          decidedBy: county.id,
        },
      ],
    });
  });

  it('measures an approval from the request, not from the approval (version 1 accepted 455 days)', () => {
    for (const version of [1, 2] as const) {
      let run = send(start(onVersion(version)), unstableInvestigation);
      run = sendOn(run, propose('2026-06-30'), '2026-03-02');
      const stretched = admit(run.snapshot, { type: 'APPROVE_POSTPONEMENT', by: county, until: '2027-05-31', at: day('2026-06-01') });
      expect(stretched.ok).toBe(version === 1);
    }
  });

  it('keeps a refused request with its reason, and the view names the dates', () => {
    let run = send(start(onVersion(2)), unstableInvestigation);
    run = sendOn(run, propose('2026-09-30'), '2026-03-02');
    run = sendOn(run, { type: 'REFUSE_POSTPONEMENT', by: county, reason: 'the village can proceed now' }, '2026-03-05');
    expect(run.snapshot.context.postponement?.requests).toEqual([
      expect.objectContaining({
        requestedOn: '2026-03-02',
        decision: 'refused',
        decidedOn: '2026-03-05',
        refusal: 'the village can proceed now',
      }),
    ]);
    const text = formatView(publicView(run.snapshot, { timers: [], decisions: [], refusals: [] }));
    expect(text).toContain(
      'Postponement: until 2026-09-30 (refused): two clans contest the branch · one year at most from the original due date 2026-03-02',
    );
    expect(text).toContain(
      'requested on 2026-03-02 by script-town until 2026-09-30, refused on 2026-03-05 by script-county: the village can proceed now',
    );
  });
});

describe('item 10: objections in every part of the publicity, none lost', () => {
  const inPublicity = (version: 1 | 2, override?: (s: ElectionSnapshot) => Record<string, unknown> | undefined) =>
    driveTo(atStage('publicity', 'open'), { input: input({ machineVersion: version }), override });
  const widerSlate = (s: ElectionSnapshot) =>
    whereIs(s) === 'slateApproval' ? { type: 'APPROVE_SLATE', by: town, candidates: s.context.inspectionPassed } : undefined;

  it('accepts a second objection during an investigation and a third awaiting the ruling, and rules on each in turn', () => {
    let run = inPublicity(2, widerSlate);
    const [a, b, c] = run.snapshot.context.candidates;
    run = send(run, objectionAgainst(a!));
    run = send(run, objectionAgainst(b!, 'a second villager'));
    expect(whereIs(run.snapshot)).toBe('publicity/objectionInvestigation');
    run = send(run, findings);
    run = send(run, objectionAgainst(c!, 'a third villager'));
    expect(run.last.filter((x) => x.type === 'notify').map((x) => (x.params as { kind: string }).kind)).toEqual(['objection-received']);
    run = send(run, ruling('dismissed'));
    expect(whereIs(run.snapshot)).toBe('publicity/objectionInvestigation');
    expect(run.snapshot.context.objection?.candidateId).toBe(b);
    run = send(send(run, findings), ruling('upheld'));
    expect(run.snapshot.context.objection?.candidateId).toBe(c);
    run = send(send(run, findings), ruling('dismissed'));
    expect(whereIs(run.snapshot)).toBe('publicity/open');
    expect(run.snapshot.context.objections.map((o) => [o.candidateId, o.ruling])).toEqual([
      [a, 'dismissed'],
      [b, 'upheld'],
      [c, 'dismissed'],
    ]);
    expect(run.snapshot.context.candidates).not.toContain(b);
  });

  it('still refuses the second objection on version 1, as published', () => {
    let run = inPublicity(1);
    const [a, b] = run.snapshot.context.candidates;
    run = send(run, objectionAgainst(a!));
    expect(admit(run.snapshot, { ...objectionAgainst(b!), at: Date.now() })).toMatchObject({ ok: false, code: 'WRONG_STAGE' });
  });

  it('refuses an objection once the period has run out, while the rulings on those filed in time are awaited', () => {
    let run = inPublicity(2);
    const [a, b] = run.snapshot.context.candidates;
    run = fire(send(run, objectionAgainst(a!)), 'publicityPeriod');
    expect(admit(run.snapshot, stamped(objectionAgainst(b!)))).toMatchObject({ ok: false, code: 'OBJECTION_AFTER_PUBLICITY' });
  });

  it('goes back to inspection after an upheld objection broke the ratio only once the objections filed meanwhile are ruled on', () => {
    let run = inPublicity(2);
    const [a, b] = run.snapshot.context.candidates;
    run = send(send(run, objectionAgainst(a!)), objectionAgainst(b!, 'a second villager'));
    run = send(send(run, findings), ruling('upheld'));
    expect(whereIs(run.snapshot)).toBe('publicity/objectionInvestigation');
    run = send(send(run, findings), ruling('dismissed'));
    expect(whereIs(run.snapshot)).toBe('inspection');
    expect(run.snapshot.context.objections).toHaveLength(2);
  });

  it('accepts every objection filed in time and rules on each, whatever the order of objections, findings, rulings and the end of the period (property)', () => {
    const base = inPublicity(2, widerSlate);
    const candidates = base.snapshot.context.candidates;
    type Move = { kind: 'object'; who: number } | { kind: 'findings' } | { kind: 'rule'; upheld: boolean } | { kind: 'end' };
    const move: fc.Arbitrary<Move> = fc.oneof(
      fc.record({ kind: fc.constant('object' as const), who: fc.integer({ min: 0, max: candidates.length - 1 }) }),
      fc.constant({ kind: 'findings' as const }),
      fc.record({ kind: fc.constant('rule' as const), upheld: fc.boolean() }),
      fc.constant({ kind: 'end' as const }),
    );
    fc.assert(
      fc.property(fc.array(move, { maxLength: 25 }), (moves) => {
        let snapshot = base.snapshot;
        let accepted = 0;
        const tryDecision = (decision: Record<string, unknown>) => {
          const admission = admit(snapshot, stamped(decision));
          if (!admission.ok) return false;
          snapshot = step(snapshot, admission.event)[0];
          return true;
        };
        for (const m of moves) {
          if (whereIs(snapshot).startsWith('publicity') === false) break;
          if (m.kind === 'object') {
            // Filed in time against a candidate still on the slate: it must be accepted, in whatever part of the period.
            const inTime = !snapshot.context.publicityEnded && snapshot.context.candidates.includes(candidates[m.who]!);
            const taken = tryDecision(objectionAgainst(candidates[m.who]!));
            expect(taken).toBe(inTime);
            if (taken) accepted += 1;
          }
          if (m.kind === 'findings') tryDecision(findings);
          if (m.kind === 'rule') tryDecision(ruling(m.upheld ? 'upheld' : 'dismissed'));
          if (m.kind === 'end' && !snapshot.context.publicityEnded && whereIs(snapshot).startsWith('publicity'))
            snapshot = step(snapshot, { type: 'PUBLICITY_ENDED' })[0];
        }
        // Whatever is still open is ruled on; nothing filed is dropped on the way out of the publicity.
        for (let guard = 0; guard < 60 && whereIs(snapshot).startsWith('publicity/objection'); guard += 1) {
          if (!tryDecision(findings)) tryDecision(ruling('dismissed'));
        }
        expect(snapshot.context.objections).toHaveLength(accepted);
        expect(snapshot.context.objection).toBeUndefined();
        expect(snapshot.context.objectionQueue ?? []).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('item 12: warnings reach people', () => {
  it('records the targets not met when the slate is approved, and checks the elected committee against them', () => {
    // A branch of men only: neither the slate nor the committee can meet the target of one woman.
    const men = input().roster.map((m) => ({ ...m, gender: 'male' as const }));
    let run = driveTo(atStage('publicity', 'open'), { input: input({ machineVersion: 2, roster: men }) });
    expect(run.snapshot.context.warnings).toEqual([
      expect.objectContaining({
        code: 'TARGET_WOMEN_NOT_MET',
        raisedAt: 'slateApproval',
        message: expect.stringContaining('0 women among the 6 candidates'),
      }),
    ]);
    run = driveTo(atStage('conference', 'awaitingRound'), { from: run });
    run = send(send(run, rounds.electing(run.snapshot)), confirmCount(run.snapshot));
    expect(run.snapshot.context.warnings).toEqual([
      expect.objectContaining({ raisedAt: 'slateApproval' }),
      expect.objectContaining({
        code: 'TARGET_WOMEN_NOT_MET',
        raisedAt: 'conference',
        message: expect.stringContaining('0 women among the 5 members elected'),
      }),
    ]);
    const view = publicView(run.snapshot, { timers: [], decisions: [], refusals: [] });
    expect(view.warnings).toHaveLength(2);
    expect(formatView(view)).toContain('Warnings (2):');
  });

  it('lets the town committee approve a new member over 45 with a recorded reason, and blocks one without', () => {
    const { run, slate } = atSlateApproval(2);
    if (slate.type !== 'APPROVE_SLATE') throw new Error('expected the scripted slate');
    const older = run.snapshot.context.roster.find(
      (m) => run.snapshot.context.inspectionPassed.includes(m.id) && !m.outgoingPost && !slate.candidates.includes(m.id),
    );
    const candidateId = older?.id ?? slate.candidates.find((id) => !run.snapshot.context.roster.find((m) => m.id === id)?.outgoingPost)!;
    const roster = run.snapshot.context.roster.map((m) => (m.id === candidateId ? { ...m, birthDate: '1975-01-01' } : m));
    const snapshot = { ...run.snapshot, context: { ...run.snapshot.context, roster } } as ElectionSnapshot;
    const candidates = [...new Set([candidateId, ...slate.candidates])].slice(0, slate.candidates.length);
    const without = admit(snapshot, { ...slate, candidates, at: Date.UTC(2026, 10, 24) });
    expect(without).toMatchObject({
      ok: false,
      message: expect.stringContaining('the town committee may approve an exception with a recorded reason (ageExceptions'),
    });
    const reason = 'the only member with accounting experience';
    const withReason = { ...slate, candidates, ageExceptions: [{ memberId: candidateId, reason }] };
    const admitted = admit(snapshot, { ...withReason, at: Date.UTC(2026, 10, 24) });
    expect(admitted.ok).toBe(true);
    const [after] = step(snapshot, withReason);
    expect(after.context.warnings).toContainEqual(
      expect.objectContaining({ code: 'CANDIDATE_OVER_MAX_AGE_NEW_EXCEPTION', memberId: candidateId, reason, raisedAt: 'slateApproval' }),
    );
    // An exception for someone who does not need one is refused; version 1 has no exceptions at all.
    const needless = slate.candidates.find(
      (id) => id !== candidateId && !run.snapshot.context.roster.find((m) => m.id === id)?.outgoingPost,
    )!;
    expect(admit(snapshot, { ...slate, ageExceptions: [{ memberId: needless, reason }], at: Date.UTC(2026, 10, 24) })).toMatchObject({
      ok: false,
      message: expect.stringContaining(`ageExceptions: ${needless} is not a candidate over the new-member age limit of 45`),
    });
    const v1 = atSlateApproval(1);
    expect(admit(v1.run.snapshot, { ...v1.slate, ageExceptions: [], at: Date.UTC(2026, 10, 24) })).toMatchObject({
      ok: false,
      code: 'SLATE_EXCEPTIONS_NOT_IN_VERSION',
    });
  });
});

describe('item 15: an unstable village offers both ways on', () => {
  it('lists postponement and proceeding in the view, the status text and the inbox', () => {
    const run = send(start(input({ machineVersion: 1 })), {
      type: 'RECORD_INVESTIGATION',
      by: guidance,
      category: 'poor',
      stable: false,
      instability: 'two clans contest the branch',
      representatives: 24,
    });
    const view = publicView(run.snapshot, { timers: [], decisions: [], refusals: [] });
    expect(view.pending).toEqual([
      expect.objectContaining({
        decision: 'PROPOSE_POSTPONEMENT',
        roles: ['town-committee'],
        optional: false,
        choice: expect.stringMatching(/^postpone/),
      }),
      expect.objectContaining({
        decision: 'REPORT_FIT_TO_PROCEED',
        roles: ['town-committee'],
        optional: false,
        choice: expect.stringMatching(/^proceed/),
      }),
    ]);
    expect(view.awaitingRoles).toEqual(['town-committee']);
    expect(formatView(view)).toContain('Waiting for one of these ways on:');
    const entry = inboxEntry({ workflowId: 'reelection/2026/Heluo/Qilipu', startTime: new Date() }, view, 'town-committee');
    expect(entry?.decisions).toEqual(['PROPOSE_POSTPONEMENT', 'REPORT_FIT_TO_PROCEED']);
    expect(Object.keys(entry?.choices ?? {})).toEqual(['PROPOSE_POSTPONEMENT', 'REPORT_FIT_TO_PROCEED']);
  });
});
