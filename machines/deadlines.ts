import type { ElectionContext } from './context';
import { since } from './editions';
import {
  beijingPeriod,
  conferenceOpensAt,
  isoDateOfMs,
  periodEndsOn,
  periodMs,
  postponementInstants,
  postponementTimers,
  provisionalNote,
  provisionalYearsOf,
  officialYears,
} from './rules';
import { TIMERS, type TimerId } from './timers';

/**
 * When a durable timer fires, as the machine records it on starting the timer: the view shows it (with a provisional
 * year or a shortened period said so), and a State Council notice loaded later counts it again from `startedAt`.
 */
export interface Deadline {
  /** Epoch ms the timer was started at. */
  startedAt: number;
  /** Epoch ms it fires at. */
  firesAt: number;
  /** The last day of the period (a Beijing date from version 2), or the postponement date; absent for a shortened period. */
  endsOn?: string;
  /** Set when the period counts working days of a year without a State Council notice: the sentence to show with it. */
  provisional?: string;
  /** The length the town plan's `durationOverridesMs` gave instead of the calendar (demo and test workers only). */
  shortenedMs?: number;
}

/** Version 1's timer lengths, exactly as published (UTC days, the town plan's calendar lists). */
function publishedTimerMs(context: ElectionContext, id: TimerId, nowMs: number): number {
  const timer = TIMERS[id];
  if (timer.ends === 'period') return periodMs(context.plan, timer.period, nowMs);
  const { reminderMs, deadlineMs } = postponementTimers(context.plan, { nowMs, untilIso: context.postponement!.until });
  return timer.period === 'postponementReminder' ? reminderMs : deadlineMs;
}

/** The deadline of timer `id` started at `startedAt`, as the election's rule edition counts it. */
export function timerDeadline(context: ElectionContext, id: TimerId, startedAt: number): Deadline {
  const timer = TIMERS[id];
  const override = context.plan.durationOverridesMs?.[timer.period];
  if (!since(context, 2)) {
    const firesAt = startedAt + publishedTimerMs(context, id, startedAt);
    if (override !== undefined) return { startedAt, firesAt, shortenedMs: override };
    if (timer.ends !== 'period') return { startedAt, firesAt, endsOn: context.postponement!.until };
    const startIso = isoDateOfMs(startedAt);
    const endsOn = periodEndsOn(context.plan, timer.period, startIso);
    const provisional = timer.period === 'conferenceNotice' ? [] : provisionalYearsOf(startIso, endsOn, officialYears());
    return { startedAt, firesAt, endsOn, provisional: provisionalNote(provisional) };
  }
  if (override !== undefined) return { startedAt, firesAt: startedAt + override, shortenedMs: override };
  const called = id === 'conferenceNoticeLead' && since(context, 3) ? context.conference : undefined;
  if (called) return { startedAt, firesAt: Math.max(startedAt, conferenceOpensAt(called.date, called.time)), endsOn: called.date };
  if (timer.ends === 'period') {
    const period = beijingPeriod(context.plan, timer.period, startedAt, context.calendarNotices);
    return {
      startedAt,
      firesAt: Math.max(startedAt, period.endsAt),
      endsOn: period.endsOn,
      provisional: provisionalNote(period.provisionalYears),
    };
  }
  const until = context.postponement!.until;
  const { reminderAt, deadlineAt } = postponementInstants(context.plan, until);
  const firesAt = Math.max(startedAt, timer.period === 'postponementReminder' ? Math.min(reminderAt, deadlineAt) : deadlineAt);
  return { startedAt, firesAt, endsOn: until };
}

/** The delay of a delayed raise: from version 2 up to the deadline recorded just before it; version 1's published length otherwise. */
export function timerDelay(context: ElectionContext, id: TimerId, nowMs: number): number {
  const recorded = context.deadlines?.[id];
  if (!since(context, 2) || !recorded) return publishedTimerMs(context, id, nowMs);
  return Math.max(0, recorded.firesAt - nowMs);
}
