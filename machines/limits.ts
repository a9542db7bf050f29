/**
 * How much any message or start input may hold, in one place (README, "Limits on input", lists them for senders).
 * A sender, a roster file or a start input past one of these is refused with the field, the value cut short and
 * the limit; nothing past them is ever kept, so what a workflow carries stays small whatever arrives.
 */
export const LIMITS = {
  /** Member ids, person ids and approver ids, in characters. */
  idLength: 64,
  /** Names of people, towns and villages, write-in names, in characters. */
  nameLength: 100,
  /** Free text: reasons, findings, notes, in characters. */
  textLength: 2_000,
  /** Members on one village's roster; every list and per-member record of a decision is bounded by the village's own roster. */
  rosterMembers: 1_000,
  /** Approvers listed for one role of a village. */
  approversPerRole: 50,
  /** Dates in each list of a town plan's calendar (holidays, make-up working days). */
  calendarDates: 1_000,
  /** A value quoted in a refusal or a roster problem, in characters, with the ellipsis and the original length. */
  echoLength: 80,
  /** Problems listed in one refusal; the rest are counted. */
  issuesListed: 10,
  /** A refusal's reason as the workflow keeps and stores it, in characters. */
  refusalReasonLength: 1_000,
  /** Refusals the workflow keeps in its status (the latest ones); the count covers them all. */
  refusalsKept: 100,
  /** Decisions whose explanation of what followed (`followed`) is carried at continue-as-new: the latest ones; older records keep their summary. */
  explainedDecisionsKept: 200,
  /** Nesting of a JSON roster file: a town file needs 5 levels, a county file 7. */
  rosterJsonDepth: 32,
} as const;
