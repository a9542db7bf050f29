import type { Kysely } from 'kysely';
import { recordHash, type DecisionRow } from '../decisionChain';
import { byText } from '../registryRows';

/**
 * The audit's record of each decision (issue #14): the signed envelope it was taken on (canonical JSON, null for an
 * election without signed decisions and for a refusal) and the hash chain over each election's rows (see
 * decisionChain.ts). Rows written before this migration are chained here, per election, in the order of their time and
 * key (code-unit order): the chain protects them from the moment it runs, not before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('decisions').addColumn('envelope', 'text').execute();
  await db.schema.alterTable('decisions').addColumn('chain_pos', 'integer').execute();
  await db.schema.alterTable('decisions').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('decisions').addColumn('hash', 'text').execute();
  // One row per position of an election's chain: a second writer that missed the first one's link fails, never forks.
  await db.schema.createIndex('decisions_chain').on('decisions').columns(['term_id', 'chain_pos']).unique().execute();

  const terms = await db.selectFrom('decisions').select('term_id').distinct().execute();
  for (const { term_id: termId } of terms as { term_id: string }[]) {
    // Sorted here, in code-unit order: SQL's ORDER BY on text follows the database's collation, which differs between the two.
    const keys = (
      (await db.selectFrom('decisions').select(['key', 'at']).where('term_id', '=', termId).execute()) as { key: string; at: string }[]
    ).sort((a, b) => byText(a.at, b.at) || byText(a.key, b.key));
    let prevHash: string | null = null;
    for (const [index, { key }] of keys.entries()) {
      await db
        .updateTable('decisions')
        .set({ chain_pos: index + 1, prev_hash: prevHash })
        .where('key', '=', key)
        .execute();
      const row = (await db.selectFrom('decisions').selectAll().where('key', '=', key).executeTakeFirstOrThrow()) as DecisionRow;
      prevHash = recordHash(row);
      await db.updateTable('decisions').set({ hash: prevHash }).where('key', '=', key).execute();
    }
  }
}
