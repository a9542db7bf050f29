import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { OutcomeStore, PeopleRegistry } from '../../activities/store';
import { DeskAccounts, ensureDemoAccount } from '../../desk/auth/accounts';
import { base32Encode } from '../../desk/auth/totp';
import type { DeskKeyFile } from '../../desk/deskKey';
import type { Role } from '../../machines/roles';
import { inputProblems, startElection } from '../commands/start';
import type { KeyFile } from '../signing';
import { demoRoster, HELUO_VILLAGES, heluoInput } from './heluo';
import { prepareOfficeSigners, REGISTRY_KEEPER, scrutineerId, type OfficeSigners } from './officeSigners';
import { badInput } from '../commands/common';
import { runDesk, type deskSettings } from '../commands/desk';
import { APPROVING_ROLES, type RunningDesk } from '../../desk/start';
import { loadOrCreateDeskKey } from '../../desk/deskKey';

/**
 * The desk's part of the demo: villages nobody scripts, left for people to act on at the approvers' desk, and the
 * demo people who sign in there (one per role, with names), assigned over Heluo by the scripted registry keeper.
 */

/** The villages left for the desk: started, then waiting for the guidance group's investigation. */
export const DESK_VILLAGES = [
  { name: 'Shangzhuang', members: 24, representatives: 18 },
  { name: 'Beipo', members: 21, representatives: 16 },
  { name: 'Liushu', members: 19, representatives: 15 },
] as const;

/** The demo's desk accounts: a person per role, named, each with a town-wide assignment over Heluo. */
export const DESK_PEOPLE: readonly { id: string; name: string; role: Role }[] = [
  { id: 'wang.jianguo', name: '王建国', role: 'town-committee' },
  { id: 'li.hong', name: '李红', role: 'county-org-dept' },
  { id: 'zhang.wei', name: '张伟', role: 'guidance-group' },
  { id: 'liu.yang', name: '刘洋', role: 'inspection-team' },
  { id: 'chen.jing', name: '陈静', role: 'village-branch' },
];

/** The county the demo puts Heluo in, so that the county department's assignment covers it. */
export const DEMO_COUNTY = 'Yuxian';

/**
 * Registers the demo's desk people with their assignments (the county department over the county, the others over
 * Heluo) and the desk's key, by the scripted registry keeper. Idempotent. Returns how many were added.
 */
export async function prepareDeskPeople(registry: PeopleRegistry, deskKey: DeskKeyFile, at = new Date().toISOString()): Promise<number> {
  const author = { by: REGISTRY_KEEPER.id, at };
  let added = 0;
  const people = new Set((await registry.people()).map((p) => p.id));
  if ((await registry.townCounty('Heluo')) !== DEMO_COUNTY) await registry.setTownCounty('Heluo', DEMO_COUNTY, author);
  const open = (await registry.assignments()).filter((a) => a.revokedAt === undefined && a.validUntil === undefined);
  for (const person of DESK_PEOPLE) {
    if (!people.has(person.id)) {
      await registry.addPerson({ id: person.id, name: person.name }, author);
      added += 1;
    }
    const scope = person.role === 'county-org-dept' ? { county: DEMO_COUNTY } : { town: 'Heluo' };
    if (!open.some((a) => a.personId === person.id && a.role === person.role)) {
      await registry.assign({ personId: person.id, role: person.role, scope, validFrom: at }, author);
      added += 1;
    }
  }
  const keys = await registry.keys();
  if (!keys.some((k) => k.keyId === deskKey.keyId && k.revokedAt === undefined)) {
    await registry.registerKey(
      { keyId: deskKey.keyId, publicKey: deskKey.publicKey, owner: { desk: deskKey.desk }, validFrom: at },
      author,
    );
    added += 1;
  }
  return added;
}

/** Starts the desk's villages (signed starts by the scripted town committee), each left waiting for the desk. */
export async function startDeskVillages(
  client: Client,
  options: { term: number; timerMs: number; townCommitteeKey: KeyFile },
): Promise<{ village: string; workflowId: string; outcome: string }[]> {
  const started = [];
  for (const village of DESK_VILLAGES) {
    const raw = {
      ...heluoInput(HELUO_VILLAGES[1], options.term, options.timerMs),
      village: village.name,
      roster: demoRoster(village.name, village.members),
      signedDecisions: true,
    };
    const { problems, input } = inputProblems(raw);
    if (!input) throw new Error(`the desk village ${village.name} has an invalid input: ${problems.join('; ')}`);
    const result = await startElection(client, raw, input, { signer: { keyFile: options.townCommitteeKey } });
    started.push({ village: village.name, workflowId: result.workflowId, outcome: result.outcome });
  }
  return started;
}

/** The password of every demo account: printed by the demo, for trying the desk on this machine only. */
export const DEMO_PASSWORD = 'heluo-demo-2026';

