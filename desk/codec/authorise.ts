import type { Payload } from '@temporalio/common';
import { isSealed, sealedWorkflowId } from '../../common/codec';
import { villageOfWorkflowId } from '../../workflows/contract';
import { maySee, type PersonScope } from '../scope';

/** Why a request to decode is refused, with the payload (1-based) that decided it. */
export type DecodeRefusal =
  | { reason: 'unlabelled'; index: number }
  | { reason: 'not-a-village'; index: number; workflowId: string }
  | { reason: 'out-of-scope'; index: number; workflowId: string; town: string; village: string };

/** What a request to decode asks for: the workflows its sealed payloads name, and the first refusal if any. */
export interface DecodeVerdict {
  workflowIds: string[];
  refusal?: DecodeRefusal;
}

/**
 * Whether a person may have a request's payloads decoded: each sealed payload must name (in its bound metadata) the
 * workflow of a village the person may see, by the same rule as the desk's village page. A sealed payload naming no
 * workflow is never decoded here: no one's scope can be checked against it (the worker and the CLI seal every
 * payload with its workflow, so only a hand-made payload lacks one). Payloads that are not sealed are not decoded
 * at all, so they need no check. One refusal refuses the whole request.
 */
export function judgeDecode(scope: PersonScope, payloads: readonly Payload[]): DecodeVerdict {
  const workflowIds = new Set<string>();
  let refusal: DecodeRefusal | undefined;
  payloads.forEach((payload, i) => {
    if (!isSealed(payload)) return;
    const index = i + 1;
    const workflowId = sealedWorkflowId(payload);
    if (workflowId === undefined) {
      refusal ??= { reason: 'unlabelled', index };
      return;
    }
    workflowIds.add(workflowId);
    const village = villageOfWorkflowId(workflowId);
    if (!village) refusal ??= { reason: 'not-a-village', index, workflowId };
    else if (!maySee(scope, village))
      refusal ??= { reason: 'out-of-scope', index, workflowId, town: village.town, village: village.village };
  });
  return { workflowIds: [...workflowIds].sort(), ...(refusal ? { refusal } : {}) };
}

/** The places a person's assignments cover, as a refusal names them: counties, towns, villages. */
export function coveredPlaces(scope: PersonScope): { county?: string; town?: string; village?: string }[] {
  const seen = new Map<string, { county?: string; town?: string; village?: string }>();
  for (const a of scope.assignments) {
    const place =
      'county' in a.scope ? { county: a.scope.county } : { town: a.scope.town, ...(a.scope.village ? { village: a.scope.village } : {}) };
    seen.set(JSON.stringify(place), place);
  }
  return [...seen.values()];
}
