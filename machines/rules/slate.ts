import { z } from 'zod';
import { plural } from './arithmetic';
import { requiredCandidates, seatsProblem, seatsVerdict, type BranchForm } from './committee';
import { CURRENT_EDITION, fromEdition2 } from './edition';
import { votingMembers } from './electorate';
import { candidateBlocks, compositionWarnings } from './eligibility';
import { type Member, rosterIndex } from './member';
import { secretaryMembership } from './secretary';
import type { TownPlan } from './townPlan';
import { verdict, type PolicyVerdict, type Verdict } from './verdict';

/** The candidate slate (候选人) the town committee approves: seats to fill, candidate member ids, and whether a deputy is elected. */
export const slateSchema = z.object({
  seats: z.number().int('accepted: a whole number of seats from 3 to 7').min(1, 'accepted: a whole number of seats from 3 to 7'),
  candidates: z.array(z.string().min(1, 'accepted: a non-empty member id')),
  electsDeputy: z.boolean(),
});

/** The candidate slate. */
export type Slate = z.infer<typeof slateSchema>;

/** The competitive ratio (差额): at least seats × 1.2 candidates, rounded up. */
export function competitiveRatioVerdict(seats: number, candidates: number): Verdict<{ seats: number; candidates: number; needed: number }> {
  const invalid = seatsProblem(seats) ?? countProblem('candidates', candidates);
  if (invalid) return { ...invalid, figures: { seats, candidates, needed: 0 } };
  const needed = requiredCandidates(seats);
  const figures = { seats, candidates, needed };
  const product = (seats * 6) / 5;
  const arithmetic = `${plural(seats, 'seat')} need ${seats} × 1.2 = ${product}${Number.isInteger(product) ? '' : `, rounded up ${needed}`}`;
  return candidates >= needed
    ? verdict(true, 'COMPETITIVE_RATIO_MET', `${plural(candidates, 'candidate')}; ${arithmetic}: enough`, figures)
    : verdict(
        false,
        'COMPETITIVE_RATIO_NOT_MET',
        `${plural(candidates, 'candidate')}; ${arithmetic}: ${needed - candidates} too few`,
        figures,
      );
}

/** Why a count of people is nonsense (negative, fractional, NaN), or nothing when it is a whole number, 0 or more. */
function countProblem(field: string, value: number): Verdict | undefined {
  if (Number.isSafeInteger(value) && value >= 0) return undefined;
  return verdict(false, 'COUNT_INVALID_FIGURES', `${field}: got ${value}; accepted: a whole number, 0 or more`, { [field]: value });
}

/**
 * Candidates a slate needs: the competitive ratio for a committee, one for a directly elected secretary (from
 * edition 2, two when the conference elects a deputy from the slate as well).
 */
export function candidatesNeeded(form: BranchForm, seats: number, deputyFromSlate = false): number {
  return form === 'committee' ? requiredCandidates(seats) : deputyFromSlate ? 2 : 1;
}

/**
 * Whether enough nominees passed (the recommendation threshold, or the inspection) to make up the slate the
 * branch needs; with too few the recommendation is held again.
 */
export function enoughNominees(input: {
  form: BranchForm;
  seats: number;
  passing: number;
  electsDeputy?: boolean;
  edition?: number;
}): Verdict<{ passing: number; needed: number }> {
  const invalid = seatsProblem(input.seats) ?? countProblem('passing', input.passing);
  if (invalid) return { ...invalid, figures: { passing: input.passing, needed: 0 } };
  const needed = candidatesNeeded(input.form, input.seats, fromEdition2(input.edition ?? CURRENT_EDITION) && (input.electsDeputy ?? false));
  const figures = { passing: input.passing, needed };
  return input.passing >= needed
    ? verdict(true, 'ENOUGH_NOMINEES', `${plural(input.passing, 'nominee')} passed; the slate needs at least ${needed}: enough`, figures)
    : verdict(
        false,
        'TOO_FEW_NOMINEES_PASS',
        `${plural(input.passing, 'nominee')} passed but the slate needs at least ${needed}; hold the recommendation again`,
        figures,
      );
}

