import { z } from 'zod';
import { areCounts, listText, plural, scaledText } from './arithmetic';
import { seatsProblem, type BranchForm } from './committee';
import { CURRENT_EDITION, fromEdition2 } from './edition';
import { votingMembers } from './electorate';
import type { Member } from './member';
import { recordById } from './recordById';
import { enoughNominees } from './slate';
import type { TownPlan } from './townPlan';
import { rejectAll, verdict, type Verdict } from './verdict';

/** A count of something in a tally (participants, ballots, votes), with the sentence that says what is accepted. */
export const tallyCount = (what: string) => {
  const accepted = `accepted: a whole number of ${what}, 0 or more`;
  return z.number({ error: accepted }).int(accepted).min(0, accepted);
};

/** A recommendation tally (Party member or mass recommendation): participants, ballots, votes per nominee. */
export const tallySchema = z.object({
  participants: tallyCount('participants'),
  ballotsIssued: tallyCount('ballots'),
  ballotsReturned: tallyCount('ballots'),
  /** Votes per nominee id (nominees may be member ids). */
  votes: recordById(
    z.string().min(1, 'accepted: a non-empty nominee id'),
    tallyCount('votes'),
    'accepted: votes by nominee id, such as {"m1": 12}',
  ),
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
        `ballots issued ${ballotsIssued} is more than the ${plural(participants, 'participant')} (one ballot each)`,
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
          `${nominee} has ${plural(votes, 'vote')}, more than the ${plural(ballotsReturned, 'ballot')} returned`,
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
    `${plural(participants, 'participant')}, ${plural(ballotsIssued, 'ballot')} issued, ${ballotsReturned} returned: the tally adds up`,
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

/** The posts a recommendation fills: the committee's seats, or the secretary (and deputy) where there is no committee. */
export function postsToFill(form: BranchForm, seats: number, electsDeputy: boolean): number {
  return form === 'committee' ? seats : 1 + (electsDeputy ? 1 : 0);
}

/**
 * From edition 2, a tally is bounded by who exists: at most `participants` took part (the voting members, or the
 * villager representatives recorded at the investigation), and a ballot names at most as many people as there
 * are posts to fill, so all votes together are at most ballots returned × posts.
 */
export interface TallyBounds {
  participants: number;
  /** Who may take part, for the message: "voting members", "villager representatives recorded at the investigation". */
  who: string;
  posts: number;
}

function boundProblems(tally: Tally, bounds: TallyBounds): Verdict[] {
  const problems: Verdict[] = [];
  if (tally.participants > bounds.participants) {
    problems.push(
      verdict(
        false,
        'TALLY_MORE_PARTICIPANTS_THAN_EXIST',
        `participants: got ${tally.participants}, more than the ${bounds.participants} ${bounds.who}`,
        {},
      ),
    );
  }
  const total = Object.values(tally.votes).reduce((sum, v) => sum + v, 0);
  if (total > tally.ballotsReturned * bounds.posts) {
    problems.push(
      verdict(
        false,
        'TALLY_VOTES_EXCEED_MARKS',
        `${plural(total, 'vote')} in all, more than ${tally.ballotsReturned} ballots returned × ${plural(bounds.posts, 'post')} = ${tally.ballotsReturned * bounds.posts} (a ballot names at most as many people as there are posts to fill)`,
        {},
      ),
    );
  }
  return problems;
}

/**
 * A recommendation tally of this village: it adds up, every nominee is a full member of the branch (only they
 * may stand), and, with `bounds` (from edition 2), it is bounded by who exists.
 */
export function checkRecommendationTally(input: { tally: Tally; roster: readonly Member[]; bounds?: TallyBounds }): Verdict {
  const adds = checkTally(input.tally);
  if (!adds.ok) return adds;
  const voting = new Set(votingMembers(input.roster).map((m) => m.id));
  const strangers = Object.keys(input.tally.votes).filter((id) => !voting.has(id));
  const problems = input.bounds ? boundProblems(input.tally, input.bounds) : [];
  if (strangers.length > 0) {
    problems.unshift(
      verdict(
        false,
        'NOMINEE_NOT_ELIGIBLE',
        `tally.votes: ${strangers.join(', ')} ${strangers.length === 1 ? 'is not a full member' : 'are not full members'} of this village; only full members may stand`,
        {
          strangers,
        },
      ),
    );
  }
  if (problems.length === 0) return adds;
  const rejected = rejectAll(problems, adds.figures);
  return input.bounds ? { ...rejected, message: `${rejected.message}: correct the tally` } : rejected;
}

/**
 * The Party member recommendation: a tally of this village ({@link checkRecommendationTally}); the verdict names
 * who passes the town plan's threshold. Edition 1 refused a tally in which too few pass to make up the slate;
 * from edition 2 the tally is bounded by the voting members and the posts, and one in which too few pass is a
 * true record, kept, after which the recommendation is held again (code RECOMMENDATION_TOO_FEW_PASS).
 */
export function checkMemberRecommendation(input: {
  tally: Tally;
  roster: readonly Member[];
  plan: TownPlan;
  form: BranchForm;
  seats: number;
  electsDeputy?: boolean;
  edition?: number;
}): Verdict {
  const edition = input.edition ?? CURRENT_EDITION;
  const seats = seatsProblem(input.seats);
  if (seats) return seats;
  const bounds = fromEdition2(edition)
    ? {
        participants: votingMembers(input.roster).length,
        who: 'voting members of the branch',
        posts: postsToFill(input.form, input.seats, input.electsDeputy ?? false),
      }
    : undefined;
  const tally = checkRecommendationTally({ tally: input.tally, roster: input.roster, bounds });
  if (!tally.ok) return tally;
  const { passing, verdict: threshold } = nomineesPassing(input.tally, input.plan);
  const enough = enoughNominees({
    form: input.form,
    seats: input.seats,
    passing: passing.length,
    electsDeputy: input.electsDeputy,
    edition,
  });
  if (enough.ok) return threshold;
  if (!fromEdition2(edition)) return { ...enough, message: `tally: ${enough.message}` };
  return verdict(true, 'RECOMMENDATION_TOO_FEW_PASS', `${threshold.message}; ${enough.message}`, {
    ...threshold.figures,
    needed: enough.figures.needed,
  });
}
