/**
 * The election's durable timers, each named once: the id the machine's delayed raise and the host's timer go by,
 * the event it raises, the key of its length in the town plan's `durationOverridesMs` (and of the calendar period
 * it counts), whether it ends with that period or at the postponement date, and what it waits for in the domain's
 * words (shown on the Temporal timer). From version 3 the conference notice's lead time ends instead at the date and
 * time the conference was called for (machines/deadlines.ts), which the call's rule puts at least the period ahead.
 */
export const TIMERS = {
  publicityPeriod: { event: 'PUBLICITY_ENDED', period: 'publicity', ends: 'period', summary: 'Candidate publicity period (公示) runs out' },
  conferenceNoticeLead: {
    event: 'CONFERENCE_DUE',
    period: 'conferenceNotice',
    ends: 'period',
    summary: 'Conference notice lead time runs out: the Party member conference may open',
  },
  approvalReminder: {
    event: 'APPROVAL_REMINDER',
    period: 'approvalReminder',
    ends: 'period',
    summary: 'Remind the approver of the pending decision',
  },
  approvalEscalation: {
    event: 'APPROVAL_ESCALATION',
    period: 'approvalEscalation',
    ends: 'period',
    summary: 'Escalate the overdue decision to the county organisation department',
  },
  postponementReminder: {
    event: 'POSTPONEMENT_REMINDER',
    period: 'postponementReminder',
    ends: 'postponement',
    summary: 'Remind the town that the postponement deadline is near',
  },
  postponementDeadline: {
    event: 'POSTPONEMENT_DEADLINE',
    period: 'postponementLimit',
    ends: 'postponement',
    summary: 'The postponement deadline passes: escalate to the county',
  },
} as const;

export type TimerId = keyof typeof TIMERS;
export const TIMER_IDS = Object.keys(TIMERS) as TimerId[];

export type TimerEventType = (typeof TIMERS)[TimerId]['event'];
/** The events the timers raise, in the table's order. */
export const TIMER_EVENT_TYPES = TIMER_IDS.map((id) => TIMERS[id].event);

/** The key of each timer's length in the town plan (`durationOverridesMs`), and of its calendar period where it has one. */
export type TimerPeriod = (typeof TIMERS)[TimerId]['period'];
export const TIMER_PERIODS = TIMER_IDS.map((id) => TIMERS[id].period);

/** The periods the town plan counts in working or calendar days (the postponement timers end at its date instead). */
export type CalendarPeriod = Extract<(typeof TIMERS)[TimerId], { ends: 'period' }>['period'];

/** What each durable timer waits for, by timer id (the host looks up any id it is given). */
export const TIMER_SUMMARIES = Object.fromEntries(TIMER_IDS.map((id) => [id, TIMERS[id].summary])) as Readonly<Record<string, string>>;
