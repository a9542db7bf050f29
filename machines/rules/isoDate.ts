import { z } from 'zod';

/**
 * Calendar dates as 'YYYY-MM-DD' strings and whole-day arithmetic on them. The arithmetic is done on day
 * numbers (days since 1970-01-01) with Howard Hinnant's civil-calendar algorithms, so it needs no Date
 * object, no time zone and no clock: it behaves the same inside the workflow sandbox and on replay.
 */

/** Milliseconds in a calendar day (UTC days have no leap seconds in epoch time). */
export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date written YYYY-MM-DD (so 2026-02-29 is not). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Zod schema for a calendar date written YYYY-MM-DD. */
export const isoDateSchema = z.string().refine(isIsoDate, 'accepted: a calendar date written YYYY-MM-DD, for example 2026-03-02');

/** A calendar date written YYYY-MM-DD. */
export type IsoDate = z.infer<typeof isoDateSchema>;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month of the Gregorian calendar (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Splits an ISO date into numbers; throws on a malformed date because callers validate first. */
export function isoParts(iso: string): { year: number; month: number; day: number } {
  if (!isIsoDate(iso)) throw new RangeError(`not a calendar date written YYYY-MM-DD: ${JSON.stringify(iso)}`);
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/** Days since 1970-01-01 of an ISO date. */
export function toDayNumber(iso: string): number {
  const { year, month, day } = isoParts(iso);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The ISO date of a day number (days since 1970-01-01). */
export function fromDayNumber(dayNumber: number): string {
  const z0 = dayNumber + 719_468;
  const era = Math.floor(z0 / 146_097);
  const dayOfEra = z0 - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date a whole number of calendar days after (or, negative, before) an ISO date. */
export function addDays(iso: string, days: number): string {
  return fromDayNumber(toDayNumber(iso) + days);
}

/** Day of the week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(iso: string): number {
  return (((toDayNumber(iso) + 4) % 7) + 7) % 7;
}

/** English weekday name, for messages a person reads. */
export function weekdayName(iso: string): string {
  return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][dayOfWeek(iso)]!;
}

/** The UTC calendar date of an epoch-milliseconds instant. */
export function isoDateOfMs(epochMs: number): string {
  return fromDayNumber(Math.floor(epochMs / MS_PER_DAY));
}

/** Epoch milliseconds of 00:00 UTC on an ISO date. */
export function startOfDayMs(iso: string): number {
  return toDayNumber(iso) * MS_PER_DAY;
}

/** Epoch milliseconds of 24:00 UTC on an ISO date (the instant a period ending that day is over). */
export function endOfDayMs(iso: string): number {
  return (toDayNumber(iso) + 1) * MS_PER_DAY;
}

/**
 * China Standard Time (北京时间), UTC+8 all year: China has kept no daylight saving time since 1991, so the
 * Asia/Shanghai day is plain arithmetic on epoch time and needs no time-zone database (none in the sandbox).
 */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The Beijing calendar date of an epoch-milliseconds instant: 2026-03-01T23:30Z is Monday 2026-03-02 in Beijing. */
export function beijingDateOfMs(epochMs: number): string {
  return fromDayNumber(Math.floor((epochMs + BEIJING_OFFSET_MS) / MS_PER_DAY));
}

/** Epoch milliseconds of 24:00 Beijing time on an ISO date (16:00 UTC): the instant a period ending that day is over. */
export function beijingEndOfDayMs(iso: string): number {
  return (toDayNumber(iso) + 1) * MS_PER_DAY - BEIJING_OFFSET_MS;
}

/** An instant (epoch ms or an ISO timestamp) as people in China read it: '2026-03-10 00:00 Beijing time' (without the label: for a column headed so). */
export function beijingTimeText(instant: number | string, labelled = true): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) return String(instant);
  const local = ms + BEIJING_OFFSET_MS;
  const minutes = Math.floor((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${fromDayNumber(Math.floor(local / MS_PER_DAY))} ${hh}:${mm}${labelled ? ' Beijing time' : ''}`;
}

/** Whole years from one date to another, counted as birthdays are: a year is complete on the same month and day. */
export function wholeYearsBetween(fromIso: string, toIso: string): number {
  const from = isoParts(fromIso);
  const to = isoParts(toIso);
  const beforeAnniversary = to.month < from.month || (to.month === from.month && to.day < from.day);
  return to.year - from.year - (beforeAnniversary ? 1 : 0);
}

/**
 * The same calendar date a number of years later; a 29 February lands on 28 February in a common year
 * (Civil Code art. 202: without a corresponding day, the last day of the month ends the period).
 */
export function addYears(iso: string, years: number): string {
  const { year, month, day } = isoParts(iso);
  const target = year + years;
  const clamped = Math.min(day, daysInMonth(target, month));
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(clamped).padStart(2, '0')}`;
}
