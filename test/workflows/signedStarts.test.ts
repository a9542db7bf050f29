import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { keyFileSchema, signDecision, type Signer } from '../../client/signing';
import type { ElectionInputRaw } from '../../machines/input';
import { nextScriptedDecision, SCRIPTED_PEOPLE } from '../../client/demo/townOffice';
import { publicKeyOf, signMessage, startSigningBytes, toBase64url } from '../../machines/envelope';
import { electionWorkflowId, keyringChangedSignal } from '../../workflows/contract';
import type { CarriedElection } from '../../workflows/villageElection';
import { decide, scriptFor, status, useElectionWorker, villageInput, waitFor } from '../support/election';
import { signedInput, startSignedVillage } from '../support/signedStart';
import { openPayloads } from '../support/temporal';

const HOUR = 3_600_000;
const SINCE = '2026-01-05T08:00:00.000Z';
const TOWN = SCRIPTED_PEOPLE['town-committee'];
const GUIDANCE = SCRIPTED_PEOPLE['guidance-group'];
const seed = (n: number) => new Uint8Array(32).fill(n);
const keyFile = (keyId: string, personId: string, n: number): Signer => ({
  keyFile: keyFileSchema.parse({ v: 1, keyId, personId, secretKey: toBase64url(seed(n)), publicKey: toBase64url(publicKeyOf(seed(n))) }),
});
/** The town committee member's key, and the guidance group member's: both registered, only the first may start. */
const TOWN_KEY = keyFile('k-town', TOWN.id, 11);
const GUIDANCE_KEY = keyFile('k-guidance', GUIDANCE.id, 12);
/** A key nobody registered, with the town committee member's name on it. */
const STRANGER_KEY = keyFile('k-town', TOWN.id, 13);

/** A start signed by the guidance group member's own key in the role they hold (signStart signs only as the town committee). */
function signedAsRole(input: ElectionInputRaw, role: 'guidance-group'): ElectionInputRaw {
  const { startSignature, ...bare } = signedInput(input, GUIDANCE_KEY);
  const { signature: _signature, ...body } = startSignature;
  const claimed = { ...body, actor: { personId: GUIDANCE.id, role } };
  const signature = toBase64url(signMessage(startSigningBytes({ ...bare, startSignature: claimed }), seed(12)));
  return { ...bare, startSignature: { ...claimed, signature } };
}

/** The kinds of event a history holds (the name of each event's attributes). */
async function eventKinds(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events.map((event) => Object.keys(event).find((key) => key.endsWith('EventAttributes') && event[key as keyof typeof event])!);
}

