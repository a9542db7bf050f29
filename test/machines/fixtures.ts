import { initialTransition, transition } from 'xstate';
import { demoRoster, heluoInput, HELUO_VILLAGES } from '../../client/demo/heluo';
import { demoSeats, nextScriptedDecision, SCRIPTED_PEOPLE, type OfficeScript } from '../../client/demo/townOffice';
import { admit, type ElectionSnapshot } from '../../machines/admission';
import { electionMachine } from '../../machines/electionMachine';
import { decisionSchemas, type DecisionEvent, type ElectionEvent, type TimerEvent } from '../../machines/events';
import { electionInputSchema, type ElectionInput, type ElectionInputRaw } from '../../machines/input';
import type { Role } from '../../machines/roles';
import { stageOf } from '../../machines/stages';
import { LATEST_MACHINE_VERSION } from '../../machines/versions';
import { publicView } from '../../machines/view';

/** Workflow time every event is stamped with: 24 November 2026, the script's `today`. */
export const at = Date.UTC(2026, 10, 24);
export const today = '2026-11-24';

/** Distinct, tiny timer lengths, so a test can tell which period a delayed raise stands for. */
export const TIMER_MS = {
  publicity: 11,
  conferenceNotice: 12,
  approvalReminder: 13,
  approvalEscalation: 14,
  postponementReminder: 15,
  postponementLimit: 16,
} as const;

/** Qilipu: 38 members, 36 of them full, so a committee of 5 with a deputy in the demo. */
export const QILIPU = HELUO_VILLAGES[1];
/** Luokou pilots the direct election of the secretary (两推直选). */
export const LUOKOU = HELUO_VILLAGES[0];

/**
 * A parsed election input for a Heluo village (Qilipu unless told), with tiny timers, on the latest machine
 * version unless `machineVersion` is given; `members` resizes the roster (the last two are always probationary).
 */
export function input(
  overrides: Partial<ElectionInputRaw> = {},
  options: { village?: (typeof HELUO_VILLAGES)[number]; members?: number } = {},
): ElectionInput {
  const village = options.village ?? QILIPU;
  const base = heluoInput(village);
  const roster = options.members === undefined ? base.roster : demoRoster(village.name, options.members);
  return electionInputSchema.parse({
    ...base,
    roster,
    plan: { durationOverridesMs: { ...TIMER_MS } },
    machineVersion: LATEST_MACHINE_VERSION,
    ...overrides,
  });
}

/** What the scripted town office knows of a village: its roster, representatives, seats and today. */
export function scriptFor(given: ElectionInput): OfficeScript {
  const village = HELUO_VILLAGES.find((v) => v.name === given.village);
  return { roster: given.roster, representatives: village?.representatives ?? 24, ...demoSeats(given.roster), today, now: () => at };
}

export const person = (role: Role) => SCRIPTED_PEOPLE[role];

/** An action as the pure transition returns it. */
export interface Action {
  type: string;
  params?: unknown;
}

/** A delayed raise as the host reads it to start a durable timer. */
export interface DelayedRaise {
  type: 'xstate.raise';
  params: { event: TimerEvent; id?: string; delay?: number };
}

const isDecision = (event: { type: string }): event is DecisionEvent => event.type in decisionSchemas;

/** Stamps an event with the workflow time and, for a decision, applies its schema's defaults as the host's admission does. */
export function stamped(event: ElectionEvent | Record<string, unknown>, when = at): ElectionEvent {
  const withTime = { ...event, at: when } as ElectionEvent;
  return isDecision(withTime) ? decisionSchemas[withTime.type].parse(withTime) : withTime;
}

/** The first snapshot of a village and its entry actions. */
export function begin(given: ElectionInput = input()): [ElectionSnapshot, Action[]] {
  return initialTransition(electionMachine, given);
}

/** One pure transition, as the host makes it: the event stamped with `at`, the next snapshot and the actions to run. */
export function step(snapshot: ElectionSnapshot, event: ElectionEvent | Record<string, unknown>, when = at): [ElectionSnapshot, Action[]] {
  return transition(electionMachine, snapshot, stamped(event, when));
}

/** Like `step`, but the decision must first pass admission; a refusal fails the test with its message. */
export function decide(
  snapshot: ElectionSnapshot,
  decision: DecisionEvent | Record<string, unknown>,
  when = at,
): [ElectionSnapshot, Action[]] {
  const admission = admit(snapshot, { ...decision, at: when });
  if (!admission.ok) throw new Error(`${String(decision.type)} refused at ${whereIs(snapshot)}: [${admission.code}] ${admission.message}`);
  return transition(electionMachine, snapshot, admission.event);
}

