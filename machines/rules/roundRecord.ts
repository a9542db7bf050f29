import { z } from 'zod';
import { recordOf, text } from '../text';
import { plural } from './arithmetic';
import { countRound, type Round, type RoundResult, type WriteInIdentity } from './counting';
import { fromEdition2 } from './edition';
import { quorumVerdict } from './electorate';
import { candidateBlocks } from './eligibility';
import { type Member, rosterIndex } from './member';
import { ownValue } from './recordById';
import { secretaryMembership } from './secretary';
import type { TownPlan } from './townPlan';
import { rejectAll, verdict, type Verdict } from './verdict';

const memberId = text('id', 'a member id from the village roster');

/** A member recorded present at the attendance who is not there for a round, and why (from edition 2). */
export const departureSchema = z.object({ memberId, reason: text('text', 'a reason such as "left for hospital"', { min: 2 }) }).strict();

/** The members who left, and the identities of write-ins, as a round record gives them (from edition 2). */
export const roundRecordFields = {
  /** Members recorded present at the attendance who are gone for this round, each with the reason. */
  membersLeft: z.array(departureSchema).optional(),
  /** Who each write-in is, by the name written: a member id of the roster, or null for someone who is no member of this branch. */
  writeInMembers: recordOf(
    memberId.nullable(),
    { kind: 'name', what: 'a name written in' },
    'member ids of the write-ins by the name written, such as {"王五": "m12"}, or null for a non-member',
  ).optional(),
};

/**
 * From edition 2, a round's voters present are those of the recorded attendance: all of them, or fewer only by
 * members recorded as having left, each with the reason, and then the quorum is checked again (more than 4/5 of
 * those due must still be there, or the conference cannot vote).
 */
export function checkRoundAttendance(input: {
  votersPresent: number;
  membersLeft: readonly z.infer<typeof departureSchema>[];
  present: readonly string[];
  due: number;
}): Verdict {
  const present = new Set(input.present);
  const problems: Verdict[] = [];
  const gone = new Set<string>();
  for (const { memberId: id } of input.membersLeft) {
    if (!present.has(id)) {
      problems.push(
        verdict(false, 'ROUND_LEFT_NOT_PRESENT', `membersLeft: ${id} is not recorded present at the conference`, { memberId: id }),
      );
    } else if (gone.has(id)) {
      problems.push(verdict(false, 'ROUND_LEFT_TWICE', `membersLeft: ${id} is listed twice`, { memberId: id }));
    }
    gone.add(id);
  }
  if (problems.length > 0) return rejectAll(problems);
  const remaining = present.size - gone.size;
  const figures = { attendance: present.size, left: gone.size, votersPresent: input.votersPresent, due: input.due };
  if (input.votersPresent !== remaining) {
    const less = gone.size > 0 ? ` less the ${plural(gone.size, 'member')} recorded under membersLeft` : '';
    return verdict(
      false,
      'ROUND_VOTERS_NOT_AS_RECORDED',
      `votersPresent: got ${input.votersPresent}; accepted: ${remaining}, the ${plural(present.size, 'voting member')} recorded present at the attendance${less} (a member who has left is listed under membersLeft with the reason)`,
      figures,
    );
  }
  if (gone.size === 0) {
    return verdict(true, 'ROUND_VOTERS_AS_RECORDED', `${plural(remaining, 'voter')} present, as the attendance records`, figures);
  }
  const quorum = quorumVerdict({ due: input.due, presentVoters: remaining });
  return quorum.ok
    ? verdict(true, 'ROUND_VOTERS_AS_RECORDED', `${plural(gone.size, 'member')} left; ${quorum.message}`, figures)
    : verdict(
        false,
        'ROUND_QUORUM_LOST',
        `${plural(gone.size, 'member')} left; ${quorum.message}: the conference cannot vote until more than 4/5 of those due are present again`,
        figures,
      );
}

/**
 * Who each write-in is (from edition 2): the member the record names for the written name, who may take the
 * seat only if a full member within the town plan's age limits, not already elected (the secretary, on a deputy
 * ballot), on the new committee for a post of a branch that has one, and with the secretary's years of membership
 * on a secretary ballot; null names a non-member,
 * who may not. A name identified that nobody wrote in, or an id not in the roster, refuses the record.
 */
