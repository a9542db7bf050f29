import { parseTownPlan, townPlanSchema } from '../../../machines/rules';

describe('town plan', () => {
  it('gives the full default plan for an empty object', () => {
    const plan = townPlanSchema.parse({});
    expect(plan.recommendationThreshold).toEqual({ numerator: 1, denominator: 3 });
    expect(plan.eligibility).toEqual({
      maxAgeRetained: 60,
      maxAgeNewMember: 45,
      minWomen: 1,
      minUnder35: 1,
      secretaryMinMembershipYears: 1,
    });
    expect(plan.publicityWorkingDays).toBe(5);
    expect(plan.conferenceNoticeDays).toBe(7);
    expect(plan.approvalReminderWorkingDays).toBe(3);
    expect(plan.approvalEscalationWorkingDays).toBe(7);
    expect(plan.postponementReminderDays).toBe(30);
    expect(plan.calendar.holidays).toContain('2026-02-17');
    expect(plan.calendar.makeUpWorkdays).toContain('2026-02-14');
    expect(plan.durationOverridesMs).toBeUndefined();
  });

  it('fills the rest of a partly given nested setting with defaults', () => {
    const result = parseTownPlan({ eligibility: { minWomen: 2 }, recommendationThreshold: { denominator: 2 } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.eligibility.minWomen).toBe(2);
    expect(result.plan.eligibility.maxAgeRetained).toBe(60);
    expect(result.plan.recommendationThreshold).toEqual({ numerator: 1, denominator: 2 });
  });

  it('accepts duration overrides for demos and tests', () => {
    const result = parseTownPlan({ durationOverridesMs: { publicity: 0, conferenceNotice: 2000 } });
    expect(result.ok && result.plan.durationOverridesMs).toEqual({ publicity: 0, conferenceNotice: 2000 });
  });

  it.each([
    [
      { recommendationThreshold: { numerator: 3, denominator: 3 } },
      'recommendationThreshold.numerator: got 3; accepted: a numerator smaller than the denominator 3',
    ],
    [
      { recommendationThreshold: { denominator: 0 } },
      'recommendationThreshold.denominator: got 0; accepted: a whole number of parts from 1 to 100',
    ],
    [{ eligibility: { maxAgeRetained: 150 } }, 'eligibility.maxAgeRetained: got 150; accepted: a whole number of years from 18 to 100'],
    [{ eligibility: { maxAgeNewMember: 45.5 } }, 'eligibility.maxAgeNewMember: got 45.5; accepted: a whole number of years'],
    [{ publicityWorkingDays: 61 }, 'publicityWorkingDays: got 61; accepted: a whole number of working days from 0 to 60'],
    [{ conferenceNoticeDays: -1 }, 'conferenceNoticeDays: got -1; accepted: a whole number of days from 0 to 60'],
    [{ postponementReminderDays: '30' }, 'postponementReminderDays: got "30"; accepted: a whole number of days from 0 to 60'],
    [{ calendar: { holidays: ['2026-02-30'] } }, 'calendar.holidays[0]: got "2026-02-30"; accepted: a calendar date written YYYY-MM-DD'],
    [
      { calendar: { makeUpWorkdays: ['2026-03-03'] } },
      'calendar.makeUpWorkdays[0]: got "2026-03-03"; accepted: a Saturday or Sunday worked in exchange (2026-03-03 is a Tuesday',
    ],
    [
      { calendar: { holidays: ['2026-03-07'], makeUpWorkdays: ['2026-03-07'] } },
      'calendar.makeUpWorkdays[0]: got "2026-03-07"; accepted: a date that is not also listed as a holiday',
    ],
    [
      { durationOverridesMs: { publicity: -5 } },
      'durationOverridesMs.publicity: got -5; accepted: a whole number of milliseconds, 0 or more',
    ],
    [{ approvalReminderWorkingDays: 9 }, 'approvalEscalationWorkingDays: got nothing; accepted: at least the reminder period'],
    [{ publicityWorkingDay: 5 }, 'unknown field publicityWorkingDay'],
  ])('rejects %j naming the field, the value and what is accepted', (input, expected) => {
    const result = parseTownPlan(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.stringContaining(expected)]);
  });

  it('reports every bad field at once', () => {
    const result = parseTownPlan({ publicityWorkingDays: 99, eligibility: { minWomen: 9 } });
    expect(result.ok ? [] : result.errors).toHaveLength(2);
  });
});
