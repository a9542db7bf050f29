import { plural } from './arithmetic';
import { CURRENT_EDITION, fromEdition2 } from './edition';
import { canVote } from './electorate';
import { fullMembershipFrom, membershipYearsOn, type Member, rosterIndex } from './member';
import { checkPlenaryVote, type PlenaryVotes } from './plenary';
import type { TownPlan } from './townPlan';
import { rejectAll, verdict, type Verdict } from './verdict';

/**
 * The town plan's years of Party standing for a secretary, on the day of the election. Edition 1 counted them
 * from joining; from edition 2 from full membership ({@link fullMembershipFrom}), in every variant: the first
 * plenary, the direct-election pilot, and a branch without a committee.
 */
export function secretaryMembership(
  member: Member,
  plan: TownPlan,
  onDate: string,
  edition: number = CURRENT_EDITION,
): Verdict<{ memberId: string; membershipYears: number; minMembershipYears: number; countedFrom: string }> {
  const { from, recorded } = fullMembershipFrom(member, edition);
  // A full membership that begins after the day counts no year (edition 1 kept the negative figure it computed).
  const years = fromEdition2(edition) && from > onDate ? 0 : membershipYearsOn(from, onDate);
  const minYears = plan.eligibility.secretaryMinMembershipYears;
  const figures = { memberId: member.id, membershipYears: years, minMembershipYears: minYears, countedFrom: from };
  const since = fromEdition2(edition)
    ? `a full member since ${from}${recorded ? '' : ' (no date of full membership recorded: one year after joining on ' + member.joinedParty + ')'}`
    : `joined on ${member.joinedParty}`;
  const standing = `${member.name} (${member.id}), ${since}: ${plural(years, 'whole year')} of membership on ${onDate}`;
  return years >= minYears
    ? verdict(true, 'SECRETARY_MEMBERSHIP_MET', `${standing}, at least the town plan's ${plural(minYears, 'year')}`, figures)
    : verdict(
        false,
        'SECRETARY_MEMBERSHIP_TOO_SHORT',
        `secretary ${standing}, fewer than the town plan's ${plural(minYears, 'year')}`,
        figures,
      );
}

/**
 * The candidates who may stand for secretary on a direct ballot: those of `candidates` (the slate, or the
 * elected committee) with the town plan's years of Party standing. From edition 2 only; edition 1 put every
 * candidate on the ballot.
 */
export function secretaryCandidates(input: {
  candidates: readonly string[];
  roster: readonly Member[];
  plan: TownPlan;
  onDate: string;
  edition: number;
}): { eligible: string[]; verdict: Verdict } {
  if (!fromEdition2(input.edition)) {
    return {
      eligible: [...input.candidates],
      verdict: verdict(true, 'SECRETARY_CANDIDATES_ALL', 'every candidate stands for secretary', {}),
    };
  }
  const members = rosterIndex(input.roster);
  const short: Verdict[] = [];
  const eligible = input.candidates.filter((id) => {
    const member = members.get(id);
    const standing = member && secretaryMembership(member, input.plan, input.onDate, input.edition);
    if (standing && !standing.ok) short.push(standing);
    return standing?.ok ?? false;
  });
  const message =
    short.length === 0
      ? `${plural(eligible.length, 'candidate')} for secretary, each with the town plan's years of membership`
      : `${plural(eligible.length, 'candidate')} for secretary; not on the ballot: ${short.map((s) => s.message).join('; ')}`;
  return {
    eligible,
    verdict: verdict(eligible.length > 0, eligible.length > 0 ? 'SECRETARY_CANDIDATES' : 'NO_SECRETARY_CANDIDATE', message, {
      eligible: eligible.length,
      excluded: short.length,
    }),
  };
}

/**
 * Checks the election of the secretary and deputy before it goes to the town committee for approval.
 * 'first-plenary' (the default): the new committee elects them from among its members, and from edition 2 the
 * plenary records its vote ({@link checkPlenaryVote}). 'direct': the conference elects them on a separate
 * ballot, either in the direct-election pilot (两推直选) or in a branch under 7 full members that has no
 * committee; then they must be voting members, and committee members when there is a committee. Either way:
 * distinct people, a deputy exactly when one is to be elected, and {@link secretaryMembership} for the secretary.
 */
export function checkSecretaryElection(input: {
  committee: readonly string[];
  secretary: string;
  deputy?: string;
  electsDeputy: boolean;
  roster: readonly Member[];
  plan: TownPlan;
  onDate: string;
  variant?: 'first-plenary' | 'direct';
  edition?: number;
  /** The first plenary's record of its vote (from edition 2). */
  plenary?: { membersPresent?: readonly string[]; votes?: PlenaryVotes };
}): Verdict {
  const { committee, secretary, deputy, electsDeputy, plan, onDate } = input;
  const variant = input.variant ?? 'first-plenary';
  const edition = input.edition ?? CURRENT_EDITION;
  const members = rosterIndex(input.roster);
  const onCommittee = new Set(committee);
  const problems: Verdict[] = [];
  const fail = (code: string, message: string, memberId?: string) =>
    problems.push(verdict(false, code, message, memberId === undefined ? {} : { memberId }));

  const posts: [string, string][] = [['secretary', secretary]];
  if (deputy !== undefined) posts.push(['deputy', deputy]);
  for (const [post, id] of posts) {
    const member = members.get(id);
    if (!member) {
      fail('SECRETARY_UNKNOWN_MEMBER', `${post} ${id}: no such member in the roster`, id);
      continue;
    }
    const vote = canVote(member);
    if (!vote.ok) fail(vote.code, `${post}: ${vote.message}`, id);
    const needsCommittee = variant === 'first-plenary' || committee.length > 0;
    if (needsCommittee && !onCommittee.has(id)) {
      fail('SECRETARY_NOT_ON_COMMITTEE', `${post} ${member.name} (${id}) is not a member of the newly elected committee`, id);
    }
  }
  if (deputy !== undefined && deputy === secretary) {
    fail('SECRETARY_AND_DEPUTY_SAME_PERSON', `${secretary} cannot be both secretary and deputy`, secretary);
  }
  if (electsDeputy && deputy === undefined) {
    fail('DEPUTY_MISSING', 'a deputy secretary was to be elected but none is recorded');
  }
  if (!electsDeputy && deputy !== undefined) {
    fail('DEPUTY_NOT_PROVIDED_FOR', `deputy ${deputy} recorded, but the approved plan elects no deputy secretary`, deputy);
  }
  const secretaryMember = members.get(secretary);
  const membership = secretaryMember && secretaryMembership(secretaryMember, plan, onDate, edition);
  if (membership && !membership.ok) problems.push(membership);
  if (fromEdition2(edition) && variant === 'first-plenary') {
    const vote = checkPlenaryVote({
      committee,
      secretary,
      deputy,
      membersPresent: input.plenary?.membersPresent,
      votes: input.plenary?.votes,
    });
    if (!vote.ok) problems.push(vote);
  }
  const years = membership?.figures.membershipYears ?? 0;
  const minYears = plan.eligibility.secretaryMinMembershipYears;
  const figures = { committee: committee.length, membershipYears: years, minMembershipYears: minYears, variant };
  if (problems.length > 0) return rejectAll(problems, figures);
  const names = (id: string) => `${members.get(id)?.name} (${id})`;
  return verdict(
    true,
    'SECRETARY_ELECTION_ACCEPTED',
    `secretary ${names(secretary)}${deputy !== undefined ? ` and deputy ${names(deputy)}` : ''} may go to the town committee for approval (${plural(years, 'year')} of membership, at least ${minYears} needed)`,
    figures,
  );
}
