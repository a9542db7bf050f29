import { checkConferenceCall, conferenceOpensAt, timeOfDaySchema } from '../../../machines/rules';

const call = (date: string, time = '09:00') => checkConferenceCall({ calledOn: '2026-11-24', date, time, leadDays: 7 });

describe('the conference call: date, time and lead time', () => {
  it('accepts a conference on the day the lead time ends (called on 24 November with 7 days: 1 December)', () => {
    expect(call('2026-12-01')).toMatchObject({ ok: true, code: 'CONFERENCE_CALLED', figures: { earliest: '2026-12-01' } });
    expect(call('2027-01-15', '23:59')).toMatchObject({ ok: true });
  });

  it('refuses a conference a day earlier, naming the field, the value and the earliest date accepted', () => {
    const refused = call('2026-11-30');
    expect(refused).toMatchObject({ ok: false, code: 'CONFERENCE_TOO_SOON' });
    expect(refused.message).toBe(
      'date: got 2026-11-30; accepted: 2026-12-01 or later (called on 2026-11-24, the members are given 7 day(s) of notice)',
    );
  });

  it('counts the lead time across a month and a year end in calendar days, holidays or not', () => {
    expect(checkConferenceCall({ calledOn: '2026-12-28', date: '2027-01-03', time: '09:00', leadDays: 7 }).ok).toBe(false);
    expect(checkConferenceCall({ calledOn: '2026-12-28', date: '2027-01-04', time: '09:00', leadDays: 7 }).ok).toBe(true);
  });

  it.each(['24:00', '9:00', '09:60', '0900', '09:00:00', ''])('refuses the time %j, saying what a time of day is', (time) => {
    const refused = call('2026-12-01', time);
    expect(refused).toMatchObject({ ok: false, code: 'CONFERENCE_TIME_INVALID' });
    expect(refused.message).toBe(`time: got ${JSON.stringify(time)}; accepted: a time of day as HH:MM, 00:00 to 23:59`);
    expect(timeOfDaySchema.safeParse(time).success).toBe(false);
  });

  it('lists every problem of a call at once, the date first', () => {
    const refused = call('2026-11-25', '25:00');
    expect(refused).toMatchObject({ ok: false, code: 'CONFERENCE_TOO_SOON' });
    expect(refused.message).toMatch(/^date: got 2026-11-25; .*; time: got "25:00"/);
  });

  it('opens the conference at the date and time in Beijing (UTC+8): 09:00 on 1 December is 01:00 UTC', () => {
    expect(new Date(conferenceOpensAt('2026-12-01', '09:00')).toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(new Date(conferenceOpensAt('2026-12-01', '00:00')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });
});
