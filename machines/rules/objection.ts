import { verdict, type Verdict } from './verdict';

/**
 * An objection during the publicity is against a candidate on the approved slate. From version 2 it is accepted in
 * every part of the period, also while another objection is investigated or awaits its ruling, and refused once the
 * period has run out (`periodOver`), when the publicity waits only for the rulings on the objections already filed.
 */
export function checkObjection(input: { candidateId: string; candidates: readonly string[]; periodOver?: boolean }): Verdict {
  const figures = { candidateId: input.candidateId };
  if (input.periodOver) {
    return verdict(
      false,
      'OBJECTION_AFTER_PUBLICITY',
      `the publicity period has run out: an objection is accepted only during it (the publicity now waits for the rulings on the objections filed in time)`,
      figures,
    );
  }
  return input.candidates.includes(input.candidateId)
    ? verdict(true, 'OBJECTION_FILED', `objection against candidate ${input.candidateId} filed`, figures)
    : verdict(
        false,
        'OBJECTION_NOT_A_CANDIDATE',
        `candidateId: got "${input.candidateId}"; accepted: a candidate on the slate (${input.candidates.join(', ')})`,
        figures,
      );
}
