import type { DecisionEvent } from '../../machines/events';
import { votingMembers } from '../../machines/rules';
import type { PublicView } from '../../machines/view';
import {
  captureHistory,
  demoRoster,
  driveUntil,
  person,
  scriptFor,
  startVillage,
  useElectionWorker,
  villageInput,
} from '../support/election';

const env = useElectionWorker();

/**
 * The majority rule a village started on stays its rule to the end, on the real server: a village of 50 voting
 * members of whom 41 attend, where five candidates get 22 votes each in the first round. Version 1 (the majority
 * of those present) elects them; version 2 (the 2020 Regulations, the majority of the 50 due) does not, and holds
 * another election.
 */
describe('the majority rule of the version a village started on, on the real Temporal server', () => {
  const input = villageInput({ roster: demoRoster('Qilipu', 52) });
  const present = votingMembers(input.roster)
    .map((m) => m.id)
    .slice(0, 41);

  /** The conference the script does not know: 41 attend, two of them scrutinise, the first round gives five 22 votes. */
  function conferenceOf41(view: PublicView): DecisionEvent | undefined {
    const open = new Set(view.pending.map((p) => p.decision));
    const scrutineers = present.filter((id) => !view.candidates.includes(id)).slice(-2);
    if (open.has('RECORD_ATTENDANCE')) return { type: 'RECORD_ATTENDANCE', by: person('guidance-group'), present, excusals: [] };
    if (open.has('APPOINT_SCRUTINEERS')) return { type: 'APPOINT_SCRUTINEERS', by: person('guidance-group'), scrutineers };
    if (open.has('CONFIRM_COUNT')) return { type: 'CONFIRM_COUNT', by: { ...person('scrutineer'), id: scrutineers[1]! } };
    if (!open.has('RECORD_ROUND') || !view.ballot) return undefined;
    const { candidates, seats, round } = view.ballot;
    const first = view.ballot.kind === 'committee' && round === 1;
    const votes = Object.fromEntries(candidates.map((id, i) => [id, i >= seats ? 0 : first ? 22 : 40 - i]));
    const counts = { votersPresent: 41, ballotsIssued: 41, ballotsReturned: 41, validBallots: 41, invalidBallots: 0 };
    return { type: 'RECORD_ROUND', by: person('guidance-group'), ...counts, votes };
  }

  const rounds = (view: PublicView) => view.decisions.filter((d) => d.type === 'RECORD_ROUND').length;

  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
  ])('on version %i elects the committee in %i round(s)', async (machineVersion, expectedRounds) => {
    const handle = await startVillage(env.client, env.taskQueue, { ...input, machineVersion });
    const final = await driveUntil(handle, scriptFor(input), (v) => v.status !== 'running', conferenceOf41);
    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect(result.elected).toHaveLength(5);
    expect(rounds(final)).toBe(expectedRounds);
    const [outcome] = (await env.store.outcomes()).filter((o) => o.workflow_id === handle.workflowId);
    expect(outcome?.status).toBe('completed');
    await captureHistory(handle, 'majority-22-of-41', machineVersion);
  });
});
