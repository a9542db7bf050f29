import type { ElectionContext } from '../../machines/context';
import type { ElectionFacts } from '../../machines/facts';

/**
 * The election's context as far as the facts tell it, for the workflow's own rules (machines/decisionRules.ts) to
 * judge a decision in the desk before it is sent. What the facts leave out does not decide a rule the desk runs:
 * approvers and timers are the workflow's to check, and an objection after the publicity is refused there.
 */
export function contextOf(facts: ElectionFacts): ElectionContext {
  return {
    ...facts,
    approvers: {},
    publicityEnded: false,
    overdue: false,
  };
}
