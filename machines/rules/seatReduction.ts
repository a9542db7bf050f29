import { plural } from './arithmetic';
import { COMMITTEE_MIN_SEATS } from './committee';
import type { Round } from './counting';
import { verdict, type Verdict } from './verdict';

/**
 * Whether the conference may reduce the seats instead of another election. Reading of "the number elected is
 * close to the seats": exactly one short (elected = seats − 1); and not below the minimum committee of 3.
 */
export function canReduceSeats(input: { elected: number; seats: number }): Verdict<{ elected: number; seats: number }> {
  const { elected, seats } = input;
  const figures = { elected, seats };
  if (!Number.isSafeInteger(elected) || !Number.isSafeInteger(seats) || elected < 0 || seats < 1) {
    return verdict(false, 'SEAT_REDUCTION_INVALID_FIGURES', `elected ${elected} and seats ${seats} must be whole numbers`, figures);
  }
  if (elected >= seats) {
    return verdict(
      false,
      'SEAT_REDUCTION_NOTHING_UNFILLED',
      `${elected} elected for ${plural(seats, 'seat')}: no seat is unfilled`,
      figures,
    );
  }
  if (elected < seats - 1) {
    return verdict(
      false,
      'SEAT_REDUCTION_TOO_FAR_SHORT',
      `${elected} elected for ${plural(seats, 'seat')} is ${seats - elected} short, not close enough (at most 1 short) to reduce the seats: hold another election`,
      figures,
    );
  }
  if (elected < COMMITTEE_MIN_SEATS) {
    return verdict(
      false,
      'SEAT_REDUCTION_BELOW_MINIMUM',
      `${elected} elected is below the minimum committee of ${COMMITTEE_MIN_SEATS}: hold another election`,
      figures,
    );
  }
  return verdict(
    true,
    'SEAT_REDUCTION_ALLOWED',
    `${elected} elected for ${plural(seats, 'seat')} is 1 short and at least ${COMMITTEE_MIN_SEATS}: the conference may vote to reduce the seats to ${elected}`,
    figures,
  );
}

/** The conference's vote to reduce the seats: carried with MORE than half of the voters present in favour. */
export function seatReductionVote(input: {
  inFavour: number;
  votersPresent: number;
}): Verdict<{ inFavour: number; votersPresent: number }> {
  const { inFavour, votersPresent } = input;
  const figures = { inFavour, votersPresent };
  if (!Number.isSafeInteger(inFavour) || !Number.isSafeInteger(votersPresent) || inFavour < 0 || inFavour > votersPresent) {
    return verdict(
      false,
      'SEAT_REDUCTION_VOTE_INVALID_FIGURES',
      `${inFavour} in favour of ${votersPresent} present: whole numbers, in favour not more than present`,
      figures,
    );
  }
  const carried = 2 * inFavour > votersPresent;
  return verdict(
    carried,
    carried ? 'SEAT_REDUCTION_CARRIED' : 'SEAT_REDUCTION_NOT_CARRIED',
    `${inFavour} of ${votersPresent} present in favour: ${carried ? '' : 'not '}more than half (2 × ${inFavour} = ${2 * inFavour} > ${votersPresent}${carried ? '' : ' is false'}), the seat reduction is ${carried ? 'carried' : 'not carried'}`,
    figures,
  );
}

/**
 * A seat reduction as the conference decides it: only after a round that left seats unfilled (`purpose` of the
 * open ballot is 'shortfall'), where {@link canReduceSeats} allows it, and carried by {@link seatReductionVote}.
 */
export function checkSeatReduction(input: {
  purpose: Round['purpose'];
  elected: number;
  seats: number;
  inFavour: number;
  votersPresent: number;
}): Verdict {
  if (input.purpose !== 'shortfall') {
    return verdict(false, 'NO_SHORTFALL', 'seats may be reduced only after a round that left seats unfilled', {
      purpose: input.purpose ?? 'first',
    });
  }
  const allowed = canReduceSeats({ elected: input.elected, seats: input.seats });
  if (!allowed.ok) return allowed;
  return seatReductionVote({ inFavour: input.inFavour, votersPresent: input.votersPresent });
}
