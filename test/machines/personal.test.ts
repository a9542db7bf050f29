import { admit, type ElectionSnapshot } from '../../machines/admission';
import { electionFacts } from '../../machines/facts';
import { describeZodIssues, electionInputSchema } from '../../machines/input';
import { KEPT_IN_RECORD, minimisedPayload, withoutNames, writtenNamesOf } from '../../machines/personal';
import { publicView } from '../../machines/view';
import { formatView } from '../../client/format';
import { heluoInput, HELUO_VILLAGES } from '../../client/demo/heluo';
import { at, atStage, driveTo, input, person, send } from './fixtures';

/** The reason a decision is refused with, admitted at the workflow time as the host's validator does. */
function refusedWith(snapshot: ElectionSnapshot, decision: Record<string, unknown>): string {
  const admission = admit(snapshot, { ...decision, at });
  if (admission.ok) throw new Error(`expected ${JSON.stringify(decision)} to be refused`);
  return admission.message;
}

/** Why a start input is refused, as the workflow and `election start` say it. */
function startRefusedWith(change: (raw: ReturnType<typeof heluoInput>) => unknown): string {
  const raw = change(heluoInput(HELUO_VILLAGES[1]));
  const parsed = electionInputSchema.safeParse(raw);
  if (parsed.success) throw new Error('expected the input to be refused');
  return describeZodIssues(parsed.error, raw).join('; ');
}

const objection = (candidateId: string, fields: Record<string, unknown> = {}) => ({
  type: 'FILE_OBJECTION',
  by: person('village-branch'),
  candidateId,
  grounds: 'an undeclared quarry lease',
  filedBy: 'Gao Xiaoming of group 3',
  ...fields,
});

