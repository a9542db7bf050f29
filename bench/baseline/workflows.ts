import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  defineUpdate,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ElectionActivities } from '../../activities/contract';
import type { Actor } from '../../machines/roles';
import type { NoticeKind, Audience } from '../../machines/notices';
import type { OutcomeStatus } from '../../machines/outcome';
import { searchAttributes } from '../../workflows/searchAttributes';

/**
 * One thing the XState host did in a village's history, for the bare workflow to do again without a
 * statechart: an activity (with the notice kind or outcome status it carried), a timer started or
 * cancelled, a search attribute upsert, or the reply to the update being processed.
 */
export type BareOp =
  | { op: 'recordDecision' }
  | { op: 'sendNotice'; kind: NoticeKind; audience: Audience }
  | { op: 'postNotice'; kind: NoticeKind; audience: Audience }
  | { op: 'recordOutcome'; status: OutcomeStatus }
  | { op: 'recordRefusal' }
  | { op: 'workerFacts' }
  | { op: 'startTimer' }
  | { op: 'cancelTimer' }
  | { op: 'upsert' }
  | { op: 'reply' };

/** The bare village: what to do at the start (`steps[0]`) and after each accepted update (`steps[i]`). */
export interface BareInput {
  town: string;
  village: string;
  term: number;
  steps: BareOp[][];
  /** The XState host's start input, carried unread so that both histories start with the same payload. */
  carried?: unknown;
}

/** What the bare village answers to an update: the same shape as the host's receipt. */
export interface BareReceipt {
  seq: number;
  stage: string;
  awaitingRoles: string[];
}

/** The workflow type of the bare baseline. */
export const BARE_WORKFLOW_TYPE = 'bareVillage';

/** A decision for the bare village: accepted when it names a type and a sender and the plan has a step for it. */
export const bareDecideUpdate = defineUpdate<BareReceipt, [unknown]>('decide');

/** The notice's outbox write and the worker's facts, local as in the measured workflow. */
const localActivities = proxyLocalActivities<ElectionActivities>({ startToCloseTimeout: '15 seconds' });

const activities = proxyActivities<ElectionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The host's approval timers last days and are cancelled by the next decision; so do these. */
const TIMER_MS = 7 * 24 * 3600 * 1000;

/**
 * The bare baseline (workflow type `bareVillage`): the same updates, activities, timers and search
 * attribute upserts as one measured village of the XState host, in the same order, with no statechart,
 * no rules and no input parsing. Updates queue like the host's and are answered at the same point.
 */
export async function bareVillage(input: BareInput): Promise<{ village: string; steps: number }> {
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const queue: { ticket: number; decision: Decision }[] = [];
  const replies = new Map<number, BareReceipt>();
  const timers: CancellationScope[] = [];
  let accepted = 0;
  let seq = 0;
  let upserts = 0;

  setHandler(
    bareDecideUpdate,
    async (raw) => {
      const ticket = ++accepted;
      queue.push({ ticket, decision: raw as Decision });
      await condition(() => replies.has(ticket));
      const receipt = replies.get(ticket)!;
      replies.delete(ticket);
      return receipt;
    },
    {
      validator: (raw) => {
        const decision = raw as Partial<Decision> | null;
        if (typeof decision?.type !== 'string' || typeof decision.by?.id !== 'string' || typeof decision.by.role !== 'string') {
          throw ApplicationFailure.nonRetryable(
            `decision: got ${JSON.stringify(raw)?.slice(0, 80)}; accepted: an object with a type and a sender (by.id, by.role)`,
            'INVALID_DECISION',
          );
        }
        if (accepted >= input.steps.length - 1) {
          throw ApplicationFailure.nonRetryable(
            `decision ${decision.type}: the plan has ${input.steps.length - 1} decisions, all taken`,
            'PLAN_EXHAUSTED',
          );
        }
      },
    },
  );

  const keyOf = (step: string) => ({
    key: `${workflowId}/${firstExecutionRunId}/${step}`,
    workflowId,
    town: input.town,
    village: input.village,
    term: input.term,
    at: new Date(Date.now()).toISOString(),
  });

  async function perform(ops: BareOp[], current?: { ticket: number; decision: Decision }): Promise<void> {
    for (const [index, step] of ops.entries()) {
      switch (step.op) {
        case 'recordDecision': {
          seq += 1;
          const { type, by, ...payload } = current!.decision;
          await activities.recordDecision({ ...keyOf(`decision/${seq}`), seq, type, by, stage: 'bare', payload });
          break;
        }
        case 'sendNotice':
          await activities.sendNotice.executeWithOptions(
            { startToCloseTimeout: '1 minute', summary: `Send notice "${step.kind}" to ${step.audience}` },
            [{ ...keyOf(`step/${seq}/${index}`), kind: step.kind, audience: step.audience, facts: {} }],
          );
          break;
        case 'postNotice':
          await localActivities.postNotice({ ...keyOf(`step/${seq}/${index}`), kind: step.kind, audience: step.audience, facts: {} });
          break;
        case 'recordOutcome':
          await activities.recordOutcome.executeWithOptions(
            { startToCloseTimeout: '1 minute', summary: `Record the village's outcome: ${step.status}` },
            [{ ...keyOf(`step/${seq}/${index}`), status: step.status, facts: {} }],
          );
          break;
        case 'workerFacts':
          await localActivities.workerFacts();
          break;
        case 'recordRefusal':
          await activities.recordRefusal({
            ...keyOf(`refusal/${index}`),
            type: current?.decision.type ?? 'unknown',
            code: 'BARE',
            reason: 'bare',
            via: 'update',
          });
          break;
        case 'startTimer': {
          const scope = new CancellationScope();
          timers.push(scope);
          scope
            .run(() => sleep(TIMER_MS, { summary: 'Remind the approver of the pending decision' }))
            .catch((err) => {
              if (!isCancellation(err)) throw err;
            });
          break;
        }
        case 'cancelTimer':
          timers.shift()?.cancel();
          break;
        case 'upsert':
          publish(index);
          break;
        case 'reply':
          if (current) replies.set(current.ticket, { seq, stage: `step-${current.ticket}`, awaitingRoles: [] });
          break;
      }
    }
  }

  function publish(index: number): void {
    upserts += 1;
    if (upserts === 1) {
      upsertSearchAttributes([
        { key: searchAttributes.town, value: input.town },
        { key: searchAttributes.village, value: input.village },
        { key: searchAttributes.term, value: input.term },
      ]);
      return;
    }
    upsertSearchAttributes([
      { key: searchAttributes.stage, value: `step-${accepted}` },
      { key: searchAttributes.awaitingRole, value: [] },
      { key: searchAttributes.category, value: null },
      { key: searchAttributes.postponed, value: false },
    ]);
    setCurrentDetails(`**${input.village}**, ${input.town}, term ${input.term}\n\n**Step:** ${accepted}.${index}`);
  }

  await perform(input.steps[0] ?? []);
  for (let step = 1; step < input.steps.length; step += 1) {
    await condition(() => queue.length > 0);
    await perform(input.steps[step]!, queue.shift());
  }
  await condition(allHandlersFinished);
  return { village: input.village, steps: input.steps.length };
}

interface Decision {
  type: string;
  by: Actor;
  [field: string]: unknown;
}