/** A village as the host holds it: the snapshot, its pending durable timers, and every action run so far. */
export interface Run {
  input: ElectionInput;
  snapshot: ElectionSnapshot;
  timers: Map<string, DelayedRaise['params']>;
  actions: Action[];
  /** The actions of the last transition only. */
  last: Action[];
  events: ElectionEvent[];
  /** Every stage/step the village rested in, in order. */
  visited: string[];
}

function withActions(run: Run, snapshot: ElectionSnapshot, actions: Action[], event?: ElectionEvent): Run {
  const timers = new Map(run.timers);
  for (const action of actions) {
    if (action.type === 'xstate.raise') {
      const { params } = action as DelayedRaise;
      if (params.delay !== undefined) timers.set(params.id ?? params.event.type, params);
    }
    if (action.type === 'xstate.cancel') timers.delete((action.params as { sendId: string }).sendId);
  }
  return {
    ...run,
    snapshot,
    timers,
    actions: [...run.actions, ...actions],
    last: actions,
    events: event ? [...run.events, event] : run.events,
    visited: [...run.visited, whereIs(snapshot)],
  };
}

/** A fresh village run from its initial transition. */
export function start(given: ElectionInput = input()): Run {
  const [snapshot, actions] = begin(given);
  return withActions({ input: given, snapshot, timers: new Map(), actions: [], last: [], events: [], visited: [] }, snapshot, actions);
}

/** Applies one event to a run without admission, as a test of the machine's own guards needs. */
export function apply(run: Run, event: ElectionEvent | Record<string, unknown>): Run {
  const [snapshot, actions] = step(run.snapshot, event);
  return withActions(run, snapshot, actions, stamped(event));
}

/** Admits and applies one decision to a run. */
export function send(run: Run, decision: DecisionEvent | Record<string, unknown>): Run {
  const [snapshot, actions] = decide(run.snapshot, decision);
  return withActions(run, snapshot, actions, stamped(decision));
}

/** Fires a pending durable timer of a run by its id, as the host does when it elapses. */
export function fire(run: Run, id: string): Run {
  const timer = run.timers.get(id);
  if (!timer)
    throw new Error(`no pending timer "${id}" at ${whereIs(run.snapshot)}; pending: ${[...run.timers.keys()].join(', ') || 'none'}`);
  const timers = new Map(run.timers);
  timers.delete(id);
  const [snapshot, actions] = step(run.snapshot, timer.event);
  return withActions({ ...run, timers }, snapshot, actions, stamped(timer.event));
}

/** The stage and step of a snapshot, as `stage/step`. */
export function whereIs(snapshot: ElectionSnapshot): string {
  const where = stageOf(snapshot.value);
  return where.step ? `${where.stage}/${where.step}` : where.stage;
}

/** The scripted office's next decision for a snapshot, or null while the village waits on a timer. */
export function scripted(snapshot: ElectionSnapshot, script: OfficeScript): DecisionEvent | null {
  return nextScriptedDecision(publicView(snapshot, { timers: [], decisions: [], refusals: [] }), script);
}

/**
 * Lets the scripted town office move a village on until `until` holds; when the office has nothing to
 * decide, fires the pending timer due first. `override` may replace the scripted decision at a step.
 */
export function driveTo(
  until: (snapshot: ElectionSnapshot) => boolean,
  options: {
    from?: Run;
    input?: ElectionInput;
    override?: (snapshot: ElectionSnapshot) => DecisionEvent | Record<string, unknown> | undefined;
  } = {},
): Run {
  let run = options.from ?? start(options.input ?? input());
  const script = scriptFor(run.input);
  for (let steps = 0; !until(run.snapshot); steps += 1) {
    if (steps > 200 || run.snapshot.status !== 'active') throw new Error(`driveTo never got there: stopped at ${whereIs(run.snapshot)}`);
    const decision = options.override?.(run.snapshot) ?? scripted(run.snapshot, script);
    if (decision) {
      run = send(run, decision);
      continue;
    }
    const due = [...run.timers.entries()].sort(([, a], [, b]) => (a.delay ?? 0) - (b.delay ?? 0))[0];
    if (!due) throw new Error(`stuck at ${whereIs(run.snapshot)}: nothing to decide and no timer pending`);
    run = fire(run, due[0]);
  }
  return run;
}

