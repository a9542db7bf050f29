import { describeZodIssues } from '../machines/input';
import { addDays, calendarDayProblem, calendarYearSchema, isIsoDate, toDayNumber, type CalendarYear } from '../machines/rules';

/**
 * A State Council holiday notice as an office types it, one fact per line (`#` starts a comment):
 *
 *   year: 2027
 *   title: 国务院办公厅关于2027年部分节假日安排的通知
 *   number: 国办发明电〔2026〕7号
 *   issued: 2026-11-04
 *   holiday: 2027-01-01 to 2027-01-03   元旦
 *   workday: 2027-02-20                 春节调休上班
 *
 * `holiday` takes one date or a range `FROM to TO` (both included); `workday` one Saturday or Sunday worked in
 * exchange. Text after the dates is a note for the reader and is not kept.
 */
export const NOTICE_FILE_EXAMPLE = `year: 2027
title: 国务院办公厅关于2027年部分节假日安排的通知
number: 国办发明电〔2026〕7号
issued: 2026-11-04
holiday: 2027-01-01 to 2027-01-03   元旦
workday: 2027-02-20                 春节调休上班`;

const KEYS = ['year', 'title', 'number', 'issued', 'holiday', 'workday'] as const;
type Key = (typeof KEYS)[number];
const SINGLE: readonly Key[] = ['year', 'title', 'number', 'issued'];

/** The longest holiday range a notice gives (the Spring Festival and National Day breaks are 8 or 9 days). */
const LONGEST_RANGE_DAYS = 14;

interface Line {
  line: number;
  key: Key;
  value: string;
}

/** Reads a notice file's text: the validated year, or every problem with its line number (none is repaired). */
export function readCalendarNotice(text: string): { ok: true; year: CalendarYear } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const content = raw
      .replace(/^\uFEFF/, '')
      .replace(/#.*$/, '')
      .trim();
    if (!content) return;
    const match = /^([A-Za-z]+)\s*[:：]\s*(.*)$/.exec(content);
    const key = match?.[1]?.toLowerCase();
    if (!match || !(KEYS as readonly string[]).includes(key!)) {
      problems.push(`line ${i + 1}: got ${JSON.stringify(content)}; accepted: a line "KEY: VALUE" with KEY one of ${KEYS.join(', ')}`);
      return;
    }
    lines.push({ line: i + 1, key: key as Key, value: match[2]!.trim() });
  });

  const single = (key: Key): Line | undefined => {
    const found = lines.filter((l) => l.key === key);
    for (const extra of found.slice(1))
      problems.push(`line ${extra.line}: ${key} is given again (first on line ${found[0]!.line}); accepted: once`);
    if (found.length === 0) problems.push(`${key}: missing; accepted: a line "${key}: …" (see election calendar load --help)`);
    return found[0];
  };
  const [yearLine, titleLine, numberLine, issuedLine] = SINGLE.map(single);

  let year: number | undefined;
  if (yearLine) {
    year = /^\d{4}$/.test(yearLine.value) ? Number(yearLine.value) : undefined;
    if (year === undefined || year < 2000 || year > 2100) {
      problems.push(`line ${yearLine.line}: year: got ${JSON.stringify(yearLine.value)}; accepted: a year such as 2027`);
      year = undefined;
    }
  }
  if (issuedLine && !isIsoDate(issuedLine.value)) {
    problems.push(`line ${issuedLine.line}: issued: got ${JSON.stringify(issuedLine.value)}; accepted: a calendar date written YYYY-MM-DD`);
  }

  const listed = { holidays: new Set<string>(), makeUpWorkdays: new Set<string>() };
  const holidays: string[] = [];
  const makeUpWorkdays: string[] = [];
  for (const entry of lines.filter((l) => l.key === 'holiday' || l.key === 'workday')) {
    const dates = datesOf(entry, problems);
    if (!dates || year === undefined) continue;
    for (const date of dates) {
      const kind = entry.key === 'holiday' ? 'holiday' : 'workday';
      const problem = calendarDayProblem(year, kind, date, listed);
      if (problem) {
        problems.push(`line ${entry.line}: ${entry.key}: got ${date}; ${problem}`);
        continue;
      }
      (kind === 'holiday' ? listed.holidays : listed.makeUpWorkdays).add(date);
      (kind === 'holiday' ? holidays : makeUpWorkdays).push(date);
    }
  }
  if (year !== undefined && holidays.length === 0 && !problems.some((p) => p.includes('holiday'))) {
    problems.push('holiday: none given; accepted: one line "holiday: DATE" or "holiday: FROM to TO" per break of the notice');
  }
  if (problems.length > 0 || year === undefined || !titleLine || !numberLine || !issuedLine) return { ok: false, problems };

  const candidate = {
    year,
    notice: { title: titleLine.value, number: numberLine.value, issuedOn: issuedLine.value },
    holidays: [...holidays].sort(),
    makeUpWorkdays: [...makeUpWorkdays].sort(),
  };
  const parsed = calendarYearSchema.safeParse(candidate);
  if (!parsed.success) {
    const lineOf: Record<string, Line> = { title: titleLine, number: numberLine, issuedOn: issuedLine };
    const issues = describeZodIssues(parsed.error, candidate, 'rule');
    return {
      ok: false,
      problems: parsed.error.issues.map((issue, i) => {
        const at = lineOf[String(issue.path[1])];
        return at ? `line ${at.line}: ${issues[i]}` : issues[i]!;
      }),
    };
  }
  return { ok: true, year: parsed.data };
}

/** The dates of a `holiday` or `workday` line: one date, or for a holiday a range `FROM to TO`; undefined after a problem. */
function datesOf(entry: Line, problems: string[]): string[] | undefined {
  const [first, second, third] = entry.value.split(/\s+/);
  // The dates as given, without the note that may follow them.
  const given = second === 'to' ? `${first} to ${third ?? ''}`.trim() : (first ?? '');
  const bad = (accepted: string) => {
    problems.push(`line ${entry.line}: ${entry.key}: got ${JSON.stringify(given)}; accepted: ${accepted}`);
    return undefined;
  };
  const form = entry.key === 'holiday' ? 'a date YYYY-MM-DD or a range "YYYY-MM-DD to YYYY-MM-DD"' : 'a date YYYY-MM-DD';
  if (!first || !isIsoDate(first)) return bad(form);
  if (entry.key === 'workday' || second !== 'to') return [first];
  if (!third || !isIsoDate(third)) return bad(form);
  const days = toDayNumber(third) - toDayNumber(first);
  if (days < 0) return bad(`a range whose end is not before its start (${third} is before ${first})`);
  if (days >= LONGEST_RANGE_DAYS) return bad(`a range of at most ${LONGEST_RANGE_DAYS} days, one break of the notice per line`);
  return Array.from({ length: days + 1 }, (_, i) => addDays(first, i));
}
