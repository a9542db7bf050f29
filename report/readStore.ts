import type { OutcomeStore } from '../activities/store';
import { outcomeRecord, outcomeRowSchema, type OutcomeRecord } from './records';

/**
 * The report's only read of the outcome store: a town's outcomes of one term (the latest term recorded for the
 * town when none is given). It reads through the store's queries, so the report works on SQLite and PostgreSQL
 * alike, and never writes.
 */
export async function readTownOutcomes(
  store: Pick<OutcomeStore, 'outcomes' | 'latestTerm'>,
  filter: { town: string; term?: number },
): Promise<{ term?: number; outcomes: OutcomeRecord[] }> {
  const term = filter.term ?? (await store.latestTerm(filter.town));
  if (term === undefined) return { term, outcomes: [] };
  const rows = await store.outcomes({ town: filter.town, term });
  return { term, outcomes: rows.map((row) => outcomeRecord(outcomeRowSchema.parse(row))) };
}
