import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { OutcomeStore } from '../../activities/store';
import type { OfficeSigners } from '../../client/demo/officeSigners';
import { nextScriptedDecision, SCRIPTED_PEOPLE } from '../../client/demo/townOffice';
import { freePort, startDevServer, type DevServer } from '../../client/devServer';
import type { ElectionInputRaw } from '../../machines/input';
import type { PublicView } from '../../machines/view';
import { electionWorkflowId, statusQuery, TASK_QUEUE } from '../../workflows/contract';
import { runCli } from '../support/cliInProcess';
import { scriptFor, tempStore, villageInput } from '../support/election';
import { testSigners } from '../support/signers';
import { uniqueId, workflowBundle, testDataConverter } from '../support/temporal';

/**
 * A village driven from the CLI alone: `election start --signed-decisions --key` from a roster file, then `election decide --key` for every
 * decision. `election start` starts on the production task queue, so this file runs its own dev server and worker.
 */
describe('election decide --key on a village started with signed decisions', () => {
  let dir: string;
  let server: DevServer;
  let connection: Connection;
  let client: Client;
  let workerConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let store: OutcomeStore;
  let signers: OfficeSigners;

  const cli = (...args: string[]) => runCli([...args, '--address', server.address]);
  const keyOf = (personId: string) => join(dir, 'keys', `${personId}.key`);
  const status = (workflowId: string): Promise<PublicView> => client.workflow.getHandle(workflowId).query(statusQuery);

  /** Starts one village with `election start` from a town roster file, signed or not. */
  async function startFromCli(signed: boolean): Promise<{ workflowId: string; input: ElectionInputRaw }> {
    const input = villageInput({ village: uniqueId('cli') });
    const file = join(dir, `${input.village}.json`);
    const village = { village: input.village, roster: input.roster };
    writeFileSync(file, JSON.stringify({ town: input.town, term: input.term, plan: input.plan, villages: [village] }));
    // The town committee's person signs the start of an election with signed decisions.
    const signing = signed ? ['--signed-decisions', '--key', keyOf(SCRIPTED_PEOPLE['town-committee'].id)] : [];
    const started = await cli('start', '--roster', file, ...signing, '--json');
    expect({ code: started.code, err: started.err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(started.out)).toMatchObject({ started: 1 });
    return { workflowId: electionWorkflowId(input.term, input.town, input.village), input };
  }

  /** The next scripted decision as `election decide` options, with the key file of the person who makes it. */
  async function nextDecision(
    workflowId: string,
    input: ElectionInputRaw,
  ): Promise<{ view: PublicView; args?: string[]; personId?: string }> {
    const view = await status(workflowId);
    const decision = view.status === 'running' ? nextScriptedDecision(view, scriptFor(input)) : null;
    if (!decision) return { view };
    const { type, by, ...payload } = decision;
    const args = ['decide', '--workflow-id', workflowId, '--type', type, '--by-role', by.role, '--payload', JSON.stringify(payload)];
    return { view, args, personId: by.id };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'decide-signed-'));
    const [port, uiPort] = [await freePort(), await freePort()];
    server = await startDevServer({ port, uiPort, headless: true, dbFile: join(dir, 'temporal.sqlite') });
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection, namespace: server.namespace, dataConverter: testDataConverter() });
    store = await tempStore();
    signers = await testSigners(store, { keyDir: join(dir, 'keys') });
    workerConnection = await NativeConnection.connect({ address: server.address });
    worker = await Worker.create({
      dataConverter: testDataConverter(),
      connection: workerConnection,
      taskQueue: TASK_QUEUE,
      workflowBundle: workflowBundle(),
      activities: createActivities(store),
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    const steps: Array<() => unknown> = [
      async () => {
        if (worker?.getState() === 'RUNNING') worker.shutdown();
        await running;
      },
      () => workerConnection?.close(),
      () => connection?.close(),
      () => server?.stop(),
      () => store?.close(),
      () => dir && rmSync(dir, { recursive: true, force: true }),
    ];
    for (const step of steps)
      await Promise.resolve()
        .then(step)
        .catch(() => undefined);
  });

  it('completes a whole village, each decision signed from its maker’s key file and taken as the keyring names them', async () => {
    const { workflowId, input } = await startFromCli(true);
    let next = await nextDecision(workflowId, input);
    for (
      const deadline = Date.now() + 150_000;
      next.view.status === 'running' && Date.now() < deadline;
      next = await nextDecision(workflowId, input)
    ) {
      if (!next.args) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const sent = await cli(...next.args, '--key', keyOf(next.personId!), '--json');
      // The worker runs in this process: its log lines share stderr with the CLI's.
      expect({ code: sent.code, err: sent.err }).toMatchObject({ code: 0 });
      expect(JSON.parse(sent.out)).toMatchObject({ accepted: true, signed: { keyId: signers.keyFileOf(next.personId!)!.keyId } });
    }
    expect(next.view.status).toBe('completed');
    expect(next.view.refusals).toEqual([]);
    const guidance = SCRIPTED_PEOPLE['guidance-group'];
    expect(next.view.decisions[0]!.by).toEqual({ id: guidance.id, name: guidance.name, role: 'guidance-group' });
    expect(next.view.decisions.find((d) => d.type === 'CONFIRM_COUNT')!.by.name).toMatch(/^Scripted scrutineer \(roster member m\d\d\)$/);
  }, 200_000);

  it('refuses, before sending, a decision without --key to a signed election and one whose --by-id is not the key’s person', async () => {
    const { workflowId, input } = await startFromCli(true);
    const next = await nextDecision(workflowId, input);
    const unsigned = await cli(...next.args!, '--by-id', next.personId!);
    expect(unsigned.code).toBe(2);
    expect(unsigned.err).toContain(
      `--key: got nothing; ${workflowId} takes only signed decisions (it was started with "signedDecisions": true); expected --key FILE, the key file of a person assigned to its village as guidance-group`,
    );
    const someoneElse = await cli(...next.args!, '--key', keyOf(next.personId!), '--by-id', 'script-town');
    expect(someoneElse.code).toBe(2);
    expect(someoneElse.err).toContain(`--by-id: got "script-town"; expected "${next.personId}", the person whose key --key is`);
    expect((await status(workflowId)).decisions).toEqual([]);
    expect((await status(workflowId)).refusals).toEqual([]);
  });

  it('sends unsigned decisions to an election started without signed decisions, and refuses --key for it', async () => {
    const { workflowId, input } = await startFromCli(false);
    const next = await nextDecision(workflowId, input);
    const signed = await cli(...next.args!, '--key', keyOf(next.personId!));
    expect(signed.code).toBe(2);
    expect(signed.err).toContain(`takes unsigned decisions only (it was started without "signedDecisions"); expected no --key`);
    const unsigned = await cli(...next.args!, '--by-id', next.personId!);
    expect({ code: unsigned.code, err: unsigned.err }).toEqual({ code: 0, err: '' });
    expect((await status(workflowId)).decisions).toHaveLength(1);
  });

  it('tells the running elections of a revoked key, so that the election refuses that key’s next decision as KEY_REVOKED', async () => {
    const { workflowId, input } = await startFromCli(true);
    const next = await nextDecision(workflowId, input);
    // The revocation finds the running elections by their search attributes: wait until this one is listed.
    for (let listed = 0; listed === 0; await new Promise((resolve) => setTimeout(resolve, 200))) {
      for await (const _ of client.workflow.list({ query: `WorkflowId = "${workflowId}" AND Town = "Heluo"` })) listed += 1;
    }
    const keyId = signers.keyFileOf(next.personId!)!.keyId;
    const revoked = await cli('keys', 'revoke', '--key', keyId, '--by', 'script-county', '--store', store.location);
    expect({ code: revoked.code, err: revoked.err }).toEqual({ code: 0, err: '' });
    const told = /(\d+) running elections? told to read (its|their) keyring again \(signal keyringChanged\)/.exec(revoked.out);
    expect(told).not.toBeNull();
    expect(Number(told![1])).toBeGreaterThanOrEqual(1);

    const refused = await cli(...next.args!, '--key', keyOf(next.personId!));
    expect(refused.code).toBe(3);
    expect(refused.err).toContain(`refused by the workflow ${workflowId} [KEY_REVOKED]: keyId: got "${keyId}", revoked at`);
    expect((await status(workflowId)).decisions).toEqual([]);
  });

  it('keeps a revocation when Temporal cannot be reached, and says how to tell the running elections by hand', async () => {
    const [assignment] = (await store.registry.assignments({ town: 'Heluo' })).filter((a) => a.personId === 'script-inspection');
    const revoked = await runCli([
      'people',
      'revoke',
      '--assignment',
      String(assignment!.id),
      '--by',
      'script-county',
      '--store',
      store.location,
      '--address',
      '127.0.0.1:1',
    ]);
    expect(revoked.code).toBe(1);
    expect(revoked.out).toContain(`assignment ${assignment!.id} revoked from`);
    expect(revoked.err).toContain('the running elections it concerns were NOT told: cannot reach Temporal at 127.0.0.1:1');
    expect(revoked.err).toContain(
      `temporal workflow signal --address 127.0.0.1:1 --namespace default --name keyringChanged --query 'WorkflowType = "villageElection" AND ExecutionStatus = "Running" AND (Town = "Heluo")' --yes`,
    );
    const [after] = (await store.registry.assignments({ town: 'Heluo' })).filter((a) => a.id === assignment!.id);
    expect(after!.revokedAt).toEqual(expect.any(String));
  });

  it('prepares the office again over the same store and key folder, replacing only the revoked key and assignment', async () => {
    // Runs after the revocations above: the key's file is set aside under its key id and a new key registered, and
    // the revoked assignment is made anew, so that the demo's office can act again.
    const revoked = (await store.registry.keys()).filter((k) => k.revokedAt !== undefined).map((k) => k.keyId);
    expect(revoked).toHaveLength(1);
    const again = await testSigners(store, { keyDir: join(dir, 'keys') });
    expect(again.made).toEqual({ people: 0, assignments: 1, keys: 1 });
    const guidance = SCRIPTED_PEOPLE['guidance-group'].id;
    expect(again.keyFileOf(guidance)!.keyId).not.toBe(revoked[0]);
    expect(again.keyFileOf('script-town')).toEqual(signers.keyFileOf('script-town'));
    expect(existsSync(join(dir, 'keys', `${guidance}.${revoked[0]}.revoked.key`))).toBe(true);
    expect((await testSigners(store, { keyDir: join(dir, 'keys') })).made).toEqual({ people: 0, assignments: 0, keys: 0 });
  });
});
