import { z } from 'zod';
import { listText, plural } from './arithmetic';
import { CURRENT_EDITION, fromEdition2 } from './edition';
import { describeZodIssues } from './issues';
import { ownValue, recordById } from './recordById';
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
 * One ballot round at the conference, as the scrutineers confirm it. `votes` has an entry for every candidate
 * (0 included); write-ins are keyed by the name written. `purpose` says why the round is held: 'tie' is the
 * re-vote among candidates tied on the last seat, decided by most votes (they already had a majority); every
 * other round elects only with votes from more than half of the members the edition counts (see countRound).
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
  votes: recordById(z.string().min(1, 'accepted: a non-empty candidate id'), count('votes'), 'accepted: votes by candidate id'),
  writeIns: recordById(z.string().min(1, 'accepted: a non-empty name'), count('votes'), 'accepted: votes by name written in').optional(),
  disapprovedCandidates: z.array(z.string()).optional(),
  /** The voting members due to attend the conference (应到会): from edition 2 the majority is counted of them. */
  dueToAttend: count('members due to attend').optional(),
  purpose: roundPurposeSchema.optional(),
});

/** One ballot round. */
export type Round = z.infer<typeof roundSchema>;

/** Who a write-in is, once the round record identifies the person: a member who may take the seat, or why not. */
export type WriteInIdentity = { memberId: string; maySit: true } | { memberId?: string; maySit: false; why: string };

/** What counting needs beside the round's own figures. */
export interface CountingRules {
  /** The rule edition of the election (machines/editions.ts); the newest when not given. */
  edition?: number;
  /** From edition 2: who each write-in is, by the name written (identifyWriteIns). A write-in with a majority needs one. */
  writeInIdentities?: Readonly<Record<string, WriteInIdentity>>;
}

