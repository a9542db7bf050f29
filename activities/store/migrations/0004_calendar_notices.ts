import type { Kysely } from 'kysely';

/**
 * The State Council holiday notices an office loaded (`election calendar load`), one row per year: the validated
 * year's calendar as JSON, the latest load replacing an earlier one. The worker gives them to each election it starts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_notices')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .execute();
}
