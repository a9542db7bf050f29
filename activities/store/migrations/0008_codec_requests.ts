import type { Kysely } from 'kysely';
import type { StoreDialect } from './index';

/**
 * The codec server's log (issue #16): every request to decode or encode payloads for the Temporal Web UI, answered
 * or refused, with who asked (the desk's person, when signed in), for which workflows, how many payloads, the outcome
 * and the page's origin. Never a payload's content: the workflow ids name villages, not people.
 */
export async function up(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('codec_requests')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    // JSON array of workflow ids, sorted: which villages' payloads were asked for.
    .addColumn('workflow_ids', 'text', (c) => c.notNull())
    .addColumn('payloads', 'integer', (c) => c.notNull())
    .addColumn('origin', 'text')
    .addColumn('namespace', 'text')
    .addColumn('client', 'text')
    .execute();
  await db.schema.createIndex('codec_requests_by_person').on('codec_requests').columns(['person_id', 'at']).execute();
  await db.schema.createIndex('codec_requests_by_time').on('codec_requests').column('at').execute();
}
