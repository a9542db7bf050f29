import type { ElectionContext } from './context';

/**
 * The rule editions an election may run on, by machine version. An election keeps the version it started
 * with (machines/versions.ts), so a rule that changes for running elections changes only from a new
 * version on: the machine, its guards and the rules read `since(context, version)` to choose.
 *
 * - 1: the rules as first published (majority of those present; UTC days).
 * - 2: issue #12: the 2020 Regulations' majority of members due to attend, figures tied to what was
 *   recorded, write-ins identified, Beijing days, and the other corrections listed in docs/rules.md.
 * - 3: issue #17: the conference is called (CALL_CONFERENCE) with its date, time and place, which its notice gives,
 *   and the notice's lead time runs to that date and time.
 */
export const EDITIONS = {
  1: 'as first published',
  2: 'issue #12: the 2020 majority rule, recorded figures, Beijing days',
  3: 'issue #17: the conference called with its date, time and place',
} as const satisfies Record<number, string>;

/** Whether an election runs on `version` of the rules or a later one; a context from before versions were recorded is version 1. */
export const since = (context: Pick<ElectionContext, 'machineVersion'>, version: keyof typeof EDITIONS): boolean =>
  (context.machineVersion ?? 1) >= version;
