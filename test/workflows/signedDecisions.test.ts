import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { execFile } from 'node:child_process';
import { resolveTemporalCli } from '../../client/tools';
import { keyFileSchema, signDecision } from '../../client/signing';
import { nextScriptedDecision, SCRIPTED_PEOPLE } from '../../client/demo/townOffice';
import { publicKeyOf, toBase64url } from '../../machines/envelope';
import type { DecisionEvent } from '../../machines/events';
import type { Role } from '../../machines/roles';
import { decisionSignal, electionWorkflowId, keyringChangedSignal } from '../../workflows/contract';
import { captureHistory, decide, scriptFor, status, useElectionWorker, villageInput, waitFor } from '../support/election';
import { startSignedVillage } from '../support/signedStart';
import { testAddress } from '../support/temporal';

const HOUR = 3_600_000;
const secret = (n: number) => toBase64url(new Uint8Array(32).fill(n));
const publicKey = (n: number) => toBase64url(publicKeyOf(new Uint8Array(32).fill(n)));
const SINCE = '2026-01-05T08:00:00.000Z';
const TOWN = SCRIPTED_PEOPLE['town-committee'];
const GUIDANCE = SCRIPTED_PEOPLE['guidance-group'];
/** The first decision of a village (the guidance group's investigation) is signed by the guidance group's person. */
const ACTOR = { personId: GUIDANCE.id, role: 'guidance-group' } as const;
/** The town committee member's key file: the starts of elections with signed decisions are signed too. */
const STARTER = {
  keyFile: keyFileSchema.parse({ v: 1, keyId: 'k-town', personId: TOWN.id, secretKey: secret(1), publicKey: publicKey(1) }),
};

