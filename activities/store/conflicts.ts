import { storableText } from './nulFree';

/** The tables whose rows are keyed by a step of the workflow, and so can meet a reset branch's write. */
export type RecordTable = 'decisions' | 'notices' | 'outcomes';

/**
 * What identifies a record's content, per table: everything written from the activity's input except `at`
 * (a signal a reset re-applies is the same decision at a later workflow time) and what is derived from the key.
 * A notice's rendering is left out too: a newer build may render the same facts differently.
 */
export const CONTENT_COLUMNS = {
  decisions: [
    'workflow_id',
    'town',
    'village',
    'term',
    'verdict',
    'seq',
    'type',
    'by_id',
    'by_name',
    'by_role',
    'stage',
    'payload',
    'reason_code',
    'reason',
    'via',
    'envelope',
  ],
  notices: ['workflow_id', 'town', 'village', 'term', 'kind', 'audience', 'facts'],
  outcomes: ['workflow_id', 'town', 'village', 'term', 'status', 'facts'],
} as const satisfies Record<RecordTable, readonly string[]>;

/**
 * A write whose key is stored with other content. The keys (`<workflow id>/<first run id>/<step>`) survive a
 * Temporal reset, so the reset branch's different decision at a step arrives under the old branch's key;
 * ignoring it, as an insert that skips conflicts does, would lose it without a trace.
 */
export class RecordConflictError extends Error {
  override name = 'RecordConflictError';

  constructor(
    readonly table: RecordTable,
    readonly key: string,
    /** The columns whose stored value differs from the write's. */
    readonly differences: string[],
  ) {
    super(
      `record ${key} is already in ${table} with other content (${differences.join(', ')} differ): a write at the same step of the same election ` +
        'from another run, as after a Temporal reset; the earlier record is kept as it is',
    );
  }
}

/** The key a reset branch's record is kept under, beside the earlier branch's: the step's key and the run that wrote it. */
export const branchKey = (key: string, runId: string): string => `${key}@${runId}`;

/** Throws RecordConflictError unless the stored row has the written content; an identical retry passes. */
export function requireSameContent(
  table: RecordTable,
  key: string,
  stored: Record<string, unknown>,
  written: Record<string, unknown>,
): void {
  const same = (a: unknown, b: unknown) => comparable(a) === comparable(b);
  const differences = CONTENT_COLUMNS[table].filter((column) => !same(stored[column], written[column]));
  if (differences.length) throw new RecordConflictError(table, key, differences);
}

/** A value as both databases return it: text as stored (NUL replaced), numbers and text alike as strings, no value as null. */
const comparable = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  return storableText(typeof value === 'string' ? value : JSON.stringify(value));
};
