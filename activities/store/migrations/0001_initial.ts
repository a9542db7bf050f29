import { sql, type Kysely } from 'kysely';
import type { StoreDialect } from './index';

/**
 * The first versioned schema. Every table's key is natural (a record key the workflow derives from its id, first
 * run and step, or a pair of such keys), so an `INSERT ... ON CONFLICT DO NOTHING` of a retried write changes nothing.
 */
export async function up(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  const text = 'text';
  const int = 'integer';

  await db.schema
    .createTable('villages')
    .addColumn('town', text, (c) => c.notNull())
    .addColumn('village', text, (c) => c.notNull())
    .addColumn('first_seen_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('villages_pk', ['town', 'village'])
    .execute();

  await db.schema
    .createTable('terms')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('workflow_id', text, (c) => c.notNull())
    .addColumn('first_run_id', text, (c) => c.notNull())
    .addColumn('town', text, (c) => c.notNull())
    .addColumn('village', text, (c) => c.notNull())
    .addColumn('term', int, (c) => c.notNull())
    .addColumn('started_at', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull().check(sql`status IN ('running', 'completed', 'postponed', 'cancelled')`))
    .addColumn('status_at', text, (c) => c.notNull())
    .addForeignKeyConstraint('terms_village_fk', ['town', 'village'], 'villages', ['town', 'village'])
    .execute();
  await db.schema.createIndex('terms_by_village').on('terms').columns(['town', 'village', 'term']).execute();
  await db.schema.createIndex('terms_by_workflow').on('terms').column('workflow_id').execute();

  await db.schema
    .createTable('decisions')
    .addColumn('key', text, (c) => c.primaryKey())
    .addColumn('term_id', text, (c) => c.notNull().references('terms.id'))
    .addColumn('workflow_id', text, (c) => c.notNull())
    .addColumn('town', text, (c) => c.notNull())
    .addColumn('village', text, (c) => c.notNull())
    .addColumn('term', int, (c) => c.notNull())
    .addColumn('verdict', text, (c) => c.notNull().check(sql`verdict IN ('accepted', 'rejected')`))
    .addColumn('seq', int)
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('by_id', text)
    .addColumn('by_name', text)
    .addColumn('by_role', text)
    .addColumn('stage', text)
    .addColumn('payload', text)
    .addColumn('reason_code', text)
    .addColumn('reason', text)
    .addColumn('via', text)
    .addColumn('at', text, (c) => c.notNull())
    // An accepted decision has its step; a rejection has its reason.
    .addCheckConstraint(
      'decisions_verdict_fields',
      sql`(verdict = 'accepted' AND seq IS NOT NULL AND stage IS NOT NULL) OR (verdict = 'rejected' AND reason IS NOT NULL)`,
    )
    .execute();
  await db.schema.createIndex('decisions_by_term').on('decisions').columns(['term_id', 'at']).execute();
  await db.schema.createIndex('decisions_by_workflow').on('decisions').columns(['workflow_id', 'seq']).execute();

  await db.schema
    .createTable('recommendations')
    .addColumn('decision_key', text, (c) => c.primaryKey().references('decisions.key'))
    .addColumn('term_id', text, (c) => c.notNull().references('terms.id'))
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind IN ('party-members', 'masses')`))
    .addColumn('participants', int, (c) => c.notNull())
    .addColumn('ballots_issued', int, (c) => c.notNull())
    .addColumn('ballots_returned', int, (c) => c.notNull())
    .addColumn('at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recommendations_by_term').on('recommendations').column('term_id').execute();

  await db.schema
    .createTable('recommendation_tallies')
    .addColumn('decision_key', text, (c) => c.notNull().references('recommendations.decision_key'))
    .addColumn('nominee_id', text, (c) => c.notNull())
    .addColumn('votes', int, (c) => c.notNull())
    .addPrimaryKeyConstraint('recommendation_tallies_pk', ['decision_key', 'nominee_id'])
    .execute();

  await db.schema
    .createTable('ballot_rounds')
    .addColumn('decision_key', text, (c) => c.primaryKey().references('decisions.key'))
    .addColumn('term_id', text, (c) => c.notNull().references('terms.id'))
    .addColumn('round_no', int, (c) => c.notNull())
    .addColumn('decision_seq', int, (c) => c.notNull())
    .addColumn('voters_present', int, (c) => c.notNull())
    .addColumn('ballots_issued', int, (c) => c.notNull())
    .addColumn('ballots_returned', int, (c) => c.notNull())
    .addColumn('valid_ballots', int, (c) => c.notNull())
    .addColumn('invalid_ballots', int, (c) => c.notNull())
    .addColumn('confirmed_by_id', text)
    .addColumn('confirmed_at', text)
    .addColumn('at', text, (c) => c.notNull())
    .addUniqueConstraint('ballot_rounds_term_round', ['term_id', 'round_no'])
    .execute();

  await db.schema
    .createTable('ballot_tallies')
    .addColumn('decision_key', text, (c) => c.notNull().references('ballot_rounds.decision_key'))
    .addColumn('source', text, (c) => c.notNull().check(sql`source IN ('candidate', 'write-in')`))
    .addColumn('candidate', text, (c) => c.notNull())
    .addColumn('votes', int, (c) => c.notNull())
    .addColumn('disapproved', int, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('ballot_tallies_pk', ['decision_key', 'source', 'candidate'])
    .execute();

  await db.schema
    .createTable('outcomes')
    .addColumn('key', text, (c) => c.primaryKey())
    .addColumn('term_id', text, (c) => c.notNull().references('terms.id'))
    .addColumn('workflow_id', text, (c) => c.notNull())
    .addColumn('town', text, (c) => c.notNull())
    .addColumn('village', text, (c) => c.notNull())
    .addColumn('term', int, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull().check(sql`status IN ('completed', 'postponed', 'cancelled')`))
    .addColumn('facts', text, (c) => c.notNull())
    .addColumn('at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outcomes_by_town').on('outcomes').columns(['town', 'term', 'village']).execute();

  await db.schema
    .createTable('elected_committees')
    .addColumn('term_id', text, (c) => c.primaryKey().references('terms.id'))
    .addColumn('outcome_key', text, (c) => c.notNull().references('outcomes.key'))
    .addColumn('town', text, (c) => c.notNull())
    .addColumn('village', text, (c) => c.notNull())
    .addColumn('term', int, (c) => c.notNull())
    .addColumn('seats', int)
    .addColumn('method', text)
    .addColumn('form', text)
    .addColumn('secretary_id', text)
    .addColumn('deputy_id', text)
    .addColumn('elected_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('elected_committees_by_town').on('elected_committees').columns(['town', 'term']).execute();

  await db.schema
    .createTable('committee_members')
    .addColumn('term_id', text, (c) => c.notNull().references('elected_committees.term_id'))
    .addColumn('member_id', text, (c) => c.notNull())
    .addColumn('member_name', text)
    .addColumn('post', text, (c) => c.notNull().check(sql`post IN ('secretary', 'deputy', 'member')`))
    .addColumn('gender', text)
    .addColumn('birth_date', text)
    .addColumn('education', text)
    .addColumn('outgoing_post', text)
    .addColumn('village_committee_post', text)
    .addPrimaryKeyConstraint('committee_members_pk', ['term_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('key', text, (c) => c.notNull().unique())
    .addColumn('term_id', text, (c) => c.notNull().references('terms.id'))
    .addColumn('workflow_id', text, (c) => c.notNull())
    .addColumn('town', text, (c) => c.notNull())
    .addColumn('village', text, (c) => c.notNull())
    .addColumn('term', int, (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('audience', text, (c) => c.notNull())
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('markdown', text, (c) => c.notNull())
    .addColumn('html', text, (c) => c.notNull())
    .addColumn('facts', text, (c) => c.notNull())
    .addColumn('at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notices_by_village').on('notices').columns(['town', 'village', 'term', 'id']).execute();
  await db.schema.createIndex('notices_by_workflow').on('notices').columns(['workflow_id', 'id']).execute();

  await db.schema
    .createTable('notice_deliveries')
    .addColumn('idempotency_key', text, (c) => c.primaryKey())
    .addColumn('notice_key', text, (c) => c.notNull().references('notices.key'))
    .addColumn('channel', text, (c) => c.notNull())
    .addColumn('recipient', text, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull().check(sql`state IN ('sending', 'confirmed', 'failed')`))
    .addColumn('attempts', int, (c) => c.notNull())
    .addColumn('last_error', text)
    .addColumn('first_attempt_at', text, (c) => c.notNull())
    .addColumn('last_attempt_at', text, (c) => c.notNull())
    .addColumn('confirmed_at', text)
    .addColumn('receipt', text)
    .execute();
  await db.schema.createIndex('notice_deliveries_by_notice').on('notice_deliveries').columns(['notice_key', 'channel']).execute();
}
