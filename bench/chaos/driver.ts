import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { nextScriptedDecision, type OfficeScript } from '../../client/demo/townOffice';
import type { PublicView } from '../../machines/view';
import { decideUpdate, statusQuery, type DecisionReceipt } from '../../workflows/contract';

const QUERY_DEADLINE_MS = 5_000;
const UPDATE_DEADLINE_MS = 10_000;
/** Between status queries while a village waits on a timer: every query also runs on the worker's workflow thread. */
const IDLE_PAUSE_MS = 300;
const ERROR_PAUSE_MS = 1_000;

/** One village the driver moves on, and what it learnt about its decisions. */
export interface DrivenVillage {
  workflowId: string;
  handle: WorkflowHandle;
  script: OfficeScript;
  /** Receipts of the decisions the driver saw accepted, by decision number (1 = the first decision). */
  receipts: Map<number, DecisionReceipt>;
  /** The decision whose update outcome was lost with the connection, until a view or a resend settles it. */
  unknown?: { number: number; type: string };
  /** Known refusals per decision number: the next attempt at that number needs a fresh update id. */
  refusedAttempts: Map<number, number>;
  /** Set when a decision with a receipt is missing from the view: the drive stops there. */
  lost?: string;
  /** The last view read; after the drive, the view that showed the village closed. */
  view?: PublicView;
  /**
   * Set once the village was reset to an earlier point (`temporal workflow reset`): its decisions from `number` on
   * are sent again under fresh update ids, and by a differently named officer, so that the reset branch's records
   * differ from the abandoned branch's at the same steps and the store must keep both.
   */
  reset?: { number: number; resets: number };
  /** The longest the drive waited between two accepted decisions of this village, in milliseconds. */
  longestGapMs: number;
  lastAcceptedAt?: number;
  /** The drive's steps in turn; see {@link betweenSteps}. */
  turn: Promise<void>;
}

/** What the driver did, summed over the villages. */
export interface DriverFigures {
  updatesSent: number;
  accepted: number;
  /** Updates refused with a reason (validator or at processing): a known outcome, nothing recorded twice. */
  refused: number;
  /** Updates whose outcome the driver never heard (deadline, dropped connection, server down). */
  unknownOutcomes: number;
  /** Of those, found accepted by a later status query (so not sent again). */
  unknownFoundApplied: number;
  /** Of those, sent again because the status showed them not applied (under the same update id). */
  resentAfterUnknown: number;
  /** A decision the driver had a receipt for that its view did not show: never resent, always a bug. */
  receiptsMissingFromView: number;
  queryErrors: number;
  refusals: { workflowId: string; number: number; type: string; reason: string }[];
}

export const emptyDriverFigures = (): DriverFigures => ({
  updatesSent: 0,
  accepted: 0,
  refused: 0,
  unknownOutcomes: 0,
  unknownFoundApplied: 0,
  resentAfterUnknown: 0,
  receiptsMissingFromView: 0,
  queryErrors: 0,
  refusals: [],
});

/** What every village's drive shares: the client, a cap on calls in flight, the figures, a stop. */
export interface DriveContext {
  client: Client;
  limit: Limiter;
  figures: DriverFigures;
  random: () => number;
  signal: AbortSignal;
}

/** At most `size` calls at once, so a hundred villages do not swamp a two-core dev server. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await fn();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

const rpc = <T>(ctx: DriveContext, deadlineMs: number, fn: () => Promise<T>): Promise<T> =>
  ctx.limit.run(() => ctx.client.connection.withDeadline(Date.now() + deadlineMs, fn));

/** A jittered pause, short enough that a stop need not interrupt it. */
const pause = (ctx: DriveContext, ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms * (0.5 + ctx.random())));

/**
 * Marks a village reset to an earlier point: it kept its first `kept` decisions, so the receipts of the later ones
 * belong to the abandoned branch and the next decisions go out again, as the reset branch's.
 */
