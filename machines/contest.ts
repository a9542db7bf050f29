import { z } from 'zod';
import type { ElectionContext } from './context';
import { since } from './editions';
import { decisionSchemas, type DecisionOf } from './events';
import { ballotKindSchema, checkRoundRecord, roundPurposeSchema, secretaryCandidates, votingMembers, type RoundResult } from './rules';

/** One contest at the conference: the committee, or the secretary / deputy on a direct ballot. */
export const ballotSchema = z.object({
  kind: ballotKindSchema,
  seats: z.number().int(),
  candidates: z.array(z.string()),
  round: z.number().int().min(1),
  purpose: roundPurposeSchema,
});
export type Ballot = z.infer<typeof ballotSchema>;

/** How a counted round ended: every seat filled, or another round (void, tie on the last seat, shortfall). */
export const roundStatusSchema = z.enum(['void', 'elected', 'tie', 'shortfall']);

/** A round as recorded on the ballot it counts, and once confirmed its outcome (tallies only: ballots are secret). */
export const roundRecordSchema = decisionSchemas.RECORD_ROUND.omit({ type: true, by: true, at: true }).extend({
  ...ballotSchema.shape,
  /** From version 2: the members due to attend, of whom a candidate needs more than half, and the day of the round. */
  dueToAttend: z.number().int().optional(),
  onDate: z.string().optional(),
  status: roundStatusSchema.optional(),
  elected: z.array(z.string()).optional(),
  message: z.string().optional(),
});
export type RoundRecord = z.infer<typeof roundRecordSchema>;

/** The edition of the rules an election runs on: its machine version. */
export const editionOf = (context: ElectionContext): number => context.machineVersion ?? 1;

/**
 * The direct ballot for the secretary: among the elected committee, or the slate where there is none. From
 * version 2 only those with the town plan's years of Party standing on `onDate` are on it (secretaryCandidates).
 */
export function secretaryBallot(context: ElectionContext, onDate: string): Ballot {
  const among = context.form === 'committee' ? context.elected : context.candidates;
  const candidates = since(context, 2)
    ? secretaryCandidates({ candidates: among, roster: context.roster, plan: context.plan, onDate, edition: editionOf(context) }).eligible
    : among;
  return { kind: 'secretary', seats: 1, candidates, round: 1, purpose: 'first' };
}

/** The first contest of the conference: the committee, or the secretary where there is no committee. */
export const firstBallot = (context: ElectionContext, onDate: string): Ballot =>
  context.form === 'committee'
    ? { kind: 'committee', seats: context.seats!, candidates: context.candidates, round: 1, purpose: 'first' }
    : since(context, 2)
      ? secretaryBallot(context, onDate)
      : { kind: 'secretary', seats: 1, candidates: context.candidates, round: 1, purpose: 'first' };

/**
 * The contest a conference opens with once its scrutineers are appointed. From version 2 a conference called
 * again after the town committee rejected a directly elected secretary elects only the secretary (and deputy):
 * its committee is elected already.
 */
export const openingBallot = (context: ElectionContext, onDate: string): Ballot =>
  since(context, 2) && context.form === 'committee' && context.elected.length > 0
    ? secretaryBallot(context, onDate)
    : firstBallot(context, onDate);

/**
 * The direct ballot for the deputy, the secretary excepted: among the elected committee; where there is none,
 * version 1 put every voting member on it, from version 2 the approved slate (candidates who were inspected and
 * approved, so never a scrutineer).
 */
export const deputyBallot = (context: ElectionContext): Ballot => {
  const among =
    context.form === 'committee'
      ? context.elected
      : since(context, 2)
        ? context.candidates
        : votingMembers(context.roster).map((m) => m.id);
  return { kind: 'deputy', seats: 1, candidates: among.filter((id) => id !== context.secretary), round: 1, purpose: 'first' };
};

/**
 * The round a RECORD_ROUND would add to the open ballot, with the contest's own seats and candidates; from
 * version 2 also those due to attend, the day, who left and who the write-ins are.
 */
export function roundOf(context: ElectionContext, event: DecisionOf<'RECORD_ROUND'>, onDate: string): RoundRecord {
  const ballot = context.ballot!;
  const round: RoundRecord = {
    kind: ballot.kind,
    round: ballot.round,
    purpose: ballot.purpose,
    seats: ballot.seats,
    candidates: ballot.candidates,
    votersPresent: event.votersPresent,
    ballotsIssued: event.ballotsIssued,
    ballotsReturned: event.ballotsReturned,
    validBallots: event.validBallots,
    invalidBallots: event.invalidBallots,
    votes: event.votes,
    writeIns: event.writeIns,
    disapprovedCandidates: event.disapprovedCandidates,
  };
  if (!since(context, 2)) return round;
  return { ...round, dueToAttend: context.attendance?.due, onDate, membersLeft: event.membersLeft, writeInMembers: event.writeInMembers };
}

/** Who may take a seat by write-in on a ballot: not someone elected already, and a committee member for a post where there is a committee. */
function writeInBounds(context: ElectionContext, kind: RoundRecord['kind']): { alreadyElected: string[]; committee?: string[] } {
  const committee = context.form === 'committee' ? { committee: context.elected } : {};
  if (kind === 'committee') return { alreadyElected: context.elected };
  return { alreadyElected: kind === 'deputy' && context.secretary ? [context.secretary] : [], ...committee };
}

/** A round counted as the rules of the election's edition count it (checkRoundRecord). */
export const countedRound = (context: ElectionContext, round: RoundRecord): RoundResult =>
  checkRoundRecord({
    round,
    edition: editionOf(context),
    attendance: { present: context.attendance?.present ?? [], due: context.attendance?.due ?? 0 },
    roster: context.roster,
    plan: context.plan,
    ...writeInBounds(context, round.kind),
  });

/** The outcome of the pending round as the national counting rules count it. */
export const pendingResult = (context: ElectionContext): RoundResult => countedRound(context, context.pendingRound!);

/** Keeps the counted round, adds whom it elected, and sets the next contest (re-run, tie, shortfall). */
export function countedContest(context: ElectionContext): Partial<ElectionContext> {
  const round = context.pendingRound!;
  const result = pendingResult(context);
  const counted: RoundRecord = {
    ...round,
    status: result.status as z.infer<typeof roundStatusSchema>,
    elected: result.elected,
    message: result.verdict.message,
  };
  const ballot = context.ballot!;
  const next: Partial<ElectionContext> = { rounds: [...context.rounds, counted], pendingRound: undefined };
  const won = result.elected ?? [];
  if (ballot.kind === 'committee') next.elected = [...context.elected, ...won];
  if (ballot.kind === 'secretary' && won[0]) next.secretary = won[0];
  if (ballot.kind === 'deputy' && won[0]) next.deputy = won[0];
  if (result.status === 'void') {
    // A re-run keeps what it re-runs: a tie-break is still decided by most votes, a shortfall may still reduce the seats.
    const purpose = ballot.purpose === 'tie' || ballot.purpose === 'shortfall' ? ballot.purpose : 'void-rerun';
    next.ballot = { ...ballot, round: ballot.round + 1, purpose };
  }
  if (result.status === 'tie') {
    next.ballot = { ...ballot, round: ballot.round + 1, purpose: 'tie', candidates: result.tied, seats: result.seatsForTie };
  }
  if (result.status === 'shortfall') {
    next.ballot = { ...ballot, round: ballot.round + 1, purpose: 'shortfall', candidates: result.notElected, seats: result.shortfall };
  }
  return next;
}
