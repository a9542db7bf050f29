import { z } from 'zod';
import { addYears, beijingEndOfDayMs, endOfDayMs, isIsoDate, isoDateSchema, MS_PER_DAY, toDayNumber } from './isoDate';
import type { TownPlan } from './townPlan';
import { plural } from './arithmetic';
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
 * A postponement ends after the day it is requested and at most one year later, the same calendar date one year on
 * included (2026-03-02 → 2027-03-02; from a 29 February, the 28th: Civil Code art. 202).
 *
 * From version 2 the year is measured from `dueOn`, the original due date, and holds across chained postponements;
 * `decidedOn` is the day of the decision checked (the county's approval comes after the request), and the new
 * date must be after it too. Reading chosen: the election was due on the day its first postponement was requested,
 * since the system knows no earlier date for it. Without `dueOn` the check is version 1's, from the request.
 */
export function checkPostponement(input: {
  requestedOn: string;
  until: string;
  dueOn?: string;
  decidedOn?: string;
}): Verdict<{ requestedOn: string; until: string; latest: string; dueOn?: string }> {
  const { requestedOn, until, dueOn, decidedOn } = input;
  const dates = [requestedOn, until, ...(dueOn === undefined ? [] : [dueOn]), ...(decidedOn === undefined ? [] : [decidedOn])];
  if (!dates.every(isIsoDate)) {
    return verdict(
      false,
      'POSTPONEMENT_INVALID_DATE',
      `requested on ${JSON.stringify(requestedOn)}, until ${JSON.stringify(until)}: both must be calendar dates written YYYY-MM-DD`,
      { requestedOn, until, latest: '' },
    );
  }
  if (dueOn === undefined) return withinOneYearOfRequest(requestedOn, until);
  const latest = addYears(dueOn, POSTPONEMENT_MAX_YEARS);
  const figures = { requestedOn, until, latest, dueOn };
  const measuredFrom =
    dueOn === requestedOn
      ? `the original due date ${dueOn} (the day of this request)`
      : `the original due date ${dueOn} (the day the first postponement was requested)`;
  const today = decidedOn ?? requestedOn;
  if (toDayNumber(until) <= toDayNumber(today)) {
    const after = decidedOn !== undefined && decidedOn !== requestedOn ? `the approval of ${decidedOn}` : `the request of ${requestedOn}`;
    return verdict(
      false,
      'POSTPONEMENT_NOT_AFTER_REQUEST',
      `postponed until ${until}, not after ${after}: choose a later date, at the latest ${latest}, one year after ${measuredFrom}`,
      figures,
    );
  }
  if (toDayNumber(until) > toDayNumber(latest)) {
    return verdict(
      false,
      'POSTPONEMENT_OVER_ONE_YEAR',
      `postponed until ${until}, more than one year after ${measuredFrom}: the latest is ${latest}`,
      figures,
    );
  }
  return verdict(
    true,
    'POSTPONEMENT_WITHIN_ONE_YEAR',
    `postponed until ${until}, ${plural(toDayNumber(until) - toDayNumber(dueOn), 'day')} after ${measuredFrom}: within one year (latest ${latest})`,
    figures,
  );
}

/** Version 1's reading: one year from the day of the request (or of the approval, as version 1 passed it). */
function withinOneYearOfRequest(requestedOn: string, until: string): Verdict<{ requestedOn: string; until: string; latest: string }> {
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

/**
 * From version 2, the instants a postponed village's timers fire at: the deadline at 24:00 Beijing time of
 * `untilIso`, the reminder `postponementReminderDays` calendar days before it.
 */
export function postponementInstants(plan: TownPlan, untilIso: string): { reminderAt: number; deadlineAt: number } {
  const deadlineAt = beijingEndOfDayMs(untilIso);
  return { reminderAt: deadlineAt - plan.postponementReminderDays * MS_PER_DAY, deadlineAt };
}
