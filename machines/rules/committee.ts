import { z } from 'zod';
import { plural } from './arithmetic';
import { verdict, type Verdict } from './verdict';

/** Smallest branch committee ("3–5 members, normally at most 7"). */
export const COMMITTEE_MIN_SEATS = 3;
/** Largest usual branch committee; 6 or 7 seats are allowed and flagged. */
export const COMMITTEE_USUAL_MAX_SEATS = 5;
/** Largest branch committee: read as a ceiling, since "normally at most 7" gives no exception procedure. */
export const COMMITTEE_MAX_SEATS = 7;
/** Full members from which a branch has a committee; fewer elect a secretary (and deputy) directly. */
export const COMMITTEE_MIN_FULL_MEMBERS = 7;
/** Full members below which a village cannot form a branch of its own. */
export const BRANCH_MIN_FULL_MEMBERS = 3;

/** Which body a branch elects: a committee (7+ full members), or a secretary directly (3–6). */
export const branchFormSchema = z.enum(['committee', 'secretary-direct']);
export type BranchForm = z.infer<typeof branchFormSchema>;

/**
 * Why a number of seats is nonsense, or nothing when it is a whole number, 1 or more: every rule that takes seats
 * refuses 0, negative, fractional or NaN seats with this verdict, whoever calls it.
 */
export function seatsProblem(seats: number): Verdict | undefined {
  if (Number.isSafeInteger(seats) && seats >= 1) return undefined;
  return verdict(false, 'SEATS_INVALID_FIGURES', `seats: got ${seats}; accepted: a whole number of seats, 1 or more`, { seats });
}

/** Which body the conference elects: a committee (7+ full members), a secretary directly (3–6), or none (under 3). */
export function committeeForm(fullMembers: number): Verdict<{ fullMembers: number }> {
  const figures = { fullMembers };
  if (!Number.isSafeInteger(fullMembers) || fullMembers < 0) {
    return verdict(false, 'INVALID_MEMBER_COUNT', `full members ${fullMembers} must be a whole number, 0 or more`, figures);
  }
  if (fullMembers >= COMMITTEE_MIN_FULL_MEMBERS) {
    return verdict(
      true,
      'COMMITTEE',
      `${plural(fullMembers, 'full member')}: 7 or more, so the conference elects a branch committee`,
      figures,
    );
  }
  if (fullMembers >= BRANCH_MIN_FULL_MEMBERS) {
    return verdict(
      true,
      'SECRETARY_DIRECT',
      `${plural(fullMembers, 'full member')}: fewer than 7, so there is no committee; the conference elects a secretary, and a deputy if needed, directly`,
      figures,
    );
  }
  return verdict(
    false,
    'CANNOT_FORM_BRANCH',
    `${plural(fullMembers, 'full member')}: fewer than 3 cannot form a branch; a joint branch with a neighbouring village is needed, which this system does not handle`,
    figures,
  );
}

/**
 * Candidates a committee election needs: at least seats × 1.2 rounded up (3 → 4, 5 → 6, 7 → 9),
 * computed in integers as ceil(6 × seats / 5).
 */
export function requiredCandidates(seats: number): number {
  return Math.floor((6 * seats + 4) / 5);
}

/**
 * Whether a committee size can be elected: 3–5 seats (SEATS_USUAL) or 6–7 (SEATS_ABOVE_USUAL, allowed); never
 * more than 7, never without a committee (under 7 full members), and never so many that the competitive slate
 * (seats × 1.2 rounded up) would need more candidates than there are full members.
 */
export function seatsVerdict(
  seats: number,
  fullMembers: number,
): Verdict<{ seats: number; fullMembers: number; candidatesNeeded: number }> {
  const candidatesNeeded = Number.isSafeInteger(seats) && seats > 0 ? requiredCandidates(seats) : 0;
  const figures = { seats, fullMembers, candidatesNeeded };
  if (!Number.isSafeInteger(seats) || !Number.isSafeInteger(fullMembers) || fullMembers < 0) {
    return verdict(
      false,
      'SEATS_INVALID_FIGURES',
      `seats ${seats} and full members ${fullMembers}: accepted: whole numbers, full members 0 or more`,
      figures,
    );
  }
  if (fullMembers < COMMITTEE_MIN_FULL_MEMBERS) {
    return verdict(
      false,
      'SEATS_NO_COMMITTEE',
      `${plural(fullMembers, 'full member')}: fewer than 7, so there is no committee to seat; the conference elects a secretary directly`,
      figures,
    );
  }
  if (seats < COMMITTEE_MIN_SEATS) {
    return verdict(false, 'SEATS_BELOW_MINIMUM', `${plural(seats, 'seat')}: a committee has at least 3 members`, figures);
  }
  if (seats > COMMITTEE_MAX_SEATS) {
    return verdict(false, 'SEATS_ABOVE_MAXIMUM', `${seats} seats: a committee has at most 7 members`, figures);
  }
  if (seats > fullMembers) {
    return verdict(
      false,
      'SEATS_EXCEED_FULL_MEMBERS',
      `${plural(seats, 'seat')}: more than the ${plural(fullMembers, 'full member')}`,
      figures,
    );
  }
  if (candidatesNeeded > fullMembers) {
    return verdict(
      false,
      'SEATS_TOO_MANY_FOR_COMPETITIVE_SLATE',
      `${seats} seats need at least ${candidatesNeeded} candidates (${seats} × 1.2 rounded up), more than the ${fullMembers} full members`,
      figures,
    );
  }
  if (seats > COMMITTEE_USUAL_MAX_SEATS) {
    return verdict(true, 'SEATS_ABOVE_USUAL', `${seats} seats: above the usual 3 to 5 but within the limit of 7, allowed`, figures);
  }
  return verdict(true, 'SEATS_USUAL', `${seats} seats: within the usual 3 to 5`, figures);
}

/**
 * The seats a start request or approval may fix for a branch: 1 (the secretary, elected directly)
 * below 7 full members, else a committee size {@link seatsVerdict} accepts.
 */
export function seatsForBranch(seats: number, fullMembers: number): Verdict {
  if (!Number.isSafeInteger(fullMembers) || fullMembers < 0) return seatsVerdict(seats, fullMembers);
  if (fullMembers >= COMMITTEE_MIN_FULL_MEMBERS) return seatsVerdict(seats, fullMembers);
  const invalid = seatsProblem(seats);
  if (invalid) return invalid;
  const figures = { seats, fullMembers };
  return seats === 1
    ? verdict(
        true,
        'SEATS_SECRETARY_DIRECT',
        `${plural(fullMembers, 'full member')}: no committee; 1 secretary is elected directly`,
        figures,
      )
    : verdict(
        false,
        'SEATS_NOT_ONE_WITHOUT_COMMITTEE',
        `${plural(seats, 'seat')}: with ${plural(fullMembers, 'full member')} (fewer than 7) there is no committee, so the seats must be 1 (the secretary)`,
        figures,
      );
}
