import type { Kysely } from 'kysely';
import { echo } from '../../machines/text';
import { insertPerson, logChange, requireAuthor, sameTerms } from './registryChanges';
import { importLineSchema, type ChangeAuthor, type ImportLine, type Person } from './registryRecords';
import { assignmentOf, ImportRefusal, personOf, scopeColumns, validInput } from './registryRows';
import type { StoreSchema } from './schema';

/** What an import did: the people added, the assignments made (by number), and the lines that changed nothing. */
export interface ImportSummary {
  peopleAdded: string[];
  assignmentsMade: number[];
  unchanged: number[];
}

const sameContact = (a: Person, b: Person) => a.name === b.name && (a.contact ?? '') === (b.contact ?? '');

/**
 * Imports people and their assignments, each line checked against the registry and the file's other lines first: a
 * person already registered must keep their name and contact, and a line the registry already holds changes nothing
 * (so importing a file twice is harmless). One wrong line refuses the whole file, naming every wrong line, and
 * nothing is written; otherwise it is written in one transaction, each person and assignment with its change log
 * line, and one line for the import itself. An author who is not registered is refused with RegistryRefusal (field `by`).
 */
export async function importPeople(
  db: Kysely<StoreSchema>,
  input: readonly ImportLine[],
  author: ChangeAuthor,
  source: string,
): Promise<ImportSummary> {
  const lines = input.map((line) => validInput(importLineSchema, line));
  return db.transaction().execute(async (trx) => {
    const ids = [...new Set(lines.map((l) => l.person.id))];
    const who = await requireAuthor(trx, author, ids);
    const registered = new Map(
      (ids.length ? await trx.selectFrom('people').selectAll().where('id', 'in', ids).execute() : []).map((p) => [p.id, personOf(p)]),
    );
    const held = ids.length
      ? (await trx.selectFrom('assignments').selectAll().where('person_id', 'in', ids).where('revoked_at', 'is', null).execute()).map(
          assignmentOf,
        )
      : [];

    const problems: string[] = [];
    const firstLine = new Map<string, ImportLine>();
    const summary: ImportSummary = { peopleAdded: [], assignmentsMade: [], unchanged: [] };
    const toAdd: ImportLine[] = [];
    const toAssign: ImportLine[] = [];
    for (const line of lines) {
      const { id } = line.person;
      const stored = registered.get(id);
      const first = firstLine.get(id);
      if (stored && !sameContact(stored, line.person)) {
        problems.push(
          `line ${line.line}, field name: person ${echo(id)} is registered as ${echo(stored.name)}${stored.contact ? ` (${echo(stored.contact)})` : ''}; accepted: the registered name and contact, or another person id`,
        );
      } else if (first && !sameContact(first.person, line.person)) {
        problems.push(
          `line ${line.line}, field name: person ${echo(id)} is ${echo(first.person.name)}${first.person.contact ? ` (${echo(first.person.contact)})` : ''} on line ${first.line}; accepted: the same name and contact on every line of a person`,
        );
      }
      if (!first) firstLine.set(id, line);
      const adds = !stored && !first;
      if (adds) toAdd.push(line);
      const terms = line.assignment;
      const twin = terms && toAssign.find((other) => other.person.id === id && sameTerms(other.assignment!, terms));
      if (twin) problems.push(`line ${line.line}: the same assignment as line ${twin.line}; accepted: each assignment once`);
      else if (terms && !held.some((a) => a.personId === id && sameTerms(a, terms))) toAssign.push(line);
      else if (!adds) summary.unchanged.push(line.line);
    }
    if (problems.length) throw new ImportRefusal(problems);

    // The author first: the other rows name them.
    toAdd.sort((a, b) => Number(b.person.id === who.by) - Number(a.person.id === who.by));
    for (const line of toAdd) {
      await insertPerson(trx, line.person, who, { source, line: line.line });
      summary.peopleAdded.push(line.person.id);
    }
    for (const line of toAssign) {
      const terms = line.assignment!;
      const { id } = await trx
        .insertInto('assignments')
        .values({
          person_id: line.person.id,
          role: terms.role,
          ...scopeColumns(terms.scope),
          valid_from: terms.validFrom,
          valid_until: terms.validUntil ?? null,
          assigned_at: who.at,
          assigned_by: who.by,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      summary.assignmentsMade.push(Number(id));
      await logChange(trx, who, 'assignment-made', String(id), { personId: line.person.id, ...terms, source, line: line.line });
    }
    if (!toAssign.length && !toAdd.length) return summary;
    await logChange(trx, who, 'people-imported', source, {
      lines: lines.length,
      peopleAdded: summary.peopleAdded.length,
      assignmentsMade: summary.assignmentsMade.length,
      unchanged: summary.unchanged.length,
    });
    return summary;
  });
}
