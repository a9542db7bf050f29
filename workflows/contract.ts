import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { NoticeDeliveryInput, NoticeInput, PostedNotice } from '../activities/contract';
import type { ElectionInputRaw } from '../machines/input';
import type { ElectionFacts } from '../machines/facts';
import type { Explanation } from '../machines/explain';
import type { PublicView } from '../machines/view';
import type { StageId } from '../machines/stages';
import type { Role } from '../machines/roles';
import type { ElectionWarning } from '../machines/warnings';

/** The workflow type every village's election runs as. */
export const WORKFLOW_TYPE = 'villageElection';
/** The task queue the election worker polls. */
export const TASK_QUEUE = 'village-elections';

/** Stable workflow id of one village's election in one term: re-starting never duplicates a village. */
export const electionWorkflowId = (term: number, town: string, village: string) => `reelection/${term}/${town}/${village}`;

/**
 * The village a workflow id belongs to: its election's own id, or a workflow started for it (a notice's delivery is
 * `<election id>/<run>/<step>/delivery`). Town and village names hold no "/", so the first four parts say it.
 */
export function villageOfWorkflowId(workflowId: string): { term: number; town: string; village: string } | undefined {
  const match = /^reelection\/(\d{4})\/([^/]+)\/([^/]+)(?:\/.+)?$/.exec(workflowId);
  return match ? { term: Number(match[1]), town: match[2]!, village: match[3]! } : undefined;
}

/** The workflow type of one notice's delivery, which runs on its own after the election has moved on. */
export const NOTICE_DELIVERY_TYPE = 'noticeDelivery';

/** The workflow id of a notice's delivery: one per stored notice, so the same notice is never delivered by two at once. */
export const noticeDeliveryId = (noticeKey: string) => `${noticeKey}/delivery`;

/** What a posted notice's delivery workflow is started with. */
export const noticeDeliveryInput = (notice: NoticeInput, posted: PostedNotice): NoticeDeliveryInput => ({
  noticeKey: posted.key,
  kind: notice.kind,
  audience: notice.audience,
  village: notice.village,
  town: notice.town,
  deliveries: posted.deliveries,
  retry: posted.retry,
});

/** What an accepted decision returns to its sender. */
export interface DecisionReceipt {
  seq: number;
  stage: StageId;
  step?: string;
  awaitingRoles: Role[];
  /** What this decision raised that does not block it: targets not met, an exception granted (absent when none). */
  warnings?: ElectionWarning[];
  /** What the decision led to and why: the figures the rules decided with and what followed (machines/explain.ts). */
  explanation?: Explanation[];
}

/**
 * A decision or record (see machines/events.ts for each payload). As an update it is validated
 * before it enters history and refused with a reason naming the stage and the roles that may act.
 */
export const decideUpdate = defineUpdate<DecisionReceipt, [unknown]>('decide');

/**
 * The same decision as a signal, for the Temporal UI or `temporal workflow signal`: an invalid one
 * is recorded as refused (see the status query's `refusals`) and never fails the workflow.
 */
export const decisionSignal = defineSignal<[unknown]>('decision');

/**
 * A State Council holiday notice an office loaded (`election calendar load`), sent to every running election: one
 * year's calendar (machines/rules/holidays.ts, `calendarYearSchema`). The workflow validates it again; an election on
 * machine version 2 or later counts its periods with it from then on, and a timer running over that year is counted
 * again. A notice that does not validate, or reaches an election on version 1, is recorded as refused.
 */
export const calendarSignal = defineSignal<[unknown]>('calendar');

/**
 * The people registry changed (a key revoked, an assignment ended): an election with signed decisions reads its keyring
 * again, through the worker. What the signal carries is ignored: anyone who may signal the namespace could send it.
 */
export const keyringChangedSignal = defineSignal<[unknown?]>('keyringChanged');

/**
 * The public view of the village's election: stage, pending decisions, deadlines, decisions so far. A query names no
 * caller, so the view is what every role acting on the village needs, and no more: members by id, an objection's
 * candidate and grounds for the inspection team and the town committee (never who filed it), decisions summarised
 * without their personal fields (machines/personal.ts), refusals that never quote a personal value and name members by
 * id only (`withoutNames`). The roster by name is the `facts` query's, which the desk reads for a person whose
 * assignments cover the village; the outcome store keeps the complete record.
 */
export const statusQuery = defineQuery<PublicView>('status');

/**
 * The facts behind the view (machines/facts.ts): the roster by name, seats, nominees who passed, attendance, the ballot
 * and its rounds, for the desk's forms and the printed papers. It holds personal data (never who filed an objection):
 * whoever may query the namespace and holds the codec's keys reads it; the desk asks it only for a person in scope.
 */
export const factsQuery = defineQuery<ElectionFacts>('facts');

/** How the election ended, as the workflow returns it. */
export interface ElectionResult {
  village: string;
  status: 'completed' | 'cancelled';
  stage: StageId;
  elected: string[];
  secretary?: string;
  deputy?: string;
}

export type { ElectionInputRaw };
