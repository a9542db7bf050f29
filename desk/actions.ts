import { DECISION_TYPES, type DecisionType } from '../machines/events';
import type { Role } from '../machines/roles';
import type { PublicView } from '../machines/view';
import { actingRole, type PersonScope } from './scope';

/**
 * The decisions a person may make at a village now, each with the role they would act in: those the current stage
 * takes (from the view's `open`, or what it waits for on an older worker) that one of their roles may make there.
 */
export function actionsFor(scope: PersonScope, view: PublicView): { decision: DecisionType; role: Role }[] {
  if (view.status !== 'running') return [];
  const open = new Set<DecisionType>(view.open ?? view.pending.map((p) => p.decision));
  return DECISION_TYPES.filter((d) => open.has(d)).flatMap((decision) => {
    const role = actingRole(scope, view, decision);
    return role ? [{ decision, role }] : [];
  });
}
