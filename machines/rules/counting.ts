import { z } from 'zod';
import { listText, plural } from './arithmetic';
import { COMMITTEE_MIN_SEATS } from './committee';
import { describeZodIssues } from './issues';
import { verdict, type Verdict } from './verdict';

const count = (what: string) => {
  const accepted = `accepted: a whole number of ${what}, 0 or more`;
  return z.number({ error: accepted }).int(accepted).min(0, accepted);
};

/** Which contest a ballot round decides: the committee, or the secretary or deputy on a direct ballot. */
export const ballotKindSchema = z.enum(['committee', 'secretary', 'deputy']);

/** Why a round is held: the first, a re-run of a void round, a tie on the last seat, or another election for unfilled seats. */
export const roundPurposeSchema = z.enum(['first', 'void-rerun', 'tie', 'shortfall']);

/**
 * One ballot round at the conference (or the first plenary), as the scrutineers confirm it. `votes` has an
 * entry for every candidate (0 included); write-ins are keyed by the name written. `purpose` says why the round
 * is held: 'tie' is the re-vote among candidates tied on the last seat, decided by most votes (they already had
 * more than half); every other round elects only with more than half of the voters present.
 */
export const roundSchema = z.object({
  kind: ballotKindSchema,
  seats: z.number().int('accepted: a whole number of seats, 1 or more').min(1, 'accepted: a whole number of seats, 1 or more'),
  candidates: z.array(z.string().min(1, 'accepted: a non-empty candidate id')),
  votersPresent: count('voters'),
  ballotsIssued: count('ballots'),
  ballotsReturned: count('ballots'),
  validBallots: count('ballots'),
  invalidBallots: count('ballots'),
  votes: z.record(z.string().min(1, 'accepted: a non-empty candidate id'), count('votes')),
  writeIns: z.record(z.string().min(1, 'accepted: a non-empty name'), count('votes')).optional(),
  disapprovedCandidates: z.array(z.string()).optional(),
  purpose: roundPurposeSchema.optional(),
});

/** One ballot round. */
export type Round = z.infer<typeof roundSchema>;

interface RoundOutcome {
  /** Elected in this round, most votes first (equal votes by id, for display only: all of them are elected). */
  elected: string[];
  /** Write-in names among `elected`: the record must then identify the member. */
  writeInsElected: string[];
  verdict: Verdict;
}

/**
 * The outcome of counting a round; `status` decides the next step. `verdict.ok` is false exactly when the record
 * is refused ('rejected'): a void, tied or short round is a true record to keep, so an update validator refuses
 * only `!verdict.ok`, and the machine branches on `status`.
 */
export type RoundResult =
  /** The numbers do not add up: the record is refused for correction, nothing is counted. */
  | (RoundOutcome & { status: 'rejected' })
  /** More ballots returned than issued: the round is void and is re-run. */
  | (RoundOutcome & { status: 'void' })
  /** Every seat is filled. */
  | (RoundOutcome & { status: 'elected' })
  /** Candidates tied on the last seat(s): a tie-break round among `tied` for `seatsForTie` seats. */
  | (RoundOutcome & { status: 'tie'; tied: string[]; seatsForTie: number })
  /** Fewer than the seats got more than half: another election among `notElected` for `shortfall` seats, or a seat reduction. */
  | (RoundOutcome & { status: 'shortfall'; shortfall: number; notElected: string[] });

interface Entrant {
  id: string;
  votes: number;
  writeIn: boolean;
}

