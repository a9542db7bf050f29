import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { resolveTemporalCli } from '../../client/tools';

const EventType = temporal.api.enums.v1.EventType;

/** Where a village was reset to: the event of its history, and how many of its decisions the reset kept. */
export interface ResetPoint {
  workflowId: string;
  eventId: number;
  kept: number;
  runId: string;
}

/**
 * Resets a village, with the real `temporal workflow reset`, to the last workflow task before its decision number
 * `kept + 1` was accepted: that decision and every later one are cut from its history (not re-applied), so the
 * election goes on from there as a new branch, while the store still holds what the abandoned branch recorded.
 */
export async function resetBeforeDecision(client: Client, address: string, workflowId: string, kept: number): Promise<ResetPoint> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const accepted = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  const cut = accepted[kept];
  if (!cut) throw new Error(`${workflowId} has accepted ${accepted.length} decisions in this run; cannot keep ${kept} and cut the next`);
  const taskBefore = events.filter(
    (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && Number(e.eventId) < Number(cut.eventId),
  );
  const eventId = Number(taskBefore.at(-1)!.eventId);
  await promisify(execFile)(resolveTemporalCli(), [
    'workflow',
    'reset',
    '--address',
    address,
    '--namespace',
    'default',
    '--workflow-id',
    workflowId,
    '--event-id',
    String(eventId),
    '--reapply-exclude',
    'Update',
    '--reason',
    `chaos: back to before decision ${kept + 1}`,
  ]);
  const { runId } = await client.workflow.getHandle(workflowId).describe();
  return { workflowId, eventId, kept, runId };
}
