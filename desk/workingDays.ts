import { addDays, beijingDateOfMs } from '../machines/rules/isoDate';
import { isWorkingDay } from '../machines/rules/calendar';
import { townPlanSchema, type WorkingCalendar } from '../machines/rules/townPlan';

/** The national calendar a town plan has by default: the desk counts an inbox's deadlines with it. */
export const DEFAULT_CALENDAR: WorkingCalendar = townPlanSchema.parse({}).calendar;

/**
 * Working days from today (Beijing) to a deadline's Beijing day: positive while it is ahead (today not counted, the
 * deadline's day counted when it is a working day), 0 on the day itself, negative by the working days since it passed.
 */
export function workingDaysUntil(nowMs: number, deadline: string, calendar: WorkingCalendar = DEFAULT_CALENDAR): number {
  const today = beijingDateOfMs(nowMs);
  const due = beijingDateOfMs(Date.parse(deadline));
  const [from, to, sign] = due >= today ? [today, due, 1] : [due, today, -1];
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, calendar)) count += 1;
  return sign * count;
}