export function resetVillage(village: DrivenVillage, kept: number): void {
  for (const number of [...village.receipts.keys()]) if (number > kept) village.receipts.delete(number);
  for (const number of [...village.refusedAttempts.keys()]) if (number > kept) village.refusedAttempts.delete(number);
  village.unknown = undefined;
  village.reset = { number: kept + 1, resets: (village.reset?.resets ?? 0) + 1 };
}

/** Runs fn between two steps of the village's drive, never during one: a reset must not land in a decision in flight. */
export function betweenSteps<T>(village: DrivenVillage, fn: () => Promise<T>): Promise<T> {
  const turn = village.turn.then(fn);
  village.turn = turn.then(
    () => undefined,
    () => undefined,
  );
  return turn;
}

/**
 * Keeps sending the scripted town office's next decision until the village closes. Before anything
 * is sent again after an unknown outcome, the status query decides: if the view's decisions grew,
 * the decision was accepted and is not resent. The resend reuses the update id, which Temporal
 * deduplicates, for the one case a view cannot see: accepted into history but not yet applied.
 */
export async function driveVillage(village: DrivenVillage, ctx: DriveContext): Promise<void> {
  while (!ctx.signal.aborted) {
    const next = await betweenSteps(village, () => step(village, ctx));
    if (next === 'closed') return;
    if (next !== 'sent') await pause(ctx, next === 'idle' ? IDLE_PAUSE_MS : ERROR_PAUSE_MS);
  }
}

/** One look at the village and, if the office has a decision to make, one decision sent. */
async function step(village: DrivenVillage, ctx: DriveContext): Promise<'closed' | 'idle' | 'sent' | 'failed'> {
  const { figures } = ctx;
  let view: PublicView;
  try {
    view = await rpc(ctx, QUERY_DEADLINE_MS, () => village.handle.query(statusQuery));
  } catch {
    figures.queryErrors += 1;
    return 'failed';
  }
  village.view = view;
  const applied = view.decisions.length;
  if (village.unknown && applied >= village.unknown.number) {
    figures.unknownFoundApplied += 1;
    village.unknown = undefined;
  }
  if (view.status !== 'running') return 'closed';
  const decision = nextScriptedDecision(view, village.script);
  if (!decision) return 'idle';
  const number = applied + 1;
  if (village.receipts.has(number)) {
    // Sending again could record it twice; leave the village unfinished so the run fails and names it.
    figures.receiptsMissingFromView += 1;
    village.lost = `decision #${number} was accepted (receipt seq ${village.receipts.get(number)!.seq}) but the status shows ${applied} decisions`;
    return 'closed';
  }
  if (village.unknown?.number === number) figures.resentAfterUnknown += 1;
  const attempt = village.refusedAttempts.get(number) ?? 0;
  const branch = village.reset && number >= village.reset.number ? village.reset.resets : 0;
  const updateId = `${village.workflowId}/decision-${number}${branch ? `/reset-${branch}` : ''}${attempt ? `/after-refusal-${attempt}` : ''}`;
  const sent = branch
    ? { ...decision, by: { ...decision.by, name: `${decision.by.name ?? decision.by.id} (after reset ${branch})` } }
    : decision;

  figures.updatesSent += 1;
  try {
    const receipt = await rpc(ctx, UPDATE_DEADLINE_MS, () => village.handle.executeUpdate(decideUpdate, { args: [sent], updateId }));
    figures.accepted += 1;
    village.receipts.set(number, receipt);
    village.unknown = undefined;
    const now = Date.now();
    if (village.lastAcceptedAt !== undefined) village.longestGapMs = Math.max(village.longestGapMs, now - village.lastAcceptedAt);
    village.lastAcceptedAt = now;
    return 'sent';
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      figures.refused += 1;
      figures.refusals.push({ workflowId: village.workflowId, number, type: decision.type, reason: err.cause?.message ?? err.message });
      village.refusedAttempts.set(number, attempt + 1);
      village.unknown = undefined;
    } else {
      figures.unknownOutcomes += 1;
      village.unknown = { number, type: decision.type };
    }
    return 'failed';
  }
}
