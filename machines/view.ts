import { openDecisions, type ElectionSnapshot } from './admission';
import type { Objection, ObjectionShown } from './context';
import type { Explanation } from './explain';
import { objectionShown } from './context';
import { DECISION_ROLES, type DecisionType, type RefusalVia } from './events';
import type { WorkerMode } from './hostEvents';
import type { postponementRecordSchema } from './outcome';
import type { Actor, Role } from './roles';
import { stageLabel, stageOf, type StageId } from './stages';
import type { TimerId } from './timers';
import type { ConferenceCall } from './rules';
import type { ElectionWarning } from './warnings';
import type { z } from 'zod';

/** One accepted decision or record, as the public record shows it. */
export interface DecisionRecord {
  seq: number;
  type: DecisionType;
  by: Actor;
  at: string;
  stage: StageId;
  summary: string;
  /** What followed from it and why (machines/explain.ts); absent on records from before it was kept, and dropped from old records at continue-as-new. */
  followed?: Explanation[];
}

/** One refused decision, kept so that a signal sender can see why nothing happened. */
export interface RefusalRecord {
  at: string;
  type: string;
  by?: Actor;
  code: string;
  reason: string;
  via: RefusalVia;
}

/** A durable timer the election is waiting on. */
export interface TimerView {
  id: string;
  event: string;
  /** When it fires (ISO timestamp, UTC; people are shown Beijing time). */
  firesAt: string;
  /** The last day of its period (the Beijing day from version 2), or the postponement date. */
  endsOn?: string;
  /** Set when the period counts working days of a year without a State Council notice: say so with the date. */
  provisional?: string;
  /** The length a demo or test town plan gave it instead of the calendar. */
  shortenedMs?: number;
}

/**
 * An objection as the public record shows it: the candidate, the grounds, the findings and the ruling, which the
 * inspection team and the town committee act on; never who filed it, which no stage's decision needs (the outcome
 * store's record keeps it).
 */
export interface ObjectionView extends ObjectionShown {
  status: 'under investigation' | 'awaiting ruling' | 'waiting' | 'upheld' | 'dismissed';
}

/** Set when the town plan's duration overrides shorten the statutory periods: only a demo or test worker accepts them. */
export interface ShortenedPeriods {
  /** The mode the worker reported at the start; 'not checked' for an election started before workers reported one. */
  mode: WorkerMode | 'not checked';
  overridesMs: Record<string, number>;
}

/** What anyone may see of a village's election: never the raw snapshot. */
export interface PublicView {
  town: string;
  village: string;
  term: number;
  method: string;
  status: 'running' | 'completed' | 'cancelled';
  stage: StageId;
  stageLabel: string;
  step?: string;
  awaitingRoles: Role[];
  pending: {
    decision: DecisionType;
    roles: readonly Role[];
    optional: boolean;
    remindAt?: string;
    escalateAt?: string;
    /** The reminder or escalation counts working days of a year without a State Council notice. */
    provisional?: string;
    /** Where a stage offers several ways on, which one this decision takes. */
    choice?: string;
  }[];
  overdue: boolean;
  /** Every decision the current state takes at all, always-open ones (cancellation, postponement) included; absent from older workers. */
  open?: DecisionType[];
  seats?: number;
  /** Nominees who passed the recommendation threshold and are still in the running. */
  nominees: string[];
  candidates: string[];
  elected: string[];
  secretary?: string;
  deputy?: string;
  ballot?: { kind: string; round: number; purpose: string; seats: number; candidates: string[] };
  postponement?: z.infer<typeof postponementRecordSchema>;
  sentBack?: { stage: string; reason: string; by: string };
  timers: TimerView[];
  /** Targets not met and exceptions granted, as recorded (from version 2); absent from a worker of an earlier release. */
  warnings?: ElectionWarning[];
  objections?: ObjectionView[];
  /**
   * From version 3: the lead time the conference must be called with (the town plan's days) and, once it is called,
   * its date, time and place, the day it was called and by whom.
   */
  conference?: { leadDays: number } & Partial<ConferenceCall>;
  /** The rule edition the election runs on (machines/editions.ts). */
  machineVersion?: number;
  shortenedPeriods?: ShortenedPeriods;
  decisions: DecisionRecord[];
  /** The latest refusals (machines/limits.ts: `refusalsKept`), oldest first; every one is in the outcome store. */
  refusals: RefusalRecord[];
  /** Refusals since the election began, those no longer listed included (absent from workers before the cap). */
  refusalCount?: number;
}

/** Decisions that are always possible (cancellation, postponement) are not what a stage waits for. */
const ALWAYS_OPEN: DecisionType[] = ['CANCEL', 'PROPOSE_POSTPONEMENT'];
/** Decisions a stage accepts but does not wait for: an objection may come during publicity, or not. */
const OPTIONAL: DecisionType[] = ['FILE_OBJECTION', 'REDUCE_SEATS'];

/** The ways on from a stage that offers a choice: an unstable village is postponed, or reported fit to proceed. */
const CHOICES: Partial<Record<StageId, Partial<Record<DecisionType, string>>>> = {
  unstable: {
    PROPOSE_POSTPONEMENT: 'postpone: propose a postponement of at most one year to the county organisation department',
    REPORT_FIT_TO_PROCEED: 'proceed: report the village fit to proceed to the start request',
  },
};

