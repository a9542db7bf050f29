import type { OutcomeStore } from '../activities/store';
import {
  outcomeRecord,
  outcomeRowSchema,
  recordConflictSchema,
  storedCommitteeSchema,
  type OutcomeRecord,
  type RecordConflict,
  type StoredCommittee,
} from './records';

/** What the report reads of the store: the town's outcomes of one term, the committees in office, and the steps written twice. */
export interface TownRecords {
  term?: number;
  outcomes: OutcomeRecord[];
  committees: StoredCommittee[];
  conflicts: RecordConflict[];
}

/**
 * The report's only read of the outcome store: a town's outcomes of one term (the latest term recorded for the
 * town when none is given), the committee tables of its elections and the record conflicts a reset left. It reads
 * through the store's queries, so the report works on SQLite and PostgreSQL alike, and never writes.
 */
export async function readTownOutcomes(
  store: Pick<OutcomeStore, 'outcomes' | 'latestTerm' | 'terms' | 'committee' | 'conflicts'>,
  filter: { town: string; term?: number },
): Promise<TownRecords> {
  const term = filter.term ?? (await store.latestTerm(filter.town));
  if (term === undefined) return { term, outcomes: [], committees: [], conflicts: [] };
  const rows = await store.outcomes({ town: filter.town, term });
  const terms = (await store.terms({ town: filter.town })).filter((t) => Number(t.term) === term);
  const villageOfTerm = new Map(terms.map((t) => [t.id, t.village]));
  const committees: StoredCommittee[] = [];
  for (const workflowId of new Set(terms.map((t) => t.workflow_id))) {
    const committee = await store.committee(workflowId);
    if (!committee) continue;
    committees.push(
      storedCommitteeSchema.parse({
        workflowId,
        village: committee.village,
        outcomeKey: committee.outcome_key,
        members: committee.members.map((m) => ({ id: m.member_id, post: m.post })),
      }),
    );
  }
  const conflicts = (await store.conflicts({ town: filter.town }))
    .filter((c) => villageOfTerm.has(c.term_id))
    .map((c) =>
      recordConflictSchema.parse({
        village: villageOfTerm.get(c.term_id),
        table: c.record_table,
        key: c.key,
        branchKey: c.branch_key,
        runId: c.run_id,
        differences: c.differences,
      }),
    );
  return { term, outcomes: rows.map((row) => outcomeRecord(outcomeRowSchema.parse(row))), committees, conflicts };
}
