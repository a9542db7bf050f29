import { DECISION_TYPES, type DecisionType } from '../../../machines/events';
import {
  atStage,
  confirmCount,
  driveTo,
  fire,
  input,
  LUOKOU,
  person,
  rounds,
  scriptFor,
  scripted,
  start,
  whereIs,
  type Run,
} from '../../machines/fixtures';
import { sendThroughForm } from './support';

/** Types each test below sent through a form; the last test checks that together they are every decision type. */
const sent = new Set<DecisionType>();

/** Moves a village on with the scripted office's decisions, each sent through its form, firing timers when nothing is due. */
function driveThroughForms(run: Run, until: (run: Run) => boolean, locale: 'zh' | 'en' = 'zh'): Run {
  const script = scriptFor(run.input);
  for (let steps = 0; !until(run); steps += 1) {
    if (steps > 200 || run.snapshot.status !== 'active') throw new Error(`stopped at ${whereIs(run.snapshot)}`);
    const decision = scripted(run.snapshot, script);
    if (decision) {
      sent.add(decision.type);
      run = sendThroughForm(run, decision, locale);
      continue;
    }
    const due = [...run.timers.entries()].sort(([, a], [, b]) => (a.delay ?? 0) - (b.delay ?? 0))[0];
    if (!due) throw new Error(`stuck at ${whereIs(run.snapshot)}`);
    run = fire(run, due[0]);
  }
  return run;
}

const done = (run: Run) => run.snapshot.status !== 'active';

/** One decision through its form, noted. */
function viaForm(run: Run, payload: Record<string, unknown> & { type: DecisionType }): Run {
  sent.add(payload.type);
  return sendThroughForm(run, payload);
}

describe('a village driven only through the forms', () => {
  it('elects a committee of 5 with a deputy (Qilipu, the current rules) from the investigation to the handover', () => {
    const run = driveThroughForms(start(input()), done);
    expect(run.snapshot.value).toBe('completed');
    expect(run.snapshot.context.elected).toHaveLength(5);
    expect(run.snapshot.context.deputy).toBeDefined();
  });

  it('elects a secretary directly in the Luokou pilot, the forms in English', () => {
    const run = driveThroughForms(start(input({}, { village: LUOKOU })), done, 'en');
    expect(run.snapshot.value).toBe('completed');
    expect(run.snapshot.context.secretary).toBeDefined();
  });

  it('elects a committee on the rules as first published (version 1), without a plenary vote or age exceptions', () => {
    const run = driveThroughForms(start(input({ machineVersion: 1 })), done);
    expect(run.snapshot.value).toBe('completed');
  });

  it('elects a secretary directly in a branch of 6 full members', () => {
    const run = driveThroughForms(start(input({}, { members: 8 })), done);
    expect(run.snapshot.value).toBe('completed');
  });
});

