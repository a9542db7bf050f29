import Database from 'better-sqlite3';
import type { OutcomeStore } from '../store';
import { outcomeRecord, outcomeRowSchema, type OutcomeRecord } from './records';

/**
 * The report's only read of the outcome store: a town's outcomes of one term (the latest term recorded for the
 * town when none is given), each row with its `at`, which `OutcomeStore.outcomes()` does not return. It reads
 * through a read-only connection of its own, so the report never writes to the store nor holds its writer.
 */
export function readTownOutcomes(store: Pick<OutcomeStore, 'path'>, filter: { town: string; term?: number }): { term?: number; outcomes: OutcomeRecord[] } {
  if (store.path === ':memory:') throw new Error('the report reads the outcome store from its file; an in-memory store has none');
  const db = new Database(store.path, { readonly: true, fileMustExist: true });
  try {
    const term =
      filter.term ??
      (db.prepare('SELECT MAX(term) AS term FROM outcomes WHERE town = ?').get(filter.town) as { term: number | null }).term ??
      undefined;
    if (term === undefined) return { term, outcomes: [] };
    const rows = db
      .prepare('SELECT workflow_id, village, status, facts, at FROM outcomes WHERE town = ? AND term = ? ORDER BY village, at, key')
      .all(filter.town, term);
    return { term, outcomes: rows.map((row) => outcomeRecord(outcomeRowSchema.parse(row))) };
  } finally {
    db.close();
  }
}
