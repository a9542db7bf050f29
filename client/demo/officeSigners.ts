import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryRefusal, type PeopleRegistry } from '../../activities/store';
import type { Envelope } from '../../machines/envelope';
import type { DecisionEvent } from '../../machines/events';
import type { Role } from '../../machines/roles';
import { keyIdFor } from '../keys/ed25519';
import { createKeyFile, readKeyFile, signDecision, writeKeyFile, type KeyFile } from '../signing';
import { SCRIPTED_PEOPLE } from './townOffice';

/** The scripted person who keeps the demo's people registry: the county organisation department keeps the real one. */
export const REGISTRY_KEEPER = SCRIPTED_PEOPLE['county-org-dept'];

/** Where the scripted office's people get their keys, and which town they act for. */
export interface OfficeSignersOptions {
  town: string;
  /** The largest roster of the town's villages: any of its members m01… may be appointed scrutineer. */
  rosterSize: number;
  /** A folder for the key files (created readable by its owner only; a second run reuses them); without it, keys live in memory only. */
  keyDir?: string;
  /** When the assignments and keys start (default now): before the elections that verify against them start. */
  at?: string;
  /** Who registers them: a registered person, or by default the scripted county department (added first to an empty registry). */
  keeper?: string;
}

/** What preparing the signers added to the registry (nothing on a second run over the same store and key folder). */
export interface OfficeSignersMade {
  people: number;
  assignments: number;
  keys: number;
}

/** The scripted office's signers: each of its people with a registered key and an assignment over the town. */
export interface OfficeSigners {
  /** Signs a scripted decision for one election as the person and role its `by` names (the workflow takes `by` from the keyring). */
  sign(workflowId: string, decision: DecisionEvent): Envelope;
  /** The key file of a scripted person, to sign by other routes (the CLI's --key). */
  keyFileOf(personId: string): KeyFile | undefined;
  made: OfficeSignersMade;
}

/** A roster member who may be appointed scrutineer: the registry names them by their roster id, as CONFIRM_COUNT's `by` must. */
export const scrutineerId = (n: number) => `m${String(n).padStart(2, '0')}`;

/** The scripted office's people, one line each: the office's roles, then every roster member as a possible scrutineer. */
function officePeople(rosterSize: number): { id: string; name: string; role: Role }[] {
  const office = Object.values(SCRIPTED_PEOPLE).filter((p) => p.role !== 'scrutineer');
  const scrutineers = Array.from({ length: rosterSize }, (_, i) => ({
    id: scrutineerId(i + 1),
    name: `Scripted scrutineer (roster member ${scrutineerId(i + 1)})`,
    role: 'scrutineer' as const,
  }));
  return [...office, ...scrutineers];
}

/**
 * Registers the scripted office's people in the people registry, each with a town-wide assignment in their role and a
 * key of their own, through the registry's own API (so every change is logged, by the scripted registry keeper). Idempotent:
 * a person, an open assignment or a key already there is reused (a revoked one is made anew), a key file in `keyDir` is reused (and
 * registered again in a store that lacks it); a file whose key the registry revoked is set aside and replaced.
 */
export async function prepareOfficeSigners(registry: PeopleRegistry, options: OfficeSignersOptions): Promise<OfficeSigners> {
  const at = options.at ?? new Date().toISOString();
  const author = { by: options.keeper ?? REGISTRY_KEEPER.id, at };
  const made: OfficeSignersMade = { people: 0, assignments: 0, keys: 0 };
  const people = officePeople(options.rosterSize);
  if (options.keyDir) {
    mkdirSync(options.keyDir, { recursive: true, mode: 0o700 });
    chmodSync(options.keyDir, 0o700);
  }

  const registered = new Set((await registry.people()).map((p) => p.id));
  if (!registered.has(REGISTRY_KEEPER.id) && options.keeper === undefined) {
    try {
      await registry.addPerson({ id: REGISTRY_KEEPER.id, name: REGISTRY_KEEPER.name }, author);
    } catch (err) {
      if (!(err instanceof RegistryRefusal) || err.field !== 'by') throw err;
      throw new Error(
        `the scripted office's people cannot be registered: the people registry already has people but not ${REGISTRY_KEEPER.id}, who registers them; accepted: an empty registry, or one where a registered person has added ${REGISTRY_KEEPER.id} (election people add --id ${REGISTRY_KEEPER.id} --name "${REGISTRY_KEEPER.name}" --by PERSON)`,
        { cause: err },
      );
    }
    registered.add(REGISTRY_KEEPER.id);
    made.people += 1;
  }
  const open = (await registry.assignments({ town: options.town })).filter(
    (a) => a.revokedAt === undefined && a.validUntil === undefined && 'town' in a.scope && a.scope.village === undefined,
  );
  const keys = await registry.keys();
  const keyFiles = new Map<string, KeyFile>();
  for (const person of people) {
    if (!registered.has(person.id)) {
      await registry.addPerson({ id: person.id, name: person.name }, author);
      made.people += 1;
    }
    if (!open.some((a) => a.personId === person.id && a.role === person.role)) {
      await registry.assign({ personId: person.id, role: person.role, scope: { town: options.town }, validFrom: at }, author);
      made.assignments += 1;
    }
    const file = options.keyDir ? join(options.keyDir, `${person.id}.key`) : undefined;
    let keyFile = file && existsSync(file) ? readKeyFile(file) : undefined;
    const known = keyFile && keys.find((k) => k.keyId === keyFile!.keyId);
    if (keyFile && known && (known.revokedAt !== undefined || known.publicKey !== keyFile.publicKey)) {
      // Never overwritten (an overwritten key is lost): set aside under its key id, for the record.
      renameSync(file!, join(options.keyDir!, `${person.id}.${keyFile.keyId}.revoked.key`));
      keyFile = undefined;
    }
    if (!keyFile) {
      const drafted = createKeyFile('unregistered', person.id);
      keyFile = { ...drafted, keyId: keyIdFor(drafted.publicKey) };
      if (file) writeKeyFile(file, keyFile);
    }
    if (!keys.some((k) => k.keyId === keyFile.keyId && k.revokedAt === undefined)) {
      await registry.registerKey(
        { keyId: keyFile.keyId, publicKey: keyFile.publicKey, owner: { personId: person.id }, validFrom: at },
        author,
      );
      made.keys += 1;
    }
    keyFiles.set(person.id, keyFile);
  }

  return {
    made,
    keyFileOf: (personId) => keyFiles.get(personId),
    sign(workflowId, decision) {
      const { by, at: _at, ...rest } = decision;
      const keyFile = keyFiles.get(by.id);
      if (!keyFile)
        throw new Error(
          `by.id: got ${JSON.stringify(by.id)}; the scripted office signs only as its own people (${people.length} of them: ${people[0]!.id} … ${people.at(-1)!.id})`,
        );
      return signDecision({ workflowId, decision: rest, actor: { personId: by.id, role: by.role }, signer: { keyFile } });
    },
  };
}
