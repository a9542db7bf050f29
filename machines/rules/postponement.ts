import { z } from 'zod';
import { addYears, endOfDayMs, isIsoDate, isoDateSchema, MS_PER_DAY, toDayNumber } from './isoDate';
import type { TownPlan } from './townPlan';
import { verdict, type Verdict } from './verdict';

/** Longest postponement (延期换届) the higher Party organisation normally approves, in years. */
export const POSTPONEMENT_MAX_YEARS = 1;

/** A postponement request: the reason, and the date by which the election is to be held. */
export const postponementSchema = z.object({
  reason: z.string().trim().min(5, 'accepted: a reason of at least 5 characters'),
  until: isoDateSchema,
});

/** A postponement request. */
export type Postponement = z.infer<typeof postponementSchema>;

/**
 * A postponement ends after the day it is requested and at most one year later, the same calendar date one
 * year on included (2026-03-02 → 2027-03-02; from a 29 February, the 28th: Civil Code art. 202).
 */
export function checkPostponement(input: {
  requestedOn: string;
  until: string;
}): Verdict<{ requestedOn: string; until: string; latest: string }> {
  const { requestedOn, until } = input;
  if (!isIsoDate(requestedOn) || !isIsoDate(until)) {
    return verdict(
      false,
      'POSTPONEMENT_INVALID_DATE',
      `requested on ${JSON.stringify(requestedOn)}, until ${JSON.stringify(until)}: both must be calendar dates written YYYY-MM-DD`,
      { requestedOn, until, latest: '' },
    );
  }
  const latest = addYears(requestedOn, POSTPONEMENT_MAX_YEARS);
  const figures = { requestedOn, until, latest };
  if (toDayNumber(until) <= toDayNumber(requestedOn)) {
    return verdict(
      false,
      'POSTPONEMENT_NOT_AFTER_REQUEST',
      `postponed until ${until}, not after the request of ${requestedOn}: choose a later date, at the latest ${latest}`,
      figures,
    );
  }
  if (toDayNumber(until) > toDayNumber(latest)) {
    return verdict(
      false,
      'POSTPONEMENT_OVER_ONE_YEAR',
      `postponed until ${until}, more than one year after the request of ${requestedOn}: the latest is ${latest}`,
      figures,
    );
  }
  const days = toDayNumber(until) - toDayNumber(requestedOn);
  return verdict(
    true,
    'POSTPONEMENT_WITHIN_ONE_YEAR',
    `postponed until ${until}, ${days} days after the request of ${requestedOn}: within one year (latest ${latest})`,
    figures,
  );
}

/**
 * Timers of a postponed village, in ms from `nowMs`: the deadline passes at 24:00 UTC of `untilIso` (then the
 * matter is escalated), the reminder comes `postponementReminderDays` before it; both clamp at 0 and the
 * reminder never comes after the deadline. `durationOverridesMs.postponementLimit` / `.postponementReminder`
 * replace them (demos and tests).
 */
export function postponementTimers(plan: TownPlan, input: { nowMs: number; untilIso: string }): { reminderMs: number; deadlineMs: number } {
  const deadlineAt = endOfDayMs(input.untilIso);
  const deadlineMs = plan.durationOverridesMs?.postponementLimit ?? Math.max(0, deadlineAt - input.nowMs);
  const reminderAt = deadlineAt - plan.postponementReminderDays * MS_PER_DAY;
  const reminderMs = plan.durationOverridesMs?.postponementReminder ?? Math.max(0, reminderAt - input.nowMs);
  return { reminderMs: Math.min(reminderMs, deadlineMs), deadlineMs };
}
