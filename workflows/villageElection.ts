import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import type { RecordKey } from '../activities/contract';
import { admit, reasonOf, type ElectionSnapshot, type Refusal } from '../machines/admission';
import { persistSnapshot, restoreSnapshot } from '../machines/persistence';
import { MACHINE_VERSIONS, type MachineRegistry } from '../machines/versions';
import type { DecisionEvent, ElectionEvent, RefusalVia } from '../machines/events';
import { describeZodIssues, electionInputSchema, type ElectionInput } from '../machines/input';
import { calendarYearSchema, safeguardProblems } from '../machines/rules';
import { newWarnings } from '../machines/warnings';
import { electionFacts } from '../machines/facts';
import { explainDecision, withRecentExplanations, type Explanation } from '../machines/explain';
import { minimisedPayload, withoutNames, writtenNamesOf } from '../machines/personal';
import { stageOf } from '../machines/stages';
import type { DecisionRecord, RefusalRecord } from '../machines/view';
import { activities, runActions, workerActivities, type MachineAction } from './actions';
import {
  calendarSignal,
  decideUpdate,
  decisionSignal,
  electionWorkflowId,
  keyringChangedSignal,
  factsQuery,
  statusQuery,
  type DecisionReceipt,
  type ElectionInputRaw,
  type ElectionResult,
} from './contract';
import { Progress } from './progress';
import { countAccepted, countRefused } from './metrics';
import { audit } from './sinks';
import { RefusalLog, refusalRecord } from './refusals';
import { envelopeSubject, SignedDecisions, type CarriedSigning } from './signedDecisions';
import { DurableTimers, type CarriedTimer } from './timers';
import { currentTrace, inTrace } from './traceContext';

/** An update as its validator admitted it: its turn in the queue reuses the admission when nothing has changed since. */
interface Validated {
  updateId: string;
  snapshot: ElectionSnapshot;
  at: number;
  event: DecisionEvent;
}

type Message =
  | { via: 'update'; raw: unknown; ticket: number; validated?: Validated; trace?: unknown }
  | { via: 'signal'; raw: unknown; trace?: unknown };
type Queued =
  | Message
  | { via: 'timer'; event: ElectionEvent; timerId: string; serial: number }
  | { via: 'calendar'; raw: unknown }
  | { via: 'keyring' };

/** What XState's pure `transition` returns: the next snapshot and the actions to run, in order. */
type Step = [ElectionSnapshot, MachineAction[]];

/**
 * Histories written before this change may have processed a fired timer's event after the decision that
 * cancelled it; they replay as they ran. Runs from this change until settled timers withdraw such an event.
 */
const WITHDRAW_CANCELLED_TIMER_EVENTS = 'withdraw-cancelled-timer-events';

/**
 * Every run started since this change cancels a timer by forgetting it, never by a cancel command, and asks no
 * patch whose asking depends on when a timer's firing arrives (docs/known-issues/withdraw-patch-race.md). Asked
 * first, in the run's first workflow task, which every replay reaches the same way; histories without the marker
 * replay in the legacy mode they ran in.
 */
const SETTLED_TIMERS = 'settled-timers';

/**
 * Elections started before this change ran without the start checks; they replay as they ran. Every election
 * started since, on any machine version, is checked once when it starts (not at continue-as-new): the statutory
 * periods are at least a day, and a town plan's duration overrides are accepted only by a worker in demo or test
 * mode, which the worker reports by an activity (so history keeps the answer and a replay reads the same); from
 * version 2 the same activity brings the official calendar years an office has loaded.
 */
const START_CHECKS = 'start-checks-worker-mode-and-safeguards';

/**
 * Elections started with `signedDecisions` take decisions only as envelopes signed by their village's keyring
 * (issue #14); the marker is only ever written by such an election, so no election started without it changes.
 */
const SIGNED_DECISIONS = 'signed-decisions';

/**
 * An election with signed decisions started since this change verifies its signed start (roster, approvers, plan and
 * the rest, signed by the town Party committee) against the keyring it reads, before anything else; one that fails
 * ends at once with nothing recorded. Elections with signed decisions started before it replay as they ran.
 */
const SIGNED_STARTS = 'signed-starts';

