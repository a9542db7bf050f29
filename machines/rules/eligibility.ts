import { plural } from './arithmetic';
import { canVote } from './electorate';
import { ageOn, type Member } from './member';
import type { TownPlan } from './townPlan';
import { verdict, type Verdict } from './verdict';

/** Age up to which a member counts toward the under-35 target: 35岁以下 includes 35 in Chinese usage. */
export const YOUTH_MAX_AGE = 35;

/** Whether a member counts toward the under-35 target on a date (aged 35 or under). */
export function countsAsUnder35(member: Member, onIso: string): boolean {
  return ageOn(member.birthDate, onIso) <= YOUTH_MAX_AGE;
}

/**
 * Hard limits on who may stand, from national rules and the town plan: a full member, not older than
 * `maxAgeRetained` when on the outgoing committee, else not older than `maxAgeNewMember`. Returns what blocks.
 */
export function candidateBlocks(member: Member, plan: TownPlan, onIso: string): Verdict[] {
  const blocks: Verdict[] = [];
  const vote = canVote(member);
  if (!vote.ok) blocks.push(vote);
  const age = ageOn(member.birthDate, onIso);
  const { maxAgeRetained, maxAgeNewMember } = plan.eligibility;
  const figures = { memberId: member.id, age, onDate: onIso };
  if (member.outgoingPost !== undefined && age > maxAgeRetained) {
    blocks.push(
      verdict(
        false,
        'CANDIDATE_OVER_MAX_AGE_RETAINED',
        `${member.name} (${member.id}) is ${age} on ${onIso}, over the town plan's limit of ${maxAgeRetained} for an outgoing committee member standing again`,
        { ...figures, limit: maxAgeRetained },
      ),
    );
  }
  if (member.outgoingPost === undefined && age > maxAgeNewMember) {
    blocks.push(
      verdict(
        false,
        'CANDIDATE_OVER_MAX_AGE_NEW',
        `${member.name} (${member.id}) is ${age} on ${onIso}, over the town plan's limit of ${maxAgeNewMember} for a new committee member`,
        { ...figures, limit: maxAgeNewMember },
      ),
    );
  }
  return blocks;
}

/**
 * The town plan's composition targets (at least `minWomen` women and `minUnder35` members aged 35 or under)
 * checked on a group of people: candidates or an elected committee. Targets warn, they never block.
 */
export function compositionWarnings(members: readonly Member[], plan: TownPlan, onIso: string, group: string): Verdict[] {
  const warnings: Verdict[] = [];
  const { minWomen, minUnder35 } = plan.eligibility;
  const women = members.filter((m) => m.gender === 'female').length;
  const young = members.filter((m) => countsAsUnder35(m, onIso)).length;
  if (women < minWomen) {
    warnings.push(
      verdict(
        false,
        'TARGET_WOMEN_NOT_MET',
        `${plural(women, 'woman', 'women')} among the ${members.length} ${group}, fewer than the town plan's target of ${minWomen}`,
        { women, target: minWomen, group: members.length },
      ),
    );
  }
  if (young < minUnder35) {
    warnings.push(
      verdict(
        false,
        'TARGET_UNDER_35_NOT_MET',
        `${young} aged 35 or under on ${onIso} among the ${members.length} ${group}, fewer than the town plan's target of ${minUnder35}`,
        { under35: young, target: minUnder35, group: members.length },
      ),
    );
  }
  return warnings;
}
