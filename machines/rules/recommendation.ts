import { z } from 'zod';
import { areCounts, listText, plural, scaledText } from './arithmetic';
import type { BranchForm } from './committee';
import { votingMembers } from './electorate';
import type { Member } from './member';
import { enoughNominees } from './slate';
import type { TownPlan } from './townPlan';
import { rejectAll, verdict, type Verdict } from './verdict';

const count = (what: string) => {
  const accepted = `accepted: a whole number of ${what}, 0 or more`;
  return z.number({ error: accepted }).int(accepted).min(0, accepted);
};

/** A recommendation tally (Party member or mass recommendation): participants, ballots, votes per nominee. */
export const tallySchema = z.object({
  participants: count('participants'),
  ballotsIssued: count('ballots'),
  ballotsReturned: count('ballots'),
  /** Votes per nominee id (nominees may be member ids). */
  votes: z.record(z.string().min(1, 'accepted: a non-empty nominee id'), count('votes')),
});

/** A recommendation tally. */
export type Tally = z.infer<typeof tallySchema>;

/**
 * Whether a tally adds up: ballots returned ≤ ballots issued ≤ participants (each participant gets at most one
 * ballot), and no nominee has more votes than ballots returned (one vote per ballot at most). A tally that does
 * not add up is rejected for correction, never repaired.
 */
export function checkTally(tally: Tally): Verdict {
  const { participants, ballotsIssued, ballotsReturned } = tally;
  const figures = { participants, ballotsIssued, ballotsReturned, nominees: Object.keys(tally.votes).length };
  const allCounts = areCounts(participants, ballotsIssued, ballotsReturned, ...Object.values(tally.votes));
  if (!allCounts) {
    return verdict(
      false,
      'TALLY_INVALID_FIGURES',
      'participants, ballots and votes must all be whole numbers, 0 or more: the tally is rejected',
      figures,
    );
  }
  const problems: Verdict[] = [];
  if (ballotsReturned > ballotsIssued) {
    problems.push(
      verdict(
        false,
        'TALLY_MORE_RETURNED_THAN_ISSUED',
        `ballots returned ${ballotsReturned} is more than ballots issued ${ballotsIssued}`,
        {},
      ),
    );
  }
  if (ballotsIssued > participants) {
    problems.push(
      verdict(
        false,
        'TALLY_MORE_ISSUED_THAN_PARTICIPANTS',
        `ballots issued ${ballotsIssued} is more than the ${participants} participants (one ballot each)`,
        {},
      ),
    );
  }
  for (const [nominee, votes] of sortedEntries(tally.votes)) {
    if (votes > ballotsReturned) {
      problems.push(
        verdict(
          false,
          'TALLY_VOTES_EXCEED_RETURNED',
          `${nominee} has ${votes} votes, more than the ${ballotsReturned} ballots returned`,
          {},
        ),
      );
    }
  }
  if (problems.length > 0) {
    const rejected = rejectAll(problems, figures);
    return { ...rejected, message: `${rejected.message}: the numbers do not add up, correct the tally` };
  }
  return verdict(
    true,
    'TALLY_ADDS_UP',
    `${participants} participants, ${ballotsIssued} ballots issued, ${ballotsReturned} returned: the tally adds up`,
    figures,
  );
}

/** Nominees ordered by votes, most first, then by id so that equal votes list the same way every time. */
function sortedEntries(votes: Record<string, number>): [string, number][] {
  return Object.entries(votes).sort(([a, va], [b, vb]) => vb - va || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Nominees of the Party member recommendation who go to inspection: votes MORE than the town plan's share of
 * the participants (denominator × votes > numerator × participants). `verdict.ok` says whether the tally is
 * acceptable; a tally in which nobody passes is still a true record (code RECOMMENDATION_NO_NOMINEE_PASSED).
 */
export function nomineesPassing(tally: Tally, plan: TownPlan): { passing: string[]; verdict: Verdict } {
  const adds = checkTally(tally);
  if (!adds.ok) return { passing: [], verdict: adds };
  const { numerator, denominator } = plan.recommendationThreshold;
  const { participants } = tally;
  const ranked = sortedEntries(tally.votes);
  const passing = ranked.filter(([, votes]) => denominator * votes > numerator * participants).map(([id]) => id);
  const notPassing = ranked.filter(([id]) => !passing.includes(id));
  const atLeast = Math.floor((numerator * participants) / denominator) + 1;
  const line = (entries: [string, number][]) => listText(entries.map(([id, votes]) => `${id} ${votes}`));
  const threshold = `more than ${numerator}/${denominator} of ${participants} participants (${numerator}/${denominator} × ${participants} = ${scaledText(numerator, denominator, participants)}) means at least ${plural(atLeast, 'vote')}`;
  const figures = {
    participants,
    numerator,
    denominator,
    votesNeeded: atLeast,
    passing: passing.length,
    nominees: ranked.length,
  };
  const code = passing.length > 0 ? 'RECOMMENDATION_NOMINEES_PASSED' : 'RECOMMENDATION_NO_NOMINEE_PASSED';
  return {
    passing,
    verdict: verdict(
      true,
      code,
      `${threshold}; passing to inspection: ${line(ranked.filter(([id]) => passing.includes(id)))}; not passing: ${line(notPassing)}`,
      figures,
    ),
  };
}

/** A recommendation tally of this village: it adds up, and every nominee is a full member of the branch (only they may stand). */
export function checkRecommendationTally(input: { tally: Tally; roster: readonly Member[] }): Verdict {
  const adds = checkTally(input.tally);
  if (!adds.ok) return adds;
  const voting = new Set(votingMembers(input.roster).map((m) => m.id));
  const strangers = Object.keys(input.tally.votes).filter((id) => !voting.has(id));
  return strangers.length > 0
    ? verdict(
        false,
        'NOMINEE_NOT_ELIGIBLE',
        `tally.votes: ${strangers.join(', ')} are not full members of this village; only full members may stand`,
        {
          strangers,
        },
      )
    : adds;
}

/**
 * The Party member recommendation: a tally of this village ({@link checkRecommendationTally}) in which enough
 * nominees pass the town plan's threshold to make up the slate; the verdict names who passes.
 */
export function checkMemberRecommendation(input: {
  tally: Tally;
  roster: readonly Member[];
  plan: TownPlan;
  form: BranchForm;
  seats: number;
}): Verdict {
  const tally = checkRecommendationTally(input);
  if (!tally.ok) return tally;
  const { passing, verdict: threshold } = nomineesPassing(input.tally, input.plan);
  const enough = enoughNominees({ form: input.form, seats: input.seats, passing: passing.length });
  return enough.ok ? threshold : { ...enough, message: `tally: ${enough.message}` };
}
