import { createHash } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { StoreDialect } from './migrations';
import type { DecisionsTable, StoreSchema } from './schema';

type Db = Kysely<StoreSchema> | Transaction<StoreSchema>;

/**
 * The hash chain over each election's rows of `decisions` (issue #14, the audit). Every row an election writes there,
 * accepted or refused, from any run or reset branch, takes the next position of its election's chain (`term_id`) in
 * the order it is written: `chain_pos` 1, 2, 3, ..., `prev_hash` the hash of the row before it (null for the first),
 * and `hash` the SHA-256 of the row itself. A row altered, inserted, moved or deleted after it was written breaks the
 * chain at that row or at the one after it; `election audit verify` walks it.
 */

/** What the hashed text begins with: a version of this definition, so that a later one can never be read as this one. */
export const CHAIN_DOMAIN = 'village-reelection/decision-record/v1';

/**
 * What a row's hash covers, in this order: every column of the row but the hash itself. Whole numbers are hashed as
 * numbers, everything else as the text the database returns (or null). This list and `recordHash` are the chain's
 * one definition: never change them; a new definition is a new CHAIN_DOMAIN kept beside this one.
 */
export const CHAINED_COLUMNS = [
  ['key', 'text'],
  ['term_id', 'text'],
  ['workflow_id', 'text'],
  ['town', 'text'],
  ['village', 'text'],
  ['term', 'number'],
  ['verdict', 'text'],
  ['seq', 'number'],
  ['type', 'text'],
  ['by_id', 'text'],
  ['by_name', 'text'],
  ['by_role', 'text'],
  ['stage', 'text'],
  ['payload', 'text'],
  ['reason_code', 'text'],
  ['reason', 'text'],
  ['via', 'text'],
  ['at', 'text'],
  ['envelope', 'text'],
  ['chain_pos', 'number'],
  ['prev_hash', 'text'],
] as const satisfies readonly (readonly [keyof DecisionsTable, 'text' | 'number'])[];

/** A row of `decisions` as the database returns it. */
export type DecisionRow = Selectable<DecisionsTable>;

const asHashed = (value: unknown, kind: 'text' | 'number'): string | number | null => {
  if (value === null || value === undefined) return null;
  if (kind === 'number') return Number(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/**
 * A row's hash: SHA-256, in lowercase hex, of the UTF-8 of the JSON array [CHAIN_DOMAIN, ...the CHAINED_COLUMNS' values].
 * A fixed-order array of text, whole numbers and nulls has one JSON text, so no key sorting is needed; the canonical
 * encoding of machines/canonical.ts is not used because it refuses text that is not NFC, and a refusal row quotes
 * whatever a sender sent. The hash is taken over the row as the database returns it (NUL already stored as U+2400),
 * so writer and auditor hash the same text.
 */
export function recordHash(row: Pick<DecisionRow, (typeof CHAINED_COLUMNS)[number][0]>): string {
  const values = CHAINED_COLUMNS.map(([column, kind]) => asHashed(row[column], kind));
  return createHash('sha256')
    .update(JSON.stringify([CHAIN_DOMAIN, ...values]), 'utf8')
    .digest('hex');
}

/**
 * The link a new row of an election takes: the position after the chain's last row and that row's hash. On PostgreSQL
 * the election's `terms` row is locked first (FOR UPDATE, to the transaction's end), so two writers of one election
 * take turns; SQLite's write lock, taken by the transaction's first write (the term's), does the same.
 */
export async function nextLink(
  trx: Transaction<StoreSchema>,
  dialect: StoreDialect,
  termId: string,
): Promise<{ chain_pos: number; prev_hash: string | null }> {
  if (dialect === 'postgres') await trx.selectFrom('terms').select('id').where('id', '=', termId).forUpdate().execute();
  const last = await trx
    .selectFrom('decisions')
    .select(['chain_pos', 'hash'])
    .where('term_id', '=', termId)
    .where('chain_pos', 'is not', null)
    .orderBy('chain_pos', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { chain_pos: Number(last?.chain_pos ?? 0) + 1, prev_hash: last?.hash ?? null };
}

/** Reads a row just written back as the database holds it, and sets its hash; returns the hash. */
export async function seal(trx: Db, key: string): Promise<string> {
  const row = await trx.selectFrom('decisions').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
  const hash = recordHash(row);
  await trx.updateTable('decisions').set({ hash }).where('key', '=', key).execute();
  return hash;
}
