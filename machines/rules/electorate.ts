import { z } from 'zod';
import { percentText, plural, scaledText } from './arithmetic';
import { describeZodIssues } from './issues';
import { type Member, rosterIndex } from './member';
import { rejectAll, verdict, type Verdict } from './verdict';

const STANDING_REASON: Record<Exclude<Member['standing'], 'full'>, { code: string; why: string }> = {
  probationary: { code: 'NO_VOTE_PROBATIONARY', why: 'is a probationary member (预备党员), who has no vote and may not stand' },
  'on-probation': {
    code: 'NO_VOTE_ON_PROBATION',
    why: 'is on probation within the Party (留党察看), which takes away the vote and the right to stand',
  },
  // Why a member's rights are suspended (detention or arrest) is the most sensitive fact the roster holds: a refusal,
  // kept in the election's state and shown to whoever reads it, says only that the member has no vote now.
  suspended: {
    code: 'NO_VOTE_RIGHTS_WITHHELD',
    why: 'has no vote at present (see the roster)',
  },
};

/** Who may vote and stand: full members only. */
export function canVote(member: Member): Verdict<{ memberId: string; standing: Member['standing'] }> {
  const figures = { memberId: member.id, standing: member.standing };
  if (member.standing === 'full') {
    return verdict(true, 'CAN_VOTE', `${member.name} (${member.id}) is a full member and may vote and stand`, figures);
  }
  const reason = STANDING_REASON[member.standing];
  return verdict(false, reason.code, `${member.name} (${member.id}) ${reason.why}`, figures);
}

/** The members with a vote (full members), in roster order. */
export function votingMembers(roster: readonly Member[]): Member[] {
  return roster.filter((member) => member.standing === 'full');
}

/** The only grounds on which a voting member is excused from the count of those due to attend (应到会). */
export const excusalCategorySchema = z.enum([
  'illness',
  'abroad-over-6-months',
  'serving-sentence',
  'elderly-or-infirm',
  'away-over-6-months',
]);

/** Plain-language meaning of each excusal category, for messages and the rules page. */
export const EXCUSAL_CATEGORIES: Record<z.infer<typeof excusalCategorySchema>, string> = {
  illness: 'illness preventing the expression of will',
  'abroad-over-6-months': 'abroad for more than 6 months',
  'serving-sentence': 'serving a criminal sentence without a Party penalty of 留党察看 or heavier',
  'elderly-or-infirm': 'elderly, bedridden or long ill and unable to care for themselves',
  'away-over-6-months': 'transferred, seconded, studying or working away for more than 6 months without moving the Party relationship',
};

/** A voting member excused from attendance: one of the five categories, with higher-level consent and a conference vote. */
export const excusalSchema = z.object({
  memberId: z.string().min(1, 'accepted: a non-empty member id'),
  category: excusalCategorySchema,
  higherLevelConsent: z.literal(true, 'accepted: true, the higher Party organisation has consented'),
  conferenceApproved: z.literal(true, 'accepted: true, the conference has voted to excuse the member'),
});

/** A voting member excused from attendance. */
export type Excusal = z.infer<typeof excusalSchema>;

/** How many voting members are due to attend: all voters less the valid excusals; bad excusals reject the record. */
export function dueToAttend(roster: readonly Member[], excusals: readonly Excusal[]): { due: number; excused: string[]; verdict: Verdict } {
  const members = rosterIndex(roster);
  const voters = votingMembers(roster).length;
  const excused: string[] = [];
  const problems: Verdict[] = [];
  for (const [index, excusal] of [...excusals].entries()) {
    // Called directly, an excusal may not have been parsed: only the five categories, with both consents, excuse.
    const parsed = excusalSchema.safeParse(excusal);
    if (!parsed.success) {
      const errors = describeZodIssues(parsed.error, excusal, 'rule').map((e) => `excusals[${index}].${e}`);
      problems.push(verdict(false, 'EXCUSAL_INVALID', errors.join('; '), { index }));
      continue;
    }
    const member = members.get(excusal.memberId);
    const figures = { memberId: excusal.memberId };
    if (!member) {
      problems.push(verdict(false, 'EXCUSAL_UNKNOWN_MEMBER', `excusal for ${excusal.memberId}: no such member in the roster`, figures));
    } else if (member.standing !== 'full') {
      problems.push(
        verdict(
          false,
          'EXCUSAL_NOT_A_VOTER',
          `excusal for ${member.name} (${member.id}): not a voting member, so never counted as due and nothing to excuse`,
          figures,
        ),
      );
    } else if (excused.includes(excusal.memberId)) {
      problems.push(verdict(false, 'EXCUSAL_DUPLICATE', `excusal for ${member.name} (${member.id}) is recorded twice`, figures));
    } else {
      excused.push(excusal.memberId);
    }
  }
  const due = voters - excused.length;
  const figures = { voters, excused: excused.length, due };
  if (problems.length > 0) return { due, excused, verdict: rejectAll(problems, figures) };
  return {
    due,
    excused,
    verdict: verdict(
      true,
      'DUE_TO_ATTEND_COUNTED',
      `${plural(voters, 'voting member')} less ${excused.length} excused = ${due} due to attend`,
      figures,
    ),
  };
}

