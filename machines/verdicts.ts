import { decisionVerdict } from './decisionRules';
import type { ElectionContext } from './context';
import type { DecisionEvent } from './events';
import type { Verdict } from './rules/verdict';

/**
 * The verdict last given on each event object, with the context it was judged in. The keys are one
 * workflow's own objects, held weakly, so workflows that share this module never meet; a context or an
 * event is never changed in place (XState's `assign` makes a new context), so a verdict never goes stale.
 */
const judged = new WeakMap<DecisionEvent, { context: ElectionContext; verdict: Verdict }>();

/**
 * The verdict of the event's rule in this context, worked out once: admission, `snapshot.can` and the
 * machine's `ruleSatisfied` guard during the transition all ask about the same event in the same context.
 */
export function ruleVerdict(context: ElectionContext, event: DecisionEvent): Verdict {
  const last = judged.get(event);
  if (last?.context === context) return last.verdict;
  const verdict = decisionVerdict(context, event);
  judged.set(event, { context, verdict });
  return verdict;
}
