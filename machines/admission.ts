import { getNextTransitions, type SnapshotFrom } from 'xstate';
import type { ElectionMachine } from './electionMachine';
import { DECISION_ROLES, DECISION_TYPES, decisionSchemas, ROSTER_BOUNDED_FIELDS, type DecisionEvent, type DecisionType } from './events';
import { describeZodIssues } from './input';
import { LIMITS } from './limits';
import { stageLabel, stageOf } from './stages';
import { cut, echo, thousands } from './text';
import { ruleVerdict } from './verdicts';

export type ElectionSnapshot = SnapshotFrom<ElectionMachine>;

/** Why a decision was refused: a stable code and a sentence naming the field, the value and what is accepted. */
export interface Refusal {
  ok: false;
  code:
    | 'INVALID_PAYLOAD'
    | 'UNKNOWN_DECISION'
    | 'ROLE_NOT_ALLOWED'
    | 'NOT_AN_APPROVER'
    | 'WRONG_STAGE'
    | 'ELECTION_CLOSED'
    | 'UNCHECKABLE'
    | string;
  message: string;
}
export type Admission = { ok: true; event: DecisionEvent } | Refusal;

/** The decisions the current state can take at all (before rules), in the machine's order. */
export function openDecisions(snapshot: ElectionSnapshot): DecisionType[] {
  if (snapshot.status !== 'active') return [];
  const types = new Set(getNextTransitions(snapshot).map((t) => t.eventType as string));
  return DECISION_TYPES.filter((type) => types.has(type));
}

/**
 * Decides whether a decision may enter the election now: well-formed, from a role (and person)
 * allowed to make it, possible in the current stage, and within the rules. Pure: the workflow's
 * update validators and its signal handler both call it, so the two paths never disagree. It never
 * throws, whatever arrives: anything that goes wrong while checking a message refuses it with the reason.
 */
export function admit(snapshot: ElectionSnapshot, raw: unknown): Admission {
  let admission: Admission;
  try {
    admission = judge(snapshot, raw);
  } catch (err) {
    admission = { ok: false, code: 'UNCHECKABLE', message: `the decision could not be checked (${reasonOf(err)}); nothing was changed` };
  }
  // A refusal goes back to its sender and into the record: however many problems it lists, it stays short.
  return admission.ok ? admission : { ...admission, message: cut(admission.message, LIMITS.refusalReasonLength) };
}

export { echo };

/** An exception's message for a refusal, whatever was thrown. */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? cut(err.message, 200) : echo(err);
}

/** The first list or per-member record of a decision with more entries than the village's roster has members. */
function pastTheRoster(event: DecisionEvent, members: number): string | undefined {
  for (const path of ROSTER_BOUNDED_FIELDS[event.type]) {
    let value: unknown = event;
    for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    const entries = Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : 0;
    if (entries > members) {
      return `${path.join('.')}: got ${thousands(entries)} entries (accepted: at most ${thousands(members)}, the members on this village's roster)`;
    }
  }
  return undefined;
}

function judge(snapshot: ElectionSnapshot, raw: unknown): Admission {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const shape = raw === null ? 'null' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`;
    return {
      ok: false,
      code: 'UNKNOWN_DECISION',
      message: `the decision: got ${shape} (${echo(raw, 60)}); accepted: a JSON object such as {"type": "APPROVE_START", "by": {...}, ...}`,
    };
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !(DECISION_TYPES as string[]).includes(type)) {
    return {
      ok: false,
      code: 'UNKNOWN_DECISION',
      message: `type: got ${echo(type)}; accepted: one of ${DECISION_TYPES.join(', ')}`,
    };
  }
  if (snapshot.status !== 'active') {
    return { ok: false, code: 'ELECTION_CLOSED', message: `the election is ${stageOf(snapshot.value).stage}; it takes no more decisions` };
  }
  const parsed = decisionSchemas[type as DecisionType].safeParse(raw);
  if (!parsed.success) {
    return { ok: false, code: 'INVALID_PAYLOAD', message: `${type}: ${describeZodIssues(parsed.error, raw).join('; ')}` };
  }
  const event = parsed.data;
  const past = pastTheRoster(event, snapshot.context.roster.length);
  if (past) return { ok: false, code: 'INVALID_PAYLOAD', message: `${type}: ${past}` };
  const roles = DECISION_ROLES[event.type];
  if (!roles.includes(event.by.role)) {
    return {
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
      message: `by.role: got "${event.by.role}"; ${event.type} may be made only by ${roles.join(' or ')}`,
    };
  }
  const listed = snapshot.context.approvers[event.by.role];
  if (listed && listed.length > 0 && !listed.some((person) => person.id === event.by.id)) {
    return {
      ok: false,
      code: 'NOT_AN_APPROVER',
      // Approvers by id: a refusal goes to whoever sent the decision, and their names are the town office's to give.
      message: `by.id: got ${echo(event.by.id)}; for ${snapshot.context.village} the ${event.by.role} approvers are ${listed.map((p) => p.id).join(', ')}`,
    };
  }
  const { stage, step } = stageOf(snapshot.value);
  const open = openDecisions(snapshot);
  if (!open.includes(event.type)) {
    const waiting = open.map((t) => `${t} (${DECISION_ROLES[t].join('/')})`).join(', ');
    return {
      ok: false,
      code: 'WRONG_STAGE',
      message: `${event.type} is not possible at stage ${stageLabel(stage)}${step ? `, step ${step}` : ''}; accepted now: ${waiting || 'nothing'}`,
    };
  }
  const verdict = ruleVerdict(snapshot.context, event);
  if (!verdict.ok) return { ok: false, code: verdict.code, message: verdict.message };
  if (!snapshot.can(event)) {
    return { ok: false, code: 'WRONG_STAGE', message: `${event.type} is not possible at stage ${stageLabel(stage)} in its present state` };
  }
  return { ok: true, event };
}