/** Quorum: voting members present must be MORE than 4/5 of those due (5 × present > 4 × due, exactly 4/5 fails). */
export function quorumVerdict(input: {
  due: number;
  presentVoters: number;
}): Verdict<{ due: number; presentVoters: number; fourFifthsOfDue: string }> {
  const { due, presentVoters } = input;
  const invalid = !Number.isSafeInteger(due) || !Number.isSafeInteger(presentVoters) || due < 0 || presentVoters < 0;
  const fourFifthsOfDue = invalid ? 'n/a' : scaledText(4, 5, due);
  const figures = { due, presentVoters, fourFifthsOfDue };
  if (invalid) {
    return verdict(
      false,
      'QUORUM_INVALID_FIGURES',
      `present ${presentVoters} and due ${due} must both be whole numbers, 0 or more: the attendance record is rejected`,
      figures,
    );
  }
  if (presentVoters > due) {
    return verdict(
      false,
      'QUORUM_MORE_PRESENT_THAN_DUE',
      `present ${presentVoters} is more than the ${due} due to attend: an excused member who came must have the excusal withdrawn; the attendance record is rejected`,
      figures,
    );
  }
  const met = 5 * presentVoters > 4 * due;
  const share = percentText(presentVoters, due);
  const message = met
    ? `present ${presentVoters} of ${due} due: ${share} is more than 4/5 (${presentVoters} > 4/5 × ${due} = ${fourFifthsOfDue}), quorum met`
    : `present ${presentVoters} of ${due} due: ${share} is not more than 4/5 (${presentVoters} > 4/5 × ${due} = ${fourFifthsOfDue} is false), quorum not met`;
  return verdict(met, met ? 'QUORUM_MET' : 'QUORUM_NOT_MET', message, figures);
}

/** The attendance record of the conference: ids of the voting members present, and the excusals voted. */
export const attendanceSchema = z.object({
  present: z.array(z.string().min(1, 'accepted: a non-empty member id')),
  excusals: z.array(excusalSchema).default([]),
});

/** The attendance record of the conference. */
export type Attendance = z.infer<typeof attendanceSchema>;

/** Checks an attendance record: present ids are voting members, listed once, not excused; then the quorum. */
export function checkAttendance(roster: readonly Member[], given: z.input<typeof attendanceSchema>): Verdict {
  // Excusals are checked one by one in dueToAttend, so that each bad one is named with its index.
  const parsed = attendanceSchema.extend({ excusals: z.array(z.unknown()).default([]) }).safeParse(given);
  if (!parsed.success) {
    const errors = describeZodIssues(parsed.error, given, 'rule');
    return verdict(false, 'ATTENDANCE_INVALID_RECORD', `the attendance record is rejected: ${errors.join('; ')}`, { errors });
  }
  const attendance = { present: parsed.data.present, excusals: parsed.data.excusals as Excusal[] };
  const members = rosterIndex(roster);
  const excusals = attendance.excusals;
  const excusedIds = new Set(excusals.map((e) => (e as Partial<Excusal> | null)?.memberId));
  const problems: Verdict[] = [];
  const seen = new Set<string>();
  for (const id of attendance.present) {
    const member = members.get(id);
    if (!member) {
      problems.push(verdict(false, 'ATTENDANCE_UNKNOWN_MEMBER', `present ${id}: no such member in the roster`, { memberId: id }));
    } else if (member.standing !== 'full') {
      problems.push(
        verdict(
          false,
          'ATTENDANCE_NOT_A_VOTER',
          `present ${member.name} (${id}) ${STANDING_REASON[member.standing].why}, so is not counted among the voters present`,
          { memberId: id },
        ),
      );
    } else if (seen.has(id)) {
      problems.push(verdict(false, 'ATTENDANCE_DUPLICATE', `present ${member.name} (${id}) is listed twice`, { memberId: id }));
    } else if (excusedIds.has(id)) {
      problems.push(
        verdict(
          false,
          'ATTENDANCE_EXCUSED_MEMBER_PRESENT',
          `present ${member.name} (${id}) is also excused: withdraw the excusal to count the member`,
          { memberId: id },
        ),
      );
    }
    seen.add(id);
  }
  if (problems.length > 0) return rejectAll(problems, { present: attendance.present.length });
  const due = dueToAttend(roster, excusals);
  if (!due.verdict.ok) return due.verdict;
  const quorum = quorumVerdict({ due: due.due, presentVoters: seen.size });
  return verdict(quorum.ok, quorum.code, `${due.verdict.message}; ${quorum.message}`, {
    ...due.verdict.figures,
    ...quorum.figures,
  });
}

/**
 * The attendance record as the conference keeps it: acceptable when {@link checkAttendance} finds nothing wrong
 * with it, with or without quorum (a true record of a conference without quorum is kept, and the conference
 * is called again); `quorumMet` and `due` are what the election goes on with.
 */
export function attendanceRecord(
  roster: readonly Member[],
  attendance: z.input<typeof attendanceSchema>,
): { quorumMet: boolean; due: number; verdict: Verdict } {
  const checked = checkAttendance(roster, attendance);
  const recordable = checked.ok || checked.code === 'QUORUM_NOT_MET';
  return { quorumMet: checked.ok, due: Number(checked.figures.due ?? 0), verdict: { ...checked, ok: recordable } };
}
