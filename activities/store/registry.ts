import type { Kysely, Transaction } from 'kysely';
import { electionInputSchema } from '../../machines/input';
import { insertPerson, logChange, requireAuthor, requirePerson, sameTerms } from './registryChanges';
import { importPeople, type ImportSummary } from './registryImport';
import {
  countyNameSchema,
  newAssignmentSchema,
  newKeySchema,
  personSchema,
  type AssignmentRecord,
  type ChangeAuthor,
  type ChangeRecord,
  type ImportLine,
  type KeyRecord,
  type NewAssignment,
  type NewKey,
  type Person,
} from './registryRecords';
import { assignmentOf, byText, changeOf, keyOf, personOf, RegistryRefusal, scopeColumns, scopeText, validInput } from './registryRows';
import type { StoreSchema } from './schema';

type Db = Kysely<StoreSchema> | Transaction<StoreSchema>;

/**
 * The people registry in the outcome store: people, their assignments over a county, a town or a village, the towns'
 * counties and the public keys that sign for them. Every change names a registered person as its author, is checked
 * before anything is written, and goes with its row of the change log in one transaction; nothing is ever deleted,
 * and a revocation is a dated mark. `resolveVillageKeyring` reads a village's keyring from it.
 */
export class PeopleRegistry {
  constructor(private readonly db: Kysely<StoreSchema>) {}

  /** Registers a person. The first person of an empty registry may be their own author; afterwards `by` must be registered. */
  async addPerson(input: Person, author: ChangeAuthor): Promise<Person> {
    const person = validInput(personSchema, input);
    return this.db.transaction().execute(async (trx) => {
      const { by, at } = await requireAuthor(trx, author, [person.id]);
      const existing = await trx.selectFrom('people').selectAll().where('id', '=', person.id).executeTakeFirst();
      if (existing)
        throw new RegistryRefusal(
          'id',
          person.id,
          `an id not yet registered (it is ${existing.name}'s, registered ${existing.created_at})`,
        );
      await insertPerson(trx, person, { by, at });
      return person;
    });
  }