describe('an election started with signedDecisions', () => {
  const env = useElectionWorker();
  const input = villageInput({ signedDecisions: true });
  /** A second village of the town whose election continues as new after a few events. */
  const later = villageInput({ signedDecisions: true, historyLimit: 20 });
  const scope = { town: input.town, village: input.village };
  const as = { by: 'org', at: SINCE };
  let handle: WorkflowHandle;
  let first: Omit<DecisionEvent, 'by' | 'at'>;
  let role: Role;

  beforeAll(async () => {
    const { registry } = env.store;
    await registry.addPerson({ id: 'org', name: 'Li Na' }, as);
    await registry.addPerson({ id: TOWN.id, name: 'Wang Li' }, as);
    await registry.addPerson({ id: GUIDANCE.id, name: 'Chen Jing' }, as);
    await registry.assign({ personId: TOWN.id, role: 'town-committee', scope, validFrom: SINCE }, as);
    await registry.assign(
      { personId: TOWN.id, role: 'town-committee', scope: { town: input.town, village: later.village }, validFrom: SINCE },
      as,
    );
    await registry.assign({ personId: GUIDANCE.id, role: 'guidance-group', scope, validFrom: SINCE }, as);
    await registry.assign(
      { personId: GUIDANCE.id, role: 'guidance-group', scope: { town: input.town, village: later.village }, validFrom: SINCE },
      as,
    );
    await registry.registerKey({ keyId: 'k-town', publicKey: publicKey(1), owner: { personId: TOWN.id }, validFrom: SINCE }, as);
    await registry.registerKey(
      { keyId: 'k-guidance-old', publicKey: publicKey(2), owner: { personId: GUIDANCE.id }, validFrom: SINCE },
      as,
    );
    await registry.registerKey({ keyId: 'k-guidance', publicKey: publicKey(3), owner: { personId: GUIDANCE.id }, validFrom: SINCE }, as);
    await registry.registerKey({ keyId: 'k-desk', publicKey: publicKey(4), owner: { desk: 'approvers-desk' }, validFrom: SINCE }, as);
    handle = await startSignedVillage(env.client, env.taskQueue, input, STARTER);
    const view = await waitFor(handle, (v) => v.pending.length > 0);
    const { by, at: _at, ...decision } = nextScriptedDecision(view, scriptFor(input))!;
    first = decision;
    role = by.role;
  });

  const sign = (keyId: string, seed: number, actor: { personId: string; role: Role }, extra: { now?: number; workflowId?: string } = {}) =>
    signDecision({ workflowId: handle.workflowId, decision: first, actor, signer: { keyId, secretKey: secret(seed) }, ...extra });
  const refusedUpdate = async (decision: unknown, code: string) => {
    const update = decide(handle, decision as Record<string, unknown>);
    await expect(update).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(update).rejects.toMatchObject({ cause: { type: code } });
  };
  const refusedSignal = async (decision: unknown, code: string) => {
    const before = (await status(handle)).refusals.length;
    await handle.signal(decisionSignal, decision);
    const view = await waitFor(handle, (v) => v.refusals.length > before);
    expect(view.refusals.at(-1)).toMatchObject({ code, via: 'signal' });
    expect(view.refusals.at(-1)!.by).toBeUndefined();
  };

  it('refuses unsigned decisions, forged actors and keys not allowed the role, applying nothing', async () => {
    expect(role).toBe('guidance-group');
    const unsigned = { ...first, by: GUIDANCE };
    await refusedSignal(unsigned, 'UNSIGNED');
    await refusedUpdate(unsigned, 'UNSIGNED');
    // The desk vouches for the person, so a role they do not hold is their assignment's fault.
    // A forged role: the desk vouches for the town committee's person, who does not hold the guidance group's role.
    await refusedUpdate(sign('k-desk', 4, { personId: TOWN.id, role: 'guidance-group' }), 'ACTOR_NOT_ASSIGNED');
    await refusedUpdate(sign('k-town', 1, ACTOR), 'KEY_NOT_ALLOWED');
    await refusedUpdate(sign('k-town', 1, { personId: TOWN.id, role: 'guidance-group' }), 'KEY_NOT_ALLOWED');
    await refusedSignal(sign('k-town', 1, { personId: TOWN.id, role: 'guidance-group' }), 'KEY_NOT_ALLOWED');
    const signed = sign('k-guidance', 3, ACTOR);
    const decision = signed.decision as { representatives: number };
    await refusedUpdate({ ...signed, decision: { ...decision, representatives: decision.representatives + 1 } }, 'BAD_SIGNATURE');
    await refusedUpdate(sign('k-guidance', 3, ACTOR, { now: Date.now() - 2 * HOUR }), 'EXPIRED');
    const otherVillage = electionWorkflowId(input.term, input.town, 'Dongzhuang');
    await refusedUpdate(sign('k-guidance', 3, ACTOR, { workflowId: otherVillage }), 'WRONG_WORKFLOW');
    const view = await status(handle);
    expect(view.decisions).toHaveLength(0);
    // The signals' refusals are in the view and the store; the updates', stopped by the validator before history, are
    // written to the store by the worker (the audit sink).
    expect(view.refusals.map((r) => r.via)).toEqual(['signal', 'signal']);
    const refusedBeforeHistory = async () =>
      (await env.store.refusals(handle.workflowId)).filter((r) => r.key.includes('/update-refused/'));
    await waitFor(handle, async () => (await refusedBeforeHistory()).length === 7);
    const rows = await refusedBeforeHistory();
    expect(rows.map((r) => r.code)).toEqual(
      expect.arrayContaining(['UNSIGNED', 'ACTOR_NOT_ASSIGNED', 'KEY_NOT_ALLOWED', 'BAD_SIGNATURE', 'EXPIRED', 'WRONG_WORKFLOW']),
    );
    for (const row of rows) expect(row).toMatchObject({ via: 'update', reason: expect.stringMatching(/.{10}/) });
    expect(await env.store.refusals(handle.workflowId)).toHaveLength(9);
  });

  it('refuses an unsigned decision sent with the temporal CLI, as a signal and as an update, applying nothing', async () => {
    // Asynchronously: the worker that answers runs in this process.
    const temporal = (...args: string[]) =>
      new Promise<{ status: number; stderr: string }>((resolve) => {
        const argv = ['workflow', ...args, '--address', testAddress(), '--workflow-id', handle.workflowId];
        execFile(resolveTemporalCli(), argv, { encoding: 'utf8' }, (err, _stdout, stderr) => resolve({ status: err ? 1 : 0, stderr }));
      });
    const unsigned = JSON.stringify({ ...first, by: GUIDANCE });
    const before = (await status(handle)).refusals.length;
    expect((await temporal('signal', '--name', 'decision', '--input', unsigned)).status).toBe(0);
    const view = await waitFor(handle, (v) => v.refusals.length > before);
    expect(view.refusals.at(-1)).toMatchObject({ code: 'UNSIGNED', via: 'signal' });

    const update = await temporal('update', 'execute', '--name', 'decide', '--input', unsigned);
    expect(update.status).not.toBe(0);
    // The temporal CLI holds no codec keys: it learns the refusal's code, while its message stays sealed.
    expect(update.stderr).toContain('UNSIGNED');
    expect(update.stderr).toContain('Encoded failure');
    expect((await status(handle)).decisions).toHaveLength(0);
    const sinkRows = async () => (await env.store.refusals(handle.workflowId)).filter((r) => r.key.includes('/update-refused/'));
    await waitFor(handle, async () => (await sinkRows()).length === 8);
  });

  it('accepts a properly signed decision with `by` from the keyring, and refuses the same envelope again', async () => {
    const signed = sign('k-guidance', 3, ACTOR);
    const receipt = await decide(handle, signed);
    expect(receipt.seq).toBe(1);
    const view = await status(handle);
    expect(view.decisions).toEqual([
      expect.objectContaining({ seq: 1, type: first.type, by: { id: GUIDANCE.id, name: 'Chen Jing', role } }),
    ]);
    await refusedUpdate(signed, 'DECISION_ID_USED');
    await refusedSignal(signed, 'DECISION_ID_USED');
    expect((await status(handle)).decisions).toHaveLength(1);
  });

  it('refuses a key revoked in the registry once the election is told the keyring changed', async () => {
    await env.store.registry.revokeKey('k-guidance-old', { by: 'org', at: new Date(Date.now() - 1000).toISOString() });
    await handle.signal(keyringChangedSignal, { keys: 'ignored: the workflow reads the registry itself' });
    await refusedSignal(sign('k-guidance-old', 2, ACTOR), 'KEY_REVOKED');
    expect((await status(handle)).decisions).toHaveLength(1);
    // Captured under a name of its own: signed-decisions.v2.json keeps an election from before starts were signed.
    await captureHistory(handle, 'signed-starts');
  });

  it('carries its keyring and the decision ids it took over continue-as-new, and refuses an envelope of another village', async () => {
    const next = await startSignedVillage(env.client, env.taskQueue, later, STARTER);
    await waitFor(next, (v) => v.pending.length > 0);
    const signed = signDecision({
      workflowId: next.workflowId,
      decision: first,
      actor: ACTOR,
      signer: { keyId: 'k-guidance', secretKey: secret(3) },
    });
    await refusedUpdate(signed, 'WRONG_WORKFLOW');
    expect((await decide(next, signed)).seq).toBe(1);
    const current = env.client.workflow.getHandle(next.workflowId);
    await waitFor(current, async () => (await current.describe()).runId !== next.firstExecutionRunId);
    await expect(decide(next, signed)).rejects.toMatchObject({ cause: { type: 'DECISION_ID_USED' } });
    // The continued run verifies against the keyring it carried: it reads none of its own.
    const { runId } = await current.describe();
    const events = (await env.client.workflow.getHandle(next.workflowId, runId).fetchHistory()).events ?? [];
    const localActivities = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(localActivities).toHaveLength(0);
    expect((await status(next)).decisions).toHaveLength(1);
  });
});
