import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { isGrpcServiceError, ServiceError, type Client, type WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { decideUpdate, type DecisionReceipt } from '../workflows/contract';

/** gRPC codes of an update call that never reached the workflow: safe to send again under the same update id. */
const UNAVAILABLE = 14;
const ABORTED = 10;
const RESOURCE_EXHAUSTED = 8;

/**
 * True for an update call the server gave up on before the workflow saw it. The usual one: the village
 * continued as new while the update was admitted, the server aborts it as "workflow is closing" and
 * retries it on the new run itself, but a busy server can run out of retries and hand it back. Another:
 * the workflow task that would have delivered it failed (a closing task that met new events), and the
 * server drops the update registry ("unexpected workflow task failure"); the next task takes a resent one.
 */
export function neverReachedWorkflow(err: unknown): boolean {
  const cause = err instanceof ServiceError ? err.cause : err;
  if (!isGrpcServiceError(cause)) return false;
  if (cause.code === UNAVAILABLE || cause.code === ABORTED || cause.code === RESOURCE_EXHAUSTED) return true;
  return /workflow is closing|unexpected workflow task failure/i.test(cause.details ?? '');
}

export interface SendDecisionOptions {
  /** The whole call, retries included, must end by then (milliseconds, as `Date.now()`). */
  deadline: number;
  /** Defaults to a fresh id; a retry of this call reuses it, so the workflow takes the decision at most once. */
  updateId?: string;
}

/**
 * Sends one decision (checked by the workflow's validator, so anything may be sent) as the `decide` update and returns its receipt. A refusal (WorkflowUpdateFailedError),
 * a timeout and an unknown workflow reach the caller as they are; a call the workflow never saw is sent
 * again under the same update id, after a short pause, until the deadline.
 */
export async function sendDecision(
  client: Client,
  handle: WorkflowHandle,
  decision: unknown,
  options: SendDecisionOptions,
): Promise<DecisionReceipt> {
  const updateId = options.updateId ?? randomUUID();
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    try {
      return await client.withDeadline(options.deadline, () => handle.executeUpdate(decideUpdate, { args: [decision], updateId }));
    } catch (err) {
      if (!neverReachedWorkflow(err) || Date.now() + pause >= options.deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** gRPC NOT_FOUND: no workflow with that id in the namespace. */
const NOT_FOUND = 5;

/**
 * Whether an election takes only signed decisions (started with `signedDecisions: true`), read from the start input of its
 * current run (a continued run carries the same input); undefined when no election has that workflow id.
 */
export async function takesSignedDecisions(client: Client, workflowId: string): Promise<boolean | undefined> {
  let history;
  try {
    ({ history } = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId },
      maximumPageSize: 1,
    }));
  } catch (err) {
    const cause = err instanceof ServiceError ? err.cause : err;
    if (isGrpcServiceError(cause) && cause.code === NOT_FOUND) return undefined;
    throw err;
  }
  const payloads = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  if (!payloads?.length) return undefined;
  // Sealed by the payload codec like every payload: opened through the client's data converter.
  const input: unknown = await decodeFromPayloadsAtIndex(client.options.loadedDataConverter, 0, payloads);
  return typeof input === 'object' && input !== null && (input as { signedDecisions?: unknown }).signedDecisions === true;
}
