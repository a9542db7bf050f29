import fc from 'fast-check';
import {
  addDays,
  addYears,
  checkPostponement,
  postponementInstants,
  postponementSchema,
  postponementTimers,
  TERM_YEARS,
  toDayNumber,
} from '../../../machines/rules';
import { plan } from './fixtures';

const at = (iso: string) => Date.parse(`${iso}Z`);
const DAY = 86_400_000;

describe('postponement: at most one year', () => {
  it.each([
    ['2026-03-02', '2026-03-03', true, 'POSTPONEMENT_WITHIN_ONE_YEAR'],
    ['2026-03-02', '2027-03-02', true, 'POSTPONEMENT_WITHIN_ONE_YEAR'],
    ['2026-03-02', '2027-03-03', false, 'POSTPONEMENT_OVER_ONE_YEAR'],
    ['2026-03-02', '2026-03-02', false, 'POSTPONEMENT_NOT_AFTER_REQUEST'],
    ['2026-03-02', '2026-01-01', false, 'POSTPONEMENT_NOT_AFTER_REQUEST'],
    ['2028-02-29', '2029-02-28', true, 'POSTPONEMENT_WITHIN_ONE_YEAR'],
    ['2028-02-29', '2029-03-01', false, 'POSTPONEMENT_OVER_ONE_YEAR'],
    ['2026-03-02', '2026-13-01', false, 'POSTPONEMENT_INVALID_DATE'],
  ])('requested on %s until %s: %s', (requestedOn, until, ok, code) => {
    expect(checkPostponement({ requestedOn, until })).toMatchObject({ ok, code });
  });

  it('names the latest date allowed', () => {
    expect(checkPostponement({ requestedOn: '2026-03-02', until: '2027-06-01' }).message).toContain('the latest is 2027-03-02');
  });

  it('needs a reason', () => {
    expect(postponementSchema.safeParse({ reason: 'n/a', until: '2026-09-01' }).success).toBe(false);
    expect(postponementSchema.safeParse({ reason: 'factional conflict', until: '2026-09-01' }).success).toBe(true);
  });

  it('reminds 30 days before the end of the last day and escalates when it passes', () => {
    const nowMs = at('2026-03-02T00:00:00');
    expect(postponementTimers(plan(), { nowMs, untilIso: '2026-06-30' })).toEqual({
      reminderMs: at('2026-06-01T00:00:00') - nowMs,
      deadlineMs: at('2026-07-01T00:00:00') - nowMs,
    });
  });

  it('reminds at once when the reminder date has already passed', () => {
    const nowMs = at('2026-06-20T00:00:00');
    expect(postponementTimers(plan(), { nowMs, untilIso: '2026-06-30' })).toEqual({ reminderMs: 0, deadlineMs: 11 * DAY });
  });

  it('uses the duration overrides of a demo plan, the reminder never after the deadline', () => {
    const demo = plan({ durationOverridesMs: { postponementLimit: 5000, postponementReminder: 9000 } });
    expect(postponementTimers(demo, { nowMs: 0, untilIso: '2026-06-30' })).toEqual({ reminderMs: 5000, deadlineMs: 5000 });
  });
});

describe('postponement from version 2: one year from the original due date, across chained requests', () => {
  it.each([
    [
      'the first request, due that day',
      { requestedOn: '2026-03-02', until: '2027-03-02', dueOn: '2026-03-02' },
      true,
      'POSTPONEMENT_WITHIN_ONE_YEAR',
    ],
    [
      'the first request, a day too far',
      { requestedOn: '2026-03-02', until: '2027-03-03', dueOn: '2026-03-02' },
      false,
      'POSTPONEMENT_OVER_ONE_YEAR',
    ],
    [
      'a chained request, within the year of the due date',
      { requestedOn: '2026-10-01', until: '2027-03-02', dueOn: '2026-03-02' },
      true,
      'POSTPONEMENT_WITHIN_ONE_YEAR',
    ],
    [
      'a chained request reaching 761 days',
      { requestedOn: '2027-03-01', until: '2028-04-01', dueOn: '2026-03-02' },
      false,
      'POSTPONEMENT_OVER_ONE_YEAR',
    ],
    [
      'an approval 91 days after the request, for 455 days',
      { requestedOn: '2026-03-02', decidedOn: '2026-06-01', until: '2027-05-31', dueOn: '2026-03-02' },
      false,
      'POSTPONEMENT_OVER_ONE_YEAR',
    ],
    [
      'an approval after the requested date has passed',
      { requestedOn: '2026-03-02', decidedOn: '2026-07-01', until: '2026-06-30', dueOn: '2026-03-02' },
      false,
      'POSTPONEMENT_NOT_AFTER_REQUEST',
    ],
  ])('%s', (_case, input, ok, code) => {
    expect(checkPostponement(input)).toMatchObject({ ok, code });
  });

  it('names the original due date, when it was set, and the latest date in its messages', () => {
    expect(checkPostponement({ requestedOn: '2026-10-01', until: '2027-06-01', dueOn: '2026-03-02' }).message).toBe(
      'postponed until 2027-06-01, more than one year after the original due date 2026-03-02 (the day the first postponement was requested): the latest is 2027-03-02',
    );
    expect(checkPostponement({ requestedOn: '2026-03-02', until: '2026-03-03', dueOn: '2026-03-02' }).message).toBe(
      'postponed until 2026-03-03, 1 day after the original due date 2026-03-02 (the day of this request): within one year (latest 2027-03-02)',
    );
    expect(
      checkPostponement({ requestedOn: '2026-03-02', decidedOn: '2026-07-01', until: '2026-06-30', dueOn: '2026-03-02' }).message,
    ).toBe(
      'postponed until 2026-06-30, not after the approval of 2026-07-01: choose a later date, at the latest 2027-03-02, one year after the original due date 2026-03-02 (the day of this request)',
    );
  });

  it('never lets a chain of postponements end more than a year after the due date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), (requestAfter, length) => {
        const dueOn = '2026-03-02';
        const requestedOn = addDays(dueOn, requestAfter);
        const until = addDays(requestedOn, length);
        const verdict = checkPostponement({ requestedOn, until, dueOn });
        expect(verdict.ok).toBe(length > 0 && toDayNumber(until) <= toDayNumber(addYears(dueOn, 1)));
      }),
    );
  });

  it('ends the postponed timers at 24:00 Beijing time of the date, the reminder 30 days before', () => {
    expect(postponementInstants(plan(), '2026-06-30')).toEqual({
      deadlineAt: Date.UTC(2026, 5, 30, 16, 0),
      reminderAt: Date.UTC(2026, 5, 30, 16, 0) - 30 * DAY,
    });
  });
});

describe('term', () => {
  it('lasts five years', () => {
    expect(addYears('2026-03-20', TERM_YEARS)).toBe('2031-03-20');
  });
});
