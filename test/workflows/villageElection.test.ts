import { WorkflowUpdateFailedError } from '@temporalio/client';
import { decisionSignal } from '../../workflows/contract';
import {
  captureHistory,
  useElectionWorker,
  decide,
  driveUntil,
  person,
  scriptFor,
  startVillage,
  status,
  villageInput,
  waitFor,
} from '../support/election';

const env = useElectionWorker();

describe('a village election on the real Temporal server', () => {
  it('goes through every stage to completion and records each decision and notice once', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    const final = await driveUntil(handle, scriptFor(input), (v) => v.status !== 'running');
    const result = await handle.result();

    expect(final.stage).toBe('completed');
    expect(result.status).toBe('completed');
    expect(result.elected).toHaveLength(5);
    expect(result.secretary).toBe(result.elected[0]);
    const decisions = await env.store.decisions(handle.workflowId);
    expect(decisions.map((d) => d.seq)).toEqual([...new Set(decisions.map((d) => d.seq))]);
    expect(decisions.map((d) => d.type)).toEqual(
      expect.arrayContaining(['APPROVE_START', 'APPROVE_SLATE', 'CONFIRM_COUNT', 'APPROVE_RESULT']),
    );
    const kinds = (await env.store.notices({ workflowId: handle.workflowId })).map((n) => n.kind);
    for (const kind of ['start-approved', 'mobilisation-posting', 'candidate-publicity', 'conference-notice', 'results-announcement']) {
      expect(kinds.filter((k) => k === kind)).toHaveLength(1);
    }
    expect((await env.store.outcomes()).filter((o) => o.workflow_id === handle.workflowId).map((o) => o.status)).toEqual(['completed']);
    await captureHistory(handle, 'happy-path');
  });

  it('refuses an update from the wrong role with its reason, and carries on', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    await driveUntil(handle, scriptFor(input), (v) => v.stage === 'startApproval');

    const wrong = decide(handle, {
      type: 'APPROVE_START',
      by: person('guidance-group'),
      seats: 5,
      electsDeputy: true,
      method: 'two-recommendations-one-election',
    });
    await expect(wrong).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(wrong).rejects.toMatchObject({ cause: { message: expect.stringContaining('may be made only by town-committee') } });
    expect((await status(handle)).stage).toBe('startApproval');

    const receipt = await decide(handle, {
      type: 'APPROVE_START',
      by: person('town-committee'),
      seats: 5,
      electsDeputy: true,
      method: 'two-recommendations-one-election',
    });
    expect(receipt.stage).toBe('mobilisation');
  });

  it('refuses a decision at the wrong stage, naming the stage and what it accepts', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    const early = decide(handle, { type: 'APPROVE_SLATE', by: person('town-committee'), candidates: ['m01'] });
    await expect(early).rejects.toMatchObject({
      cause: {
        message: expect.stringMatching(
          /APPROVE_SLATE is not possible at stage Investigation .*accepted now: RECORD_INVESTIGATION \(guidance-group\)/,
        ),
      },
    });
    expect((await status(handle)).decisions).toHaveLength(0);
  });

  it('records an invalid signal as refused with its reason and ignores it', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    await handle.signal(decisionSignal, { type: 'APPROVE_RESULT', by: person('town-committee') });
    await handle.signal(decisionSignal, {
      type: 'RECORD_INVESTIGATION',
      by: person('guidance-group'),
      category: 'great',
      stable: true,
      representatives: 3,
    });
    const view = await waitFor(handle, (v) => v.refusals.length === 2);
    expect(view.refusals.map((r) => r.code)).toEqual(['WRONG_STAGE', 'INVALID_PAYLOAD']);
    expect(view.refusals[1]!.reason).toMatch(/category: got "great"/);
    expect(view.stage).toBe('investigation');
    // The view has a refusal as soon as it is made; its activity writes it to the store a moment later.
    await waitFor(handle, async () => (await env.store.refusals(handle.workflowId)).length >= 2);
    expect(await env.store.refusals(handle.workflowId)).toHaveLength(2);

    await handle.signal(decisionSignal, {
      type: 'RECORD_INVESTIGATION',
      by: person('guidance-group'),
      category: 'good',
      stable: true,
      representatives: 3,
    });
    const moved = await waitFor(handle, (v) => v.stage === 'startRequest');
    expect(moved.decisions.map((d) => d.type)).toEqual(['RECORD_INVESTIGATION']);
    await handle.terminate('history captured');
    await captureHistory(handle, 'refused-signals');
  });

  it("refuses a ballot round whose numbers do not add up with the rule's sentence, leaving the village unchanged", async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    const before = await driveUntil(handle, scriptFor(input), (v) => v.step === 'awaitingRound');
    const votes = Object.fromEntries(before.ballot!.candidates.map((id) => [id, 20]));
    // The script records 33 of Qilipu's 36 voting members present.
    const refused = decide(handle, {
      type: 'RECORD_ROUND',
      by: person('guidance-group'),
      votersPresent: 33,
      ballotsIssued: 33,
      ballotsReturned: 33,
      validBallots: 31,
      invalidBallots: 1,
      votes,
    });
    await expect(refused).rejects.toMatchObject({
      cause: { message: expect.stringContaining('valid 31 + invalid 1 = 32, not the 33 ballots returned') },
    });
    const after = await status(handle);
    expect(after.step).toBe('awaitingRound');
    expect(after.decisions).toEqual(before.decisions);
    expect(after.ballot).toEqual(before.ballot);
  });

  it("refuses a decision from a person who is not on the village's approver list for that role", async () => {
    const input = villageInput({ approvers: { 'town-committee': [{ id: 'zhang.wei', name: 'Zhang Wei' }] } });
    const handle = await startVillage(env.client, env.taskQueue, input);
    await driveUntil(handle, scriptFor(input), (v) => v.stage === 'startApproval');
    const approve = { type: 'APPROVE_START', seats: 5, electsDeputy: true, method: 'two-recommendations-one-election' } as const;
    await expect(decide(handle, { ...approve, by: person('town-committee') })).rejects.toMatchObject({
      cause: { message: expect.stringContaining('by.id: got "script-town"; for') },
    });
    expect((await env.store.decisions(handle.workflowId)).map((d) => d.type)).not.toContain('APPROVE_START');
    const receipt = await decide(handle, { ...approve, by: { id: 'zhang.wei', name: 'Zhang Wei', role: 'town-committee' } });
    expect(receipt.stage).toBe('mobilisation');
  });

  it('refuses a signal whose sender is malformed and goes on deciding', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    await handle.signal(decisionSignal, { type: 'CANCEL', by: { id: true, role: 'town-committee' } });
    const view = await waitFor(handle, (v) => v.refusals.length === 1);
    expect(view.refusals[0]!.code).toBe('INVALID_PAYLOAD');
    expect(view.refusals[0]!.by).toBeUndefined();
    const receipt = await decide(handle, {
      type: 'RECORD_INVESTIGATION',
      by: person('guidance-group'),
      category: 'good',
      stable: true,
      representatives: 3,
    });
    expect(receipt.stage).toBe('startRequest');
  });

  it('answers every update sent together with the one that closes the election', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    const cancel = { type: 'CANCEL', by: person('town-committee'), reason: 'merged into an urban community' };
    const results = await Promise.allSettled([decide(handle, cancel), decide(handle, cancel)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    await expect(handle.result()).resolves.toMatchObject({ status: 'cancelled' });
  });
});