/** A predicate on the stage (and step) of a snapshot, e.g. `at('conference', 'awaitingRound')`. */
export const atStage =
  (stage: string, step?: string) =>
  (snapshot: ElectionSnapshot): boolean => {
    const where = stageOf(snapshot.value);
    return where.stage === stage && (step === undefined || where.step === step);
  };

/** Named actions only (notices and outcomes), without the xstate timer actions. */
export const named = (actions: readonly Action[]) => actions.filter((a) => !a.type.startsWith('xstate.'));

/** The notices among actions, by kind. */
export const noticeKinds = (actions: readonly Action[]) =>
  actions.filter((a) => a.type === 'notify').map((a) => (a.params as { kind: string }).kind);

export { electionMachine };

/** The voters present at the conference, as recorded in the attendance. */
const presentCount = (snapshot: ElectionSnapshot) => snapshot.context.attendance?.present.length ?? 0;

/** Whose majority elects: from version 2 the members due to attend, in version 1 the voters present. */
const majorityBase = (snapshot: ElectionSnapshot) =>
  (snapshot.context.machineVersion ?? 1) >= 2 ? (snapshot.context.attendance?.due ?? 0) : presentCount(snapshot);

/**
 * A RECORD_ROUND for the ballot now open: every voter present returns a valid ballot; `votes` names the
 * candidates who got any (the rest get 0); `counts` overrides the ballot counts.
 */
export function roundFor(snapshot: ElectionSnapshot, votes: Record<string, number>, counts: Record<string, number> = {}) {
  const ballot = snapshot.context.ballot;
  if (!ballot) throw new Error(`no ballot open at ${whereIs(snapshot)}`);
  const voters = presentCount(snapshot);
  return {
    type: 'RECORD_ROUND' as const,
    by: person('guidance-group'),
    votersPresent: voters,
    ballotsIssued: voters,
    ballotsReturned: voters,
    validBallots: voters,
    invalidBallots: 0,
    votes: { ...Object.fromEntries(ballot.candidates.map((id) => [id, 0])), ...votes },
    ...counts,
  };
}

/** Rounds for the ballot now open, each with the outcome its name says. */
export const rounds = {
  /** The first `seats` candidates get nearly every vote, the rest none: every seat filled. */
  electing: (snapshot: ElectionSnapshot) => {
    const { seats, candidates } = snapshot.context.ballot!;
    const voters = presentCount(snapshot);
    return roundFor(snapshot, Object.fromEntries(candidates.slice(0, seats).map((id, i) => [id, voters - 1 - i])));
  },
  /** One ballot more returned than issued: void, to be re-run. */
  void: (snapshot: ElectionSnapshot) => {
    const voters = presentCount(snapshot);
    return roundFor(snapshot, {}, { ballotsReturned: voters + 1, validBallots: voters + 1 });
  },
  /** The first `seats - unfilled` candidates get nearly every vote, the rest none. */
  short: (snapshot: ElectionSnapshot, unfilled: number) => {
    const { seats, candidates } = snapshot.context.ballot!;
    const voters = presentCount(snapshot);
    return roundFor(snapshot, Object.fromEntries(candidates.slice(0, seats - unfilled).map((id) => [id, voters - 1])));
  },
  /**
   * The first `seats - 1` candidates elected clearly; the next two tie on the last seat, both with more
   * than half (a tie-break round only needs most votes). Needs two seats, or a tie-break round.
   */
  tieOnLastSeat: (snapshot: ElectionSnapshot) => {
    const { seats, candidates, purpose } = snapshot.context.ballot!;
    const voters = presentCount(snapshot);
    const tied = purpose === 'tie' ? Math.floor(voters / (seats + 1)) : Math.floor(majorityBase(snapshot) / 2) + 1;
    return roundFor(snapshot, Object.fromEntries(candidates.slice(0, seats + 1).map((id, i) => [id, i < seats - 1 ? tied + 1 : tied])));
  },
};

/** The confirmation of the pending count by the last appointed scrutineer. */
export const confirmCount = (snapshot: ElectionSnapshot) => ({
  type: 'CONFIRM_COUNT' as const,
  by: { ...person('scrutineer'), id: snapshot.context.scrutineers.at(-1)! },
});