  /** Gives a registered person a role over a scope; an assignment already open with the same terms is refused. */
  async assign(input: NewAssignment, author: ChangeAuthor): Promise<AssignmentRecord> {
    const assignment = validInput(newAssignmentSchema, input);
    return this.db.transaction().execute(async (trx) => {
      const who = await requireAuthor(trx, author);
      await requirePerson(trx, 'personId', assignment.personId);
      const columns = scopeColumns(assignment.scope);
      const same = (await trx.selectFrom('assignments').selectAll().where('person_id', '=', assignment.personId).execute())
        .map(assignmentOf)
        .find((a) => a.revokedAt === undefined && sameTerms(a, assignment));
      if (same)
        throw new RegistryRefusal(
          'assignment',
          `${assignment.role} over ${scopeText(assignment.scope)}`,
          `an assignment not yet made (assignment ${same.id} is the same)`,
        );
      const { id } = await trx
        .insertInto('assignments')
        .values({
          person_id: assignment.personId,
          role: assignment.role,
          ...columns,
          valid_from: assignment.validFrom,
          valid_until: assignment.validUntil ?? null,
          assigned_at: who.at,
          assigned_by: who.by,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const record: AssignmentRecord = { id: Number(id), ...assignment, assignedAt: who.at, assignedBy: who.by };
      await logChange(trx, who, 'assignment-made', String(record.id), { ...assignment });
      return record;
    });
  }

  /** Ends an assignment from `at` on (a dated mark; the row stays). An assignment already revoked is refused. */
  async revokeAssignment(id: number, author: ChangeAuthor): Promise<AssignmentRecord> {
    return this.db.transaction().execute(async (trx) => {
      const who = await requireAuthor(trx, author);
      const row = await trx.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new RegistryRefusal('assignment', id, 'the number of an assignment (see `election people list`)');
      if (row.revoked_at !== null)
        throw new RegistryRefusal(
          'assignment',
          id,
          `an assignment not yet revoked (it was revoked ${row.revoked_at} by ${row.revoked_by})`,
        );
      await trx.updateTable('assignments').set({ revoked_at: who.at, revoked_by: who.by }).where('id', '=', id).execute();
      const record = assignmentOf({ ...row, revoked_at: who.at, revoked_by: who.by });
      await logChange(trx, who, 'assignment-revoked', String(id), { personId: record.personId, role: record.role, scope: record.scope });
      return record;
    });
  }

  /** Sets the county a town belongs to, from `at` on; setting the county it already has changes nothing. */
  async setTownCounty(town: string, county: string, author: ChangeAuthor): Promise<{ changed: boolean; previous?: string }> {
    const townName = validInput(electionInputSchema.shape.town, town);
    const countyName = validInput(countyNameSchema, county);
    return this.db.transaction().execute(async (trx) => {
      const who = await requireAuthor(trx, author);
      const previous = await latestCounty(trx, townName);
      if (previous === countyName) return { changed: false, previous };
      await trx.insertInto('town_counties').values({ town: townName, county: countyName, set_at: who.at, set_by: who.by }).execute();
      await logChange(trx, who, 'town-county-set', townName, { county: countyName, ...(previous ? { previous } : {}) });
      return { changed: true, ...(previous ? { previous } : {}) };
    });
  }

  /** Registers a public key for a registered person or a desk; a key id or a public key registered already is refused. */
  async registerKey(input: NewKey, author: ChangeAuthor): Promise<KeyRecord> {
    const key = validInput(newKeySchema, input);
    return this.db.transaction().execute(async (trx) => {
      const who = await requireAuthor(trx, author);
      if ('personId' in key.owner) await requirePerson(trx, 'owner.personId', key.owner.personId);
      const taken = await trx
        .selectFrom('public_keys')
        .select(['key_id', 'public_key'])
        .where((eb) => eb.or([eb('key_id', '=', key.keyId), eb('public_key', '=', key.publicKey)]))
        .executeTakeFirst();
      if (taken?.key_id === key.keyId) throw new RegistryRefusal('keyId', key.keyId, 'a key id not yet registered');
      if (taken) throw new RegistryRefusal('publicKey', key.publicKey, `a public key not yet registered (it is key ${taken.key_id})`);
      await trx
        .insertInto('public_keys')
        .values({
          key_id: key.keyId,
          public_key: key.publicKey,
          owner_person: 'personId' in key.owner ? key.owner.personId : null,
          owner_desk: 'desk' in key.owner ? key.owner.desk : null,
          valid_from: key.validFrom,
          valid_until: key.validUntil ?? null,
          registered_at: who.at,
          registered_by: who.by,
        })
        .execute();
      await logChange(trx, who, 'key-registered', key.keyId, { ...key });
      return { ...key, registeredAt: who.at, registeredBy: who.by };
    });
  }

  /** Revokes a key from `at` on: it stays in the registry, and in every keyring, with its revocation. */
  async revokeKey(keyId: string, author: ChangeAuthor): Promise<KeyRecord> {
    return this.db.transaction().execute(async (trx) => {
      const who = await requireAuthor(trx, author);
      const row = await trx.selectFrom('public_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
      if (!row) throw new RegistryRefusal('keyId', keyId, 'the id of a registered key (see `election keys list`)');
      if (row.revoked_at !== null)
        throw new RegistryRefusal('keyId', keyId, `a key not yet revoked (it was revoked ${row.revoked_at} by ${row.revoked_by})`);
      await trx.updateTable('public_keys').set({ revoked_at: who.at, revoked_by: who.by }).where('key_id', '=', keyId).execute();
      const record = keyOf({ ...row, revoked_at: who.at, revoked_by: who.by });
      await logChange(trx, who, 'key-revoked', keyId, { owner: record.owner });
      return record;
    });
  }

  /** Imports the lines of a people file as a whole, or refuses it with ImportRefusal (see importPeople). */
  async importPeople(lines: readonly ImportLine[], author: ChangeAuthor, source: string): Promise<ImportSummary> {
    return importPeople(this.db, lines, author, source);
  }

  /** Every registered person, by id. */
  async people(): Promise<Person[]> {
    const rows = await this.db.selectFrom('people').selectAll().execute();
    return rows.map(personOf).sort((a, b) => byText(a.id, b.id));
  }

  /** The people of the given ids that are registered, by id. */
  async peopleByIds(ids: readonly string[]): Promise<Person[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .selectFrom('people')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return rows.map(personOf).sort((a, b) => byText(a.id, b.id));
  }

  /**
   * Assignments, by number: all of them, or those covering a town's villages (a village's, when `village` is given):
   * scoped to it, to its town, or to the county `county` (the caller says which county the town is in, and when).
   */
  async assignments(filter: { town?: string; village?: string; county?: string } = {}): Promise<AssignmentRecord[]> {
    let query = this.db.selectFrom('assignments').selectAll();
    const { town, village, county } = filter;
    if (town !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb.and([eb('scope', '=', 'town'), eb('town', '=', town)]),
          village === undefined
            ? eb.and([eb('scope', '=', 'village'), eb('town', '=', town)])
            : eb.and([eb('scope', '=', 'village'), eb('town', '=', town), eb('village', '=', village)]),
          ...(county !== undefined ? [eb.and([eb('scope', '=', 'county'), eb('county', '=', county)])] : []),
        ]),
      );
    }
    return (await query.execute()).map(assignmentOf).sort((a, b) => a.id - b.id);
  }

  /** A town's county at an instant (its latest setting then; now when `at` is absent), or nothing when never set. */
  async townCounty(town: string, at?: string): Promise<string | undefined> {
    return latestCounty(this.db, town, at);
  }

  /** The towns whose county is `county` now, by name. */
  async countyTowns(county: string): Promise<string[]> {
    const rows = await this.db.selectFrom('town_counties').select(['id', 'town', 'county']).orderBy('id').execute();
    const current = new Map<string, string>();
    for (const row of rows) current.set(row.town, row.county);
    return [...current]
      .filter(([, c]) => c === county)
      .map(([town]) => town)
      .sort(byText);
  }

  /** Public keys by key id: all of them, or those of the given people and of every desk. */
  async keys(filter: { peopleAndDesks?: readonly string[] } = {}): Promise<KeyRecord[]> {
    let query = this.db.selectFrom('public_keys').selectAll();
    const people = filter.peopleAndDesks;
    if (people !== undefined)
      query = query.where((eb) =>
        people.length ? eb.or([eb('owner_desk', 'is not', null), eb('owner_person', 'in', [...people])]) : eb('owner_desk', 'is not', null),
      );
    return (await query.execute()).map(keyOf).sort((a, b) => byText(a.keyId, b.keyId));
  }

  /** The change log, oldest first. */
  async changes(): Promise<ChangeRecord[]> {
    const rows = await this.db.selectFrom('registry_changes').selectAll().orderBy('id').execute();
    return rows.map(changeOf);
  }
}

/** A town's county as set last before or at `at` (or last of all). */
async function latestCounty(db: Db, town: string, at?: string): Promise<string | undefined> {
  const rows = await db.selectFrom('town_counties').select(['id', 'county', 'set_at']).where('town', '=', town).execute();
  const seen = rows
    .filter((r) => at === undefined || r.set_at <= at)
    .sort((a, b) => byText(a.set_at, b.set_at) || Number(a.id) - Number(b.id));
  return seen.at(-1)?.county;
}
