import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { OutcomeStore } from '../../activities/store';
import { DEMO_ARGON2, demoTotpSecret, DESK_PEOPLE, prepareDeskPeople, prepareDemoAccounts } from '../../client/demo/deskDemo';
import type { OfficeSigners } from '../../client/demo/officeSigners';
import { ensureDemoAccount } from '../../desk/auth/accounts';
import { base32Decode, hotp, TOTP } from '../../desk/auth/totp';
import { loadOrCreateDeskKey, type DeskKeyFile } from '../../desk/deskKey';
import { APPROVING_ROLES, startDesk, type RunningDesk } from '../../desk/start';
import { electionWorker, tempStore } from './election';
import { testSigners } from './signers';
import { testConnection } from './temporal';

/** The demo accounts' password in the desk's tests. */
export const PASSWORD = 'heluo-demo-2026';

/** What a desk test runs against: a worker, the registry's people and accounts, and the desk listening on a free port. */
export interface DeskEnv {
  client: Client;
  store: OutcomeStore;
  taskQueue: string;
  signers: OfficeSigners;
  deskKey: DeskKeyFile;
  desk: RunningDesk;
  /** Moves the desk's clock (sessions and locks expire by it). */
  skew: { ms: number };
  /** Makes an account for a roster member appointed scrutineer, as the county department would. */
  scrutineerAccount(personId: string): Promise<void>;
}

/**
 * Registers beforeAll/afterAll hooks that run an election worker, register the scripted office (keys of the town
 * committee to sign starts, the roster members as possible scrutineers), the desk's named people with their demo
 * accounts (cheap hashing: tests only) and the desk's key, then start the desk on 127.0.0.1 with secure cookies (and the
 * Web UI's address, or more codec origins, when given).
 */
export function useDesk(
  options: { temporalUi?: string; codecOrigins?: string[]; metricsAddress?: string; fleetTtlMs?: number } = {},
): DeskEnv {
  const env = { skew: { ms: 0 } } as DeskEnv;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { connection, client } = await testConnection();
    const store = await tempStore();
    const { worker, taskQueue, connection: workerConnection } = await electionWorker(store);
    const running = worker.run();
    const signers = await testSigners(store);
    const { key: deskKey } = loadOrCreateDeskKey(join(mkdtempSync(join(tmpdir(), 'desk-key-')), 'desk-key.json'), 'desk');
    await prepareDeskPeople(store.registry, deskKey);
    await prepareDemoAccounts(store, { scrutineers: [], approving: APPROVING_ROLES });
    const desk = await startDesk({
      client,
      store,
      deskKey,
      port: 0,
      argon2: DEMO_ARGON2,
      now: () => Date.now() + env.skew.ms,
      // Every person of the file signs in from 127.0.0.1 within a minute or two.
      clientLimit: { limit: 200, windowMs: 60_000 },
      ...options,
    });
    Object.assign(env, {
      client,
      store,
      taskQueue,
      signers,
      deskKey,
      desk,
      scrutineerAccount: async (personId: string) => {
        if (!(await desk.accounts.account(personId))) await ensureDemoAccount(desk.accounts, { personId, password: PASSWORD });
      },
    });
    close = async () => {
      await desk.close();
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      await store.close();
    };
  }, 60_000);
  afterAll(() => close?.());
  return env;
}

/** The desk's people by role (the demo's named ones). */
export const deskPerson = (role: (typeof DESK_PEOPLE)[number]['role']) => DESK_PEOPLE.find((p) => p.role === role)!;

/** A demo account's current second-factor code, as its authenticator app would show it at `atMs`. */
export const totpCode = (personId: string, atMs = Date.now()) =>
  hotp(base32Decode(demoTotpSecret(personId)), Math.floor(atMs / 1000 / TOTP.periodSeconds));
