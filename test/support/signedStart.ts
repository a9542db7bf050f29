import type { Client } from '@temporalio/client';
import { signStart, type Signer } from '../../client/signing';
import type { ElectionInputRaw } from '../../machines/input';
import { LATEST_MACHINE_VERSION } from '../../machines/versions';
import { electionWorkflowId, WORKFLOW_TYPE } from '../../workflows/contract';
import type { villageElection } from '../../workflows';

/** An input for signed decisions, on the latest version unless it names one, signed by `signer` (tests may pass `now`). */
export function signedInput(input: ElectionInputRaw, signer: Signer, extra: { now?: number; workflowId?: string; personId?: string } = {}) {
  return signStart({
    input: { ...input, signedDecisions: true, machineVersion: input.machineVersion ?? LATEST_MACHINE_VERSION },
    signer,
    ...extra,
  });
}

/**
 * Starts an election with signed decisions as the office does: under its village's workflow id, its start signed by a
 * town committee member's key. `args` replaces the arguments sent (an attack test's forged ones).
 */
export async function startSignedVillage(
  client: Client,
  taskQueue: string,
  input: ElectionInputRaw,
  signer: Signer,
  args?: Parameters<typeof villageElection>,
) {
  const workflowId = electionWorkflowId(input.term, input.town, input.village);
  return client.workflow.start<typeof villageElection>(WORKFLOW_TYPE, {
    taskQueue,
    workflowId,
    args: args ?? [signedInput(input, signer)],
  });
}
