import { sql, type Kysely } from 'kysely';

/**
 * Where a step written twice with different content is listed for an auditor: after a Temporal reset, the reset
 * branch's record is kept under `<key>@<run id>` beside the earlier branch's, and one row here names both.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('record_conflicts')
    .addColumn('branch_key', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('record_table', 'text', (c) => c.notNull().check(sql`record_table IN ('decisions', 'notices', 'outcomes')`))
    .addColumn('term_id', 'text', (c) => c.notNull().references('terms.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('differences', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('record_conflicts_by_workflow').on('record_conflicts').columns(['workflow_id', 'at']).execute();
}
