import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { existsSync } from 'node:fs';
import { openStoreForReading, resolveTarget } from '../../activities/store';
import type { ElectionResult } from '../../workflows/contract';
import { badInput, CliError, EXIT } from './common';

const LOOKUP_DEADLINE_MS = 10_000;

/** How a village's election closed, as Temporal tells it: the workflow's status and, for a normal end, the election's. */
async function closedInTemporal(client: Client, workflowId: string): Promise<string | 'running' | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await client.withDeadline(Date.now() + LOOKUP_DEADLINE_MS, () => handle.describe());
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  const status = description.status.name;
  if (status === 'RUNNING') return 'running';
  const when = description.closeTime ? ` on ${description.closeTime.toISOString().replace('T', ' ').slice(0, 19)}Z` : '';
  if (status === 'COMPLETED') {
    const result = await client
      .withDeadline(Date.now() + LOOKUP_DEADLINE_MS, () => handle.result() as Promise<ElectionResult>)
      .catch(() => undefined);
    const ended = result?.status === 'cancelled' ? 'was cancelled' : result ? 'has completed' : 'has ended';
    return `${ended}${when}`;
  }
  return `was stopped${when} (Temporal status ${status}) before it reached its end`;
}

/**
 * What the outcome store says of an election Temporal no longer holds (a closed workflow is kept only for the
 * namespace's retention): its status and when. Best effort: no store, or one that cannot be read, says nothing.
 */
async function recordedInStore(workflowId: string): Promise<string | undefined> {
  try {
    const target = resolveTarget();
    if (target.dialect === 'sqlite' && !existsSync(target.file)) return undefined;
    const store = await openStoreForReading(target.dialect === 'sqlite' ? { file: target.file } : { url: target.url });
    try {
      const latest = (await store.terms({ workflowId })).at(-1);
      if (!latest) return undefined;
      return latest.status === 'running'
        ? `the outcome store has records of it from ${latest.started_at.slice(0, 10)}, but no outcome`
        : `the outcome store records it as ${latest.status} on ${latest.status_at.slice(0, 10)}`;
    } finally {
      await store.close();
    }
  } catch {
    return undefined;
  }
}

/**
 * The error for a command that found no running election where the person pointed (Temporal answered "not found"):
 * it names what they gave and says whether that election has completed, was cancelled or stopped (exit 3: it takes
 * nothing more; `attempted` names what was not sent), or is unknown (exit 2), with what the outcome store remembers.
 */
export async function noRunningElection(client: Client, workflowId: string, selector: string, attempted?: string): Promise<CliError> {
  const named = `the election ${selector}${selector.includes(workflowId) ? '' : ` (workflow ${workflowId})`}`;
  let closed: string | 'running' | undefined;
  try {
    closed = await closedInTemporal(client, workflowId);
  } catch {
    closed = undefined;
  }
  if (closed === 'running') return new CliError(`${named} was not found a moment ago but is running now; try again`);
  if (closed) {
    const unsent = attempted ? `: it takes no more decisions, so ${attempted} was not sent` : '';
    return new CliError(`${named} ${closed}${unsent}; \`election status ${selector}\` shows its record`, EXIT.refused);
  }
  const stored = await recordedInStore(workflowId);
  if (stored) {
    return new CliError(
      `${named} is no longer held by Temporal (a closed workflow is kept only for the namespace's retention period); ${stored}. ` +
        `\`election report\` and \`election notices\` read its records`,
      EXIT.refused,
    );
  }
  return badInput(
    `${named} is not known to Temporal, nor to the outcome store; check the names with \`election list --town T\` (a village's name is spelt as in its roster)`,
  );
}
