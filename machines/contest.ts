import { z } from 'zod';
import type { ElectionContext } from './context';
import { decisionSchemas, type DecisionOf } from './events';
import { ballotKindSchema, countRound, roundPurposeSchema, votingMembers, type RoundResult } from './rules';

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
  status: roundStatusSchema.optional(),
  elected: z.array(z.string()).optional(),
  message: z.string().optional(),
});
export type RoundRecord = z.infer<typeof roundRecordSchema>;

/** The first contest of the conference: the committee, or the secretary where there is no committee. */
export const firstBallot = (context: ElectionContext): Ballot =>
  context.form === 'committee'
    ? { kind: 'committee', seats: context.seats!, candidates: context.candidates, round: 1, purpose: 'first' }
    : { kind: 'secretary', seats: 1, candidates: context.candidates, round: 1, purpose: 'first' };

/** The direct ballot for the secretary: among the elected committee, or the slate where there is none. */
export const secretaryBallot = (context: ElectionContext): Ballot => ({
  kind: 'secretary',
  seats: 1,
  candidates: context.form === 'committee' ? context.elected : context.candidates,
  round: 1,
  purpose: 'first',
});

/** The direct ballot for the deputy: among the elected committee (or the voting members), the secretary excepted. */
export const deputyBallot = (context: ElectionContext): Ballot => ({
  kind: 'deputy',
  seats: 1,
  candidates: (context.form === 'committee' ? context.elected : votingMembers(context.roster).map((m) => m.id)).filter(
    (id) => id !== context.secretary,
  ),
  round: 1,
  purpose: 'first',
});

/** The round a RECORD_ROUND would add to the open ballot, with the contest's own seats and candidates. */
export function roundOf(ballot: Ballot, event: DecisionOf<'RECORD_ROUND'>): RoundRecord {
  return {
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
}

/** The outcome of the pending round as the national counting rules count it. */
export const pendingResult = (context: ElectionContext): RoundResult => countRound(context.pendingRound!);

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
