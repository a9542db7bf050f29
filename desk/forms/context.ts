import type { ElectionContext, Objection, ObjectionShown } from '../../machines/context';
import type { ElectionFacts } from '../../machines/facts';

/**
 * The election's context as far as the facts tell it, for the workflow's own rules (machines/decisionRules.ts) to
 * judge a decision in the desk before it is sent. What the facts leave out does not decide a rule the desk runs:
 * approvers and timers are the workflow's to check, and an objection after the publicity is refused there. Who filed an
 * objection is not in the facts, and no rule reads it.
 */
export function contextOf(facts: ElectionFacts): ElectionContext {
  const filed = (o: ObjectionShown): Objection => ({ ...o, filedBy: '' });
  return {
    ...facts,
    objection: facts.objection && filed(facts.objection),
    objections: facts.objections.map(filed),
    objectionQueue: facts.objectionQueue.map(filed),
    approvers: {},
    publicityEnded: false,
    overdue: false,
  };
}
