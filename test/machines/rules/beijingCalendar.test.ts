import fc from 'fast-check';
import {
  beijingDateOfMs,
  beijingEndOfDayMs,
  beijingPeriod,
  beijingTimeText,
  calendarWithNotices,
  calendarYearSchema,
  isWorkingDay,
  officialYears,
  parseWith,
  periodMs,
  provisionalNote,
  safeguardProblems,
  type CalendarYear,
} from '../../../machines/rules';
import { inputProblems } from '../../../client/commands/start';
import { electionInputSchema } from '../../../machines/input';
import { heluoInput, HELUO_VILLAGES } from '../../../client/demo/heluo';
import { plan } from './fixtures';

/** Monday 2 March 2026, 07:30 in Beijing: Sunday 1 March, 23:30 UTC. */
const MONDAY_0730_BEIJING = Date.UTC(2026, 2, 1, 23, 30);

/** An official 2027 notice, as an office would load it (dates of the test's own making). */
const notice2027: CalendarYear = {
  year: 2027,
  notice: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕99号', issuedOn: '2026-11-10' },
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04', '2027-01-05'],
  makeUpWorkdays: ['2027-01-09'],
};

describe('Beijing days', () => {
  it.each([
    [Date.UTC(2026, 2, 1, 15, 59, 59, 999), '2026-03-01', 'one millisecond before midnight in Beijing'],
    [Date.UTC(2026, 2, 1, 16, 0), '2026-03-02', 'midnight in Beijing'],
    [MONDAY_0730_BEIJING, '2026-03-02', 'Sunday 23:30 UTC is Monday in Beijing'],
    [Date.UTC(2026, 11, 31, 16, 0), '2027-01-01', "New Year's Day starts at 16:00 UTC"],
  ])('%i is %s in Beijing (%s)', (ms, day) => {
    expect(beijingDateOfMs(ms)).toBe(day);
  });

  it('ends a day at 24:00 Beijing time, 16:00 UTC', () => {
    expect(new Date(beijingEndOfDayMs('2026-03-09')).toISOString()).toBe('2026-03-09T16:00:00.000Z');
  });

  it('shows an instant as Beijing time', () => {
    expect(beijingTimeText(MONDAY_0730_BEIJING)).toBe('2026-03-02 07:30 Beijing time');
    expect(beijingTimeText('2026-03-09T16:00:00.000Z', false)).toBe('2026-03-10 00:00');
  });

  it('ends the publicity of a slate approved Monday 07:30 in Beijing at the end of the fifth working day after, Monday 9 March', () => {
    const period = beijingPeriod(plan(), 'publicity', MONDAY_0730_BEIJING);
    expect(period).toEqual({ endsOn: '2026-03-09', endsAt: Date.UTC(2026, 2, 9, 16, 0), provisionalYears: [] });
    // Version 1 counted the UTC Sunday as the posting day and ended a working day short, on Saturday 08:00 in Beijing.
    expect(MONDAY_0730_BEIJING + periodMs(plan(), 'publicity', MONDAY_0730_BEIJING)).toBe(Date.UTC(2026, 2, 7, 0, 0));
  });

  it('ends every period on a working day after the Beijing posting day, at 24:00 Beijing time (property)', () => {
    const calendar = plan().calendar;
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 20) }),
        fc.integer({ min: 1, max: 10 }),
        (startMs, days) => {
          const period = beijingPeriod(plan({ publicityWorkingDays: days }), 'publicity', startMs);
          const posted = beijingDateOfMs(startMs);
          expect(period.endsOn > posted).toBe(true);
          expect(isWorkingDay(period.endsOn, calendar)).toBe(true);
          expect(new Date(period.endsAt).toISOString()).toMatch(/T16:00:00\.000Z$/);
          // The day after the posting day is counted: one working day less ends on or before the day before.
          expect(beijingPeriod(plan({ publicityWorkingDays: days - 1 || 1 }), 'publicity', startMs).endsOn <= period.endsOn).toBe(true);
        },
      ),
    );
  });
});