describe('the decisions off the scripted path, each through its form', () => {
  const by = person;

  it('postpones an unstable village and approves the postponement', () => {
    let run = viaForm(start(input()), {
      type: 'RECORD_INVESTIGATION',
      by: by('guidance-group'),
      category: 'poor',
      stable: false,
      instability: 'a land dispute between two groups',
      representatives: 24,
      notes: 'visited twice',
    });
    expect(whereIs(run.snapshot)).toBe('unstable');
    run = viaForm(run, { type: 'PROPOSE_POSTPONEMENT', by: by('town-committee'), reason: 'land dispute unresolved', until: '2027-05-01' });
    run = viaForm(run, { type: 'APPROVE_POSTPONEMENT', by: by('county-org-dept'), until: '2027-04-30' });
    expect(whereIs(run.snapshot)).toBe('postponed');
  });

  it('refuses a postponement, then reports the village fit to proceed', () => {
    let run = viaForm(start(input()), {
      type: 'RECORD_INVESTIGATION',
      by: by('guidance-group'),
      category: 'medium',
      stable: false,
      instability: 'a dispute',
      representatives: 24,
    });
    run = viaForm(run, { type: 'PROPOSE_POSTPONEMENT', by: by('town-committee'), reason: 'a dispute', until: '2027-01-10' });
    run = viaForm(run, { type: 'REFUSE_POSTPONEMENT', by: by('county-org-dept'), reason: 'the dispute is settled' });
    run = viaForm(run, { type: 'REPORT_FIT_TO_PROCEED', by: by('town-committee'), findings: 'settled by mediation on 20 November' });
    expect(whereIs(run.snapshot)).toBe('startRequest');
  });

  it('sends back a start request and a slate', () => {
    let run = driveTo(atStage('startApproval'));
    run = viaForm(run, { type: 'SEND_BACK_START', by: by('town-committee'), reason: 'seats to be 5, as agreed' });
    expect(whereIs(run.snapshot)).toBe('startRequest');
    run = driveTo(atStage('slateApproval'), { from: run });
    run = viaForm(run, { type: 'SEND_BACK_SLATE', by: by('town-committee'), reason: 'too few women on the slate' });
    expect(whereIs(run.snapshot)).not.toBe('slateApproval');
  });

  it('files an objection against a candidate, records the findings and dismisses it', () => {
    let run = driveTo(atStage('publicity'));
    const candidateId = run.snapshot.context.candidates[0]!;
    run = viaForm(run, {
      type: 'FILE_OBJECTION',
      by: by('village-branch'),
      candidateId,
      grounds: 'owes the collective rent',
      filedBy: '张三',
    });
    run = viaForm(run, { type: 'RECORD_OBJECTION_FINDINGS', by: by('inspection-team'), findings: 'the rent was paid in 2025' });
    run = viaForm(run, { type: 'RULE_OBJECTION', by: by('town-committee'), ruling: 'dismissed', reason: 'the grounds are not borne out' });
    expect(run.snapshot.context.objections.at(-1)?.ruling).toBe('dismissed');
  });

  it('records an attendance with an excused member, and a shortfall round, then reduces the seats', () => {
    let run = driveTo(atStage('conference', 'attendance'));
    const voters = run.snapshot.context.roster.filter((m) => m.standing === 'full').map((m) => m.id);
    const excused = voters.find((id) => !run.snapshot.context.candidates.includes(id))!;
    const present = voters.filter((id) => id !== excused);
    run = viaForm(run, {
      type: 'RECORD_ATTENDANCE',
      by: by('guidance-group'),
      present,
      excusals: [{ memberId: excused, category: 'abroad-over-6-months', higherLevelConsent: true, conferenceApproved: true }],
    });
    const scrutineers = present.filter((id) => !run.snapshot.context.candidates.includes(id)).slice(-2);
    run = viaForm(run, { type: 'APPOINT_SCRUTINEERS', by: by('guidance-group'), scrutineers });
    run = viaForm(run, rounds.short(run.snapshot, 1));
    run = viaForm(run, { ...confirmCount(run.snapshot) });
    expect(run.snapshot.context.ballot?.purpose).toBe('shortfall');
    run = viaForm(run, { type: 'REDUCE_SEATS', by: by('guidance-group'), votesFor: present.length - 2 });
    expect(run.snapshot.context.seats).toBe(4);
  });

  it('rejects a result and cancels an election', () => {
    let run = driveTo(atStage('resultApproval'));
    run = viaForm(run, { type: 'REJECT_RESULT', by: by('town-committee'), reason: 'the deputy was not on the committee' });
    expect(whereIs(run.snapshot)).not.toBe('resultApproval');
    run = viaForm(start(input()), { type: 'CANCEL', by: by('town-committee'), reason: 'merged into an urban community' });
    expect(run.snapshot.value).toBe('cancelled');
  });

  it('has sent every decision type through its form', () => {
    expect(DECISION_TYPES.filter((type) => !sent.has(type))).toEqual([]);
  });
});
