import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from './index';

/**
 * Deliveries planned with their notice. The election now writes a notice and the deliveries it will get in one
 * write and leaves the sending to its own workflow, so a delivery exists before its first attempt: its attempt times
 * become optional. `failed` now means given up (a permanent refusal, or no confirmation within the retry window); a
 * delivery whose last attempt failed but which is still being retried is `sending` with its `last_error`, so the rows
 * the earlier code marked `failed` while retrying them become `sending`.
 */
export async function up(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`ALTER TABLE notice_deliveries ALTER COLUMN first_attempt_at DROP NOT NULL, ALTER COLUMN last_attempt_at DROP NOT NULL`.execute(
      db,
    );
  } else {
    // SQLite cannot drop a NOT NULL: the table is rebuilt under the migration's write lock (nothing references it).
    await db.schema
      .createTable('notice_deliveries_planned')
      .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
      .addColumn('notice_key', 'text', (c) => c.notNull().references('notices.key'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('sending', 'confirmed', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('first_attempt_at', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('confirmed_at', 'text')
      .addColumn('receipt', 'text')
      .execute();
    await sql`INSERT INTO notice_deliveries_planned SELECT idempotency_key, notice_key, channel, recipient, state, attempts, last_error,
      first_attempt_at, last_attempt_at, confirmed_at, receipt FROM notice_deliveries`.execute(db);
    await db.schema.dropTable('notice_deliveries').execute();
    await db.schema.alterTable('notice_deliveries_planned').renameTo('notice_deliveries').execute();
    await db.schema.createIndex('notice_deliveries_by_notice').on('notice_deliveries').columns(['notice_key', 'channel']).execute();
  }
  await db.updateTable('notice_deliveries').set({ state: 'sending' }).where('state', '=', 'failed').execute();
  // `election notices --count-failed` is what an operator's alert runs: it counts by state.
  await db.schema.createIndex('notice_deliveries_by_state').on('notice_deliveries').columns(['state', 'notice_key']).execute();
}
