import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { OutcomeStore } from '../../activities/store';
import type { WorkflowHandle } from '@temporalio/client';
import { keyFileSchema, signDecision } from '../../client/signing';
import { nextScriptedDecision, SCRIPTED_PEOPLE } from '../../client/demo/townOffice';
import { publicKeyOf, toBase64url } from '../../machines/envelope';
import type { ElectionInputRaw } from '../../machines/input';
import { ROLES, type Role } from '../../machines/roles';
import type { PublicView } from '../../machines/view';
import { decisionSignal } from '../../workflows/contract';
import { runCli } from '../support/cliInProcess';
import { startSignedVillage } from '../support/signedStart';
import { storeUrl } from '../support/stores';
import { decide, driveUntil, scriptFor, startVillage, status, useElectionWorker, villageInput, waitFor } from '../support/election';

const SINCE = '2026-01-05T08:00:00.000Z';
const seedOf = (role: Role) => ROLES.indexOf(role) + 1;
const secret = (n: number) => toBase64url(new Uint8Array(32).fill(n));
const publicKey = (n: number) => toBase64url(publicKeyOf(new Uint8Array(32).fill(n)));
const keyOf = (role: Role) => `k-${role}`;
const DESK_KEY = 'k-desk';
const DESK_SEED = 50;
/** The town committee member's key file: the starts of elections with signed decisions are signed too. */
const starter = () => ({
  keyFile: keyFileSchema.parse({
    v: 1,
    keyId: keyOf('town-committee'),
    personId: SCRIPTED_PEOPLE['town-committee'].id,
    secretKey: secret(seedOf('town-committee')),
    publicKey: publicKey(seedOf('town-committee')),
  }),
});

/**
 * Registers the scripted office's people, each assigned their role over the town's villages with a key of their own,
 * and the village's members as scrutineers (the office picks one from those present), for whom the desk signs.
 */
async function registerOffice(store: OutcomeStore, input: ElectionInputRaw): Promise<void> {
  const { registry } = store;
  const as = { by: 'org', at: SINCE };
  const scope = { town: input.town };
  await registry.addPerson({ id: 'org', name: 'Li Na' }, as);
  for (const role of ROLES) {
    const person = SCRIPTED_PEOPLE[role];
    await registry.addPerson({ id: person.id, name: person.name }, as);
    await registry.assign({ personId: person.id, role, scope, validFrom: SINCE }, as);
    await registry.registerKey(
      { keyId: keyOf(role), publicKey: publicKey(seedOf(role)), owner: { personId: person.id }, validFrom: SINCE },
      as,
    );
  }
  const roster = input.roster as { id: string; name: string }[];
  for (const member of roster.filter((m) => m.id !== SCRIPTED_PEOPLE.scrutineer.id)) {
    await registry.addPerson({ id: member.id, name: member.name }, as);
    await registry.assign({ personId: member.id, role: 'scrutineer', scope, validFrom: SINCE }, as);
  }
  await registry.registerKey({ keyId: DESK_KEY, publicKey: publicKey(DESK_SEED), owner: { desk: 'approvers-desk' }, validFrom: SINCE }, as);
}

/** Takes the scripted office's next decisions, each signed by the key of the person of its role, until `done(view)`. */
async function driveSigned(
  handle: WorkflowHandle,
  input: ElectionInputRaw,
  done: (view: PublicView) => boolean,
  keyFor = (role: Role) => keyOf(role),
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = await status(handle);
    if (done(view)) return;
    if (Date.now() > deadline) throw new Error(`village stuck at ${view.stage}/${view.step ?? ''}`);
    const next = nextScriptedDecision(view, scriptFor(input));
    if (!next) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const { by, at: _at, ...decision } = next;
    // A scrutineer is a member picked at the count: the desk signs for them.
    const keyId = by.id === SCRIPTED_PEOPLE[by.role].id ? keyFor(by.role) : DESK_KEY;
    const seed = keyId === DESK_KEY ? DESK_SEED : keyId === keyOf(by.role) ? seedOf(by.role) : 99;
    const envelope = signDecision({
      workflowId: handle.workflowId,
      decision,
      actor: { personId: by.id, role: by.role },
      signer: { keyId, secretKey: secret(seed) },
    });
    await decide(handle, envelope);
  }
}

