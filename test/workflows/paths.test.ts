import type { DecisionEvent } from '../../machines/events';
import type { PublicView } from '../../machines/view';
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

const finished = (v: PublicView) => v.status !== 'running';
const noticeKinds = async (workflowId: string) => (await env.store.notices({ workflowId })).map((n) => n.kind);
const count = (list: string[], item: string) => list.filter((x) => x === item).length;

/**
 * A committee round in which only the first `winners` candidates get more than half of the 36 voting members due
 * to attend, at a conference of the 33 the script records present.
 */
function roundWith(view: PublicView, winners: number, extra: Partial<Record<string, number>> = {}): DecisionEvent {
  const present = 33;
  const votes = Object.fromEntries(view.ballot!.candidates.map((id, i) => [id, i < winners ? present - i : 10]));
  return {
    type: 'RECORD_ROUND',
    by: person('guidance-group'),
    votersPresent: present,
    ballotsIssued: present,
    ballotsReturned: present,
    validBallots: present,
    invalidBallots: 0,
    votes,
    ...extra,
  };
}

describe('side paths of a village election on the real Temporal server', () => {
  it('postpones an unstable village, reminds and escalates, then resumes at the start request and completes', async () => {
    const input = villageInput({}, 300);
    const plan = { durationOverridesMs: { publicity: 300, conferenceNotice: 300, postponementReminder: 300, postponementLimit: 1200 } };
    const handle = await startVillage(env.client, env.taskQueue, { ...input, plan });
    await decide(handle, {
      type: 'RECORD_INVESTIGATION',
      by: person('guidance-group'),
      category: 'poor',
      stable: false,
      instability: 'deep internal conflicts',
      representatives: 20,
    });
    expect((await status(handle)).stage).toBe('unstable');
    await decide(handle, { type: 'PROPOSE_POSTPONEMENT', by: person('town-committee'), reason: 'factional struggle', until: '2027-06-30' });
    const granted = await decide(handle, { type: 'APPROVE_POSTPONEMENT', by: person('county-org-dept') });
    expect(granted.stage).toBe('postponed');

    const overdue = await waitFor(handle, (v) => v.overdue);
    expect(overdue.postponement).toMatchObject({ until: '2027-06-30', approved: true });
    // The view turns overdue when the deadline fires; its notice activity completes just after.
    await waitFor(handle, async () => (await noticeKinds(handle.workflowId)).includes('postponement-overdue'));
    const kinds = await noticeKinds(handle.workflowId);
    expect(count(kinds, 'postponement-granted')).toBe(1);
    expect(count(kinds, 'postponement-reminder')).toBe(1);
    expect(count(kinds, 'postponement-overdue')).toBe(1);

    const resumed = await decide(handle, {
      type: 'REPORT_FIT_TO_PROCEED',
      by: person('town-committee'),
      findings: 'the conflicts are resolved',
    });
    expect(resumed.stage).toBe('startRequest');
    await driveUntil(handle, scriptFor(input), finished);
    expect((await env.store.outcomes()).filter((o) => o.workflow_id === handle.workflowId).map((o) => o.status)).toEqual([
      'postponed',
      'completed',
    ]);
    await captureHistory(handle, 'postponement-resumed');
  });

  it('sends the slate back to inspection when an upheld objection breaks the competitive ratio', async () => {
    const input = villageInput({}, 4000);
    const handle = await startVillage(env.client, env.taskQueue, input);
    const publicity = await driveUntil(handle, scriptFor(input), (v) => v.stage === 'publicity');
    const objected = publicity.candidates[0]!;
    await decide(handle, {
      type: 'FILE_OBJECTION',
      by: person('village-branch'),
      candidateId: objected,
      grounds: 'undisclosed debts',
      filedBy: 'a villager',
    });
    await decide(handle, { type: 'RECORD_OBJECTION_FINDINGS', by: person('inspection-team'), findings: 'the debts are confirmed' });
    const ruled = await decide(handle, {
      type: 'RULE_OBJECTION',
      by: person('town-committee'),
      ruling: 'upheld',
      reason: 'confirmed by the inspection team',
    });

    expect(ruled.stage).toBe('inspection');
    const view = await status(handle);
    expect(view.nominees).not.toContain(objected);
    expect(view.candidates).not.toContain(objected);
    const done = await driveUntil(handle, scriptFor(input), finished, undefined, 90000);
    expect(done.stage).toBe('completed');
    expect(done.elected).not.toContain(objected);
    await captureHistory(handle, 'objection-upheld');
  });

  it('re-notices the conference after a failed quorum, then holds it', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    let failedOnce = false;
    const done = await driveUntil(handle, scriptFor(input), finished, (view) => {
      if (view.stage !== 'conference' || view.step !== 'attendance' || failedOnce) return undefined;
      failedOnce = true;
      const voters = input.roster.filter((m) => m.standing === 'full').map((m) => m.id);
      // At most 4/5 of those due is not more than 4/5: the quorum fails.
      return {
        type: 'RECORD_ATTENDANCE',
        by: person('guidance-group'),
        present: voters.slice(0, Math.floor((voters.length * 4) / 5)),
        excusals: [],
      };
    });
    expect(done.stage).toBe('completed');
    const kinds = await noticeKinds(handle.workflowId);
    expect(count(kinds, 'quorum-failed')).toBe(1);
    expect(count(kinds, 'conference-notice')).toBe(2);
    await captureHistory(handle, 'quorum-failed');
  });

  it('re-runs a void round in which more ballots were returned than issued', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    const atRound = await driveUntil(handle, scriptFor(input), (v) => v.step === 'awaitingRound');
    await decide(handle, roundWith(atRound, 5, { ballotsReturned: 34, validBallots: 34 }));
    const confirmed = await driveUntil(handle, scriptFor(input), (v) => v.step === 'awaitingRound');
    expect(confirmed.ballot).toMatchObject({ round: 2, purpose: 'void-rerun', seats: 5 });
    expect(confirmed.elected).toHaveLength(0);
    const done = await driveUntil(handle, scriptFor(input), finished);
    expect(done.elected).toHaveLength(5);
    await captureHistory(handle, 'void-round');
  });

  it('holds another round for the shortfall among those not elected', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    const atRound = await driveUntil(handle, scriptFor(input), (v) => v.step === 'awaitingRound');
    await decide(handle, roundWith(atRound, 3));
    const shortfall = await driveUntil(handle, scriptFor(input), (v) => v.step === 'awaitingRound');
    expect(shortfall.elected).toHaveLength(3);
    expect(shortfall.ballot).toMatchObject({ round: 2, purpose: 'shortfall', seats: 2 });
    expect(shortfall.ballot!.candidates).toEqual(atRound.ballot!.candidates.slice(3));
    const done = await driveUntil(handle, scriptFor(input), finished);
    expect(done.elected).toHaveLength(5);
    expect(done.elected.slice(0, 3)).toEqual(atRound.ballot!.candidates.slice(0, 3));
    await captureHistory(handle, 'shortfall-round');
  });

  it('cancels an election with a reason and records the outcome', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    await driveUntil(handle, scriptFor(input), (v) => v.stage === 'mobilisation');
    await decide(handle, { type: 'CANCEL', by: person('town-committee'), reason: 'merged into an urban community' });
    const result = await handle.result();
    expect(result.status).toBe('cancelled');
    expect((await env.store.outcomes()).filter((o) => o.workflow_id === handle.workflowId).map((o) => o.status)).toEqual(['cancelled']);
    await captureHistory(handle, 'cancelled');
  });

  it("keeps the records of a new election under the same workflow id apart from the first one's", async () => {
    const input = villageInput();
    const first = await startVillage(env.client, env.taskQueue, input);
    await decide(first, { type: 'CANCEL', by: person('town-committee'), reason: 'started by mistake' });
    await first.result();
    const again = await env.client.workflow.start<typeof import('../../workflows').villageElection>('villageElection', {
      taskQueue: env.taskQueue,
      workflowId: first.workflowId,
      args: [input],
    });
    await decide(again, { type: 'CANCEL', by: person('town-committee'), reason: 'merged into an urban community' });
    await again.result();
    const outcomes = (await env.store.outcomes()).filter((o) => o.workflow_id === first.workflowId);
    expect(outcomes.map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
    expect((await env.store.notices({ workflowId: first.workflowId })).filter((n) => n.kind === 'election-cancelled')).toHaveLength(2);
  });
});
