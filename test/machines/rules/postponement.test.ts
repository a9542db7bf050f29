import { addYears, checkPostponement, postponementSchema, postponementTimers, TERM_YEARS } from '../../../machines/rules';
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

describe('term', () => {
  it('lasts five years', () => {
    expect(addYears('2026-03-20', TERM_YEARS)).toBe('2031-03-20');
  });
});