/**
 * A worker in production mode takes only elections with signed decisions and a signed start, from this change on: an
 * unsigned start fails at once, before anything is recorded. Demo and test workers still take unsigned elections.
 * Unsigned elections started before it replay as they ran.
 */
const SIGNED_ONLY_IN_PRODUCTION = 'signed-only-in-production';

type Outcome = { ok: true; receipt: DecisionReceipt } | Refusal;

/**
 * What one run hands to the next at continue-as-new: the machine, the records (the latest refusals and their count),
 * the running timers. Only a run that really continued from an earlier one takes it.
 */
export interface CarriedElection {
  snapshot: unknown;
  seq: number;
  decisions: DecisionRecord[];
  refusals: RefusalRecord[];
  /** Refusals since the election began; absent when carried by a run from before the cap (then every refusal was carried). */
  refusalCount?: number;
  timers: CarriedTimer[];
  /** An election with signed decisions: its keyring and the decision ids it took. */
  signing?: CarriedSigning;
}

const DEFAULT_HISTORY_LIMIT = 10_000;

/**
 * One village's re-election (the workflow type `villageElection`): hosts the election statechart with XState's pure transition functions.
 * Decisions arrive as updates (validated before they enter history) or signals (refused ones are
 * recorded); they are processed one at a time from a queue; delayed raises are durable timers and
 * named actions run as activities, in order.
 */
export const villageElection = makeVillageElection(MACHINE_VERSIONS);

