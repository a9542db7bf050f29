import { canVote } from './electorate';
import { membershipYearsOn, type Member, rosterIndex } from './member';
import type { TownPlan } from './townPlan';
import { rejectAll, verdict, type Verdict } from './verdict';

/**
 * Checks the election of the secretary and deputy before it goes to the town committee for approval.
 * 'first-plenary' (the default): the new committee elects them from among its members. 'direct': the conference
 * elects them on a separate ballot, either in the direct-election pilot (两推直选) or in a branch under 7 full
 * members that has no committee; then they must be voting members, and committee members when there is a
 * committee. Either way: distinct people, a deputy exactly when one is to be elected, and at least the town
 * plan's years of membership for the secretary.
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
}): Verdict {
  const { committee, secretary, deputy, electsDeputy, plan, onDate } = input;
  const variant = input.variant ?? 'first-plenary';
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
  const minYears = plan.eligibility.secretaryMinMembershipYears;
  const years = secretaryMember ? membershipYearsOn(secretaryMember.joinedParty, onDate) : 0;
  if (secretaryMember && years < minYears) {
    fail(
      'SECRETARY_MEMBERSHIP_TOO_SHORT',
      `secretary ${secretaryMember.name} (${secretary}) joined on ${secretaryMember.joinedParty}: ${years} whole years of membership on ${onDate}, fewer than the town plan's ${minYears}`,
      secretary,
    );
  }
  const figures = { committee: committee.length, membershipYears: years, minMembershipYears: minYears, variant };
  if (problems.length > 0) return rejectAll(problems, figures);
  const names = (id: string) => `${members.get(id)?.name} (${id})`;
  return verdict(
    true,
    'SECRETARY_ELECTION_ACCEPTED',
    `secretary ${names(secretary)}${deputy !== undefined ? ` and deputy ${names(deputy)}` : ''} may go to the town committee for approval (${years} years of membership, at least ${minYears} needed)`,
    figures,
  );
}
