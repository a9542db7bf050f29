import { addYears } from './isoDate';

/** Term of a village branch committee, in years. */
export const TERM_YEARS = 5;

/** The date a term elected on `electedOnIso` ends: the same calendar date five years later. */
export function termEndsOn(electedOnIso: string): string {
  return addYears(electedOnIso, TERM_YEARS);
}
