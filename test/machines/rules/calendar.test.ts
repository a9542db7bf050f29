import fc from 'fast-check';
import {
  addDays,
  addWorkingDays,
  ageOn,
  addYears,
  dayOfWeek,
  fromDayNumber,
  isWorkingDay,
  periodEndsOn,
  periodMs,
  toDayNumber,
} from '../../../machines/rules';
import { plan } from './fixtures';

const calendar = plan().calendar;
const at = (iso: string) => Date.parse(`${iso}Z`);

describe('working days', () => {
  it.each([
    ['2026-03-02', true, 'an ordinary Monday'],
    ['2026-03-07', false, 'an ordinary Saturday'],
    ['2026-02-16', false, 'a Monday in the Spring Festival holiday'],
    ['2026-02-14', true, 'a Saturday worked before the Spring Festival'],
    ['2026-10-10', true, 'a Saturday worked after National Day'],
    ['2026-10-01', false, 'National Day'],
    ['2027-02-09', false, 'an assumed day in lieu in 2027'],
  ])('%s is a working day: %s (%s)', (iso, expected) => {
    expect(isWorkingDay(iso, calendar)).toBe(expected);
  });

  it.each([
    ['2026-03-02', 5, '2026-03-09', 'Monday start: the start day does not count'],
    ['2026-03-06', 5, '2026-03-13', 'Friday start: the weekend does not count'],
    ['2026-02-12', 5, '2026-02-26', 'across a make-up Saturday and the Spring Festival'],
    ['2026-09-30', 5, '2026-10-13', 'across National Day and the make-up Saturday 10-10'],
    ['2026-10-03', 1, '2026-10-08', 'starting inside a holiday'],
    ['2026-09-18', 1, '2026-09-20', 'the make-up Sunday 09-20 counts'],
    ['2026-03-02', 0, '2026-03-02', 'zero days end on the start date'],
  ])('%s plus %i working days ends on %s (%s)', (start, days, end) => {
    expect(addWorkingDays(start, days, calendar)).toBe(end);
  });

  it('counts only weekends in a town calendar without holidays', () => {
    expect(addWorkingDays('2026-02-12', 5, { holidays: [], makeUpWorkdays: [] })).toBe('2026-02-19');
  });

  it('refuses a negative or fractional number of working days', () => {
    expect(() => addWorkingDays('2026-03-02', -1, calendar)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02', 1.5, calendar)).toThrow(RangeError);
  });
});

describe('timers', () => {
  it('runs the publicity timer to 24:00 UTC of the last working day', () => {
    expect(periodMs(plan(), 'publicity', at('2026-03-02T10:00:00'))).toBe(at('2026-03-10T00:00:00') - at('2026-03-02T10:00:00'));
  });

  it('counts the conference notice in calendar days', () => {
    expect(periodEndsOn(plan(), 'conferenceNotice', '2026-09-30')).toBe('2026-10-07');
    expect(periodMs(plan(), 'conferenceNotice', at('2026-09-30T00:00:00'))).toBe(8 * 86_400_000);
  });

  it('counts approval reminder and escalation in working days', () => {
    expect(periodEndsOn(plan(), 'approvalReminder', '2026-09-29')).toBe('2026-10-09');
    expect(periodEndsOn(plan(), 'approvalEscalation', '2026-03-02')).toBe('2026-03-11');
  });

  it('uses a duration override instead of the calendar when the plan has one', () => {
    const demo = plan({ durationOverridesMs: { publicity: 1500, approvalReminder: 0 } });
    expect(periodMs(demo, 'publicity', at('2026-03-02T10:00:00'))).toBe(1500);
    expect(periodMs(demo, 'approvalReminder', at('2026-03-02T10:00:00'))).toBe(0);
    expect(periodMs(demo, 'conferenceNotice', at('2026-03-02T00:00:00'))).toBe(8 * 86_400_000);
  });
});

describe('dates', () => {
  const dates = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('turns day numbers into dates and back as the Gregorian calendar does', () => {
    fc.assert(
      fc.property(dates, (iso) => {
        expect(toDayNumber(iso)).toBe(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
        expect(fromDayNumber(toDayNumber(iso))).toBe(iso);
        expect(dayOfWeek(iso)).toBe(new Date(`${iso}T00:00:00Z`).getUTCDay());
      }),
    );
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('moves a 29 February one year on to 28 February', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-03-02', 1)).toBe('2027-03-02');
  });

  it.each([
    ['1990-03-02', '2026-03-01', 35],
    ['1990-03-02', '2026-03-02', 36],
    ['2000-02-29', '2026-02-28', 25],
    ['2000-02-29', '2026-03-01', 26],
  ])('a member born on %s is aged %i on %s', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });
});