/** Most votes first; equal votes in id order, which only fixes the listing and never decides a seat. */
function byVotes(a: Entrant, b: Entrant): number {
  return b.votes - a.votes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

/** Every way the recorded numbers can fail to add up; an empty list means the round can be counted. */
function roundProblems(round: Round): Verdict[] {
  const problems: Verdict[] = [];
  const fail = (code: string, message: string) => problems.push(verdict(false, code, message, {}));
  const writeIns = round.writeIns ?? {};
  const disapproved = round.disapprovedCandidates ?? [];
  const candidates = new Set(round.candidates);
  const writeInVotes = sum(Object.values(writeIns));

  if (round.ballotsIssued > round.votersPresent) {
    fail(
      'ROUND_MORE_ISSUED_THAN_VOTERS',
      `ballots issued ${round.ballotsIssued} is more than the ${round.votersPresent} voters present (one ballot each, no proxy voting)`,
    );
  }
  if (round.validBallots + round.invalidBallots !== round.ballotsReturned) {
    fail(
      'ROUND_VALID_PLUS_INVALID_NOT_RETURNED',
      `valid ${round.validBallots} + invalid ${round.invalidBallots} = ${round.validBallots + round.invalidBallots}, not the ${round.ballotsReturned} ballots returned`,
    );
  }
  if (candidates.size !== round.candidates.length) fail('ROUND_DUPLICATE_CANDIDATE', 'a candidate is listed twice');
  if (candidates.size < round.seats) {
    fail('ROUND_FEWER_CANDIDATES_THAN_SEATS', `${plural(candidates.size, 'candidate')} for ${plural(round.seats, 'seat')}`);
  }
  const missing = round.candidates.filter((id) => round.votes[id] === undefined);
  if (missing.length > 0) fail('ROUND_MISSING_CANDIDATE_VOTES', `no votes recorded for ${missing.join(', ')} (record 0 if none)`);
  const strangers = Object.keys(round.votes)
    .filter((id) => !candidates.has(id))
    .sort();
  if (strangers.length > 0) {
    fail(
      'ROUND_VOTES_FOR_NON_CANDIDATE',
      `votes recorded for ${strangers.join(', ')}, not a candidate of this round (write-ins go under writeIns)`,
    );
  }
  const entries = [...Object.entries(round.votes), ...Object.entries(writeIns)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [id, votes] of entries) {
    if (votes > round.validBallots) {
      fail('ROUND_VOTES_EXCEED_VALID_BALLOTS', `${id} has ${votes} votes, more than the ${round.validBallots} valid ballots`);
    }
  }
  const marks = sum(Object.values(round.votes)) + writeInVotes;
  if (marks > round.validBallots * round.seats) {
    fail(
      'ROUND_VOTES_EXCEED_MARKS',
      `${marks} votes in all, more than ${round.validBallots} valid ballots × ${plural(round.seats, 'seat')} = ${round.validBallots * round.seats} (a valid ballot marks at most as many names as seats)`,
    );
  }
  const notCandidates = disapproved.filter((id) => !candidates.has(id));
  if (notCandidates.length > 0)
    fail('ROUND_DISAPPROVED_NOT_CANDIDATE', `disapproved ${notCandidates.join(', ')}: not a candidate of this round`);
  const writeInCandidates = Object.keys(writeIns)
    .filter((name) => candidates.has(name))
    .sort();
  if (writeInCandidates.length > 0) {
    fail('ROUND_WRITE_IN_IS_CANDIDATE', `write-in ${writeInCandidates.join(', ')} is a candidate: record those votes under votes`);
  }
  if (writeInVotes > 0 && round.purpose === 'tie') {
    fail('ROUND_WRITE_IN_IN_TIE_BREAK', `${writeInVotes} write-in votes in a tie-break, which is a re-vote among the tied only`);
  } else if (writeInVotes > 0 && disapproved.length === 0) {
    fail(
      'ROUND_WRITE_IN_WITHOUT_DISAPPROVAL',
      `${writeInVotes} write-in votes but no candidate disapproved: a write-in is allowed only in place of a disapproved candidate`,
    );
  } else if (writeInVotes > round.validBallots * disapproved.length) {
    fail(
      'ROUND_WRITE_INS_EXCEED_DISAPPROVALS',
      `${writeInVotes} write-in votes, more than ${round.validBallots} valid ballots × ${disapproved.length} disapproved candidates could replace`,
    );
  }
  return problems;
}

function header(round: Round): string {
  const needed = Math.floor(round.votersPresent / 2) + 1;
  const rule =
    round.purpose === 'tie'
      ? 'tie-break: most votes decide'
      : `elected with more than half of ${round.votersPresent} voters present, at least ${needed} votes (2 × votes > ${round.votersPresent})`;
  return `${round.kind} round for ${plural(round.seats, 'seat')}, ${rule}`;
}

const standing = (entrants: readonly Entrant[]) => listText(entrants.map((e) => `${e.id}${e.writeIn ? ' (write-in)' : ''} ${e.votes}`));

/**
 * Counts a ballot round. Rejected when the numbers do not add up (never repaired); void when more ballots
 * come back than were issued; otherwise elected only with votes MORE than half of the voters present
 * (2 × votes > present, exactly half fails), the highest votes filling the seats. A tie on the last seat is
 * never broken here: it becomes a tie-break round. The result depends only on the votes, not on their order.
 */
export function countRound(input: Round): RoundResult {
  const parsed = roundSchema.safeParse(input);
  if (!parsed.success) {
    const errors = describeZodIssues(parsed.error, input, 'rule');
    return {
      status: 'rejected',
      elected: [],
      writeInsElected: [],
      verdict: verdict(false, 'ROUND_INVALID_RECORD', `the round record is rejected: ${errors.join('; ')}`, { errors }),
    };
  }
  const round = parsed.data;
  const figures = {
    kind: round.kind,
    seats: round.seats,
    votersPresent: round.votersPresent,
    ballotsIssued: round.ballotsIssued,
    ballotsReturned: round.ballotsReturned,
    validBallots: round.validBallots,
    invalidBallots: round.invalidBallots,
    votesNeeded: round.purpose === 'tie' ? 0 : Math.floor(round.votersPresent / 2) + 1,
  };

  // A void round is re-run whatever else its record says, so this comes before the add-up checks.
  if (round.ballotsReturned > round.ballotsIssued) {
    return {
      status: 'void',
      elected: [],
      writeInsElected: [],
      verdict: verdict(
        true,
        'ROUND_VOID_MORE_RETURNED_THAN_ISSUED',
        `ballots returned ${round.ballotsReturned} is more than ballots issued ${round.ballotsIssued}: the round is void and must be re-run`,
        figures,
      ),
    };
  }

  const problems = roundProblems(round);
  if (problems.length > 0) {
    return {
      status: 'rejected',
      elected: [],
      writeInsElected: [],
      verdict: verdict(
        false,
        problems[0]!.code,
        `the numbers do not add up, correct the record (nothing was counted): ${problems.map((p) => p.message).join('; ')}`,
        { ...figures, problems: problems.map((p) => p.code) },
      ),
    };
  }

  const entrants: Entrant[] = [
    ...round.candidates.map((id) => ({ id, votes: round.votes[id]!, writeIn: false })),
    ...Object.entries(round.writeIns ?? {}).map(([id, votes]) => ({ id, votes, writeIn: true })),
  ].sort(byVotes);
  const passes = (e: Entrant) => round.purpose === 'tie' || 2 * e.votes > round.votersPresent;
  const passing = entrants.filter(passes);
  const ranking = entrants.map((e) => ({ id: e.id, votes: e.votes, writeIn: e.writeIn, passed: passes(e) }));
  const writeInsOf = (list: readonly Entrant[]) => list.filter((e) => e.writeIn).map((e) => e.id);
  const head = header(round);

  if (passing.length > round.seats && passing[round.seats]!.votes === passing[round.seats - 1]!.votes) {
    const lastVotes = passing[round.seats - 1]!.votes;
    const above = passing.filter((e) => e.votes > lastVotes);
    const tied = passing.filter((e) => e.votes === lastVotes);
    const seatsForTie = round.seats - above.length;
    const tiedIds = tied.map((e) => e.id).sort();
    return {
      status: 'tie',
      elected: above.map((e) => e.id),
      writeInsElected: writeInsOf(above),
      tied: tiedIds,
      seatsForTie,
      verdict: verdict(
        true,
        'ROUND_TIE_ON_LAST_SEAT',
        `${head}; elected: ${standing(above)}; ${listText(tiedIds)} tied on ${lastVotes} votes for the last ${plural(seatsForTie, 'seat')}: a re-vote among the tied decides`,
        { ...figures, ranking, tied: tiedIds, seatsForTie },
      ),
    };
  }

  const elected = passing.slice(0, round.seats);
  if (elected.length === round.seats) {
    return {
      status: 'elected',
      elected: elected.map((e) => e.id),
      writeInsElected: writeInsOf(elected),
      verdict: verdict(
        true,
        'ROUND_ALL_SEATS_FILLED',
        `${head}; elected: ${standing(elected)}; not elected: ${standing(entrants.filter((e) => !elected.includes(e)))}`,
        {
          ...figures,
          ranking,
        },
      ),
    };
  }

  const shortfall = round.seats - elected.length;
  const notElected = entrants.filter((e) => !e.writeIn && !elected.includes(e));
  return {
    status: 'shortfall',
    elected: elected.map((e) => e.id),
    writeInsElected: writeInsOf(elected),
    shortfall,
    notElected: notElected.map((e) => e.id),
    verdict: verdict(
      true,
      'ROUND_SHORTFALL',
      `${head}; elected: ${standing(elected)}; ${shortfall} of ${plural(round.seats, 'seat')} unfilled: another election among ${standing(notElected)}${round.kind === 'committee' ? ', or a vote to reduce the seats where allowed' : ''}`,
      { ...figures, ranking, shortfall },
    ),
  };
}

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
    return verdict(false, 'SEAT_REDUCTION_NOTHING_UNFILLED', `${elected} elected for ${seats} seats: no seat is unfilled`, figures);
  }
  if (elected < seats - 1) {
    return verdict(
      false,
      'SEAT_REDUCTION_TOO_FAR_SHORT',
      `${elected} elected for ${seats} seats is ${seats - elected} short, not close enough (at most 1 short) to reduce the seats: hold another election`,
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
    `${elected} elected for ${seats} seats is 1 short and at least ${COMMITTEE_MIN_SEATS}: the conference may vote to reduce the seats to ${elected}`,
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
