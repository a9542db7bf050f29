import { z } from 'zod';
import { plural } from '../../../machines/rules/arithmetic';
import type { Round } from '../../../machines/rules/counting';
import { verdict, type Verdict } from '../../../machines/rules/verdict';

/*
 * Ballots entered one by one: the oracle the counting tests check `countRound` against. The election records
 * the scrutineers' totals only (a valid ballot marks at most as many names as seats is checked on the totals by
 * `countRound`), so this is test code, not a rule of the machine.
 */

/**
 * One secret ballot as marked: candidates approved, candidates disapproved, and names written in. Only used
 * when ballots are entered one by one; a round record normally carries the scrutineers' totals.
 */
export const ballotSchema = z.object({
  inFavour: z.array(z.string().min(1)),
  disapproved: z.array(z.string().min(1)).default([]),
  writeIns: z.array(z.string().min(1)).default([]),
});

/** One ballot as marked. */
export type Ballot = z.infer<typeof ballotSchema>;

/**
 * Ballot validity: a ballot voting for more names than seats is invalid; as many or fewer is valid. Reading
 * chosen here: a ballot with more written-in names than disapproved candidates is also invalid, since a
 * write-in is allowed only in place of a disapproved candidate and its intent cannot be read otherwise.
 */
export function ballotValidity(ballot: Ballot, seats: number): Verdict<{ names: number; seats: number }> {
  const names = ballot.inFavour.length + ballot.writeIns.length;
  const figures = { names, seats };
  if (names > seats) {
    return verdict(
      false,
      'BALLOT_TOO_MANY_NAMES',
      `${plural(names, 'name')} voted for ${plural(seats, 'seat')}: more names than seats, the ballot is invalid`,
      figures,
    );
  }
  if (ballot.writeIns.length > ballot.disapproved.length) {
    return verdict(
      false,
      'BALLOT_WRITE_IN_WITHOUT_DISAPPROVAL',
      `${plural(ballot.writeIns.length, 'name')} written in but ${ballot.disapproved.length} disapproved: a write-in only replaces a disapproved candidate, the ballot is invalid`,
      figures,
    );
  }
  return verdict(true, 'BALLOT_VALID', `${plural(names, 'name')} voted for ${plural(seats, 'seat')}: the ballot is valid`, figures);
}

/**
 * Totals ballots entered one by one into the figures of a round record. Invalid ballots still count as
 * returned. A ballot naming someone who is not a candidate under inFavour or disapproved, writing in a
 * candidate, or marking the same name twice, is a recording error: the whole entry is refused (verdict not ok), never guessed at.
 */
export function tallyBallots(input: { seats: number; candidates: readonly string[]; ballots: readonly Ballot[] }): {
  totals: Pick<Round, 'ballotsReturned' | 'validBallots' | 'invalidBallots' | 'votes' | 'writeIns' | 'disapprovedCandidates'>;
  verdict: Verdict;
} {
  const candidates = new Set(input.candidates);
  const votes: Record<string, number> = Object.fromEntries([...candidates].sort().map((id) => [id, 0]));
  const writeIns: Record<string, number> = {};
  const disapproved = new Set<string>();
  let valid = 0;
  let invalid = 0;
  const errors: string[] = [];
  input.ballots.forEach((ballot, i) => {
    const marked = [...ballot.inFavour, ...ballot.disapproved];
    const unknown = marked.filter((id) => !candidates.has(id));
    if (unknown.length > 0) errors.push(`ballot ${i + 1}: ${unknown.join(', ')} not a candidate (write-ins go under writeIns)`);
    const writtenCandidates = ballot.writeIns.filter((name) => candidates.has(name));
    if (writtenCandidates.length > 0)
      errors.push(`ballot ${i + 1}: ${writtenCandidates.join(', ')} written in but a candidate (mark the name instead)`);
    if (new Set([...marked, ...ballot.writeIns]).size !== marked.length + ballot.writeIns.length) {
      errors.push(`ballot ${i + 1}: a name is marked twice`);
    }
    if (!ballotValidity(ballot, input.seats).ok) {
      invalid += 1;
      return;
    }
    valid += 1;
    for (const id of ballot.inFavour) votes[id] = (votes[id] ?? 0) + 1;
    for (const id of ballot.disapproved) disapproved.add(id);
    for (const name of ballot.writeIns) writeIns[name] = (writeIns[name] ?? 0) + 1;
  });
  const totals = {
    ballotsReturned: input.ballots.length,
    validBallots: valid,
    invalidBallots: invalid,
    votes,
    writeIns: Object.fromEntries(Object.entries(writeIns).sort(([a], [b]) => (a < b ? -1 : 1))),
    disapprovedCandidates: [...disapproved].sort(),
  };
  const figures = { ballotsReturned: totals.ballotsReturned, validBallots: valid, invalidBallots: invalid };
  if (errors.length > 0) {
    return { totals, verdict: verdict(false, 'BALLOTS_MISRECORDED', `the ballot entry is refused: ${errors.join('; ')}`, figures) };
  }
  return {
    totals,
    verdict: verdict(true, 'BALLOTS_TALLIED', `${totals.ballotsReturned} ballots returned: ${valid} valid + ${invalid} invalid`, figures),
  };
}
