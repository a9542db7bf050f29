import { renderNotice } from '../../activities/notices';
import { formatView } from '../../client/format';
import { admit } from '../../machines/admission';
import { electionFacts } from '../../machines/facts';
import type { NoticeParams } from '../../machines/notices';
import { conferenceOpensAt } from '../../machines/rules';
import { persistSnapshot, restoreSnapshot } from '../../machines/persistence';
import { publicView } from '../../machines/view';
import {
  at,
  atStage,
  decide,
  driveTo,
  electionMachine,
  fire,
  input,
  LUOKOU,
  named,
  noticeKinds,
  person,
  scripted,
  scriptFor,
  send,
  step,
  TIMER_MS,
  whereIs,
  type Action,
  type Run,
} from './fixtures';

const guidance = person('guidance-group');
const branch = person('village-branch');
const town = person('town-committee');

/** The fixtures' day (24 November 2026) plus the town plan's 7 days of notice: the earliest conference. */
const EARLIEST = '2026-12-01';
const call = (date = EARLIEST, time = '09:00', place = '村党群服务中心会议室') => ({
  type: 'CALL_CONFERENCE',
  by: branch,
  date,
  time,
  place,
});

const viewOf = (run: Run) => publicView(run.snapshot, { timers: [], decisions: [], refusals: [] });
const noticeOf = (actions: readonly Action[], kind: string) =>
  named(actions).find((a) => a.type === 'notify' && (a.params as NoticeParams).kind === kind)?.params as NoticeParams | undefined;
/** A notice of the machine rendered as the notice activity posts it. */
const rendered = (notice: NoticeParams) =>
  renderNotice({
    ...notice,
    town: notice.facts.town!,
    village: notice.facts.village!,
    term: notice.facts.term!,
    at: new Date(at).toISOString(),
  });

