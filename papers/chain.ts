import type { OutcomeStore, TermRow } from '../activities/store';
import { auditDecisions } from '../client/audit/verify';

/** The election's rows that fail the audit (hash chain, signatures), each named by step and key with what failed. */
export async function chainProblems(store: OutcomeStore, election: TermRow): Promise<string[]> {
  const report = await auditDecisions(store, { town: election.town, village: election.village });
  return report.failures
    .filter((f) => f.termId === election.id)
    .flatMap((f) => f.problems.map((p) => `decision record ${f.seq === null ? '' : `step ${f.seq} `}(${f.key}): ${p}`));
}
