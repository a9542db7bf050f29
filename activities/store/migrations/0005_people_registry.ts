import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { StoreDialect } from './index';

/**
 * The people registry (issue #14): who may act on which villages' elections, and the public keys that may sign for
 * them. Nothing here is ever deleted or rewritten but a revocation, which is a dated mark on its row; a town's county
 * is a new row each time it is set, so the registry can be read as it stood at any instant. Every change is also a
 * row of `registry_changes`, naming who made it; each `*_by` column is a registered person.
 */
export async function up(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  const serial = (table: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      );
  const person = (c: ColumnDefinitionBuilder) => c.notNull().references('people.id');

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', person)
    .execute();

  await serial('assignments')
    .addColumn('person_id', 'text', person)
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope IN ('county', 'town', 'village')`))
    .addColumn('county', 'text')
    .addColumn('town', 'text')
    .addColumn('village', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', person)
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('people.id'))
    // A county scope names the county alone; a town scope its town; a village scope its town and village.
    .addCheckConstraint(
      'assignments_scope_fields',
      sql`(scope = 'county' AND county IS NOT NULL AND town IS NULL AND village IS NULL)
        OR (scope = 'town' AND county IS NULL AND town IS NOT NULL AND village IS NULL)
        OR (scope = 'village' AND county IS NULL AND town IS NOT NULL AND village IS NOT NULL)`,
    )
    .addCheckConstraint('assignments_revocation', sql`(revoked_at IS NULL) = (revoked_by IS NULL)`)
    .execute();
  await db.schema.createIndex('assignments_by_town').on('assignments').columns(['town', 'village']).execute();
  await db.schema.createIndex('assignments_by_county').on('assignments').column('county').execute();
  await db.schema.createIndex('assignments_by_person').on('assignments').column('person_id').execute();

  await serial('town_counties')
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('county', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', person)
    .execute();
  await db.schema.createIndex('town_counties_by_town').on('town_counties').columns(['town', 'id']).execute();
  await db.schema.createIndex('town_counties_by_county').on('town_counties').column('county').execute();

  await db.schema
    .createTable('public_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('owner_person', 'text', (c) => c.references('people.id'))
    .addColumn('owner_desk', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'text', person)
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('people.id'))
    .addCheckConstraint('public_keys_one_owner', sql`(owner_person IS NULL) <> (owner_desk IS NULL)`)
    .addCheckConstraint('public_keys_revocation', sql`(revoked_at IS NULL) = (revoked_by IS NULL)`)
    .execute();
  await db.schema.createIndex('public_keys_by_person').on('public_keys').column('owner_person').execute();

  await serial('registry_changes')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_person', 'text', person)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
}
