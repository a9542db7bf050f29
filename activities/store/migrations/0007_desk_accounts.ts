import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from './index';

/**
 * Signing in to the approvers' desk (issue #15): an account per registered person (an Argon2id hash, never the
 * password; the TOTP secret of their authenticator app; the failed attempts that lock it), the sessions signed in (only
 * a SHA-256 of each session's token, so a copy of the store opens no session) and the log of every sign-in, sign-out
 * and refusal. Flags are integers 0/1 on both databases.
 */
export async function up(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('desk_accounts')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('people.id'))
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enrolled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_last_step', 'integer')
    .addColumn('oidc_allowed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_failed_at', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('desk_accounts_enrolled_has_secret', sql`totp_enrolled = 0 OR totp_secret IS NOT NULL`)
    .execute();

  await db.schema
    .createTable('desk_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('csrf', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('second_factor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via IN ('password', 'oidc')`))
    .addCheckConstraint('desk_sessions_end', sql`(ended_at IS NULL) = (end_reason IS NULL)`)
    .execute();
  await db.schema.createIndex('desk_sessions_by_person').on('desk_sessions').column('person_id').execute();

  await db.schema
    .createTable('desk_sign_ins')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    // The name typed (or the identity provider's claim): kept even when no account has it, to see guessing.
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('client', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('desk_sign_ins_by_login').on('desk_sign_ins').columns(['login', 'at']).execute();
}
