import { z } from 'zod';
import { addDays, dayOfWeek, isIsoDate, isoDateSchema, weekdayName } from './isoDate';

/**
 * The working-day calendar as data: each year's public holidays (法定节假日 with the bridging days off) and make-up
 * working days (调休上班), with the State Council General Office notice they come from. A year without a notice is
 * provisional: its days are an assumption, and every deadline counted over it says so.
 *
 * Official years reach a running election as data (`election calendar load`, see docs/rules.md), never by an edit
 * here: the workflow replays with the code it runs, so a year added to this file would move the deadlines of
 * elections already running. Add one here only together with a new machine version.
 */

/** The notice a year's calendar comes from: 国务院办公厅关于YYYY年部分节假日安排的通知, its number and the day it was issued. */
export const calendarNoticeSchema = z.strictObject({
  title: z.string().trim().min(1, 'accepted: the title of the State Council General Office notice'),
  number: z.string().trim().min(1, 'accepted: the notice number, for example 国办发明电〔2025〕7号'),
  issuedOn: isoDateSchema,
});

/** A State Council notice as the system keeps it. */
export type CalendarNotice = z.infer<typeof calendarNoticeSchema>;

/**
 * The first day a year's notice may name: 1 December of the year before, since a notice arranges New Year's Day
 * with the days around it (the 2019 notice made Saturday 2018-12-29 a working day).
 */
export const firstDayOfNoticeYear = (year: number) => `${year - 1}-12-01`;

/**
 * Why a day cannot stand in a year's notice as a holiday or a make-up working day, or undefined when it can: a real
 * date from 1 December of the year before to 31 December of the year, not listed twice, and a make-up working day
 * on a Saturday or Sunday that is not also a day off. The notice file reader and the schema share it.
 */
export function calendarDayProblem(
  year: number,
  kind: 'holiday' | 'workday',
  date: string,
  listed: { holidays: ReadonlySet<string>; makeUpWorkdays: ReadonlySet<string> },
): string | undefined {
  if (!isIsoDate(date)) return 'accepted: a calendar date written YYYY-MM-DD';
  const first = firstDayOfNoticeYear(year);
  const last = `${year}-12-31`;
  if (date < first || date > last) return `accepted: a date of the notice for ${year}, from ${first} to ${last}`;
  if ((kind === 'holiday' ? listed.holidays : listed.makeUpWorkdays).has(date))
    return 'accepted: each date once (this one is listed twice)';
  if ((kind === 'holiday' ? listed.makeUpWorkdays : listed.holidays).has(date)) {
    return `accepted: a day either off or worked, not both (${date} is also listed as a ${kind === 'holiday' ? 'make-up working day' : 'holiday'})`;
  }
  if (kind === 'workday' && dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6) {
    return `accepted: a Saturday or Sunday worked in exchange (${date} is a ${weekdayName(date)}, already a working day)`;
  }
  return undefined;
}

/** One year's calendar from its State Council notice, validated as a whole (the same checks as the notice file, by path). */
export const calendarYearSchema = z
  .strictObject({
    year: z
      .number()
      .int('accepted: a year such as 2027')
      .min(2000, 'accepted: a year such as 2027')
      .max(2100, 'accepted: a year such as 2027'),
    notice: calendarNoticeSchema,
    holidays: z.array(z.string()).min(1, 'accepted: at least one holiday'),
    makeUpWorkdays: z.array(z.string()),
  })
  .superRefine((year, ctx) => {
    if (!Number.isInteger(year.year)) return;
    const listed = { holidays: new Set<string>(), makeUpWorkdays: new Set<string>() };
    for (const [kind, field] of [
      ['holiday', 'holidays'],
      ['workday', 'makeUpWorkdays'],
    ] as const) {
      year[field].forEach((date, i) => {
        const problem = calendarDayProblem(year.year, kind, date, listed);
        if (problem) ctx.addIssue({ code: 'custom', path: [field, i], message: problem });
        else listed[field].add(date);
      });
    }
    if (!year.notice.title.includes(String(year.year))) {
      ctx.addIssue({
        code: 'custom',
        path: ['notice', 'title'],
        message: `accepted: the title of the notice for ${year.year} (国务院办公厅关于${year.year}年部分节假日安排的通知)`,
      });
    }
    if (isIsoDate(year.notice.issuedOn) && year.notice.issuedOn > `${year.year}-12-31`) {
      ctx.addIssue({ code: 'custom', path: ['notice', 'issuedOn'], message: `accepted: a day on or before ${year.year}-12-31` });
    }
  });