/**
 * Checks a slate before approval. Blocking: for a committee its size and the competitive ratio; for either
 * form each candidate a voting member of the roster listed once who passed inspection, and the town plan's age
 * limits on `onDate`. From edition 2, where the conference elects the secretary directly, at least one candidate
 * with the secretary's years of membership, and with a deputy at least 2 candidates (the deputy is elected from
 * the slate). Warnings: the town plan's targets for women and members aged
 * 35 or under among the candidates.
 */
export function checkSlate(input: {
  /** The body elected; a committee unless told (a branch under 7 full members elects its secretary directly). */
  form?: BranchForm;
  seats: number;
  candidates: readonly string[];
  roster: readonly Member[];
  inspectedPass: readonly string[];
  plan: TownPlan;
  onDate: string;
  /** Whether a deputy is elected too. */
  electsDeputy?: boolean;
  edition?: number;
  /**
   * From version 2: candidates the town committee approves over the new-member age limit ("normally 45 or under"),
   * each with its recorded reason; such a candidate is a warning, not a block. Absent: the limit blocks (version 1).
   */
  ageExceptions?: readonly { memberId: string; reason: string }[];
}): PolicyVerdict {
  const { seats, candidates, roster, plan, onDate } = input;
  const excepted = new Map(input.ageExceptions?.map((e) => [e.memberId, e.reason]));
  const exceptionWarnings: Verdict[] = [];
  const members = rosterIndex(roster);
  const inspected = new Set(input.inspectedPass);
  const blocking: Verdict[] = [];
  const invalid = seatsProblem(seats);
  if (invalid) return { ok: false, blocking: [invalid], warnings: [], verdict: invalid };

  const committee = (input.form ?? 'committee') === 'committee';
  const distinct = [...new Set(candidates)];
  const ratio = committee
    ? competitiveRatioVerdict(seats, distinct.length)
    : verdict(true, 'SLATE_SECRETARY_DIRECT', `${plural(distinct.length, 'candidate')} for the directly elected secretary`, {});
  if (committee) {
    const size = seatsVerdict(seats, votingMembers(roster).length);
    if (!size.ok) blocking.push(size);
    if (!ratio.ok) blocking.push(ratio);
  } else if (fromEdition2(input.edition ?? CURRENT_EDITION) && input.electsDeputy && distinct.length < 2) {
    blocking.push(
      verdict(
        false,
        'SLATE_NO_DEPUTY_CANDIDATE',
        `${plural(distinct.length, 'candidate')}: the conference elects a secretary and a deputy from the slate, which needs at least 2`,
        { candidates: distinct.length },
      ),
    );
  }

  const seen = new Set<string>();
  const known: Member[] = [];
  for (const id of candidates) {
    if (seen.has(id)) {
      blocking.push(verdict(false, 'SLATE_DUPLICATE_CANDIDATE', `candidate ${id} is listed twice`, { memberId: id }));
      continue;
    }
    seen.add(id);
    const member = members.get(id);
    if (!member) {
      blocking.push(verdict(false, 'SLATE_UNKNOWN_CANDIDATE', `candidate ${id}: no such member in the roster`, { memberId: id }));
      continue;
    }
    known.push(member);
    for (const block of candidateBlocks(member, plan, onDate)) {
      if (block.code !== 'CANDIDATE_OVER_MAX_AGE_NEW' || input.ageExceptions === undefined) blocking.push(block);
      else if (excepted.has(id)) {
        const reason = excepted.get(id)!;
        exceptionWarnings.push(
          verdict(false, 'CANDIDATE_OVER_MAX_AGE_NEW_EXCEPTION', `${block.message}: approved as an exception, reason: ${reason}`, {
            ...block.figures,
            reason,
          }),
        );
      } else {
        blocking.push({
          ...block,
          message: `${block.message}; the town committee may approve an exception with a recorded reason (ageExceptions: [{"memberId": "${id}", "reason": …}])`,
        });
      }
    }
    if (!inspected.has(id)) {
      blocking.push(
        verdict(false, 'SLATE_CANDIDATE_NOT_INSPECTED', `candidate ${member.name} (${id}) has not passed the inspection and joint review`, {
          memberId: id,
        }),
      );
    }
  }

  if (!committee && fromEdition2(input.edition ?? CURRENT_EDITION) && known.length > 0) {
    const standing = known.map((m) => secretaryMembership(m, plan, onDate, input.edition ?? CURRENT_EDITION));
    if (!standing.some((v) => v.ok)) {
      blocking.push(
        verdict(
          false,
          'SLATE_NO_SECRETARY_CANDIDATE',
          `no candidate may be the directly elected secretary: ${standing.map((v) => v.message).join('; ')}`,
          { candidates: known.length },
        ),
      );
    }
  }
  for (const memberId of excepted.keys()) {
    if (!exceptionWarnings.some((w) => w.figures.memberId === memberId)) {
      blocking.push(
        verdict(
          false,
          'SLATE_EXCEPTION_NOT_NEEDED',
          `ageExceptions: ${memberId} is not a candidate over the new-member age limit of ${plan.eligibility.maxAgeNewMember}; accepted: only such candidates`,
          { memberId },
        ),
      );
    }
  }

  const targets = compositionWarnings(known, plan, onDate, 'candidates');
  const warnings = [...exceptionWarnings, ...targets];
  const figures = {
    seats,
    candidates: distinct.length,
    needed: candidatesNeeded(
      input.form ?? 'committee',
      seats,
      fromEdition2(input.edition ?? CURRENT_EDITION) && (input.electsDeputy ?? false),
    ),
    warnings: warnings.length,
  };
  const summary =
    blocking.length === 0
      ? verdict(
          true,
          'SLATE_ACCEPTED',
          `${ratio.message}; every candidate may stand${exceptionWarnings.length > 0 ? `; exceptions: ${exceptionWarnings.map((w) => w.message).join('; ')}` : ''}${targets.length > 0 ? `; targets not met: ${targets.map((w) => w.message).join('; ')}` : ''}`,
          figures,
        )
      : verdict(false, 'SLATE_REJECTED', `the slate cannot be approved: ${blocking.map((b) => b.message).join('; ')}`, {
          ...figures,
          problems: blocking.map((b) => b.code),
        });
  return { ok: blocking.length === 0, blocking, warnings, verdict: summary };
}