describe('the start of an election with signed decisions', () => {
  const env = useElectionWorker();
  const town = villageInput().town;

  beforeAll(async () => {
    const { registry } = env.store;
    const as = { by: 'org', at: SINCE };
    await registry.addPerson({ id: 'org', name: 'Li Na' }, as);
    await registry.addPerson({ id: TOWN.id, name: 'Wang Li' }, as);
    await registry.addPerson({ id: GUIDANCE.id, name: 'Chen Jing' }, as);
    await registry.assign({ personId: TOWN.id, role: 'town-committee', scope: { town }, validFrom: SINCE }, as);
    await registry.assign({ personId: GUIDANCE.id, role: 'guidance-group', scope: { town }, validFrom: SINCE }, as);
    await registry.registerKey(
      { keyId: 'k-town', publicKey: toBase64url(publicKeyOf(seed(11))), owner: { personId: TOWN.id }, validFrom: SINCE },
      as,
    );
    await registry.registerKey(
      { keyId: 'k-guidance', publicKey: toBase64url(publicKeyOf(seed(12))), owner: { personId: GUIDANCE.id }, validFrom: SINCE },
      as,
    );
  });

  /** Nothing of the village in the store: no term, decision, refusal, notice or outcome. */
  async function storeRows(workflowId: string) {
    const { store } = env;
    return {
      terms: await store.terms({ workflowId }),
      decisions: await store.decisions(workflowId),
      refusals: await store.refusals(workflowId),
      notices: await store.notices({ workflowId }),
      outcomes: (await store.outcomes()).filter((o) => o.workflow_id === workflowId),
    };
  }
  const NOTHING = { terms: [], decisions: [], refusals: [], notices: [], outcomes: [] };

  /** The run failed with `code` in its first task: the keyring read (one local activity), nothing else, and no store rows. */
  async function refusedAtOnce(handle: WorkflowHandle, code: string, localActivities = 1): Promise<void> {
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    await expect(handle.result()).rejects.toMatchObject({ cause: { type: code } });
    const kinds = await eventKinds(handle);
    expect(kinds.filter((kind) => kind === 'workflowTaskCompletedEventAttributes')).toHaveLength(1);
    expect(new Set(kinds)).toEqual(
      new Set([
        'workflowExecutionStartedEventAttributes',
        'workflowTaskScheduledEventAttributes',
        'workflowTaskStartedEventAttributes',
        'workflowTaskCompletedEventAttributes',
        // Patch markers and the SDK's record of them in a search attribute; the keyring read is a marker too.
        ...(localActivities > 0 ? ['markerRecordedEventAttributes', 'upsertWorkflowSearchAttributesEventAttributes'] : []),
        'workflowExecutionFailedEventAttributes',
      ]),
    );
    const events = (await handle.fetchHistory()).events ?? [];
    const read = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(read).toHaveLength(localActivities);
    expect(await storeRows(handle.workflowId)).toEqual(NOTHING);
  }

  it('runs when signed by a town committee member, whose election then records as usual', async () => {
    const input = villageInput({ signedDecisions: true });
    const handle = await startSignedVillage(env.client, env.taskQueue, input, TOWN_KEY);
    const view = await waitFor(handle, (v) => v.pending.length > 0);
    expect(view.status).toBe('running');
    // The same checks that find nothing after a refused start find the accepted one's first decision.
    const { by, at: _at, ...decision } = nextScriptedDecision(view, scriptFor(input))!;
    const actor = { personId: GUIDANCE.id, role: by.role };
    await decide(handle, signDecision({ workflowId: handle.workflowId, decision, actor, signer: GUIDANCE_KEY }));
    expect((await storeRows(handle.workflowId)).decisions).toHaveLength(1);
    await handle.terminate('test finished');
  });

  it('fails at once, recording nothing, when the roster was changed after signing', async () => {
    const input = villageInput({ signedDecisions: true });
    const signed = signedInput(input, TOWN_KEY);
    const [first, ...others] = signed.roster;
    const forged = { ...signed, roster: [...others, { ...first!, name: `${first!.name} (forged)` }] };
    const handle = await startSignedVillage(env.client, env.taskQueue, input, TOWN_KEY, [forged]);
    await refusedAtOnce(handle, 'BAD_SIGNATURE');
  });

  it('fails at once when the start is not signed, or signed with a key the registry does not hold', async () => {
    const unsigned = villageInput({ signedDecisions: true });
    const { startSignature: _signature, ...bare } = signedInput(unsigned, TOWN_KEY);
    const handle = await startSignedVillage(env.client, env.taskQueue, unsigned, TOWN_KEY, [bare]);
    await refusedAtOnce(handle, 'UNSIGNED');
    const stranger = villageInput({ signedDecisions: true });
    await refusedAtOnce(await startSignedVillage(env.client, env.taskQueue, stranger, STRANGER_KEY), 'BAD_SIGNATURE');
  });

  it('fails at once when signed by someone not entitled to start: a guidance group member, in their role or in the town committee’s', async () => {
    const input = villageInput({ signedDecisions: true });
    await refusedAtOnce(await startSignedVillage(env.client, env.taskQueue, input, GUIDANCE_KEY), 'KEY_NOT_ALLOWED');
    const asGuidance = villageInput({ signedDecisions: true });
    // Signed honestly in the role its person holds: a valid signature, but not by the role that starts elections.
    const ownRole = signedAsRole(asGuidance, 'guidance-group');
    await refusedAtOnce(await startSignedVillage(env.client, env.taskQueue, asGuidance, GUIDANCE_KEY, [ownRole]), 'NOT_ENTITLED_TO_START');
  });

  it('fails at once when the signed start has expired, or was signed for another workflow', async () => {
    const expired = villageInput({ signedDecisions: true });
    const old = signedInput(expired, TOWN_KEY, { now: Date.now() - 2 * HOUR });
    await refusedAtOnce(await startSignedVillage(env.client, env.taskQueue, expired, TOWN_KEY, [old]), 'EXPIRED');
    const elsewhere = villageInput({ signedDecisions: true });
    const otherId = electionWorkflowId(elsewhere.term, elsewhere.town, 'Dongzhuang');
    const forOther = signedInput(elsewhere, TOWN_KEY, { workflowId: otherId });
    await refusedAtOnce(await startSignedVillage(env.client, env.taskQueue, elsewhere, TOWN_KEY, [forOther]), 'WRONG_WORKFLOW');
  });

  it('fails at once, reading nothing, when a fresh start forges the continue-as-new argument', async () => {
    const input = villageInput({ signedDecisions: true });
    const carried: CarriedElection = {
      snapshot: { value: { completion: 'completed' }, context: {} },
      seq: 99,
      decisions: [],
      refusals: [],
      timers: [],
      signing: { keyring: { town: input.town, village: input.village, resolvedAt: SINCE, people: [], keys: [] }, decisionIdsUsed: [] },
    };
    const handle = await startSignedVillage(env.client, env.taskQueue, input, TOWN_KEY, [signedInput(input, TOWN_KEY), carried]);
    await refusedAtOnce(handle, 'CARRIED_STATE_REFUSED', 0);
  });

  it('keeps its signed start in the input of the run it continues as, which runs on', async () => {
    const input = villageInput({ signedDecisions: true, historyLimit: 20 });
    const signed = signedInput(input, TOWN_KEY);
    const handle = await startSignedVillage(env.client, env.taskQueue, input, TOWN_KEY, [signed]);
    await waitFor(handle, (v) => v.pending.length > 0);
    const current = env.client.workflow.getHandle(handle.workflowId);
    // Each keyring read adds a few events: the history soon passes its limit of 20, and the run continues as new.
    await waitFor(
      current,
      async () => {
        if ((await current.describe()).runId !== handle.firstExecutionRunId) return true;
        await current.signal(keyringChangedSignal);
        return false;
      },
      30_000,
    );
    const events = (await current.fetchHistory()).events ?? [];
    const payload = events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const [continued] = (await openPayloads([payload])) as [typeof signed];
    expect(continued.startSignature).toEqual(signed.startSignature);
    expect((await status(current)).status).toBe('running');
    await current.terminate('test finished');
  });
});
