import { z } from 'zod';
import { calendarYearSchema, type CalendarYear } from './rules';

/**
 * How the worker runs: `production` refuses the town plan's duration overrides; `demo` (the Heluo demo) and `test`
 * accept them. Set by the worker's operator (ELECTION_WORKER_MODE or the worker option), never by a start input.
 */
export const workerModeSchema = z.enum(['production', 'demo', 'test']);
export type WorkerMode = z.infer<typeof workerModeSchema>;

/**
 * What the worker tells a new election when it starts, by an activity whose result history keeps (so a replay reads
 * the same): its mode, and the official calendar years an office has loaded (`election calendar load`).
 */
export const workerFactsSchema = z.object({ mode: workerModeSchema, calendar: z.array(calendarYearSchema) });
export type WorkerFacts = z.infer<typeof workerFactsSchema>;

/**
 * Events only the workflow host makes, never a person: the worker's facts at the start, and a State Council notice an
 * office loaded while the election runs (the `calendar` signal, validated), with the timers then running so that
 * those counted over the notice's year are counted again.
 */
export type HostEvent =
  ({ type: 'WORKER_FACTS'; at?: number } & WorkerFacts) | { type: 'CALENDAR_NOTICE'; year: CalendarYear; running: string[]; at?: number };

/** The host's own event types. */
export const HOST_EVENT_TYPES = ['WORKER_FACTS', 'CALENDAR_NOTICE'] as const;
