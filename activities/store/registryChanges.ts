import type { Kysely, Transaction } from 'kysely';
import { changeAuthorSchema, personIdSchema, type ChangeAuthor, type ChangeKind, type NewAssignment, type Person } from './registryRecords';
import { RegistryRefusal, scopeColumns, validInput } from './registryRows';
import type { StoreSchema } from './schema';

/** The writes every change of the people registry makes: its author checked, its line of the change log. */

type Db = Kysely<StoreSchema> | Transaction<StoreSchema>;

const BY_ACCEPTED = 'the id of a registered person (see `election people list`); only the first person added may name themself';

/** The author of a change: a registered person, or (`selfAdded`) one this change adds to an empty registry. */
export async function requireAuthor(trx: Db, author: ChangeAuthor, selfAdded: readonly string[] = []): Promise<ChangeAuthor> {
  const who = validInput(changeAuthorSchema, author);
  const registered = await trx.selectFrom('people').select('id').where('id', '=', who.by).executeTakeFirst();
  if (registered) return who;
  if (selfAdded.includes(who.by)) {
    const anyone = await trx.selectFrom('people').select('id').limit(1).executeTakeFirst();
    if (!anyone) return who;
  }
  throw new RegistryRefusal('by', who.by, BY_ACCEPTED);
}

/** Refuses a person id that is not registered, naming the field that gave it. */
export async function requirePerson(trx: Db, field: string, id: string): Promise<void> {
  validInput(personIdSchema, id);
  const found = await trx.selectFrom('people').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw new RegistryRefusal(field, id, 'the id of a registered person (add them first with `election people add`)');
}

/** Writes a person and their line of the change log. */
export async function insertPerson(trx: Db, person: Person, who: ChangeAuthor, details: Record<string, unknown> = {}): Promise<void> {
  await trx
    .insertInto('people')
    .values({ id: person.id, name: person.name, contact: person.contact ?? null, created_at: who.at, created_by: who.by })
    .execute();
  await logChange(trx, who, 'person-added', person.id, {
    name: person.name,
    ...(person.contact ? { contact: person.contact } : {}),
    ...details,
  });
}

/** Writes one line of the change log. */
export async function logChange(
  trx: Db,
  who: ChangeAuthor,
  kind: ChangeKind,
  subject: string,
  details: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('registry_changes')
    .values({ at: who.at, by_person: who.by, kind, subject, details: JSON.stringify(details) })
    .execute();
}

/** Whether two assignments give the same role over the same scope for the same time. */
export const sameTerms = (a: Omit<NewAssignment, 'personId'>, b: Omit<NewAssignment, 'personId'>) =>
  a.role === b.role &&
  JSON.stringify(scopeColumns(a.scope)) === JSON.stringify(scopeColumns(b.scope)) &&
  a.validFrom === b.validFrom &&
  a.validUntil === b.validUntil;
