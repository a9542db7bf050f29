/** The structured answer every election rule gives: outcome, stable reason code, a sentence with its arithmetic, and the figures used. */
export interface Verdict<F extends Record<string, unknown> = Record<string, unknown>> {
  /** The rule is satisfied, or the record is acceptable as it stands. */
  ok: boolean;
  /** Stable reason code in UPPER_SNAKE, safe to match on in guards, reports and tests. */
  code: string;
  /** One sentence a town cadre understands, with the arithmetic shown. */
  message: string;
  /** The numbers the rule used, so a report can show them without recomputing. */
  figures: F;
}

/** A check that separates what blocks a step from what only warns (targets not met), with one summary verdict. */
export interface PolicyVerdict {
  ok: boolean;
  blocking: Verdict[];
  warnings: Verdict[];
  verdict: Verdict;
}

/** Builds a verdict; a function rather than a literal so every rule spells its fields the same way. */
export function verdict<F extends Record<string, unknown>>(ok: boolean, code: string, message: string, figures: F): Verdict<F> {
  return { ok, code, message, figures };
}

/**
 * Folds several failed checks into one rejecting verdict: the code is the first problem's, so a guard can
 * match on it, and the message lists every problem, so the person correcting the record fixes them all at once.
 */
export function rejectAll(problems: Verdict[], figures: Record<string, unknown> = {}): Verdict {
  return verdict(false, problems[0]!.code, problems.map((p) => p.message).join('; '), {
    ...figures,
    problems: problems.map((p) => p.code),
  });
}