describe('refusals never quote personal data back', () => {
  it('names who filed an objection by the size of what was given, never the name', () => {
    const run = driveTo(atStage('publicity', 'open'));
    const name = `Gao Xiaoming ${'of group 3 '.repeat(30)}`;
    const reason = refusedWith(run.snapshot, objection(run.snapshot.context.candidates[0]!, { filedBy: name }));
    expect(reason).toMatch(
      /^FILE_OBJECTION: filedBy: got text of \d+ characters \(not quoted: personal data\) \(accepted: who filed it of 1 to/,
    );
    expect(reason).not.toContain('Gao Xiaoming');
  });

  it('names the grounds of an objection without quoting them', () => {
    const run = driveTo(atStage('publicity', 'open'));
    const reason = refusedWith(run.snapshot, objection(run.snapshot.context.candidates[0]!, { grounds: 'he\u202Egambles' }));
    expect(reason).toContain('grounds: got text of 10 characters (not quoted: personal data)');
    expect(reason).toContain('U+202E, a bidi control');
    expect(reason).not.toContain('gambles');
  });

  it('names an excusal’s category without quoting it: the ground of an absence is personal', () => {
    const run = driveTo(atStage('conference', 'attendance'));
    const voter = run.snapshot.context.roster[5]!.id;
    const reason = refusedWith(run.snapshot, {
      type: 'RECORD_ATTENDANCE',
      by: person('guidance-group'),
      present: [],
      excusals: [{ memberId: voter, category: 'in police custody', higherLevelConsent: true, conferenceApproved: true }],
    });
    expect(reason).toContain(`excusals.0.category: got text of 17 characters (not quoted: personal data)`);
    expect(reason).not.toContain('police');
  });

  it('names a written-in name by what it is, in the path and the message', () => {
    const run = driveTo(atStage('conference', 'awaitingRound'));
    const round = (writeIns: Record<string, unknown>) => ({
      type: 'RECORD_ROUND',
      by: person('guidance-group'),
      votersPresent: 30,
      ballotsIssued: 30,
      ballotsReturned: 30,
      validBallots: 30,
      invalidBallots: 0,
      votes: {},
      writeIns,
    });
    const hidden = refusedWith(run.snapshot, round({ '王\u200B二小': 3 }));
    expect(hidden).toContain('writeIns: got an object (not quoted: personal data)');
    expect(hidden).toContain('the key of 4 characters (not quoted: personal data) is not');
    const notANumber = refusedWith(run.snapshot, round({ 王二小: 'three' }));
    expect(notANumber).toContain('writeIns."(a written name)": got "three"');
    expect([hidden, notANumber].join()).not.toMatch(/王|二小/);
  });

  it('still quotes what is not personal: a sent-back reason too short is shown as given', () => {
    const run = driveTo(atStage('startApproval'));
    const reason = refusedWith(run.snapshot, { type: 'SEND_BACK_START', by: person('town-committee'), reason: 'x' });
    expect(reason).toContain('reason: got "x"');
  });

  it('refuses a roster’s birth date, standing, name and pinyin naming the member’s place, never the values', () => {
    const bad = { birthDate: '1961-02-30', standing: 'detained', name: '周\u0007芳', pinyin: 'Zhou\u0007Fang' };
    const reason = startRefusedWith((raw) => ({ ...raw, roster: raw.roster.map((m, i) => (i === 2 ? { ...m, ...bad } : m)) }));
    expect(reason).toContain('roster.2.birthDate: got a date (not quoted: personal data)');
    expect(reason).toContain('roster.2.standing: got text of 8 characters (not quoted: personal data)');
    expect(reason).toContain('roster.2.name: got text of 3 characters (not quoted: personal data)');
    expect(reason).toContain('roster.2.pinyin: got text of 9 characters (not quoted: personal data)');
    for (const value of ['1961-02-30', 'detained', '周', 'Zhou']) expect(reason).not.toContain(value);
  });

  it('refuses a member who joined before 18 without quoting either date', () => {
    const reason = startRefusedWith((raw) => ({
      ...raw,
      roster: raw.roster.map((m, i) => (i === 4 ? { ...m, birthDate: '1990-06-01', joinedParty: '2008-05-31' } : m)),
    }));
    expect(reason).toContain(
      'roster.4.joinedParty: got a date (not quoted: personal data) (accepted: a date on or after the 18th birthday',
    );
    expect(reason).not.toMatch(/1990|2008/);
  });

  it('still quotes a member id, which is no personal data', () => {
    const reason = startRefusedWith((raw) => ({ ...raw, roster: raw.roster.map((m, i) => (i === 1 ? { ...m, id: 'm 2\u0000' } : m)) }));
    expect(reason).toContain('roster.1.id: got "m 2\\u0000"');
  });
});

describe('what the status view and the facts give every role', () => {
  it('lists an objection with its candidate, grounds and status, never who filed it', () => {
    let run = driveTo(atStage('publicity', 'open'));
    const [first, second] = run.snapshot.context.candidates;
    run = send(run, objection(first!));
    run = send(run, objection(second!, { filedBy: 'Sun Li, a villager' }));
    const view = publicView(run.snapshot, { timers: [], decisions: [], refusals: [] });
    expect(view.objections).toEqual([
      { candidateId: first, grounds: 'an undeclared quarry lease', status: 'under investigation' },
      { candidateId: second, grounds: 'an undeclared quarry lease', status: 'waiting' },
    ]);
    const facts = electionFacts(run.snapshot);
    expect(JSON.stringify([view, facts])).not.toMatch(/Gao Xiaoming|Sun Li/);
    expect(facts.objection).toEqual({ candidateId: first, grounds: 'an undeclared quarry lease' });
  });

  it('prints an objection in `election status` with its candidate, status and grounds, not who filed it', () => {
    let run = driveTo(atStage('publicity', 'open'));
    const [first] = run.snapshot.context.candidates;
    run = send(run, objection(first!));
    const text = formatView(publicView(run.snapshot, { timers: [], decisions: [], refusals: [] }));
    expect(text).toContain(`Objections (1):\n  against ${first} (under investigation): an undeclared quarry lease`);
    expect(text).not.toContain('Gao Xiaoming');
  });

  it('keeps who filed an objection in the machine, for the outcome store’s record', () => {
    let run = driveTo(atStage('publicity', 'open'));
    run = send(run, objection(run.snapshot.context.candidates[0]!));
    expect(run.snapshot.context.objection?.filedBy).toBe('Gao Xiaoming of group 3');
  });
});

describe('a decision’s summary in the status view', () => {
  it('leaves who filed an objection out and its grounds to the record', () => {
    const summary = minimisedPayload('FILE_OBJECTION', { candidateId: 'm04', grounds: 'an undeclared quarry lease', filedBy: 'Gao' });
    expect(summary).toEqual({ candidateId: 'm04', grounds: KEPT_IN_RECORD });
  });

  it('keeps who was excused, not on what ground', () => {
    const summary = minimisedPayload('RECORD_ATTENDANCE', {
      present: ['m01', 'm02'],
      excusals: [{ memberId: 'm07', category: 'serving-sentence', higherLevelConsent: true, conferenceApproved: true }],
    });
    expect(summary).toEqual({
      present: ['m01', 'm02'],
      excusals: [{ memberId: 'm07', category: KEPT_IN_RECORD, higherLevelConsent: true, conferenceApproved: true }],
    });
  });

  it('counts written-in names and leaves talks’ notes and nominees’ failing reasons to the record', () => {
    expect(minimisedPayload('RECORD_ROUND', { votersPresent: 30, writeIns: { 王二小: 3, 李四: 1 } })).toEqual({
      votersPresent: 30,
      writeIns: `2 ${KEPT_IN_RECORD}`,
    });
    expect(
      minimisedPayload('RECORD_HANDOVER', { handedOverOn: '2026-12-01', talks: [{ memberId: 'm02', notes: 'ill since May' }] }),
    ).toEqual({
      handedOverOn: '2026-12-01',
      talks: [{ memberId: 'm02', notes: KEPT_IN_RECORD }],
    });
    expect(minimisedPayload('RECORD_INSPECTION', { verdicts: [{ nomineeId: 'm05', pass: false, reason: 'a gambling debt' }] })).toEqual({
      verdicts: [{ nomineeId: 'm05', pass: false, reason: KEPT_IN_RECORD }],
    });
  });

  it('leaves a decision without personal fields as it was sent', () => {
    const payload = { seats: 5, electsDeputy: true, method: 'two-recommendations-one-election' };
    expect(minimisedPayload('APPROVE_START', payload)).toEqual(payload);
  });
});

it('parses the fixture input used above', () => {
  expect(input().roster.length).toBeGreaterThan(5);
});

describe('a refusal’s reason as the view keeps it', () => {
  const roster = [
    { id: 'm-3', name: '王伟', pinyin: 'Wang Wei' },
    { id: 'm-4', name: '王伟华' },
  ];

  it('names a member by id where the rules name them with it, and withholds any other mention of a name', () => {
    expect(withoutNames('scrutineer 王伟 (m-3) is listed twice', { roster })).toBe('scrutineer m-3 is listed twice');
    expect(withoutNames('王伟华 (m-4) is already elected; so is Wang Wei', { roster })).toBe('m-4 is already elected; so is (a name)');
    expect(withoutNames('write-in "王二小" is candidate m-3', { roster, written: ['王二小'] })).toBe(
      'write-in "(a name)" is candidate m-3',
    );
  });

  it('leaves a name inside a longer one whole to the longer one', () => {
    expect(withoutNames('王伟华 and 王伟 are both present', { roster })).toBe('(a name) and (a name) are both present');
  });

  it('finds the written-in names on a decision and on a signed envelope’s decision', () => {
    expect(writtenNamesOf({ type: 'RECORD_ROUND', writeIns: { 王二小: 3 } })).toEqual(['王二小']);
    expect(writtenNamesOf({ decision: { type: 'RECORD_ROUND', writeIns: { 李四: 1 } } })).toEqual(['李四']);
    expect(writtenNamesOf({ type: 'RECORD_ROUND', writeIns: ['not', 'a record'] })).toEqual([]);
    expect(writtenNamesOf(null)).toEqual([]);
  });
});
