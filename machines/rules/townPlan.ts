import { z } from 'zod';
import { LIMITS } from '../limits';
import { listOf } from '../text';
import { TIMER_PERIODS, type TimerPeriod } from '../timers';
import { DEFAULT_HOLIDAYS, DEFAULT_MAKE_UP_WORKDAYS } from './holidays';
import { dayOfWeek, isIsoDate, isoDateSchema, weekdayName } from './isoDate';
import { parseWith } from './issues';

/**
 * The town plan: every local rule (practice that varies between towns) with its default. National rules are
 * fixed in code and are not here. Unknown fields are rejected, so a misspelt setting is never silently ignored.
 */

function wholeNumberIn(min: number, max: number, unit: string) {
  const accepted = `accepted: a whole number of ${unit} from ${min} to ${max}`;
  return z.number({ error: accepted }).int(accepted).min(min, accepted).max(max, accepted);
}

const durationMs = () => {
  const accepted = 'accepted: a whole number of milliseconds, 0 or more';
  return z.number({ error: accepted }).int(accepted).min(0, accepted).optional();
};

/** A nominee passes the Party member recommendation with votes MORE than numerator/denominator of the participants. */
export const recommendationThresholdSchema = z
  .strictObject({
    numerator: wholeNumberIn(0, 99, 'parts')
      .default(1)
      .describe('Parts of the participants a nominee must get MORE than; smaller than the denominator.'),
    denominator: wholeNumberIn(1, 100, 'parts').default(3).describe('The whole the numerator is a share of.'),
  })
  .superRefine((t, ctx) => {
    // Only once both parts are valid numbers: a bad part is already reported on its own.
    if (Number.isInteger(t.numerator) && Number.isInteger(t.denominator) && t.denominator >= 1 && t.numerator >= t.denominator) {
      ctx.addIssue({
        code: 'custom',
        path: ['numerator'],
        message: `accepted: a numerator smaller than the denominator ${t.denominator} (a share of the participants below the whole)`,
      });
    }
  });

/** Eligibility policy: age limits and membership years block; the women and under-35 counts are targets that only warn. */
export const eligibilityPolicySchema = z.strictObject({
  maxAgeRetained: wholeNumberIn(18, 100, 'years')
    .default(60)
    .describe('Oldest age at which an outgoing committee member may stand again (older: blocked).'),
  maxAgeNewMember: wholeNumberIn(18, 100, 'years')
    .default(45)
    .describe('Oldest age at which someone not on the outgoing committee may stand (older: blocked).'),
  minWomen: wholeNumberIn(0, 7, 'members')
    .default(1)
    .describe('Target: at least this many women among the candidates and on the committee (fewer: a warning).'),
  minUnder35: wholeNumberIn(0, 7, 'members')
    .default(1)
    .describe(
      'Target: at least this many members aged 35 or under (35岁以下) among the candidates and on the committee (fewer: a warning).',
    ),
  secretaryMinMembershipYears: wholeNumberIn(0, 50, 'years')
    .default(1)
    .describe('Fewest whole years of Party membership (党龄) for the secretary (fewer: blocked).'),
});

/** Public holidays and make-up working days; defaults are 2026 (published) and 2027 (assumed, see holidays.ts). */
export const workingCalendarSchema = z
  .strictObject({
    holidays: listOf(isoDateSchema, 'dates', { max: LIMITS.calendarDates })
      .default(() => [...DEFAULT_HOLIDAYS])
      .describe('Public holidays (YYYY-MM-DD), not counted as working days.'),
    makeUpWorkdays: listOf(isoDateSchema, 'dates', { max: LIMITS.calendarDates })
      .default(() => [...DEFAULT_MAKE_UP_WORKDAYS])
      .describe('Saturdays and Sundays worked in exchange for a holiday (调休), counted as working days; none may also be a holiday.'),
  })
  .superRefine((calendar, ctx) => {
    const holidays = new Set(calendar.holidays);
    calendar.makeUpWorkdays.forEach((date, i) => {
      if (!isIsoDate(date)) return; // already reported by the date schema
      if (holidays.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpWorkdays', i],
          message: `accepted: a date that is not also listed as a holiday (${date} is in both lists)`,
        });
      } else if (dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpWorkdays', i],
          message: `accepted: a Saturday or Sunday worked in exchange (${date} is a ${weekdayName(date)}, already a working day)`,
        });
      }
    });
  });

/**
 * Fixed timer lengths in milliseconds that replace the calendar periods, one per timer of machines/timers.ts. For demos, tests and benchmarks
 * only (a zero-length or seconds-long timer instead of five working days); a real town plan leaves it out.
 */
