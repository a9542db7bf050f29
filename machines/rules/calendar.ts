import { officialYears, provisionalYearsOf, type CalendarYear } from './holidays';
import { addDays, beijingDateOfMs, beijingEndOfDayMs, dayOfWeek, endOfDayMs, isoDateOfMs } from './isoDate';
import type { CalendarPeriod } from '../timers';
import type { TownPlan, WorkingCalendar } from './townPlan';

/**
 * Periods counted in working days or calendar days. The day a period starts on (the day a notice is posted
 * or a request filed) is not counted: the period begins the next day (Civil Code art. 201), and ends at the
 * end of its last day. Version 1 of the rules counts UTC calendar dates ({@link periodMs}); from version 2 the
 * dates are Beijing's and each year's days come from its State Council notice where there is one ({@link beijingPeriod}).
 */

/** Fast membership tests for a calendar, built once per computation rather than once per day. */
function calendarSets(calendar: WorkingCalendar): { holidays: Set<string>; makeUp: Set<string> } {
  return { holidays: new Set(calendar.holidays), makeUp: new Set(calendar.makeUpWorkdays) };
}

function workingDayIn(iso: string, sets: { holidays: Set<string>; makeUp: Set<string> }): boolean {
  if (sets.makeUp.has(iso)) return true;
  if (sets.holidays.has(iso)) return false;
  const weekday = dayOfWeek(iso);
  return weekday !== 0 && weekday !== 6;
}

/** Whether a date is a working day: a make-up working day is; otherwise holidays, Saturdays and Sundays are not. */
export function isWorkingDay(iso: string, calendar: WorkingCalendar): boolean {
  return workingDayIn(iso, calendarSets(calendar));
}

/**
 * The last working day of a period of `workingDays` working days that starts the working day after `startIso`
 * (the start date itself never counts, even when it is a working day). Posted on Monday 2026-03-02, five
 * working days run Tuesday 3 to Monday 9 March, so this returns '2026-03-09'. With 0 it returns `startIso`.
 */
export function addWorkingDays(startIso: string, workingDays: number, calendar: WorkingCalendar): string {
  if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`workingDays must be a whole number, 0 or more: got ${workingDays}`);
  }
  const sets = calendarSets(calendar);
  let day = startIso;
  let counted = 0;
  while (counted < workingDays) {
    day = addDays(day, 1);
    if (workingDayIn(day, sets)) counted += 1;
  }
  return day;
}

/** The timers whose length the town plan sets in days (the postponement timers are in postponement.ts). */
export type PeriodKind = CalendarPeriod;

/** The last day of a period of the given kind starting on `startIso`, from the town plan's day counts. */
export function periodEndsOn(plan: TownPlan, kind: PeriodKind, startIso: string): string {
  switch (kind) {
    case 'publicity':
      return addWorkingDays(startIso, plan.publicityWorkingDays, plan.calendar);
    case 'conferenceNotice':
      // The notice lead time is counted in calendar days: members must be told, not offices open.
      return addDays(startIso, plan.conferenceNoticeDays);
    case 'approvalReminder':
      return addWorkingDays(startIso, plan.approvalReminderWorkingDays, plan.calendar);
    case 'approvalEscalation':
      return addWorkingDays(startIso, plan.approvalEscalationWorkingDays, plan.calendar);
  }
}

/**
 * Length in milliseconds of a timer started at epoch ms `startMs`: the UTC date of `startMs` is the start date
 * and the timer fires at 24:00 UTC of the period's last day. A `durationOverridesMs` entry replaces the calendar.
 */
export function periodMs(plan: TownPlan, kind: PeriodKind, startMs: number): number {
  const override = plan.durationOverridesMs?.[kind];
  if (override !== undefined) return override;
  return endOfDayMs(periodEndsOn(plan, kind, isoDateOfMs(startMs))) - startMs;
}

/**
 * The working calendar an election counts with from version 2: the days of each official year from its State
 * Council notice (a notice's days replace the town plan's for that year), the town plan's lists for the others.
 */
export function calendarWithNotices(planCalendar: WorkingCalendar, official: ReadonlyMap<number, CalendarYear>): WorkingCalendar {
  const unofficial = (date: string) => !official.has(Number(date.slice(0, 4)));
  const notices = [...official.values()];
  return {
    holidays: [...planCalendar.holidays.filter(unofficial), ...notices.flatMap((y) => y.holidays)],
    makeUpWorkdays: [...planCalendar.makeUpWorkdays.filter(unofficial), ...notices.flatMap((y) => y.makeUpWorkdays)],
  };
}

/** A period's end as version 2 counts it: the Beijing day it ends on, the instant it is over, and the provisional years it spans. */
export interface PeriodEnd {
  endsOn: string;
  /** Epoch ms of 24:00 Beijing time on `endsOn`. */
  endsAt: number;
  /** Years without a State Council notice whose working days the period counts: its end is provisional. */
  provisionalYears: number[];
}

/**
 * A period started at epoch ms `startMs`, counted on Beijing days (the day of `startMs` in Beijing does not count)
 * with the official notices `loaded` by an office on top of those this release carries. A period in calendar days
 * (the conference notice) does not depend on holidays and is never provisional.
 */
export function beijingPeriod(plan: TownPlan, kind: PeriodKind, startMs: number, loaded: readonly CalendarYear[] = []): PeriodEnd {
  const official = officialYears(loaded);
  const startIso = beijingDateOfMs(startMs);
  const endsOn = periodEndsOn({ ...plan, calendar: calendarWithNotices(plan.calendar, official) }, kind, startIso);
  const provisionalYears = kind === 'conferenceNotice' ? [] : provisionalYearsOf(startIso, endsOn, official);
  return { endsOn, endsAt: beijingEndOfDayMs(endsOn), provisionalYears };
}

/** The sentence a provisional deadline carries wherever it is shown. */
export function provisionalNote(years: readonly number[]): string | undefined {
  if (years.length === 0) return undefined;
  const list = years.join(' and ');
  return `provisional: counted over ${list}, for which no State Council holiday notice is loaded (${years.length === 1 ? 'its' : 'their'} holidays are assumed); the date may move when the notice is loaded`;
}