describe('election audit verify on elections run on the real server', () => {
  const env = useElectionWorker();
  const signedInput = villageInput({ signedDecisions: true });
  const staleInput = villageInput({ signedDecisions: true });
  const unsignedInput = villageInput();
  let signed: Awaited<ReturnType<typeof startSignedVillage>>;
  let stale: WorkflowHandle;
  const file = () => env.store.location;
  const audit = (...args: string[]) => runCli(['audit', 'verify', '--store', file(), ...args]);
  const keyOfStep = (seq: number) => `${signed.workflowId}/${signed.firstExecutionRunId}/decision/${seq}`;

  beforeAll(async () => {
    const { registry } = env.store;
    const as = { by: 'org', at: SINCE };
    await registry.addPerson({ id: 'org', name: 'Li Na' }, as);
    for (const role of ROLES) {
      const person = SCRIPTED_PEOPLE[role];
      await registry.addPerson({ id: person.id, name: person.name }, as);
      await registry.assign({ personId: person.id, role, scope: { town: signedInput.town }, validFrom: SINCE }, as);
      await registry.registerKey(
        { keyId: keyOf(role), publicKey: publicKey(seedOf(role)), owner: { personId: person.id }, validFrom: SINCE },
        as,
      );
    }
    const guidance = SCRIPTED_PEOPLE['guidance-group'];
    await registry.registerKey(
      { keyId: 'k-guidance-spare', publicKey: publicKey(99), owner: { personId: guidance.id }, validFrom: SINCE },
      as,
    );

    signed = await startSignedVillage(env.client, env.taskQueue, signedInput, starter());
    await driveSigned(signed, signedInput, (view) => view.decisions.length >= 4);
    // An unsigned signal is refused and recorded: a refusal row of the chain.
    await signed.signal(decisionSignal, { type: 'CANCEL', by: SCRIPTED_PEOPLE['town-committee'], reason: 'forged' });
    await waitFor(signed, (view) => view.refusals.length === 1);
    await waitFor(signed, async () => (await env.store.refusals(signed.workflowId)).length === 1);

    const unsigned = await startVillage(env.client, env.taskQueue, unsignedInput);
    await driveUntil(unsigned, scriptFor(unsignedInput), (view) => view.decisions.length >= 2);
    await waitFor(unsigned, async () => (await env.store.decisions(unsigned.workflowId)).length === 2);
  });

  it('passes a signed run and an unsigned one, counting the unsigned decisions apart, and exits 0', async () => {
    const { code, out, err } = await audit();
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain(': 2 election(s), 6 decision(s) checked');
    expect(out).toContain('  4 signed: signature, key, signer and record verified');
    expect(out).toContain('  2 unsigned (taken in elections without signed decisions): chain-checked only, not failures');
    expect(out).toContain('  1 refusal(s): chain-checked');
    expect(out).toContain('every row passes');

    const json = await audit('--village', signedInput.village, '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as { ok: boolean; elections: { workflowId: string; signed: number; head: string }[] };
    expect(report).toMatchObject({ ok: true, decisions: 4, signed: 4, unsigned: 0, refusals: 1, failures: [] });
    expect(report.elections).toEqual([
      expect.objectContaining({ workflowId: signed.workflowId, signed: 4, head: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
  });

  it('names exactly the row whose payload, then whose signature, was altered by hand, and the row after one deleted', async () => {
    const db = new Database(file());
    try {
      const row = db.prepare('SELECT payload, envelope FROM decisions WHERE key = ?').get(keyOfStep(2)) as {
        payload: string;
        envelope: string;
      };
      const only = { workflowId: signed.workflowId, key: keyOfStep(2), seq: 2 };

      db.prepare('UPDATE decisions SET payload = ? WHERE key = ?').run(
        row.payload.replace(/\d/, (d) => String((Number(d) + 1) % 10)),
        keyOfStep(2),
      );
      let result = await audit('--village', signedInput.village, '--json');
      expect(result.code).toBe(4);
      expect(JSON.parse(result.out)).toMatchObject({
        ok: false,
        failures: [{ ...only, problems: [expect.stringMatching(/^hash: /), "payload: not the signed envelope's decision"] }],
      });
      db.prepare('UPDATE decisions SET payload = ? WHERE key = ?').run(row.payload, keyOfStep(2));
      expect((await audit('--village', signedInput.village)).code).toBe(0);

      const envelope = JSON.parse(row.envelope) as { signature: string };
      const flipped = `${envelope.signature[0] === 'A' ? 'B' : 'A'}${envelope.signature.slice(1)}`;
      db.prepare('UPDATE decisions SET envelope = ? WHERE key = ?').run(JSON.stringify({ ...envelope, signature: flipped }), keyOfStep(2));
      result = await audit('--village', signedInput.village);
      expect(result.code).toBe(4);
      expect(result.out).toContain('FAILED: 1 row(s)');
      expect(result.out).toContain(keyOfStep(2));
      expect(result.out).toContain('envelope: BAD_SIGNATURE');
      for (const seq of [1, 3, 4]) expect(result.out).not.toContain(keyOfStep(seq));
      db.prepare('UPDATE decisions SET envelope = ? WHERE key = ?').run(row.envelope, keyOfStep(2));

      db.prepare('DELETE FROM decisions WHERE key = ?').run(keyOfStep(2));
      result = await audit('--village', signedInput.village, '--json');
      expect(result.code).toBe(4);
      expect(JSON.parse(result.out)).toMatchObject({
        failures: [
          {
            workflowId: signed.workflowId,
            key: keyOfStep(3),
            seq: 3,
            problems: [expect.stringMatching(/^chain: position \d+ follows \d+: the row at position \d+ is missing \(deleted\)$/)],
          },
        ],
      });
      expect(JSON.parse(result.out).failures).toHaveLength(1);
      // The other village's rows are not this one's business: its audit still passes.
      expect((await audit('--village', unsignedInput.village)).code).toBe(0);
    } finally {
      db.close();
    }
  });

  it('names a decision an election took with a key revoked before it, which the election had not been told of', async () => {
    stale = await startSignedVillage(env.client, env.taskQueue, staleInput, starter());
    // Revoked once the election has read its keyring (it waits for its first decision by then).
    await waitFor(stale, (view) => view.pending.length > 0);
    await env.store.registry.revokeKey('k-guidance-spare', { by: 'org', at: new Date().toISOString() });
    // No keyringChanged signal: the election still trusts the key it read at its start, and takes the decision.
    await driveSigned(
      stale,
      staleInput,
      (view) => view.decisions.length >= 1,
      (role) => (role === 'guidance-group' ? 'k-guidance-spare' : keyOf(role)),
    );
    await waitFor(stale, async () => (await env.store.decisions(stale.workflowId)).length === 1);
    const { code, out } = await audit('--village', staleInput.village, '--json');
    expect(code).toBe(4);
    expect(JSON.parse(out)).toMatchObject({
      failures: [
        {
          workflowId: stale.workflowId,
          seq: 1,
          problems: [expect.stringMatching(/^envelope: KEY_REVOKED: keyId: got "k-guidance-spare", revoked at /)],
        },
      ],
    });
  });

  it('refuses anything but verify, naming what it accepts', async () => {
    const { code, err } = await runCli(['audit', 'check', '--store', file()]);
    expect(code).toBe(2);
    expect(err).toContain('got "check"; expected "verify"');
  });
});

describe('election audit verify on a whole signed election recorded in PostgreSQL', () => {
  const env = useElectionWorker('PostgreSQL');

  it('verifies every decision type a village takes, and names the one row changed by hand', async () => {
    const input = villageInput({ signedDecisions: true });
    await registerOffice(env.store, input);
    const handle = await startSignedVillage(env.client, env.taskQueue, input, starter());
    await driveSigned(handle, input, (view) => view.status !== 'running');
    await handle.result();
    const taken = (await status(handle)).decisions.length;
    await waitFor(handle, async () => (await env.store.decisions(handle.workflowId)).length === taken);
    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = storeUrl(env.store);
    const db = new Client({ connectionString: storeUrl(env.store) });
    await db.connect();
    try {
      const passed = await runCli(['audit', 'verify', '--town', input.town, '--json']);
      expect(passed.code).toBe(0);
      expect(JSON.parse(passed.out)).toMatchObject({ ok: true, decisions: taken, signed: taken, unsigned: 0, failures: [] });
      const types = (await db.query<{ type: string }>('SELECT DISTINCT type FROM decisions')).rows.map((r) => r.type);
      expect(types).toEqual(expect.arrayContaining(['RECORD_ROUND', 'CONFIRM_COUNT', 'APPROVE_SLATE']));

      const key = `${handle.workflowId}/${handle.firstExecutionRunId}/decision/${taken - 1}`;
      await db.query(`UPDATE decisions SET by_id = 'someone-else' WHERE key = $1`, [key]);
      const failed = await runCli(['audit', 'verify', '--town', input.town, '--json']);
      expect(failed.code).toBe(4);
      expect(JSON.parse(failed.out).failures).toEqual([
        expect.objectContaining({
          key,
          seq: taken - 1,
          problems: [expect.stringMatching(/^hash: /), expect.stringMatching(/^by: recorded someone-else /)],
        }),
      ]);
    } finally {
      await db.end();
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
  });
});
