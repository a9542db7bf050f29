import { resolveVillageKeyring, scopeText, type AssignmentRecord, type KeyRecord, type OutcomeStore } from '../../activities/store';
import type { KeyOwner } from '../../machines/keyring';
import { plural } from '../../machines/rules';
import { echo } from '../../machines/text';
import { beijing, table, toJson } from '../format';
import { EXIT, say } from '../commands/common';

/** What the reading actions of `election people` and `election keys` print: tables for a person, JSON for a script. */

/** Where an assignment stands now: in force, not yet, ended, or revoked (when and by whom). */
export function assignmentState(a: AssignmentRecord, now: string): string {
  if (a.revokedAt !== undefined) return `revoked ${beijing(a.revokedAt, false)} by ${a.revokedBy}`;
  if (a.validUntil !== undefined && a.validUntil <= now) return 'ended';
  return a.validFrom > now ? 'not yet in force' : 'in force';
}

/** Where a key stands now: usable, not yet, expired, or revoked (when and by whom). */
export function keyState(k: KeyRecord, now: string): string {
  if (k.revokedAt !== undefined) return `revoked ${beijing(k.revokedAt, false)}${k.revokedBy ? ` by ${k.revokedBy}` : ''}`;
  if (k.validUntil !== undefined && k.validUntil <= now) return 'expired';
  return k.validFrom > now ? 'not yet valid' : 'valid';
}

/** A key's owner as a person reads it: the person's id, or `desk NAME`. */
export const ownerText = (owner: KeyOwner) => ('personId' in owner ? owner.personId : `desk ${owner.desk}`);

/** `people list`: people with their assignments; with a town (and village), those whose assignments cover it. */
export async function showPeople(
  store: OutcomeStore,
  where: { town: string; village?: string } | undefined,
  json: boolean,
): Promise<number> {
  const { registry } = store;
  const now = new Date().toISOString();
  const county = where && (await registry.townCounty(where.town));
  const assignments = await registry.assignments(where ? { ...where, county } : {});
  const everyone = await registry.people();
  const people = (where ? everyone.filter((p) => assignments.some((a) => a.personId === p.id)) : everyone).map((person) => ({
    ...person,
    assignments: assignments.filter((a) => a.personId === person.id).map((a) => ({ ...a, state: assignmentState(a, now) })),
  }));
  if (json) {
    say(toJson({ ...(where ? { ...where, ...(county ? { county } : {}) } : {}), people }));
    return EXIT.ok;
  }
  if (!people.length) {
    say(where ? `no one is assigned over ${scopeText(where)}` : 'no one is registered yet (add people with: election people add)');
    return EXIT.ok;
  }
  const rows = people.flatMap((p) =>
    p.assignments.length
      ? p.assignments.map((a) => [
          String(a.id),
          p.id,
          p.name,
          a.role,
          scopeText(a.scope),
          beijing(a.validFrom, false),
          beijing(a.validUntil, false),
          a.state,
        ])
      : [['-', p.id, p.name, '-', '-', '-', '-', 'no assignment']],
  );
  if (where) say(`${scopeText(where)}${county ? `, county ${county}` : ' (its county is not set)'}:`);
  say(table(['no.', 'person', 'name', 'role', 'over', 'from (Beijing time)', 'until', 'state'], rows));
  const inForce = assignments.filter((a) => assignmentState(a, now) === 'in force').length;
  say(
    `${plural(people.length, 'person', 'people')}, ${plural(assignments.length, 'assignment')} (${inForce} in force); revoke one with: election people revoke --assignment N --by PERSON`,
  );
  return EXIT.ok;
}

/** `people keyring`: the keyring of a village's election as the registry resolves it now. */
export async function showKeyring(store: OutcomeStore, where: { town: string; village: string }, json: boolean): Promise<number> {
  const keyring = await resolveVillageKeyring(store, { ...where, at: new Date() });
  if (json) {
    say(toJson(keyring));
    return EXIT.ok;
  }
  const county = await store.registry.townCounty(where.town);
  say(`Keyring of village ${where.village} of ${where.town}${county ? `, county ${county}` : ''}, as of ${beijing(keyring.resolvedAt)}`);
  if (!keyring.people.length) say('No one is assigned to this village, its town or its county: no decision could be signed for it.');
  else
    say(
      table(
        ['person', 'name', 'role', 'from (Beijing time)', 'until'],
        keyring.people.flatMap((p) =>
          p.assignments.map((a) => [p.personId, p.name, a.role, beijing(a.validFrom, false), beijing(a.validUntil, false)]),
        ),
      ),
    );
  say('');
  say(
    keyring.keys.length
      ? table(
          ['key', 'owner', 'from (Beijing time)', 'until', 'revoked', 'public key'],
          keyring.keys.map((k) => [
            k.keyId,
            ownerText(k.owner),
            beijing(k.validFrom, false),
            beijing(k.validUntil, false),
            beijing(k.revokedAt, false),
            k.publicKey,
          ]),
        )
      : 'No key may sign for this village (create one with: election keys create --person ID --out FILE).',
  );
  return EXIT.ok;
}

/** `people log`: every change of the registry, oldest first, with who made it. */
export async function showChanges(store: OutcomeStore, json: boolean): Promise<number> {
  const changes = await store.registry.changes();
  if (json) say(toJson(changes));
  else if (!changes.length) say('the registry has no changes yet');
  else
    say(
      table(
        ['no.', 'at (Beijing time)', 'by', 'change', 'of', 'details'],
        changes.map((c) => [String(c.id), beijing(c.at, false), c.by, c.kind, c.subject, echo(c.details, 100)]),
      ),
    );
  return EXIT.ok;
}