/** Cheap hashing for the demo's accounts only (their password is printed anyway); real accounts use the desk's default. */
export const DEMO_ARGON2 = { m: 1024, t: 1, p: 1 } as const;

/** A demo account's TOTP secret: fixed per person (so a second demo prints the same), base32. */
export function demoTotpSecret(personId: string): string {
  return base32Encode(createHash('sha256').update(`demo-totp:${personId}`).digest().subarray(0, 20));
}

/** One demo account as the demo prints it. */
export interface DemoAccount {
  personId: string;
  name: string;
  role: Role;
  /** Set for the roles that approve: the second factor's secret. */
  totpSecret?: string;
}

/**
 * The demo's desk accounts: the named people of {@link DESK_PEOPLE} and the roster members who may be appointed
 * scrutineer (registered by the scripted office as m01…), each with the demo password; the approving roles with a
 * TOTP secret too. An account already there is left as it is (a person may have changed their password).
 */
export async function prepareDemoAccounts(
  store: OutcomeStore,
  options: { scrutineers: readonly string[]; approving: readonly Role[] },
): Promise<{ accounts: DemoAccount[]; created: number }> {
  const accounts = DeskAccounts.of(store, { argon2: DEMO_ARGON2 });
  const names = new Map((await store.registry.people()).map((p) => [p.id, p.name]));
  const wanted: DemoAccount[] = [
    ...DESK_PEOPLE.map((p) => ({
      personId: p.id,
      name: p.name,
      role: p.role,
      ...(options.approving.includes(p.role) ? { totpSecret: demoTotpSecret(p.id) } : {}),
    })),
    ...options.scrutineers.map((id) => ({ personId: id, name: names.get(id) ?? id, role: 'scrutineer' as const })),
  ];
  let created = 0;
  for (const account of wanted) {
    if (await accounts.account(account.personId)) continue;
    await ensureDemoAccount(accounts, {
      personId: account.personId,
      password: DEMO_PASSWORD,
      ...(account.totpSecret ? { totpSecret: account.totpSecret } : {}),
    });
    created += 1;
  }
  return { accounts: wanted, created };
}

/** The scripted roster members who may be appointed scrutineer (m01…m45: the largest demo roster). */
const SCRUTINEER_IDS = Array.from({ length: Math.max(...HELUO_VILLAGES.map((v) => v.members)) }, (_, i) => scrutineerId(i + 1));

/**
 * Starts the desk for `election dev` and `election demo`: the scripted office's people (for the registry keeper and
 * the scrutineers), the desk's people and key, the demo accounts, then the desk itself; prints its address and accounts.
 */
export async function startDemoDesk(options: {
  client: Client;
  store: OutcomeStore;
  settings: ReturnType<typeof deskSettings>;
  temporalUi?: string;
  keyDir: string;
  out?: (line: string) => void;
}): Promise<{ desk: RunningDesk; accounts: DemoAccount[]; signers: OfficeSigners }> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const signers = await prepareOfficeSigners(options.store.registry, {
    town: 'Heluo',
    rosterSize: SCRUTINEER_IDS.length,
    keyDir: options.keyDir,
  });
  let key: DeskKeyFile;
  try {
    ({ key } = loadOrCreateDeskKey(options.settings.keyFile, options.settings.name));
  } catch (err) {
    throw badInput(`--desk-key: ${(err as Error).message}`);
  }
  await prepareDeskPeople(options.store.registry, key);
  const { accounts } = await prepareDemoAccounts(options.store, { scrutineers: SCRUTINEER_IDS, approving: APPROVING_ROLES });
  const { desk } = await runDesk(
    options.client,
    options.store,
    options.settings,
    { quiet: true, ...(options.temporalUi ? { temporalUi: options.temporalUi } : {}) },
  );
  printDeskAccess(desk.url, accounts, out);
  return { desk, accounts, signers };
}

/** The desk's address and the demo accounts, as `dev` and `demo` print them. */
export function printDeskAccess(url: string, accounts: DemoAccount[], out: (line: string) => void): void {
  const named = accounts.filter((a) => a.role !== 'scrutineer');
  const scrutineers = accounts.filter((a) => a.role === 'scrutineer');
  out(`Approvers' desk (审批工作台): ${url}`);
  out(`  DEMO accounts, password "${DEMO_PASSWORD}" for each (for trying the desk on this machine only):`);
  for (const a of named) {
    out(`    ${a.personId.padEnd(14)} ${a.name}  (${a.role})${a.totpSecret ? `  second factor: TOTP secret ${a.totpSecret}` : ''}`);
  }
  if (scrutineers.length)
    out(`    ${scrutineers[0]!.personId}…${scrutineers.at(-1)!.personId}  the roster members, as scrutineers once appointed`);
  out('  The second factor: add the secret to an authenticator app, or print the current code with');
  out('    election accounts code --person wang.jianguo');
}
