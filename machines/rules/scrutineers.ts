import { z } from 'zod';
import { rosterIndex, type Member } from './member';
import { rejectAll, verdict, type Verdict } from './verdict';

/** The scrutineers (监票人) of a conference: member ids, and the conference's approving vote. */
export const scrutineersSchema = z.object({
  memberIds: z.array(z.string().min(1, 'accepted: a non-empty member id')).min(1, 'accepted: at least one scrutineer'),
  conferenceApproved: z.literal(true, 'accepted: true, the conference has approved the scrutineers'),
});

/** The scrutineers of a conference. */
export type Scrutineers = z.infer<typeof scrutineersSchema>;

/**
 * Scrutineers are Party members of the branch who are not candidates in any round they oversee, each listed
 * once. Reading chosen: the regulation says "Party members", so probationary members may serve; members
 * whose rights are suspended may not.
 */
export function checkScrutineers(input: {
  scrutineers: readonly string[];
  candidates: readonly string[];
  roster: readonly Member[];
}): Verdict {
  const members = rosterIndex(input.roster);
  const candidates = new Set(input.candidates);
  const problems: Verdict[] = [];
  const seen = new Set<string>();
  for (const id of input.scrutineers) {
    const member = members.get(id);
    if (!member) {
      problems.push(verdict(false, 'SCRUTINEER_UNKNOWN_MEMBER', `scrutineer ${id}: no such member in the roster`, { memberId: id }));
    } else if (candidates.has(id)) {
      problems.push(
        verdict(false, 'SCRUTINEER_IS_CANDIDATE', `scrutineer ${member.name} (${id}) is a candidate and cannot oversee the count`, { memberId: id }),
      );
    } else if (member.standing === 'suspended') {
      problems.push(
        verdict(false, 'SCRUTINEER_RIGHTS_SUSPENDED', `scrutineer ${member.name} (${id}) has the rights of a member suspended`, { memberId: id }),
      );
    } else if (seen.has(id)) {
      problems.push(verdict(false, 'SCRUTINEER_DUPLICATE', `scrutineer ${member.name} (${id}) is listed twice`, { memberId: id }));
    }
    seen.add(id);
  }
  if (input.scrutineers.length === 0) {
    problems.push(verdict(false, 'SCRUTINEERS_NONE', 'no scrutineer chosen: the count needs at least one', {}));
  }
  const figures = { scrutineers: input.scrutineers.length };
  if (problems.length > 0) return rejectAll(problems, figures);
  return verdict(true, 'SCRUTINEERS_ACCEPTED', `${input.scrutineers.length} scrutineers, none of them a candidate`, figures);
}
