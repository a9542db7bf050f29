import type { WorkflowHandle } from '@temporalio/client';
import type { OutcomeStore } from '../../activities/store';
import { prepareOfficeSigners, type OfficeSigners, type OfficeSignersOptions } from '../../client/demo/officeSigners';
import type { OfficeScript } from '../../client/demo/townOffice';
import type { DecisionEvent } from '../../machines/events';
import type { PublicView } from '../../machines/view';
import type { DecisionReceipt } from '../../workflows/contract';
import { decide, driveUntil } from './election';

/**
 * The scripted office's people as a test keyring, registered in the test's store: each person has an assignment over
 * the town and a fresh key held in memory (or in `keyDir`, for tests that sign from the CLI with --key). Register them
 * before starting the elections they sign for: an election reads its keyring when it starts.
 */
export function testSigners(store: OutcomeStore, options: Partial<OfficeSignersOptions> = {}): Promise<OfficeSigners> {
  return prepareOfficeSigners(store.registry, { town: 'Heluo', rosterSize: 45, ...options });
}

/** Sends one decision as an update, signed by the scripted person its `by` names. */
export const decideSigned = (handle: WorkflowHandle, signers: OfficeSigners, decision: DecisionEvent): Promise<DecisionReceipt> =>
  decide(handle, signers.sign(handle.workflowId, decision));

/**
 * driveUntil for an election with signed decisions: the scripted town office moves the village on, each of its
 * decisions signed by the person who makes it, until `until(view)` holds; `override` may replace a scripted decision.
 */
export function driveSignedUntil(
  handle: WorkflowHandle,
  signers: OfficeSigners,
  script: OfficeScript,
  until: (view: PublicView) => boolean,
  override: (view: PublicView) => DecisionEvent | null | undefined = () => undefined,
  timeoutMs = 60000,
): Promise<PublicView> {
  return driveUntil(handle, script, until, override, timeoutMs, (h, decision) => decideSigned(h, signers, decision));
}
