import { votingMembers } from '../../machines/rules';
import type { PublicView } from '../../machines/view';
import { decisionSignal } from '../../workflows/contract';
import { decide, driveUntil, person, scriptFor, startVillage, useElectionWorker, villageInput, waitFor } from '../support/election';

const env = useElectionWorker();

const atAttendance = (v: PublicView) => v.stage === 'conference' && v.step === 'attendance';

describe('what a decision led to and why, on the real Temporal server', () => {
  it('explains a failed quorum in the receipt and in the record, with the figures and the conference to be called again', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    await driveUntil(handle, scriptFor(input), atAttendance);
    const voters = votingMembers(input.roster).map((m) => m.id);
    const present = voters.slice(0, Math.floor(voters.length / 2));

    const receipt = await decide(handle, { type: 'RECORD_ATTENDANCE', by: person('guidance-group'), present });

    expect(receipt.stage).toBe('conferenceNotice');
    expect(receipt.explanation).toEqual([
      {
        key: 'explain.quorumNotMet',
        params: { present: present.length, due: voters.length, fourFifths: String((voters.length * 4) / 5), failures: 1 },
      },
      { key: 'explain.conferenceToBeCalled', params: {} },
      { key: 'explain.nowAt', params: { stage: 'conferenceNotice', roles: 'guidance-group\nvillage-branch' } },
    ]);
    const view = await waitFor(handle, (v) => v.decisions.at(-1)?.seq === receipt.seq);
    expect(view.decisions.at(-1)!.followed).toEqual(receipt.explanation);
    await handle.terminate('test over');
  });

  it('gives a decision sent as a signal no receipt, but its record says what followed', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    await handle.signal(decisionSignal, {
      type: 'RECORD_INVESTIGATION',
      by: person('guidance-group'),
      category: 'poor',
      stable: false,
      instability: 'two clans contest the branch',
      representatives: 20,
    });
    const view = await waitFor(handle, (v) => v.decisions.length === 1);
    expect(view.decisions[0]!.followed).toEqual([
      { key: 'explain.villageUnstable', params: {} },
      { key: 'explain.nowAt', params: { stage: 'unstable', roles: 'town-committee' } },
    ]);
    await handle.terminate('test over');
  });
});