/**
 * After an upheld objection removes candidates: whether the remaining slate (a count, or the remaining ids)
 * still meets the competitive ratio, or for a directly elected secretary still has a candidate (from edition 2,
 * 2 when a deputy is elected from the slate too). When it does not, the process returns to inspection and slate
 * approval.
 */
export function slateAfterRemoval(
  seats: number,
  remainingCandidates: number | readonly string[],
  form: BranchForm = 'committee',
  options: { electsDeputy?: boolean; edition?: number } = {},
): Verdict {
  const remaining = typeof remainingCandidates === 'number' ? remainingCandidates : new Set(remainingCandidates).size;
  const invalid = seatsProblem(seats) ?? countProblem('remainingCandidates', remaining);
  if (invalid) return invalid;
  if (form === 'secretary-direct') {
    const needed = fromEdition2(options.edition ?? CURRENT_EDITION) && options.electsDeputy ? 2 : 1;
    const posts = needed === 2 ? 'the directly elected secretary and deputy' : 'the directly elected secretary';
    const figures = { remaining, needed };
    return remaining >= needed
      ? verdict(true, 'SLATE_RATIO_HOLDS', `${plural(remaining, 'candidate')} left for ${posts}, the slate stands`, figures)
      : verdict(
          false,
          'SLATE_RATIO_BROKEN',
          `${remaining === 0 ? 'no candidate' : plural(remaining, 'candidate')} left for ${posts}, which need${needed === 1 ? 's' : ''} ${needed}; the slate returns to inspection and slate approval`,
          figures,
        );
  }
  const ratio = competitiveRatioVerdict(seats, remaining);
  return ratio.ok
    ? verdict(true, 'SLATE_RATIO_HOLDS', `${ratio.message}, the slate stands`, ratio.figures)
    : verdict(
        false,
        'SLATE_RATIO_BROKEN',
        `${ratio.message}; the slate no longer meets the competitive ratio and returns to inspection and slate approval`,
        ratio.figures,
      );
}