describe('calendar years as data', () => {
  it('names the State Council notice of 2026 and keeps 2027 provisional', () => {
    expect(officialYears().get(2026)?.notice).toEqual({
      title: '国务院办公厅关于2026年部分节假日安排的通知',
      number: '国办发明电〔2025〕7号',
      issuedOn: '2025-11-04',
    });
    expect(officialYears().has(2027)).toBe(false);
  });

  it('marks a period over a year without a notice as provisional, and says so', () => {
    const posted = Date.UTC(2026, 11, 28, 2); // Monday 28 December 2026 in Beijing
    const period = beijingPeriod(plan(), 'publicity', posted);
    expect(period).toMatchObject({ endsOn: '2027-01-05', provisionalYears: [2027] });
    expect(provisionalNote(period.provisionalYears)).toMatch(
      /^provisional: counted over 2027, for which no State Council holiday notice is loaded/,
    );
    // Within 2026, an official year: not provisional.
    expect(beijingPeriod(plan(), 'publicity', MONDAY_0730_BEIJING).provisionalYears).toEqual([]);
    // The conference notice counts calendar days, which no holiday moves.
    expect(beijingPeriod(plan(), 'conferenceNotice', posted).provisionalYears).toEqual([]);
  });

  it("counts with a loaded notice's days instead of the assumed ones, and the period is no longer provisional", () => {
    const posted = Date.UTC(2026, 11, 28, 2);
    expect(beijingPeriod(plan(), 'publicity', posted, [notice2027])).toMatchObject({ endsOn: '2027-01-07', provisionalYears: [] });
    const counted = calendarWithNotices(plan().calendar, officialYears([notice2027]));
    expect(counted.holidays).toContain('2027-01-05');
    expect(counted.holidays).not.toContain('2027-02-05'); // the assumed Spring Festival eve is not in the notice
    expect(counted.makeUpWorkdays).toContain('2027-01-09');
  });

  it.each([
    [{ holidays: ['2027-02-30'] }, 'holidays.0', 'a calendar date written YYYY-MM-DD'],
    [{ holidays: ['2028-01-01'] }, 'holidays.0', 'a date of the notice for 2027, from 2026-12-01 to 2027-12-31'],
    [{ makeUpWorkdays: ['2027-01-06'] }, 'makeUpWorkdays.0', 'a Saturday or Sunday worked in exchange (2027-01-06 is a Wednesday'],
    [{ makeUpWorkdays: ['2027-01-02'] }, 'makeUpWorkdays.0', 'a day either off or worked, not both'],
    [{ holidays: ['2027-01-01', '2027-01-01'] }, 'holidays.1', 'each date once'],
    [
      { notice: { ...notice2027.notice, title: '国务院办公厅关于2026年部分节假日安排的通知' } },
      'notice.title',
      'the title of the notice for 2027',
    ],
  ])('refuses a notice with %j, naming %s', (change, path, accepted) => {
    const result = calendarYearSchema.safeParse({ ...notice2027, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')).toContain(`${path}: accepted: ${accepted}`);
  });

  it('accepts the notice of the previous December around New Year (the 2019 notice made 2018-12-29 a working day)', () => {
    const result = parseWith(calendarYearSchema, {
      year: 2019,
      notice: { title: '国务院办公厅关于2019年部分节假日安排的通知', number: '国办发明电〔2018〕15号', issuedOn: '2018-12-06' },
      holidays: ['2018-12-30', '2018-12-31', '2019-01-01'],
      makeUpWorkdays: ['2018-12-29'],
    });
    expect(result.ok).toBe(true);
  });
});

describe('statutory safeguards of a start input', () => {
  const raw = (machineVersion: number | undefined, planInput: Record<string, unknown>) => ({
    ...heluoInput(HELUO_VILLAGES[1]),
    machineVersion,
    plan: planInput,
  });

  it.each([
    ['publicityWorkingDays', 0],
    ['conferenceNoticeDays', 0],
  ])('refuses %s of %i from machine version 2, naming the field and the least accepted', (field, value) => {
    const result = electionInputSchema.safeParse(raw(2, { [field]: value }));
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([
      expect.objectContaining({ path: ['plan', field], message: expect.stringMatching(/^accepted: at least 1/) }),
    ]);
    expect(safeguardProblems(plan({ [field]: value }))).toHaveLength(1);
  });

  it('is checked by `election start` before anything starts, as the latest version it starts on', () => {
    expect(inputProblems(raw(undefined, { publicityWorkingDays: 0 })).problems).toEqual([
      'plan.publicityWorkingDays: got 0 (accepted: at least 1 working day, since the slate is publicised (公示) before the conference)',
    ]);
  });

  it('accepts a period of one day, and keeps accepting version 1 inputs as they were published', () => {
    expect(electionInputSchema.safeParse(raw(2, { publicityWorkingDays: 1, conferenceNoticeDays: 1 })).success).toBe(true);
    expect(electionInputSchema.safeParse(raw(undefined, { publicityWorkingDays: 0 })).success).toBe(true);
  });
});
