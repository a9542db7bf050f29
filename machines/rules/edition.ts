/**
 * The rule edition new elections run on: machine version 3 (machines/editions.ts says what each edition changed).
 * A rule that changed takes the edition of the election as a parameter; called without one it answers as the
 * newest edition does. Kept equal to LATEST_MACHINE_VERSION (a test checks), which the rules cannot import.
 */
export const CURRENT_EDITION = 3;

/** Whether an election on `edition` applies the corrections of issue #12 (the 2020 majority rule, recorded figures). */
export const fromEdition2 = (edition: number): boolean => edition >= 2;