export function identifyWriteIns(input: {
  writeIns: Readonly<Record<string, number>>;
  writeInMembers: Readonly<Record<string, string | null>>;
  kind: Round['kind'];
  roster: readonly Member[];
  plan: TownPlan;
  onDate: string;
  /** Members who already hold a seat on the committee, or the post of secretary. */
  alreadyElected: readonly string[];
  /** On a secretary or deputy ballot of a branch with a committee: its members, the only ones who may take the post. */
  committee?: readonly string[];
  edition: number;
}): { identities: Record<string, WriteInIdentity>; verdict: Verdict } {
  const members = rosterIndex(input.roster);
  const elected = new Set(input.alreadyElected);
  const identities: Record<string, WriteInIdentity> = {};
  const problems: Verdict[] = [];
  for (const [name, id] of Object.entries(input.writeInMembers)) {
    if (ownValue(input.writeIns, name) === undefined) {
      problems.push(verdict(false, 'ROUND_IDENTITY_WITHOUT_WRITE_IN', `writeInMembers: nobody wrote in "${name}"`, { writeIn: name }));
      continue;
    }
    if (id === null) {
      identities[name] = { maySit: false, why: 'not a member of this branch' };
      continue;
    }
    const member = members.get(id);
    if (!member) {
      problems.push(
        verdict(false, 'ROUND_WRITE_IN_UNKNOWN_MEMBER', `writeInMembers: "${name}" is identified as ${id}, no member of the roster`, {
          writeIn: name,
        }),
      );
      continue;
    }
    const blocks = candidateBlocks(member, input.plan, input.onDate);
    if (input.kind === 'secretary') {
      const membership = secretaryMembership(member, input.plan, input.onDate, input.edition);
      if (!membership.ok) blocks.push(membership);
    }
    if (elected.has(id)) blocks.push(verdict(false, 'WRITE_IN_ALREADY_ELECTED', `${member.name} (${id}) is already elected`, {}));
    if (input.committee && !input.committee.includes(id)) {
      blocks.push(verdict(false, 'WRITE_IN_NOT_ON_COMMITTEE', `${member.name} (${id}) is not on the new committee`, {}));
    }
    identities[name] =
      blocks.length === 0 ? { memberId: id, maySit: true } : { memberId: id, maySit: false, why: blocks.map((b) => b.message).join('; ') };
  }
  const figures = { identified: Object.keys(identities).length };
  return {
    identities,
    verdict: problems.length > 0 ? rejectAll(problems, figures) : verdict(true, 'WRITE_INS_IDENTIFIED', 'write-ins identified', figures),
  };
}

/** A round as the election records it: the ballot's figures, and from edition 2 who left, who the write-ins are, and the day. */
export type RoundEntry = Round & {
  membersLeft?: z.infer<typeof departureSchema>[];
  writeInMembers?: Record<string, string | null>;
  /** The day the round was recorded: write-ins are checked against the age limits on it. */
  onDate?: string;
};

/**
 * A ballot round as the conference records it: from edition 2 its voters present are those of the attendance
 * ({@link checkRoundAttendance}), the majority is of those due to attend, and an elected write-in takes a seat only
 * as the member identified ({@link identifyWriteIns}); then the count ({@link countRound}). Edition 1 only counts.
 */
export function checkRoundRecord(input: {
  round: RoundEntry;
  edition: number;
  attendance: { present: readonly string[]; due: number };
  roster: readonly Member[];
  plan: TownPlan;
  alreadyElected: readonly string[];
  committee?: readonly string[];
}): RoundResult {
  const { round, edition } = input;
  if (!fromEdition2(edition)) return countRound(round, { edition });
  const refused = (v: Verdict): RoundResult => ({ status: 'rejected', elected: [], writeInsElected: [], verdict: v });
  if (round.onDate === undefined && Object.keys(round.writeInMembers ?? {}).length > 0) {
    return refused(
      verdict(false, 'ROUND_DATE_MISSING', 'onDate: got nothing; accepted: the day of the round, on which write-ins are checked', {}),
    );
  }
  const attendance = checkRoundAttendance({
    votersPresent: round.votersPresent,
    membersLeft: round.membersLeft ?? [],
    present: input.attendance.present,
    due: input.attendance.due,
  });
  if (!attendance.ok) return refused(attendance);
  const { identities, verdict: identified } = identifyWriteIns({
    writeIns: round.writeIns ?? {},
    writeInMembers: round.writeInMembers ?? {},
    kind: round.kind,
    roster: input.roster,
    plan: input.plan,
    onDate: round.onDate ?? '',
    alreadyElected: input.alreadyElected,
    committee: input.committee,
    edition,
  });
  if (!identified.ok) return refused(identified);
  return countRound({ ...round, dueToAttend: input.attendance.due }, { edition, writeInIdentities: identities });
}
