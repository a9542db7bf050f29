import { verdict, type Verdict } from './verdict';

/** An objection during the publicity is against a candidate on the approved slate. */
export function checkObjection(input: { candidateId: string; candidates: readonly string[] }): Verdict {
  const figures = { candidateId: input.candidateId };
  return input.candidates.includes(input.candidateId)
    ? verdict(true, 'OBJECTION_FILED', `objection against candidate ${input.candidateId} filed`, figures)
    : verdict(
        false,
        'OBJECTION_NOT_A_CANDIDATE',
        `candidateId: got "${input.candidateId}"; accepted: a candidate on the slate (${input.candidates.join(', ')})`,
        figures,
      );
}
