import { z } from 'zod';
import { addDays, BEIJING_OFFSET_MS, isIsoDate, isoDateSchema, MS_PER_DAY, toDayNumber } from './isoDate';
import { verdict, type Verdict } from './verdict';

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** What a conference's time may be, as every refusal of it says. */
export const TIME_OF_DAY_ACCEPTED = 'a time of day as HH:MM, 00:00 to 23:59';

/** A time of day written HH:MM on the 24-hour clock, Beijing time (北京时间). */
// A refinement, not `.regex()`: zod resets a pattern's lastIndex, which throws on the frozen modules of the workflow sandbox.
export const timeOfDaySchema = z
  .string({ error: `accepted: ${TIME_OF_DAY_ACCEPTED}` })
  .refine((value) => TIME_OF_DAY.test(value), `accepted: ${TIME_OF_DAY_ACCEPTED}`);

/** The conference as it was called (召开党员大会): its Beijing date and time, its place, and the call itself. */
export const conferenceCallSchema = z
  .object({
    date: isoDateSchema,
    time: timeOfDaySchema,
    place: z.string(),
    /** The Beijing day the conference was called on: the notice is given that day. */
    calledOn: isoDateSchema,
    /** The id of the cadre who called it. */
    calledBy: z.string(),
  })
  .strict();
export type ConferenceCall = z.infer<typeof conferenceCallSchema>;

/** Epoch ms of a Beijing date and HH:MM time (UTC+8, no daylight saving): when a conference called for it opens. */
export const conferenceOpensAt = (date: string, time: string): number => {
  const [, hours, minutes] = TIME_OF_DAY.exec(time) ?? [];
  return toDayNumber(date) * MS_PER_DAY + (Number(hours) * 60 + Number(minutes)) * 60_000 - BEIJING_OFFSET_MS;
};

/**
 * A conference is called for a day at least the town plan's lead time after the (Beijing) day of the call: every
 * member with a vote must have the notice that many days ahead. A conference on the last day of the lead time is in
 * time; a day earlier is not. The time is a time of day on the 24-hour clock.
 */
export function checkConferenceCall(input: { calledOn: string; date: string; time: string; leadDays: number }): Verdict {
  const earliest = addDays(input.calledOn, input.leadDays);
  const figures = { calledOn: input.calledOn, date: input.date, time: input.time, leadDays: input.leadDays, earliest };
  const problems: string[] = [];
  if (!isIsoDate(input.date)) {
    problems.push(`date: got ${JSON.stringify(input.date)}; accepted: a calendar date written YYYY-MM-DD, ${earliest} or later`);
  } else if (input.date < earliest) {
    problems.push(
      `date: got ${input.date}; accepted: ${earliest} or later (called on ${input.calledOn}, the members are given ${input.leadDays} day(s) of notice)`,
    );
  }
  if (!TIME_OF_DAY.test(input.time)) problems.push(`time: got ${JSON.stringify(input.time)}; accepted: ${TIME_OF_DAY_ACCEPTED}`);
  if (problems.length === 0) {
    return verdict(true, 'CONFERENCE_CALLED', `conference called for ${input.date} at ${input.time}, Beijing time`, figures);
  }
  const code = problems[0]!.startsWith('date') ? 'CONFERENCE_TOO_SOON' : 'CONFERENCE_TIME_INVALID';
  return verdict(false, code, problems.join('; '), figures);
}