/** The objections of the publicity: ruled, the one being dealt with, and those filed meanwhile; without who filed them. */
function objectionsOf(c: ElectionSnapshot['context']): ObjectionView[] {
  const view = (o: Objection, status: ObjectionView['status']): ObjectionView => ({ ...objectionShown(o), status });
  const current = c.objection ? [view(c.objection, c.objection.findings === undefined ? 'under investigation' : 'awaiting ruling')] : [];
  return [
    ...c.objections.map((o) => view(o, o.ruling === 'upheld' ? 'upheld' : 'dismissed')),
    ...current,
    ...(c.objectionQueue ?? []).map((o) => view(o, 'waiting')),
  ];
}

/** The decisions a snapshot waits for or offers as a way on: the open ones, less those always open unless a stage offers them as a choice. */
function awaitedDecisions(snapshot: ElectionSnapshot, open: DecisionType[] = openDecisions(snapshot)): DecisionType[] {
  const choices = CHOICES[stageOf(snapshot.value).stage] ?? {};
  return open.filter((d) => !ALWAYS_OPEN.includes(d) || choices[d] !== undefined);
}

/** The roles a snapshot waits for: those of its awaited decisions that are not optional (the view's `awaitingRoles`). */
export function awaitingRolesOf(snapshot: ElectionSnapshot): Role[] {
  return [
    ...new Set(
      awaitedDecisions(snapshot)
        .filter((d) => !OPTIONAL.includes(d))
        .flatMap((d) => DECISION_ROLES[d]),
    ),
  ];
}

/** Builds the public view of a snapshot with the host's timers and records. */
export function publicView(
  snapshot: ElectionSnapshot,
  host: { timers: TimerView[]; decisions: DecisionRecord[]; refusals: RefusalRecord[]; refusalCount?: number },
): PublicView {
  const c = snapshot.context;
  const { stage, step } = stageOf(snapshot.value);
  const deadline = (id: string) => c.deadlines?.[id as TimerId];
  const timers = host.timers.map((t): TimerView => {
    const d = deadline(t.id);
    return {
      ...t,
      ...(d?.endsOn !== undefined ? { endsOn: d.endsOn } : {}),
      ...(d?.provisional !== undefined ? { provisional: d.provisional } : {}),
      ...(d?.shortenedMs !== undefined ? { shortenedMs: d.shortenedMs } : {}),
    };
  });
  const timerAt = (id: string) => timers.find((t) => t.id === id);
  const choices = CHOICES[stage] ?? {};
  const clockProvisional = timerAt('approvalReminder')?.provisional ?? timerAt('approvalEscalation')?.provisional;
  const open = openDecisions(snapshot);
  const pending = awaitedDecisions(snapshot, open).map((decision) => ({
    decision,
    roles: DECISION_ROLES[decision],
    optional: OPTIONAL.includes(decision),
    remindAt: timerAt('approvalReminder')?.firesAt,
    escalateAt: timerAt('approvalEscalation')?.firesAt,
    ...(clockProvisional && timerAt('approvalReminder') ? { provisional: clockProvisional } : {}),
    ...(choices[decision] ? { choice: choices[decision] } : {}),
  }));
  const awaitingRoles = [...new Set(pending.filter((p) => !p.optional).flatMap((p) => p.roles))];
  return {
    town: c.town,
    village: c.village,
    term: c.term,
    method: c.method,
    status: snapshot.status === 'active' ? 'running' : stage === 'cancelled' ? 'cancelled' : 'completed',
    stage,
    stageLabel: stageLabel(stage),
    step,
    awaitingRoles,
    pending,
    overdue: c.overdue,
    open,
    seats: c.seats,
    nominees: c.nominees,
    candidates: c.candidates,
    elected: c.elected,
    secretary: c.secretary,
    deputy: c.deputy,
    ballot: stage === 'conference' && c.ballot ? { ...c.ballot } : undefined,
    postponement: c.postponement,
    sentBack: c.sentBack,
    timers,
    warnings: c.warnings ?? [],
    objections: objectionsOf(c),
    machineVersion: c.machineVersion ?? 1,
    ...((c.machineVersion ?? 1) >= 3 ? { conference: { leadDays: c.plan.conferenceNoticeDays, ...c.conference } } : {}),
    ...(shortened(c) ? { shortenedPeriods: shortened(c) } : {}),
    decisions: host.decisions,
    refusals: host.refusals,
    refusalCount: host.refusalCount ?? host.refusals.length,
  };
}

/** The periods a demo or test town plan shortened, with the mode of the worker that accepted them. */
function shortened(c: ElectionSnapshot['context']): ShortenedPeriods | undefined {
  const overrides = Object.entries(c.plan.durationOverridesMs ?? {}).filter((entry): entry is [string, number] => entry[1] !== undefined);
  if (overrides.length === 0) return undefined;
  return { mode: c.workerMode ?? 'not checked', overridesMs: Object.fromEntries(overrides) };
}
