import { electionInputSchema } from '../../machines/input';
import { instantSchema, villageKeyringSchema, type Assignment, type TrustedKey, type VillageKeyring } from '../../machines/keyring';
import { describeZodIssues } from '../../machines/rules';
import type { OutcomeStore } from './index';
import type { AssignmentRecord } from './registryRecords';
import { byText, validInput } from './registryRows';

/** Where a village is and when its keyring is read. */
export interface KeyringRequest {
  town: string;
  village: string;
  /** The instant the registry is read as of: a Date, or an ISO instant such as 2026-12-02T08:00:00.000Z. */
  at: Date | string;
}

/**
 * The keyring of one village's election, read from the people registry as it stood at `at` (changes recorded later
 * are not seen): the people whose assignments cover the village (scoped to it, to its town, or to the county its
 * town was in at `at`), each assignment with its window, and the keys of those people and of every desk. A revoked
 * assignment ends at its revocation (one revoked before it began is left out); a revoked key stays, with `revokedAt`,
 * so that a verifier refuses it for that reason. Windows are kept whether or not `at` falls in them, so the keyring
 * changes only when the registry does. People come by person id, their assignments by start, keys by key id, all
 * in code-unit order: the same registry always gives the same keyring.
 */
export async function resolveVillageKeyring(store: Pick<OutcomeStore, 'registry'>, request: KeyringRequest): Promise<VillageKeyring> {
  const town = validInput(electionInputSchema.shape.town, request.town);
  const village = validInput(electionInputSchema.shape.village, request.village);
  const resolvedAt = validInput(instantSchema, request.at instanceof Date ? request.at.toISOString() : request.at);
  const { registry } = store;
  const county = await registry.townCounty(town, resolvedAt);
  const held = new Map<string, Map<string, Assignment>>();
  for (const record of await registry.assignments({ town, village, county })) {
    if (record.assignedAt > resolvedAt) continue;
    const assignment = asOf(record, resolvedAt);
    if (!assignment) continue;
    const mine = held.get(record.personId) ?? new Map<string, Assignment>();
    mine.set(JSON.stringify(assignment), assignment);
    held.set(record.personId, mine);
  }
  const ids = [...held.keys()].sort(byText);
  const people = (await registry.peopleByIds(ids)).map((person) => ({
    personId: person.id,
    name: person.name,
    assignments: [...held.get(person.id)!.values()].sort(
      (a, b) => byText(a.validFrom, b.validFrom) || byText(a.role, b.role) || byText(a.validUntil ?? '~', b.validUntil ?? '~'),
    ),
  }));
  const keys = (await registry.keys({ peopleAndDesks: ids }))
    .filter((key) => key.registeredAt <= resolvedAt)
    .map((key): TrustedKey => ({
      keyId: key.keyId,
      publicKey: key.publicKey,
      owner: key.owner,
      validFrom: key.validFrom,
      ...(key.validUntil !== undefined ? { validUntil: key.validUntil } : {}),
      ...(key.revokedAt !== undefined && key.revokedAt <= resolvedAt ? { revokedAt: key.revokedAt } : {}),
    }));
  const keyring = { town, village, resolvedAt, people, keys };
  const parsed = villageKeyringSchema.safeParse(keyring);
  if (!parsed.success)
    throw new Error(
      `the people registry gives village ${village} of ${town} a keyring that is not valid: ${describeZodIssues(parsed.error, keyring).join('; ')}`,
    );
  return parsed.data;
}

/** An assignment as it stood at `at`: ended at its revocation if that came first; nothing if revoked before it began. */
function asOf(record: AssignmentRecord, at: string): Assignment | undefined {
  const revokedAt = record.revokedAt !== undefined && record.revokedAt <= at ? record.revokedAt : undefined;
  const validUntil =
    revokedAt !== undefined && (record.validUntil === undefined || revokedAt < record.validUntil) ? revokedAt : record.validUntil;
  if (validUntil !== undefined && validUntil <= record.validFrom) return undefined;
  return { role: record.role, validFrom: record.validFrom, ...(validUntil !== undefined ? { validUntil } : {}) };
}
