import { plural } from './arithmetic';
import { rosterIndex, type Member } from './member';
import { rejectAll, verdict, type Verdict } from './verdict';

/**
 * Scrutineers are Party members of the branch, recorded present at the conference, who are not candidates in
 * any round they oversee, each listed once. Reading chosen: the regulation says "Party members", so
 * probationary members may serve; members whose rights are suspended may not.
 */
export function checkScrutineers(input: {
  scrutineers: readonly string[];
  candidates: readonly string[];
  roster: readonly Member[];
  /** The members recorded present at the conference. */
  present: readonly string[];
}): Verdict {
  const members = rosterIndex(input.roster);
  const candidates = new Set(input.candidates);
  const present = new Set(input.present);
  const problems: Verdict[] = [];
  const seen = new Set<string>();
  for (const id of input.scrutineers) {
    const member = members.get(id);
    if (!member) {
      problems.push(verdict(false, 'SCRUTINEER_UNKNOWN_MEMBER', `scrutineer ${id}: no such member in the roster`, { memberId: id }));
    } else if (!present.has(id)) {
      problems.push(
        verdict(false, 'SCRUTINEER_NOT_PRESENT', `scrutineer ${member.name} (${id}) is not recorded present at the conference`, {
          memberId: id,
        }),
      );
    } else if (candidates.has(id)) {
      problems.push(
        verdict(false, 'SCRUTINEER_IS_CANDIDATE', `scrutineer ${member.name} (${id}) is a candidate and cannot oversee the count`, {
          memberId: id,
        }),
      );
    } else if (member.standing === 'suspended') {
      problems.push(
        verdict(false, 'SCRUTINEER_NO_VOTE', `scrutineer ${member.name} (${id}) has no vote at present (see the roster)`, {
          memberId: id,
        }),
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
  return verdict(true, 'SCRUTINEERS_ACCEPTED', `${plural(input.scrutineers.length, 'scrutineer')}, none of them a candidate`, figures);
}

/**
 * A count is confirmed by one of the scrutineers the conference appointed, and by nobody else; from edition 2
 * never by one who stands in the round (`candidates`: its candidates and the members its write-ins were
 * identified as), since a scrutineer is not a candidate in any round they oversee.
 */
export function checkCountConfirmation(input: { by: string; scrutineers: readonly string[]; candidates?: readonly string[] }): Verdict {
  const figures = { by: input.by };
  if (!input.scrutineers.includes(input.by)) {
    return verdict(
      false,
      'NOT_AN_APPOINTED_SCRUTINEER',
      `by.id: got "${input.by}"; accepted: an appointed scrutineer (${input.scrutineers.join(', ')})`,
      figures,
    );
  }
  if (input.candidates?.includes(input.by)) {
    const others = input.scrutineers.filter((id) => !input.candidates!.includes(id));
    return verdict(
      false,
      'SCRUTINEER_STANDS_IN_ROUND',
      `by.id: got "${input.by}", who stands in this round; accepted: a scrutineer who does not (${others.join(', ') || 'none: appoint another'})`,
      figures,
    );
  }
  return verdict(true, 'COUNT_CONFIRMED', `count confirmed by scrutineer ${input.by}`, figures);
}
