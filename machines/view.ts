import { openDecisions, type ElectionSnapshot } from './admission';
import { DECISION_ROLES, type DecisionType, type RefusalVia } from './events';
import type { Actor, Role } from './roles';
import { stageLabel, stageOf, type StageId } from './stages';

/** One accepted decision or record, as the public record shows it. */
export interface DecisionRecord {
  seq: number;
  type: DecisionType;
  by: Actor;
  at: string;
  stage: StageId;
  summary: string;
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
  firesAt: string;
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
  pending: { decision: DecisionType; roles: readonly Role[]; optional: boolean; remindAt?: string; escalateAt?: string }[];
  overdue: boolean;
  seats?: number;
  /** Nominees who passed the recommendation threshold and are still in the running. */
  nominees: string[];
  candidates: string[];
  elected: string[];
  secretary?: string;
  deputy?: string;
  ballot?: { kind: string; round: number; purpose: string; seats: number; candidates: string[] };
  postponement?: { reason: string; until: string; approved: boolean };
  sentBack?: { stage: string; reason: string; by: string };
  timers: TimerView[];
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

/** Builds the public view of a snapshot with the host's timers and records. */
export function publicView(
  snapshot: ElectionSnapshot,
  host: { timers: TimerView[]; decisions: DecisionRecord[]; refusals: RefusalRecord[]; refusalCount?: number },
): PublicView {
  const c = snapshot.context;
  const { stage, step } = stageOf(snapshot.value);
  const timerAt = (id: string) => host.timers.find((t) => t.id === id)?.firesAt;
  const pending = openDecisions(snapshot)
    .filter((d) => !ALWAYS_OPEN.includes(d))
    .map((decision) => ({
      decision,
      roles: DECISION_ROLES[decision],
      optional: OPTIONAL.includes(decision),
      remindAt: timerAt('approvalReminder'),
      escalateAt: timerAt('approvalEscalation'),
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
    seats: c.seats,
    nominees: c.nominees,
    candidates: c.candidates,
    elected: c.elected,
    secretary: c.secretary,
    deputy: c.deputy,
    ballot: stage === 'conference' && c.ballot ? { ...c.ballot } : undefined,
    postponement: c.postponement,
    sentBack: c.sentBack,
    timers: host.timers,
    decisions: host.decisions,
    refusals: host.refusals,
    refusalCount: host.refusalCount ?? host.refusals.length,
  };
}