export const durationOverridesSchema = z.strictObject(
  Object.fromEntries(TIMER_PERIODS.map((period) => [period, durationMs()])) as Record<TimerPeriod, ReturnType<typeof durationMs>>,
);

/** The validated town plan; `townPlanSchema.parse({})` is the full default plan. */
export const townPlanSchema = z
  .strictObject(
    {
      recommendationThreshold: recommendationThresholdSchema
        .prefault({})
        .describe('A nominee passes the Party member recommendation with votes MORE than numerator/denominator of the participants.'),
      eligibility: eligibilityPolicySchema
        .prefault({})
        .describe('Who may stand: the age limits and the secretary’s years of membership block; the women and under-35 targets only warn.'),
      publicityWorkingDays: wholeNumberIn(0, 60, 'working days')
        .default(5)
        .describe(
          'Candidate publicity (公示) in working days, not counting the day it is posted; elections started since the start checks need at least 1.',
        ),
      conferenceNoticeDays: wholeNumberIn(0, 60, 'days')
        .default(7)
        .describe(
          'Lead time of the conference notice in calendar days, not counting the day it is given; elections started since the start checks need at least 1.',
        ),
      approvalReminderWorkingDays: wholeNumberIn(0, 60, 'working days')
        .default(3)
        .describe('Working days without a decision before the approver is reminded.'),
      approvalEscalationWorkingDays: wholeNumberIn(0, 60, 'working days')
        .default(7)
        .describe('Working days without a decision before the matter is escalated to the county; at least the reminder period.'),
      postponementReminderDays: wholeNumberIn(0, 60, 'days')
        .default(30)
        .describe('Calendar days before the end of a postponement when the town is reminded.'),
      calendar: workingCalendarSchema
        .prefault({})
        .describe('The working-day calendar the periods count with; defaults are 2026 (published) and 2027 (assumed).'),
      durationOverridesMs: durationOverridesSchema
        .optional()
        .describe(
          'Demos, tests and benchmarks only: fixed timer lengths in milliseconds replacing the calendar periods, one per timer; only a worker in demo or test mode accepts them. A real town plan leaves it out.',
        ),
    },
    { error: 'accepted: an object of town plan settings, {} for all the defaults' },
  )
  .superRefine((plan, ctx) => {
    const { approvalEscalationWorkingDays: escalation, approvalReminderWorkingDays: reminder } = plan;
    if (Number.isInteger(escalation) && Number.isInteger(reminder) && escalation < reminder) {
      ctx.addIssue({
        code: 'custom',
        path: ['approvalEscalationWorkingDays'],
        message: `accepted: at least the reminder period, since escalation follows the reminder (escalation after ${plan.approvalEscalationWorkingDays} working days would come before the reminder after ${plan.approvalReminderWorkingDays})`,
      });
    }
  });

/**
 * The statutory safeguards a start input may not switch off (from version 2, and for every election started since):
 * the candidate publicity and the conference notice last at least a day. Returns each problem with its field. The
 * duration overrides that shorten the periods are checked against the worker's mode by the workflow, not here.
 */
export function safeguardProblems(
  plan: Pick<TownPlan, 'publicityWorkingDays' | 'conferenceNoticeDays'>,
): { path: string; value: number; message: string }[] {
  const problems: { path: string; value: number; message: string }[] = [];
  if (plan.publicityWorkingDays < 1) {
    problems.push({
      path: 'publicityWorkingDays',
      value: plan.publicityWorkingDays,
      message: 'accepted: at least 1 working day, since the slate is publicised (公示) before the conference',
    });
  }
  if (plan.conferenceNoticeDays < 1) {
    problems.push({
      path: 'conferenceNoticeDays',
      value: plan.conferenceNoticeDays,
      message: 'accepted: at least 1 day, since every voting member is told of the conference ahead',
    });
  }
  return problems;
}

/** The town plan after validation and defaults. */
export type TownPlan = z.infer<typeof townPlanSchema>;
/** The town plan as written by a town: every field optional. */
export type TownPlanInput = z.input<typeof townPlanSchema>;
/** The working-day calendar part of a town plan. */
export type WorkingCalendar = TownPlan['calendar'];

/** Validates a town plan when an election starts; each error names the field, the value given and what is accepted. */
export function parseTownPlan(input: unknown): { ok: true; plan: TownPlan } | { ok: false; errors: string[] } {
  const result = parseWith(townPlanSchema, input ?? {});
  return result.ok ? { ok: true, plan: result.data } : result;
}

/** A fresh copy of the default town plan. */
export function defaultTownPlan(): TownPlan {
  return townPlanSchema.parse({});
}