interface RoundOutcome {
  /** Elected in this round, most votes first (equal votes by id, for display only: all of them are elected). */
  elected: string[];
  /** Write-ins among `elected`: in edition 1 the names written, from edition 2 the members identified. */
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
  /** Fewer than the seats got a majority: another election among `notElected` for `shortfall` seats, or a seat reduction. */
  | (RoundOutcome & { status: 'shortfall'; shortfall: number; notElected: string[] });

interface Entrant {
  id: string;
  votes: number;
  writeIn: boolean;
  /** The name written on the ballots, when a write-in was identified as a member under another id. */
  writtenAs?: string;
  /** Why an identified write-in may not take a seat (edition 2): the votes stand, the seat is not theirs. */
  barred?: string;
}

/** Most votes first; equal votes in id order, which only fixes the listing and never decides a seat. */
function byVotes(a: Entrant, b: Entrant): number {
  return b.votes - a.votes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

/** Whose majority elects: edition 1, the voters present (实到会); edition 2, the voting members due to attend (应到会). */
interface Majority {
  of: number;
  who: string;
}

function majorityOf(round: Round, edition: number): Majority | undefined {
  if (!fromEdition2(edition)) return { of: round.votersPresent, who: `${plural(round.votersPresent, 'voter')} present` };
  return round.dueToAttend === undefined
    ? undefined
    : { of: round.dueToAttend, who: `the ${plural(round.dueToAttend, 'member')} due to attend` };
}

/** Every way the recorded numbers can fail to add up; an empty list means the round can be counted. */
function roundProblems(round: Round, edition: number): Verdict[] {
  const problems: Verdict[] = [];
  const fail = (code: string, message: string) => problems.push(verdict(false, code, message, {}));
  const writeIns = round.writeIns ?? {};
  const disapproved = round.disapprovedCandidates ?? [];
  const candidates = new Set(round.candidates);
  const writeInVotes = sum(Object.values(writeIns));

  if (fromEdition2(edition) && round.dueToAttend === undefined) {
    fail(
      'ROUND_DUE_TO_ATTEND_MISSING',
      'dueToAttend: got nothing; accepted: the number of voting members due to attend, of whom a candidate needs more than half',
    );
  }
  if (round.dueToAttend !== undefined && round.votersPresent > round.dueToAttend) {
    fail(
      'ROUND_MORE_VOTERS_THAN_DUE',
      `${plural(round.votersPresent, 'voter')} present, more than the ${plural(round.dueToAttend, 'member')} due to attend`,
    );
  }
  if (round.ballotsIssued > round.votersPresent) {
    fail(
      'ROUND_MORE_ISSUED_THAN_VOTERS',
      `ballots issued ${round.ballotsIssued} is more than the ${plural(round.votersPresent, 'voter')} present (one ballot each, no proxy voting)`,
    );
  }
  if (round.validBallots + round.invalidBallots !== round.ballotsReturned) {
    fail(
      'ROUND_VALID_PLUS_INVALID_NOT_RETURNED',
      `valid ${round.validBallots} + invalid ${round.invalidBallots} = ${round.validBallots + round.invalidBallots}, not the ${plural(round.ballotsReturned, 'ballot')} returned`,
    );
  }
  if (candidates.size !== round.candidates.length) fail('ROUND_DUPLICATE_CANDIDATE', 'a candidate is listed twice');
  if (candidates.size < round.seats) {
    fail('ROUND_FEWER_CANDIDATES_THAN_SEATS', `${plural(candidates.size, 'candidate')} for ${plural(round.seats, 'seat')}`);
  }
  const missing = round.candidates.filter((id) => ownValue(round.votes, id) === undefined);
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
      fail(
        'ROUND_VOTES_EXCEED_VALID_BALLOTS',
        `${id} has ${plural(votes, 'vote')}, more than the ${plural(round.validBallots, 'valid ballot')}`,
      );
    }
  }
  const marks = sum(Object.values(round.votes)) + writeInVotes;
  if (marks > round.validBallots * round.seats) {
    fail(
      'ROUND_VOTES_EXCEED_MARKS',
      `${plural(marks, 'vote')} in all, more than ${plural(round.validBallots, 'valid ballot')} × ${plural(round.seats, 'seat')} = ${round.validBallots * round.seats} (a valid ballot marks at most as many names as seats)`,
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
    fail('ROUND_WRITE_IN_IN_TIE_BREAK', `${plural(writeInVotes, 'write-in vote')} in a tie-break, which is a re-vote among the tied only`);
  } else if (writeInVotes > 0 && disapproved.length === 0) {
    fail(
      'ROUND_WRITE_IN_WITHOUT_DISAPPROVAL',
      `${plural(writeInVotes, 'write-in vote')} but no candidate disapproved: a write-in is allowed only in place of a disapproved candidate`,
    );
  } else if (writeInVotes > round.validBallots * disapproved.length) {
    fail(
      'ROUND_WRITE_INS_EXCEED_DISAPPROVALS',
      `${plural(writeInVotes, 'write-in vote')}, more than ${plural(round.validBallots, 'valid ballot')} × ${plural(disapproved.length, 'disapproved candidate')} could replace`,
    );
  }
  return problems;
}

/**
 * From edition 2, a write-in with a majority takes a seat only as the member the record identifies: one not
 * identified refuses the record (the count waits for it), and one identified as a candidate or as the member
 * another written name stands for is a recording error.
 */
function identityProblems(round: Round, rules: CountingRules, majority: Majority): Verdict[] {
  const problems: Verdict[] = [];
  const identities = rules.writeInIdentities ?? {};
  const candidates = new Set(round.candidates);
  const byMember = new Map<string, string>();
  for (const [name, votes] of Object.entries(round.writeIns ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const identity = ownValue(identities, name);
    if (identity === undefined) {
      if (round.purpose !== 'tie' && 2 * votes > majority.of) {
        problems.push(
          verdict(
            false,
            'ROUND_WRITE_IN_NOT_IDENTIFIED',
            `write-in "${name}" has ${plural(votes, 'vote')}, more than half of ${majority.who}: identify the person under writeInMembers (the member id in the roster, or null for someone who is not a member of this branch) before the count can be confirmed`,
            { writeIn: name },
          ),
        );
      }
      continue;
    }
    const memberId = identity.memberId;
    if (memberId === undefined) continue;
    if (candidates.has(memberId)) {
      problems.push(
        verdict(false, 'ROUND_WRITE_IN_IS_CANDIDATE', `write-in "${name}" is candidate ${memberId}: record those votes under votes`, {
          writeIn: name,
        }),
      );
    }
    const other = byMember.get(memberId);
    if (other !== undefined) {
      problems.push(
        verdict(
          false,
          'ROUND_WRITE_IN_SAME_MEMBER',
          `write-ins "${other}" and "${name}" are both identified as ${memberId}: record their votes together under one name`,
          { writeIn: name },
        ),
      );
    }
    byMember.set(memberId, name);
  }
  return problems;
}

function header(round: Round, majority: Majority): string {
  const needed = Math.floor(majority.of / 2) + 1;
  const rule =
    round.purpose === 'tie'
      ? 'tie-break: most votes decide'
      : `elected with more than half of ${majority.who}, at least ${plural(needed, 'vote')} (2 × votes > ${majority.of})`;
  return `${round.kind} round for ${plural(round.seats, 'seat')}, ${rule}`;
}

function label(e: Entrant): string {
  if (e.barred !== undefined) return `${e.id} (write-in, may not take a seat: ${e.barred}) ${e.votes}`;
  if (e.writtenAs !== undefined) return `${e.id} (written in as "${e.writtenAs}") ${e.votes}`;
  return `${e.id}${e.writeIn ? ' (write-in)' : ''} ${e.votes}`;
}
const standing = (entrants: readonly Entrant[]) => listText(entrants.map(label));

/** The entrants of a round: its candidates, then the write-ins, as the members identified where the edition asks it. */
function entrantsOf(round: Round, rules: CountingRules, edition: number): Entrant[] {
  const identities = rules.writeInIdentities ?? {};
  const writeIns = Object.entries(round.writeIns ?? {}).map(([name, votes]): Entrant => {
    const identity = fromEdition2(edition) ? ownValue(identities, name) : undefined;
    if (identity === undefined) return { id: name, votes, writeIn: true };
    if (identity.maySit) return { id: identity.memberId, votes, writeIn: true, ...(identity.memberId !== name ? { writtenAs: name } : {}) };
    return { id: name, votes, writeIn: true, barred: identity.why };
  });
  return [...round.candidates.map((id) => ({ id, votes: ownValue(round.votes, id)!, writeIn: false })), ...writeIns].sort(byVotes);
}

/**
 * Counts a ballot round. Rejected when the numbers do not add up (never repaired); void when more ballots come
 * back than were issued; otherwise elected only with votes from MORE than half (2 × votes > n, exactly half
 * fails) of the voting members due to attend (edition 2, the 2020 Regulations) or of the voters present
 * (edition 1, as first published), the highest votes filling the seats. From edition 2 a write-in takes a seat
 * only as a member identified in `rules`. A tie on the last seat is never broken here: it becomes a tie-break
 * round. The result depends only on the votes, not on their order.
 */
export function countRound(input: Round, rules: CountingRules = {}): RoundResult {
  const edition = rules.edition ?? CURRENT_EDITION;
  const rejected = (code: string, message: string, figures: Record<string, unknown>): RoundResult => ({
    status: 'rejected',
    elected: [],
    writeInsElected: [],
    verdict: verdict(false, code, message, figures),
  });
  const parsed = roundSchema.safeParse(input);
  if (!parsed.success) {
    const errors = describeZodIssues(parsed.error, input, 'rule');
    return rejected('ROUND_INVALID_RECORD', `the round record is rejected: ${errors.join('; ')}`, { errors });
  }
  const round = parsed.data;
  const majority = majorityOf(round, edition);
  const figures = {
    kind: round.kind,
    seats: round.seats,
    votersPresent: round.votersPresent,
    ...(round.dueToAttend !== undefined ? { dueToAttend: round.dueToAttend } : {}),
    ballotsIssued: round.ballotsIssued,
    ballotsReturned: round.ballotsReturned,
    validBallots: round.validBallots,
    invalidBallots: round.invalidBallots,
    votesNeeded: round.purpose === 'tie' || majority === undefined ? 0 : Math.floor(majority.of / 2) + 1,
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

  const problems = [
    ...roundProblems(round, edition),
    ...(majority && fromEdition2(edition) ? identityProblems(round, rules, majority) : []),
  ];
  if (problems.length > 0 || majority === undefined) {
    return rejected(
      problems[0]!.code,
      `the numbers do not add up, correct the record (nothing was counted): ${problems.map((p) => p.message).join('; ')}`,
      { ...figures, problems: problems.map((p) => p.code) },
    );
  }

  const entrants = entrantsOf(round, rules, edition);
  const passes = (e: Entrant) => e.barred === undefined && (round.purpose === 'tie' || 2 * e.votes > majority.of);
  const passing = entrants.filter(passes);
  const ranking = entrants.map((e) => ({ id: e.id, votes: e.votes, writeIn: e.writeIn, passed: passes(e) }));
  const writeInsOf = (list: readonly Entrant[]) => list.filter((e) => e.writeIn).map((e) => e.id);
  const barred = entrants.filter((e) => e.barred !== undefined);
  const head = header(round, majority) + (barred.length > 0 ? `; no seat for ${standing(barred)}` : '');

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
        `${head}; elected: ${standing(above)}; ${listText(tiedIds)} tied on ${plural(lastVotes, 'vote')} for the last ${plural(seatsForTie, 'seat')}: a re-vote among the tied decides`,
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
        { ...figures, ranking },
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