/** One year's calendar from its State Council notice. */
export type CalendarYear = z.infer<typeof calendarYearSchema>;

/** A year whose days are assumed until its notice is published, with the assumption spelt out. */
export interface ProvisionalYear {
  year: number;
  basis: string;
  holidays: readonly string[];
  makeUpWorkdays: readonly string[];
}

/** The years whose notice this release carries, day for day. */
export const OFFICIAL_CALENDAR_YEARS: readonly CalendarYear[] = [
  {
    year: 2026,
    notice: { title: '国务院办公厅关于2026年部分节假日安排的通知', number: '国办发明电〔2025〕7号', issuedOn: '2025-11-04' },
    holidays: [
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
      '2026-04-04',
      '2026-04-05',
      '2026-04-06',
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
      '2026-06-19',
      '2026-06-20',
      '2026-06-21',
      '2026-09-25',
      '2026-09-26',
      '2026-09-27',
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
];

/**
 * Years assumed until their notice is out (it usually comes in November of the year before). 2027: only the
 * statutory days of the national holiday regulation (New Year 1 day; Spring Festival 4 days, eve to third day;
 * Qingming 1; Labour Day 2; Dragon Boat 1; Mid-Autumn 1; National Day 3), each one falling on a weekend replaced by
 * the next working day (补休, art. 6 of the regulation), and NO bridging swaps, hence no make-up working days.
 * Assumed lunar dates: Spring Festival eve Friday 5 February, Qingming Monday 5 April, Dragon Boat Wednesday
 * 9 June, Mid-Autumn Wednesday 15 September. The notice will almost certainly add bridging days and make-up days.
 */
export const PROVISIONAL_CALENDAR_YEARS: readonly ProvisionalYear[] = [
  {
    year: 2027,
    basis: 'assumed: the statutory holidays only, a weekday off in lieu of each falling on a weekend, no make-up working days',
    holidays: [
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-05-03',
      '2027-05-04',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
      '2027-10-04',
      '2027-10-05',
    ],
    makeUpWorkdays: [],
  },
];

const DEFAULT_YEARS = [...OFFICIAL_CALENDAR_YEARS, ...PROVISIONAL_CALENDAR_YEARS];

/** Days off of the default calendar (a town plan's default): the official years, then the provisional ones. */
export const DEFAULT_HOLIDAYS: readonly string[] = DEFAULT_YEARS.flatMap((y) => y.holidays);

/** Saturdays and Sundays worked in exchange for bridging days, of the default calendar. */
export const DEFAULT_MAKE_UP_WORKDAYS: readonly string[] = DEFAULT_YEARS.flatMap((y) => y.makeUpWorkdays);

/** The official years by year: those this release carries, replaced or joined by the notices an office loaded, in order. */
export function officialYears(loaded: readonly CalendarYear[] = []): Map<number, CalendarYear> {
  return new Map([...OFFICIAL_CALENDAR_YEARS, ...loaded].map((year) => [year.year, year]));
}

/** The years from the day after `startIso` to `endIso` whose calendar has no official notice among `official`. */
export function provisionalYearsOf(startIso: string, endIso: string, official: ReadonlyMap<number, CalendarYear>): number[] {
  const years: number[] = [];
  for (let year = Number(addDays(startIso, 1).slice(0, 4)); year <= Number(endIso.slice(0, 4)); year += 1) {
    if (!official.has(year)) years.push(year);
  }
  return years;
}
