/** Term of a village branch committee, in years: to the same calendar date five years after its election. */
export const TERM_YEARS = 5;
