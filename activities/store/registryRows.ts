import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { echo } from '../../machines/text';
import type { AssignmentRecord, ChangeRecord, KeyRecord, Person, Scope } from './registryRecords';
import type { AssignmentsTable, PeopleTable, PublicKeysTable, RegistryChangesTable } from './schema';

/** A change of the people registry refused: the field, the value given and what would be accepted. Nothing was written. */
export class RegistryRefusal extends Error {
  override name = 'RegistryRefusal';
  constructor(
    /** The field refused, in the registry's words (`personId`, `scope.town`, `by`, `assignment`, `keyId`, ...). */
    readonly field: string,
    readonly value: unknown,
    readonly accepted: string,
  ) {
    super(`${field}: got ${echo(value)}; accepted: ${accepted}`);
  }
}

/** An imported file refused as a whole: one problem per wrong line, each naming its line. Nothing was written. */
export class ImportRefusal extends Error {
  override name = 'ImportRefusal';
  constructor(readonly problems: string[]) {
    super(`the file was not imported (nothing was changed): ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  }
}

/** What an issue of a record's schema accepts, in words. */
export function acceptedBy(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('accepted: ')) return issue.message.slice('accepted: '.length);
  if (issue.code === 'invalid_value') return `one of ${issue.values.map(String).join(', ')}`;
  return issue.message;
}

/** The value at a path of an input, for a refusal to quote. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Parses a change's input with its record's schema, or refuses it naming the first field wrong. */
export function validInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new RegistryRefusal(issue.path.map(String).join('.') || 'input', valueAt(value, issue.path), acceptedBy(issue));
}

/** Text in code-unit order: the same on every machine and database (SQL ORDER BY follows the database's collation). */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const defined = <T extends object>(record: T) =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]: Exclude<T[K], null> };

/** A person's row as a record. */
export const personOf = (row: Selectable<PeopleTable>): Person => defined({ id: row.id, name: row.name, contact: row.contact });

/** An assignment's scope from its row's columns. */
export function scopeOf(row: Pick<Selectable<AssignmentsTable>, 'scope' | 'county' | 'town' | 'village'>): Scope {
  if (row.scope === 'county') return { county: row.county! };
  return row.scope === 'village' ? { town: row.town!, village: row.village! } : { town: row.town! };
}

/** An assignment's scope as its row's columns. */
export function scopeColumns(scope: Scope): Pick<AssignmentsTable, 'scope' | 'county' | 'town' | 'village'> {
  if ('county' in scope) return { scope: 'county', county: scope.county, town: null, village: null };
  return { scope: scope.village === undefined ? 'town' : 'village', county: null, town: scope.town, village: scope.village ?? null };
}

/** A scope as a person reads it: `county Luoning`, `town Heluo`, `village Xishan of Heluo`. */
export function scopeText(scope: Scope): string {
  if ('county' in scope) return `county ${scope.county}`;
  return scope.village === undefined ? `town ${scope.town}` : `village ${scope.village} of ${scope.town}`;
}

/** An assignment's row as a record. */
export function assignmentOf(row: Selectable<AssignmentsTable>): AssignmentRecord {
  return defined({
    id: Number(row.id),
    personId: row.person_id,
    role: row.role as AssignmentRecord['role'],
    scope: scopeOf(row),
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    assignedAt: row.assigned_at,
    assignedBy: row.assigned_by,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  });
}

/** A public key's row as a record. */
export function keyOf(row: Selectable<PublicKeysTable>): KeyRecord {
  return defined({
    keyId: row.key_id,
    publicKey: row.public_key,
    owner: row.owner_person !== null ? { personId: row.owner_person } : { desk: row.owner_desk! },
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    registeredAt: row.registered_at,
    registeredBy: row.registered_by,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  });
}

/** A change log row as a record. */
export const changeOf = (row: Selectable<RegistryChangesTable>): ChangeRecord => ({
  id: Number(row.id),
  at: row.at,
  by: row.by_person,
  kind: row.kind as ChangeRecord['kind'],
  subject: row.subject,
  details: JSON.parse(row.details) as Record<string, unknown>,
});
