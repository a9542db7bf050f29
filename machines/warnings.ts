import { z } from 'zod';
import type { ElectionContext } from './context';
import type { DecisionOf } from './events';
import { checkSlate, compositionWarnings, rosterIndex, seatsVerdict, votingMembers, type Member, type Verdict } from './rules';

/**
 * What the election records that does not block it but must reach people (the receipt, the status view, the inbox,
 * the outcome and so the town report): a composition target not met by the slate or by the elected committee, a
 * committee above the usual size, a candidate approved over the new-member age limit with the reason given.
 */
export const electionWarningSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** Where it was raised: the slate's approval, or the conference that elected the committee. */
  raisedAt: z.enum(['slateApproval', 'conference']),
  memberId: z.string().optional(),
  /** The reason the town committee recorded for an exception. */
  reason: z.string().optional(),
});

/** A warning the election recorded. */
export type ElectionWarning = z.infer<typeof electionWarningSchema>;

const warningOf =
  (raisedAt: ElectionWarning['raisedAt']) =>
  (v: Verdict): ElectionWarning => ({
    code: v.code,
    message: v.message,
    raisedAt,
    ...(typeof v.figures.memberId === 'string' ? { memberId: v.figures.memberId } : {}),
    ...(typeof v.figures.reason === 'string' ? { reason: v.figures.reason } : {}),
  });

/** The warnings of a slate the town committee approves on `onIso`: exceptions granted, targets not met among the candidates, seats above the usual size. */
export function slateWarnings(context: ElectionContext, event: DecisionOf<'APPROVE_SLATE'>, onIso: string): ElectionWarning[] {
  const checked = checkSlate({
    form: context.form,
    seats: context.seats ?? 1,
    candidates: event.candidates,
    roster: context.roster,
    inspectedPass: context.inspectionPassed,
    plan: context.plan,
    onDate: onIso,
    ageExceptions: event.ageExceptions ?? [],
  });
  const size = context.form === 'committee' ? seatsVerdict(context.seats ?? 0, votingMembers(context.roster).length) : undefined;
  return [...checked.warnings, ...(size?.code === 'SEATS_ABOVE_USUAL' ? [size] : [])].map(warningOf('slateApproval'));
}

/** The elected committee against the town plan's targets (women, members aged 35 or under) on the day it was elected. */
export function electedWarnings(context: ElectionContext, onIso: string): ElectionWarning[] {
  const members = rosterIndex(context.roster);
  const elected = context.elected.map((id) => members.get(id)).filter((m): m is Member => m !== undefined);
  return compositionWarnings(elected, context.plan, onIso, 'members elected to the committee').map(warningOf('conference'));
}

/** The warnings `after` holds that `before` did not: what one decision raised, for its receipt. */
export function newWarnings(before: readonly ElectionWarning[] = [], after: readonly ElectionWarning[] = []): ElectionWarning[] {
  const seen = new Set(before.map((w) => `${w.code}\u0000${w.message}`));
  return after.filter((w) => !seen.has(`${w.code}\u0000${w.message}`));
}
