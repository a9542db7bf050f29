import { z } from 'zod';
import { plural } from './arithmetic';
import { recordOf } from '../text';
import { ownValue } from './recordById';
import { rejectAll, verdict, type Verdict } from './verdict';

const votes = recordOf(
  z.number().int('accepted: a whole number of votes, 0 or more').min(0, 'accepted: a whole number of votes, 0 or more'),
  { kind: 'id', what: 'a member id of the committee' },
  'votes by committee member id, such as {"m1": 4, "m2": 1}',
);

/** The first plenary's votes for the secretary and, when one is elected, the deputy: votes by committee member id. */
export const plenaryVotesSchema = z.object({ secretary: votes, deputy: votes.optional() }).strict();

/** The first plenary's votes. */
export type PlenaryVotes = z.infer<typeof plenaryVotesSchema>;

/** One post's vote at the plenary: it adds up, and the member declared elected has more than half of the committee. */
function postProblems(
  post: 'secretary' | 'deputy',
  elected: string,
  tally: Readonly<Record<string, number>>,
  committee: ReadonlySet<string>,
  present: number,
  excluded: string | undefined,
): Verdict[] {
  const problems: Verdict[] = [];
  const fail = (code: string, message: string) => problems.push(verdict(false, code, message, { post }));
  const size = committee.size;
  const strangers = Object.keys(tally).filter((id) => !committee.has(id));
  if (strangers.length > 0) fail('PLENARY_VOTES_FOR_NON_MEMBER', `votes.${post}: ${strangers.join(', ')} not on the new committee`);
  if (excluded !== undefined && Object.hasOwn(tally, excluded)) {
    fail('PLENARY_VOTES_FOR_SECRETARY_AS_DEPUTY', `votes.deputy: ${excluded} is the secretary and cannot also be deputy`);
  }
  const total = Object.values(tally).reduce((sum, v) => sum + v, 0);
  if (total > present) {
    fail(
      'PLENARY_MORE_VOTES_THAN_PRESENT',
      `votes.${post}: ${plural(total, 'vote')} in all, more than the ${plural(present, 'member')} present (one vote each)`,
    );
  }
  const got = ownValue(tally, elected);
  if (got === undefined) {
    fail('PLENARY_ELECTED_WITHOUT_VOTES', `votes.${post}: no votes recorded for ${elected}, whom the record names ${post}`);
  } else if (2 * got <= size) {
    fail(
      'PLENARY_NO_MAJORITY',
      `${post} ${elected} has ${plural(got, 'vote')}, not more than half of the ${plural(size, 'committee member')} (2 × ${got} = ${2 * got} > ${size} is false): the plenary votes again`,
    );
  }
  return problems;
}

/**
 * The first plenary's vote (一次全体会议), as a conference round is checked: the committee members present are
 * members of the new committee, listed once; no candidate has more votes than members present; and the
 * secretary (and deputy) named has votes from MORE than half of the whole committee, its members due to attend
 * (exactly half fails). Reading chosen: no quorum beyond that majority, which fewer members present cannot reach.
 */
export function checkPlenaryVote(input: {
  committee: readonly string[];
  membersPresent: readonly string[] | undefined;
  votes: PlenaryVotes | undefined;
  secretary: string;
  deputy?: string;
}): Verdict {
  const { membersPresent, votes: tally, secretary, deputy } = input;
  const committee = new Set(input.committee);
  if (membersPresent === undefined || tally === undefined) {
    return verdict(
      false,
      'PLENARY_VOTE_MISSING',
      `membersPresent and votes: got ${membersPresent === undefined ? 'no membersPresent' : 'no votes'}; accepted: the committee members present at the first plenary and the votes for each candidate, {"secretary": {"m1": 4}, "deputy": {"m2": 3}}`,
      {},
    );
  }
  const problems: Verdict[] = [];
  const seen = new Set<string>();
  for (const id of membersPresent) {
    if (!committee.has(id))
      problems.push(verdict(false, 'PLENARY_PRESENT_NOT_ON_COMMITTEE', `membersPresent: ${id} is not on the new committee`, {}));
    else if (seen.has(id)) problems.push(verdict(false, 'PLENARY_PRESENT_TWICE', `membersPresent: ${id} is listed twice`, {}));
    seen.add(id);
  }
  problems.push(...postProblems('secretary', secretary, tally.secretary, committee, seen.size, undefined));
  if (deputy !== undefined && tally.deputy === undefined) {
    problems.push(
      verdict(
        false,
        'PLENARY_DEPUTY_VOTES_MISSING',
        `votes.deputy: got nothing; accepted: the votes by which deputy ${deputy} was elected`,
        {},
      ),
    );
  } else if (deputy !== undefined && tally.deputy !== undefined) {
    problems.push(...postProblems('deputy', deputy, tally.deputy, committee, seen.size, secretary));
  } else if (tally.deputy !== undefined) {
    problems.push(verdict(false, 'PLENARY_DEPUTY_VOTES_WITHOUT_DEPUTY', 'votes.deputy: votes recorded but no deputy is named', {}));
  }
  const figures = { committee: committee.size, membersPresent: seen.size, votesNeeded: Math.floor(committee.size / 2) + 1 };
  if (problems.length > 0) return rejectAll(problems, figures);
  return verdict(
    true,
    'PLENARY_VOTE_RECORDED',
    `${plural(seen.size, 'committee member')} of ${committee.size} present; elected with more than half of the committee, at least ${plural(figures.votesNeeded, 'vote')}: secretary ${secretary} ${ownValue(tally.secretary, secretary)}${deputy !== undefined ? `, deputy ${deputy} ${ownValue(tally.deputy!, deputy)}` : ''}`,
    figures,
  );
}