describe('version 3: the conference is called with its date, time and place', () => {
  it('waits in the conference notice for the call, from the guidance group or the village branch, without a notice or a lead timer', () => {
    const run = driveTo(atStage('conferenceNotice'));
    expect(whereIs(run.snapshot)).toBe('conferenceNotice/awaitingCall');
    expect(viewOf(run).awaitingRoles).toEqual(['guidance-group', 'village-branch']);
    expect(viewOf(run).pending.map((p) => p.decision)).toEqual(['CALL_CONFERENCE']);
    expect(viewOf(run).conference).toEqual({ leadDays: 7 });
    expect(noticeKinds(run.last)).toEqual([]);
    expect(run.timers.has('conferenceNoticeLead')).toBe(false);
  });

  it('does not wait on version 2: the notice goes out and the lead timer starts as the publicity ends, and no call is taken', () => {
    const run = driveTo(atStage('conferenceNotice'), { input: input({ machineVersion: 2 }) });
    expect(whereIs(run.snapshot)).toBe('conferenceNotice/noticeGiven');
    expect(viewOf(run).awaitingRoles).toEqual([]);
    expect(viewOf(run).conference).toBeUndefined();
    expect(noticeOf(run.last, 'conference-notice')!.facts).toEqual({
      town: 'Heluo',
      village: 'Qilipu',
      term: 2026,
      members: 36,
      leadDays: 7,
      renotice: false,
      majorityOf: 'due',
    });
    expect(run.timers.get('conferenceNoticeLead')?.delay).toBe(TIMER_MS.conferenceNotice);
    expect(admit(run.snapshot, { ...call(), at })).toMatchObject({ ok: false, code: 'WRONG_STAGE' });
  });

  it('refuses a call a day before the earliest date, naming the field, the value and the earliest date accepted', () => {
    const run = driveTo(atStage('conferenceNotice'));
    expect(admit(run.snapshot, { ...call('2026-11-30'), at })).toEqual({
      ok: false,
      code: 'CONFERENCE_TOO_SOON',
      message: 'date: got 2026-11-30; accepted: 2026-12-01 or later (called on 2026-11-24, the members are given 7 day(s) of notice)',
    });
    expect(admit(run.snapshot, { ...call(EARLIEST, '9:00'), at })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      message: expect.stringContaining('time: ') as string,
    });
    expect(admit(run.snapshot, { ...call(), by: town, at })).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
  });

  it('records the call, gives the notice with the date, time and place, and starts the lead timer', () => {
    let run = driveTo(atStage('conferenceNotice'));
    expect(formatView(viewOf(run))).toContain('Conference: to be called for a date at least 7 day(s) after the day of the call');
    run = send(run, call(EARLIEST, '14:30'));
    expect(formatView(viewOf(run))).toContain('Conference: 2026-12-01 14:30 Beijing time, at 村党群服务中心会议室 (called on 2026-11-24)');
    expect(whereIs(run.snapshot)).toBe('conferenceNotice/noticeGiven');
    const called = { date: EARLIEST, time: '14:30', place: '村党群服务中心会议室', calledOn: '2026-11-24', calledBy: branch.id };
    expect(run.snapshot.context.conference).toEqual(called);
    expect(electionFacts(run.snapshot).conference).toEqual(called);
    expect(viewOf(run).conference).toEqual({ leadDays: 7, ...called });
    const notice = noticeOf(run.last, 'conference-notice')!;
    expect(notice).toMatchObject({
      audience: 'voting-members',
      facts: { members: 36, leadDays: 7, renotice: false, date: EARLIEST, time: '14:30', place: '村党群服务中心会议室' },
    });
    const { markdown } = rendered(notice);
    expect(markdown).toContain('- **Date:** 2026-12-01');
    expect(markdown).toContain('- **Time:** 14:30 (Beijing time)');
    expect(markdown).toContain('- **Place:** 村党群服务中心会议室');
    // The demo's shortened period still shortens it.
    expect(run.timers.get('conferenceNoticeLead')?.delay).toBe(TIMER_MS.conferenceNotice);
    run = fire(run, 'conferenceNoticeLead');
    expect(whereIs(run.snapshot)).toBe('conference/attendance');
  });

  it('runs the lead time to the date and time called for, in Beijing, when the period is not shortened', () => {
    const plan = { durationOverridesMs: { publicity: 11, approvalReminder: 13, approvalEscalation: 14 } };
    let run = driveTo(atStage('conferenceNotice'), { input: input({ plan }) });
    run = send(run, call('2026-12-03', '09:00'));
    const opensAt = conferenceOpensAt('2026-12-03', '09:00');
    expect(new Date(opensAt).toISOString()).toBe('2026-12-03T01:00:00.000Z');
    expect(run.timers.get('conferenceNoticeLead')?.delay).toBe(opensAt - at);
    expect(run.snapshot.context.deadlines?.conferenceNoticeLead).toEqual({ startedAt: at, firesAt: opensAt, endsOn: '2026-12-03' });
  });

  it('calls the conference again after a quorum failure and after a rejected directly elected secretary', () => {
    let run = driveTo(atStage('conference', 'attendance'));
    const voters = run.snapshot.context.roster.filter((m) => m.standing === 'full').map((m) => m.id);
    run = send(run, { type: 'RECORD_ATTENDANCE', by: guidance, present: voters.slice(0, Math.floor(voters.length / 2)) });
    expect(whereIs(run.snapshot)).toBe('conferenceNotice/awaitingCall');
    run = send(run, call('2026-12-02', '19:00', '村委会二楼'));
    expect(noticeOf(run.last, 'conference-notice')!.facts).toMatchObject({ renotice: true, date: '2026-12-02', place: '村委会二楼' });

    let luokou = driveTo(atStage('resultApproval'), { input: input({}, { village: LUOKOU }) });
    luokou = send(luokou, { type: 'REJECT_RESULT', by: town, reason: 'the secretary has a pending disciplinary case' });
    expect(whereIs(luokou.snapshot)).toBe('conferenceNotice/awaitingCall');
    expect(noticeKinds(luokou.last)).toEqual([]);
  });

  it('restores a version 2 snapshot persisted in the conference notice before it had steps, and opens the conference when its timer fires', () => {
    const run = driveTo(atStage('conferenceNotice'), { input: input({ machineVersion: 2 }) });
    const persisted = { ...(persistSnapshot(electionMachine, run.snapshot) as Record<string, unknown>), value: 'conferenceNotice' };
    const restored = restoreSnapshot(electionMachine, persisted);
    expect(whereIs(restored)).toBe('conferenceNotice/noticeGiven');
    const [opened] = step(restored, { type: 'CONFERENCE_DUE' });
    expect(whereIs(opened)).toBe('conference/attendance');
  });

  it('lets the scripted town office call the earliest day at 09:00 in the village service centre', () => {
    const run = driveTo(atStage('conferenceNotice'));
    expect(scripted(run.snapshot, scriptFor(run.input))).toMatchObject({
      type: 'CALL_CONFERENCE',
      date: EARLIEST,
      time: '09:00',
      place: '村党群服务中心会议室',
    });
  });
});