/** The election workflow over a registry of machine versions (tests add a version of their own). */
export function makeVillageElection(versions: MachineRegistry) {
  return async function villageElection(raw: ElectionInputRaw, carried?: CarriedElection): Promise<ElectionResult> {
    refuseCarriedOnAFreshStart(carried);
    const input = parseInput(raw);
    const version = input.machineVersion ?? 1;
    const electionMachine = machineOf(versions, version);
    // Record keys name the execution: retries share it, a new election under the same id does not.
    const { workflowId, firstExecutionRunId } = workflowInfo();
    const queue: Queued[] = [];
    const outcomes = new Map<number, Outcome>();
    const decisions: DecisionRecord[] = carried?.decisions ?? [];
    const refusals = new RefusalLog(carried);
    let tickets = 0;
    let seq = carried?.seq ?? 0;
    let validated: Validated | undefined;
    const timers = new DurableTimers(
      patched(SETTLED_TIMERS) ? 'settled' : 'legacy',
      (event, timerId, serial) => queue.push({ via: 'timer', event: event as ElectionEvent, timerId, serial }),
      (timerId) => {
        const isStale = (item: Queued) => item.via === 'timer' && item.timerId === timerId;
        if (!queue.some(isStale) || !patched(WITHDRAW_CANCELLED_TIMER_EVENTS)) return;
        queue.splice(0, queue.length, ...queue.filter((item) => !isStale(item)));
      },
    );
    const progress = new Progress(input, timers, { decisions, refusals });
    const signed = input.signedDecisions === true && patched(SIGNED_DECISIONS);
    // Only a fresh start is verified: a continued run's input and carried state come from this workflow's own continue-as-new.
    const verifiesStart = signed && !carried && patched(SIGNED_STARTS);
    // Asked before any local activity: on replay, a patch marker recorded after a local activity's marker in the same
    // workflow task finds no command to match (the code still awaits the activity), which is nondeterminism.
    const checksStart = !carried && patched(START_CHECKS);
    const refusesUnsignedInProduction = checksStart && !signed && patched(SIGNED_ONLY_IN_PRODUCTION);
    // Read before the first message is taken.
    let signing: SignedDecisions | undefined;

    let [snapshot, initialActions]: Step = carried
      ? [restoreSnapshot(electionMachine, carried.snapshot), []]
      : initialTransition(electionMachine, input);

    const now = () => new Date(Date.now()).toISOString();
    const keyOf = (step: string): RecordKey => ({
      key: `${workflowId}/${firstExecutionRunId}/${step}`,
      workflowId,
      town: input.town,
      village: input.village,
      term: input.term,
      at: now(),
    });
    const host = { timers, keyOf };
    const stamp = (value: unknown, at: number) => (value && typeof value === 'object' ? { ...value, at } : value);

    setHandler(statusQuery, () => progress.view(snapshot));
    setHandler(factsQuery, () => electionFacts(snapshot));
    setHandler(
      decideUpdate,
      async (decision) => {
        const ticket = ++tickets;
        // The validator ran just before, in the same activation (replay runs no validators).
        const updateId = currentUpdateInfo()?.id;
        queue.push({
          via: 'update',
          raw: decision,
          ticket,
          validated: validated?.updateId === updateId ? validated : undefined,
          trace: currentTrace(),
        });
        validated = undefined;
        await condition(() => outcomes.has(ticket));
        const outcome = outcomes.get(ticket)!;
        outcomes.delete(ticket);
        if (!outcome.ok) throw ApplicationFailure.nonRetryable(outcome.message, outcome.code);
        return outcome.receipt;
      },
      {
        validator: (decision) => {
          validated = undefined;
          // Until the keyring is read (the first activation), an envelope goes to the queue, verified (or refused and recorded) there.
          if (signed && !signing) return;
          const at = Date.now();
          const verified = signing ? signing.verify(decision, workflowId, at) : undefined;
          if (verified && !verified.ok) refuseBeforeHistory(envelopeSubject(decision), verified.code, verified.reason);
          const admission = admit(snapshot, stamp(verified ? verified.event : decision, at));
          if (!admission.ok) {
            const refusedEvent: unknown = verified ? verified.event : decision;
            const message = unnamed(admission.message, refusedEvent);
            if (verified) refuseBeforeHistory(verified.event, admission.code, message);
            countRefused(input.town, (refusedEvent as { type?: unknown } | null)?.type, admission.code, 'update-validator');
            throw ApplicationFailure.nonRetryable(message, admission.code);
          }
          const updateId = currentUpdateInfo()?.id;
          if (updateId !== undefined) validated = { updateId, snapshot, at, event: admission.event };
        },
      },
    );
    setHandler(decisionSignal, (decision) => {
      queue.push({ via: 'signal', raw: decision, trace: currentTrace() });
    });
    setHandler(calendarSignal, (year) => {
      queue.push({ via: 'calendar', raw: year });
    });
    // Only a trigger: its content is not read, since anyone who may signal the namespace could send a keyring of their
    // own; the keyring comes from the worker's read of the registry. Each signal is one read in its turn: whether an
    // earlier read is still queued when a signal arrives depends on how the SDK splits a task, which replay may not repeat.
    setHandler(keyringChangedSignal, () => {
      if (signed) queue.push({ via: 'keyring' });
    });

    if (verifiesStart) signing = await verifiedStart();
    if (checksStart) await checkStart();
    if (signed && !signing) signing = await SignedDecisions.start(input, carried?.signing);
    progress.announce();
    for (const timer of carried?.timers ?? []) timers.start(timer.id, timer.event, timer.firesAt - Date.now());
    await runActions(initialActions, 0, host);
    progress.publish(snapshot);

    while (snapshot.status === 'active') {
      await condition(() => queue.length > 0);
      const item = queue.shift()!;
      await inTrace('trace' in item ? item.trace : undefined, () => processNext(item));
      if (queue.length === 0 && historyIsLong()) {
        // A long wait (a postponed village) or many rounds must not outgrow Temporal's history limits.
        await condition(allHandlersFinished);
        if (queue.length === 0) {
          await continueAsNew<typeof villageElection>(
            { ...raw, machineVersion: version },
            {
              snapshot: persistSnapshot(electionMachine, snapshot),
              seq,
              decisions: withRecentExplanations(decisions),
              refusals: refusals.kept,
              refusalCount: refusals.total,
              timers: timers.carry(),
              ...(signing ? { signing: signing.carry() } : {}),
            },
          );
        }
      }
    }
    // Decisions that came in while the closing one was processed are refused as such: no update is left
    // waiting for ever (which would keep the workflow open) and no signal goes unrecorded.
    do {
      for (let item = queue.shift(); item; item = queue.shift())
        if (item.via === 'update' || item.via === 'signal') await processNext(item);
      await condition(allHandlersFinished);
    } while (queue.length > 0);
    const { stage } = stageOf(snapshot.value);
    return {
      village: input.village,
      status: stage === 'cancelled' ? 'cancelled' : 'completed',
      stage,
      elected: snapshot.context.elected,
      secretary: snapshot.context.secretary,
      deputy: snapshot.context.deputy,
    };

    function historyIsLong(): boolean {
      const info = workflowInfo();
      return info.continueAsNewSuggested || info.historyLength >= (input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    }

    /**
     * The start checks (see START_CHECKS): refuses what a start input may not switch off, and hands the machine the
     * worker's facts. Fails the workflow, with the field and what is accepted, before anything is recorded.
     */
    async function checkStart(): Promise<void> {
      const problems = safeguardProblems(input.plan).map((p) => `plan.${p.path}: got ${p.value} (${p.message})`);
      if (problems.length) throw ApplicationFailure.nonRetryable(`invalid election input: ${problems.join('; ')}`, 'INVALID_INPUT');
      const shortened = Object.values(input.plan.durationOverridesMs ?? {}).some((ms) => ms !== undefined);
      if (!shortened && version < 2 && !refusesUnsignedInProduction) return;
      const facts = await workerActivities.workerFacts.executeWithOptions(
        { summary: 'Ask the worker its mode and the official holiday calendars it knows' },
        [],
      );
      if (shortened && facts.mode === 'production') {
        throw ApplicationFailure.nonRetryable(
          'invalid election input: plan.durationOverridesMs shortens the statutory periods, which only a worker in demo or test mode accepts (ELECTION_WORKER_MODE=demo or test, set where the worker runs); this worker runs in production mode: leave durationOverridesMs out of the town plan',
          'INVALID_INPUT',
        );
      }
      if (refusesUnsignedInProduction && facts.mode === 'production') {
        throw ApplicationFailure.nonRetryable(
          'start refused: signedDecisions: got nothing; accepted: true, with a start signed by a member of the town Party committee (election start --signed-decisions --key FILE). This worker runs in production mode, which takes only elections whose decisions and start are signed; nothing was recorded',
          'UNSIGNED_START',
        );
      }
      [snapshot] = transition(electionMachine, snapshot, { type: 'WORKER_FACTS', ...facts, at: Date.now() });
    }

    /**
     * Reads the village's keyring and verifies the signed start against it at the time Temporal started the run: a start
     * that is unsigned, forged, expired, for another workflow or by someone not entitled fails the workflow here, before
     * any record, notice or timer.
     */
    async function verifiedStart(): Promise<SignedDecisions> {
      const reading = await SignedDecisions.start(input);
      const context = {
        workflowId,
        villageWorkflowId: electionWorkflowId(input.term, input.town, input.village),
        now: workflowInfo().runStartTime.getTime(),
      };
      const verdict = reading.verifyStart(raw, context);
      if (!verdict.ok) {
        log.warn('signed start refused', { code: verdict.code });
        throw ApplicationFailure.nonRetryable(`start refused: ${verdict.reason}; nothing was recorded`, verdict.code);
      }
      log.info('signed start verified', { keyId: verdict.keyId, personId: verdict.by.id });
      return reading;
    }

    async function processNext(item: Queued): Promise<void> {
      if (item.via === 'timer') {
        if (!timers.take(item.timerId, item.serial)) return;
        await apply(item.event, transition(electionMachine, snapshot, item.event));
        return;
      }
      if (item.via === 'calendar') {
        await takeCalendarNotice(item.raw);
        return;
      }
      if (item.via === 'keyring') {
        await signing?.refresh();
        return;
      }
      const taken = take(item);
      if (!taken.ok) {
        const subject = signed ? envelopeSubject(item.raw) : item.raw;
        const refused = { ...taken, message: unnamed(taken.message, item.raw) };
        await refuse(subject, refused.code, refused.message, item.via);
        if (item.via === 'update') outcomes.set(item.ticket, refused);
        return;
      }
      signing?.taken(item.raw, Date.now());
      countAccepted(input.town, taken.event.type, item.via);
      const receipt = await apply(taken.event, taken.step, signed ? item.raw : undefined);
      if (item.via === 'update') outcomes.set(item.ticket, { ok: true, receipt });
    }

    /**
     * Admits a message and works out its transition. Whatever goes wrong in either is a refusal with its
     * reason: a message's content never fails the workflow task.
     */
    function take(item: Message): { ok: true; event: DecisionEvent; step: Step } | Refusal {
      // An update was validated when it arrived; an earlier event in the queue may have moved the stage since,
      // and the time is part of the decision (`at`), so its admission holds only for the same snapshot and time.
      // A signed one is verified again: a decision id taken or a keyring read since its validation changes the verdict.
      const earlier = item.via === 'update' && !signed ? item.validated : undefined;
      let decision = item.raw;
      if (signed) {
        if (!signing) return { ok: false, code: 'UNCHECKABLE', message: "the village's keyring is not read yet; nothing was changed" };
        const verified = signing.verify(item.raw, workflowId, Date.now());
        if (!verified.ok) return { ok: false, code: verified.code, message: verified.reason };
        decision = verified.event;
      }
      const admission =
        earlier && earlier.snapshot === snapshot && earlier.at === Date.now()
          ? { ok: true as const, event: earlier.event }
          : admit(snapshot, stamp(decision, Date.now()));
      if (!admission.ok) return admission;
      try {
        return { ok: true, event: admission.event, step: transition(electionMachine, snapshot, admission.event) };
      } catch (err) {
        return {
          ok: false,
          code: 'UNPROCESSABLE',
          message: `${admission.event.type} could not be processed (${reasonOf(err)}); nothing was changed`,
        };
      }
    }

    /** A holiday notice from the `calendar` signal: validated again here, then counted with from now on (version 2 on). */
    async function takeCalendarNotice(raw: unknown): Promise<void> {
      const refused = { type: 'CALENDAR_NOTICE' };
      const parsed = calendarYearSchema.safeParse(raw);
      if (!parsed.success) {
        await refuse(refused, 'INVALID_CALENDAR_NOTICE', `calendar notice: ${describeZodIssues(parsed.error, raw).join('; ')}`, 'signal');
        return;
      }
      if (version < 2) {
        const reason = `the notice for ${parsed.data.year} does not apply: this election runs on machine version 1, which counts its periods with its town plan's calendar`;
        await refuse(refused, 'CALENDAR_NOT_IN_VERSION', reason, 'signal');
        return;
      }
      const event: ElectionEvent = { type: 'CALENDAR_NOTICE', year: parsed.data, running: timers.carry().map((t) => t.id), at: Date.now() };
      await apply(event, transition(electionMachine, snapshot, event));
    }

    /** Takes an event's transition; a decision is recorded, with the signed envelope it came in when it came in one. */
    async function apply(event: ElectionEvent, [next, actions]: Step, envelope?: unknown): Promise<DecisionReceipt> {
      const previous = snapshot;
      const before = stageOf(snapshot.value).stage;
      const warned = snapshot.context.warnings;
      snapshot = next;
      seq += 1;
      // Worked out from the two snapshots alone: no command, so a replay of a history from before it runs as it ran.
      const explanation = 'by' in event ? explained(previous, event, next) : [];
      if ('by' in event) await recordDecision(event, before, envelope, explanation);
      await runActions(actions, seq, host);
      const view = progress.publish(snapshot);
      const warnings = newWarnings(warned, snapshot.context.warnings);
      return {
        seq,
        stage: view.stage,
        step: view.step,
        awaitingRoles: view.awaitingRoles,
        ...(warnings.length ? { warnings } : {}),
        ...(explanation.length ? { explanation } : {}),
      };
    }

    async function recordDecision(event: DecisionEvent, stage: string, envelope: unknown, followed: Explanation[]): Promise<void> {
      const { type, by, at: _at, ...payload } = event;
      const record: DecisionRecord = {
        seq,
        type,
        by,
        at: now(),
        stage: stage as DecisionRecord['stage'],
        summary: summarise(type, payload),
        ...(followed.length ? { followed } : {}),
      };
      decisions.push(record);
      // The envelope as received, which the audit verifies again from the store alone; an unsigned election's input is as before.
      const signedBy = envelope === undefined ? {} : { envelope };
      // The facts after the decision go with it (sealed like every activity input): the store keeps the latest, which
      // the printed papers are made from once Temporal has forgotten the history. A new input field adds no command.
      const facts = electionFacts(snapshot);
      await activities.recordDecision({ ...keyOf(`decision/${seq}`), seq, type, by, stage, payload, ...signedBy, facts });
    }

    /**
     * Refuses a signed election's update in its validator: it never enters history, so the worker writes it to the
     * store's refusals through the audit sink (with the actor only when the envelope verified), and the sender gets it.
     */
    function refuseBeforeHistory(subject: unknown, code: string, reason: string): never {
      const { at: _at, ...refusal } = refusalRecord(subject, code, reason, 'update', now());
      log.warn('signed decision refused by the update validator', { type: refusal.type, code: refusal.code, via: 'update' });
      countRefused(input.town, refusal.type, refusal.code, 'update-validator');
      audit.updateRefused({ ...keyOf(`update-refused/${(currentUpdateInfo()?.id ?? `at-${Date.now()}`).slice(0, 100)}`), ...refusal });
      throw ApplicationFailure.nonRetryable(reason, code);
    }

    /** A refusal's reason naming members by id and quoting no name: the view, the sender and the store's log read it. */
    function unnamed(reason: string, message: unknown): string {
      return withoutNames(reason, { roster: snapshot.context.roster, written: writtenNamesOf(message) });
    }

    async function refuse(rawEvent: unknown, code: string, reason: string, via: RefusalVia): Promise<void> {
      // A refused decision's fields may be anything at all (an object with a `toString` key where the type belongs):
      // they are quoted and cut short, never converted, and only a well-formed actor is kept and stored.
      const record = refusalRecord(rawEvent, code, reason, via, now());
      const number = refusals.add(record);
      const { at: _at, ...refusal } = record;
      // The log gets the refusal's number and code, not its reason: a reason quotes the value refused, which may be
      // a person's name; the reason is in the status view and the store, where access is the town office's.
      log.warn('decision refused', { number, type: refusal.type, code: refusal.code, via });
      countRefused(input.town, refusal.type, refusal.code, via);
      await activities.recordRefusal({ ...keyOf(`refusal/${number}`), ...refusal });
    }
  };
}

/**
 * The second argument is the state a run hands to the next at continue-as-new. A fresh start that passes one would
 * choose the stage, the timers and the record of decisions itself: it fails the workflow, naming the problem.
 */
function refuseCarriedOnAFreshStart(carried: CarriedElection | undefined): void {
  if (carried === undefined || workflowInfo().continuedFromExecutionRunId) return;
  throw ApplicationFailure.nonRetryable(
    'carried: got a second argument on a fresh start; accepted: the election input alone (the state carried over at continue-as-new is taken only by a run that continued from an earlier one)',
    'CARRIED_STATE_REFUSED',
  );
}

/** The statechart version an election runs on; an unknown one fails the workflow, since no code here can run it. */
function machineOf(versions: MachineRegistry, version: number): MachineRegistry[number] {
  const machine = versions[version];
  if (!machine) {
    throw ApplicationFailure.nonRetryable(
      `machineVersion: got ${version}; this worker knows versions ${Object.keys(versions).join(', ')}`,
      'UNKNOWN_MACHINE_VERSION',
    );
  }
  return machine;
}

function parseInput(raw: ElectionInputRaw): ElectionInput {
  const parsed = electionInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(`invalid election input: ${describeZodIssues(parsed.error, raw).join('; ')}`, 'INVALID_INPUT');
  }
  return parsed.data;
}

/**
 * Why a decision led where it did; an explanation that cannot be worked out is left out, never a failed workflow task:
 * it only describes a transition already taken.
 */
function explained(before: ElectionSnapshot, event: DecisionEvent, after: ElectionSnapshot): Explanation[] {
  try {
    return explainDecision(before, event, after);
  } catch (err) {
    // The error's kind, not its text: an explanation's error may quote a member's name from the roster.
    log.warn('a decision could not be explained', { type: event.type, error: err instanceof Error ? err.name : typeof err });
    return [];
  }
}

/**
 * A one-line summary of a decision's payload for the status view (tallies shortened): personal values are left to the
 * outcome store's record (machines/personal.ts), since whoever may query the village reads the view.
 */
function summarise(type: DecisionEvent['type'], payload: Record<string, unknown>): string {
  const text = JSON.stringify(minimisedPayload(type, payload));
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

export type { ElectionSnapshot };
