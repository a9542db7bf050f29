import {
  ApplicationFailure,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { performance } from 'node:perf_hooks';
import { demoRoster } from '../client/demo/heluo';
import { demoSeats, nextScriptedDecision, type OfficeScript } from '../client/demo/townOffice';
import type { DecisionEvent } from '../machines/events';
import type { ElectionInputRaw } from '../machines/input';
import type { PublicView } from '../machines/view';
import { decideUpdate, statusQuery, WORKFLOW_TYPE } from '../workflows/contract';
import type { villageElection } from '../workflows';
import { BARE_WORKFLOW_TYPE, bareDecideUpdate, type BareInput, type BareOp, type bareVillage } from './baseline/workflows';
import type { Contender } from './environment';

const TOWN = 'Benchtown';
const TERM = 2026;
/** Every bench village has the same roster (Qilipu's, 38 members), so every village takes the same decisions. */
const ROSTER = demoRoster('Qilipu', 38);
const TODAY = '2026-11-24';

/** A village of the bench county: the demo roster, the publicity and notice lead timers zero-length. */
export function villageInput(village: string): ElectionInputRaw {
  return {
    town: TOWN,
    village,
    term: TERM,
    method: 'two-recommendations-one-election',
    roster: ROSTER,
    approvers: {},
    // A zero delay is delivered at once by the host; approval reminders keep their calendar length and are cancelled by the next decision.
    plan: { durationOverridesMs: { publicity: 0, conferenceNotice: 0 } },
  };
}

const script: OfficeScript = { roster: ROSTER, representatives: 24, ...demoSeats(ROSTER), today: TODAY };

/** One run's workflow ids are unique, so that phases never meet an earlier run's village. */
export const villageId = (phase: string, i: number) => `bench/${phase}/v${String(i).padStart(4, '0')}`;

/** A village's name from its workflow id, as unique: a name may not hold the "/" that separates a workflow id's parts. */
export const villageNameOf = (workflowId: string) => workflowId.replaceAll('/', ':');

/**
 * The happy path's decisions, in order, as the scripted town office gives them to one probe village
 * (asking the village's status before each). Every bench village then sends this list without asking.
 */
export async function scriptedDecisions(client: Client, taskQueue: string, workflowId: string): Promise<DecisionEvent[]> {
  const handle = await client.workflow.start<typeof villageElection>(WORKFLOW_TYPE, {
    taskQueue,
    workflowId,
    args: [villageInput('probe')],
  });
  const decisions: DecisionEvent[] = [];
  let idle = 0;
  for (let view = await handle.query(statusQuery); view.status === 'running'; view = await handle.query(statusQuery)) {
    const decision = nextScriptedDecision(view, script);
    if (!decision) {
      // A zero-length timer's event waits in the host's queue behind an activity for a moment.
      if (++idle > 100)
        throw new Error(`the scripted office has nothing to decide at ${describe(view)}, and a bench village has no timer to wait for`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    idle = 0;
    await handle.executeUpdate(decideUpdate, { args: [decision] });
    decisions.push(decision);
  }
  const result = await handle.result();
  if (result.status !== 'completed') throw new Error(`the probe village ended ${result.status} at ${result.stage}, not completed`);
  return decisions;
}

const describe = (view: PublicView) =>
  `${view.stage}/${view.step ?? ''} (pending: ${view.pending.map((p) => p.decision).join(', ') || 'nothing'})`;

/** How long one decision is retried: a saturated server may take minutes to take a decision in. */
const PATIENCE_MS = 600_000;

/**
 * What the driver saw: each decision's round trip (from its first call to its answer, through any RPC
 * timeouts; a refused call's wait is not counted), each whole village driven to its end (from its start
 * call to its result), the refusals it retried, and the update calls the server timed out ("context
 * deadline exceeded") before the workflow took the update in.
 */
export interface DriveLog {
  latenciesMs: number[];
  villagesMs: number[];
  retries: number;
  rpcTimeouts: number;
}

/** An empty log. */
export const driveLog = (): DriveLog => ({ latenciesMs: [], villagesMs: [], retries: 0, rpcTimeouts: 0 });

/** How many decisions of the list a village is sent, and whether the driver waits for its end. */
export interface DriveOptions {
  decisions: DecisionEvent[];
  /** Stop after this many decisions, leaving the village parked (running) waiting for the next one. */
  stopAfter?: number;
  log: DriveLog;
}

/** Starts one village of either contender and sends it its decisions as updates, one after the other. */
export async function driveVillage(
  client: Client,
  contender: Contender,
  taskQueue: string,
  workflowId: string,
  plan: BareOp[][],
  options: DriveOptions,
): Promise<void> {
  const started = performance.now();
  const input = villageInput(villageNameOf(workflowId));
  const handle: WorkflowHandle =
    contender === 'ours'
      ? await client.workflow.start<typeof villageElection>(WORKFLOW_TYPE, { taskQueue, workflowId, args: [input] })
      : await client.workflow.start<typeof bareVillage>(BARE_WORKFLOW_TYPE, {
          taskQueue,
          workflowId,
          args: [bareInput(workflowId, plan, input)],
        });
  const update = contender === 'ours' ? decideUpdate : bareDecideUpdate;
  const decisions = options.decisions.slice(0, options.stopAfter ?? options.decisions.length);
  for (const [index, decision] of decisions.entries()) {
    const giveUpAt = performance.now() + PATIENCE_MS;
    let refusals = 0;
    let began = performance.now();
    for (let pause = 10; ; pause = Math.min(pause * 2, 250)) {
      // The same id after an RPC timeout attaches to the update the server may already hold; a refused one is sent anew.
      const updateId = `${workflowId}/${index}/${refusals}`;
      try {
        await handle.executeUpdate(update, { args: [decision], updateId });
        options.log.latenciesMs.push(performance.now() - began);
        break;
      } catch (err) {
        const refused = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure;
        const timedOut = err instanceof WorkflowUpdateRPCTimeoutOrCancelledError;
        if ((!refused && !timedOut) || performance.now() > giveUpAt) {
          throw new Error(`${workflowId}: ${decision.type} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        if (timedOut) {
          options.log.rpcTimeouts += 1;
          continue;
        }
        // Refused: the village has not yet taken a zero-length timer's event, queued behind an activity.
        options.log.retries += 1;
        refusals += 1;
        await new Promise((resolve) => setTimeout(resolve, pause));
        began = performance.now();
      }
    }
  }
  if (options.stopAfter === undefined) {
    await handle.result();
    options.log.villagesMs.push(performance.now() - started);
  }
}

/** The bare village's input: the plan, and the host's start input carried along for an equal first event. */
export function bareInput(village: string, steps: BareOp[][], carried: unknown): BareInput {
  return { town: TOWN, village, term: TERM, steps, carried };
}
