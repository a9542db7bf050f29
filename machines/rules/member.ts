import { z } from 'zod';
import { listOf, text } from '../text';
import { addYears, isoDateSchema, wholeYearsBetween } from './isoDate';

/** Standing in the Party: only 'full' members vote and stand. */
export const standingSchema = z.enum(['full', 'probationary', 'on-probation', 'suspended']);

/**
 * A Party member of the village branch. `standing`: 'probationary' = 预备党员; 'on-probation' = 留党察看
 * (a Party penalty); 'suspended' = rights suspended while under detention or arrest.
 * `outgoingPost` marks the outgoing branch committee; `villageCommitteePost` the villagers' committee (交叉任职).
 * `pinyin` is the name in pinyin beside the name in characters (王建华, "Wang Jianhua"), for readers without them.
 * `fullMemberSince` is the day probation ended (转正), from which Party standing (党龄) counts; optional, see
 * {@link fullMembershipFrom} for the reading when a roster does not give it.
 */
export const memberSchema = z
  .strictObject({
    id: text('id', 'a member id'),
    name: text('name', "the member's name"),
    pinyin: text('name', "the member's name in pinyin").optional(),
    gender: z.enum(['male', 'female']),
    birthDate: isoDateSchema,
    joinedParty: isoDateSchema,
    standing: standingSchema,
    education: z.enum(['college', 'high-school', 'junior-high-or-below']),
    outgoingPost: z.enum(['secretary', 'deputy', 'member']).optional(),
    villageCommitteePost: z.enum(['chair', 'member']).optional(),
    fullMemberSince: isoDateSchema.optional(),
  })
  .superRefine((member, ctx) => {
    // The Party constitution admits members from 18; an earlier date is a typing error in the record.
    const birth = isoDateSchema.safeParse(member.birthDate);
    const joined = isoDateSchema.safeParse(member.joinedParty);
    if (birth.success && joined.success && wholeYearsBetween(member.birthDate, member.joinedParty) < 18) {
      ctx.addIssue({
        code: 'custom',
        path: ['joinedParty'],
        message: 'accepted: a date on or after the 18th birthday given in birthDate, the youngest age of admission',
      });
    }
    if (member.fullMemberSince === undefined) return;
    if (member.standing === 'probationary') {
      ctx.addIssue({
        code: 'custom',
        path: ['fullMemberSince'],
        message: 'accepted: nothing for a probationary member (预备党员), who is not yet a full member',
      });
    } else if (joined.success && isoDateSchema.safeParse(member.fullMemberSince).success && member.fullMemberSince < member.joinedParty) {
      ctx.addIssue({
        code: 'custom',
        path: ['fullMemberSince'],
        message: 'accepted: a date on or after joining the Party (joinedParty), when probation begins',
      });
    }
  });

/** A Party member of the village branch. */
export type Member = z.infer<typeof memberSchema>;

/** The branch roster: members with unique ids, at most LIMITS.rosterMembers of them. */
export const rosterSchema = listOf(memberSchema, 'members').superRefine((members, ctx) => {
  const seen = new Set<string>();
  members.forEach((member, i) => {
    if (seen.has(member.id)) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'id'],
        message: `accepted: an id used once in the roster (${member.id} is a duplicate)`,
      });
    }
    seen.add(member.id);
  });
});

/** The branch roster. */
export type Roster = z.infer<typeof rosterSchema>;

/** Age in whole years on a date (someone born on 29 February turns a year older on 1 March in a common year). */
export function ageOn(birthIso: string, onIso: string): number {
  return wholeYearsBetween(birthIso, onIso);
}

/** Whole years of Party membership on a date. */
export function membershipYearsOn(joinedIso: string, onIso: string): number {
  return wholeYearsBetween(joinedIso, onIso);
}

/** The probation of a new member (预备期): one year, by the Party Constitution. */
export const PROBATION_YEARS = 1;

/**
 * The day a member's Party standing (党龄) counts from. Edition 1 counted from joining. From edition 2 it counts
 * from full membership: the roster's `fullMemberSince`, or, for a roster without it, the reading chosen: one year
 * after joining, the probation the Constitution sets (a probation extended beyond it must be recorded).
 */
export function fullMembershipFrom(
  member: Pick<Member, 'joinedParty' | 'fullMemberSince'>,
  edition: number,
): { from: string; recorded: boolean } {
  if (edition < 2) return { from: member.joinedParty, recorded: true };
  if (member.fullMemberSince !== undefined) return { from: member.fullMemberSince, recorded: true };
  return { from: addYears(member.joinedParty, PROBATION_YEARS), recorded: false };
}

/** Looks up members by id once, for rules that check many ids against a roster. */
export function rosterIndex(roster: readonly Member[]): Map<string, Member> {
  return new Map(roster.map((member) => [member.id, member]));
}