describe('the notices name people and dates', () => {
  it('gives the first and last day of a publicity across the National Day holiday', () => {
    const plan = { durationOverridesMs: { conferenceNotice: 12, approvalReminder: 13, approvalEscalation: 14 } };
    const run = driveTo(atStage('slateApproval'), { input: input({ plan }) });
    // Approved on Wednesday 30 September 2026 at 10:00 in Beijing; 1 to 7 October are holidays, Saturday 10 October is worked.
    const wednesday = Date.UTC(2026, 8, 30, 2);
    const [, actions] = decide(run.snapshot, scripted(run.snapshot, scriptFor(run.input))!, wednesday);
    const notice = noticeOf(actions, 'candidate-publicity')!;
    expect(notice.facts).toMatchObject({ from: '2026-10-01', until: '2026-10-13' });
    const { markdown } = renderNotice({ ...notice, town: 'Heluo', village: 'Qilipu', term: 2026, at: new Date(wednesday).toISOString() });
    expect(markdown).toContain('- **First day of the publicity:** 2026-10-01');
    expect(markdown).toContain('- **Last day of the publicity:** 2026-10-13 (to the end of the day, Beijing time)');
    expect(markdown).not.toContain('five by default');
  });

  it('names the candidate an objection is against, never by member id, and never who filed it', () => {
    const run = driveTo(atStage('publicity', 'open'));
    const candidateId = run.snapshot.context.candidates[0]!;
    const name = run.snapshot.context.roster.find((m) => m.id === candidateId)!.name;
    const filed = send(run, {
      type: 'FILE_OBJECTION',
      by: branch,
      candidateId,
      grounds: 'an undeclared business interest',
      filedBy: '第三村民小组的一位村民',
    });
    const notice = noticeOf(filed.last, 'objection-received')!;
    expect(notice.facts).toMatchObject({ candidate: name });
    const { markdown } = rendered(notice);
    expect(markdown).toContain(`- **Candidate:** ${name}`);
    expect(markdown).not.toContain(candidateId);
    expect(markdown).not.toContain('第三村民小组');

    const ruled = send(
      send(filed, { type: 'RECORD_OBJECTION_FINDINGS', by: person('inspection-team'), findings: 'the interest was declared' }),
      {
        type: 'RULE_OBJECTION',
        by: town,
        ruling: 'dismissed',
        reason: 'the interest was declared in 2024',
      },
    );
    const ruling = rendered(noticeOf(ruled.last, 'objection-ruling')!).markdown;
    expect(ruling).toContain(`- **Candidate:** ${name}`);
    expect(ruling).not.toContain(candidateId);
  });

  it('says whose majority elects in the conference notice: of those due to attend from version 2, of those present on version 1', () => {
    for (const [machineVersion, says] of [
      [1, 'more than half of the members present'],
      [2, 'more than half of the members with a vote due to attend'],
    ] as const) {
      const run = driveTo(atStage('conferenceNotice'), { input: input({ machineVersion }) });
      expect(rendered(noticeOf(run.last, 'conference-notice')!).markdown).toContain(says);
    }
  });
});
