import { WorkflowUpdateFailedError } from '@temporalio/client';
import { addDays, beijingDateOfMs } from '../../machines/rules';
import { factsQuery } from '../../workflows/contract';
import {
  captureHistory,
  decide,
  driveUntil,
  person,
  scriptFor,
  startVillage,
  status,
  useElectionWorker,
  villageInput,
  waitFor,
} from '../support/election';

const env = useElectionWorker();

/** The notices of a village of `kind` the outcome store holds once they are posted (notices go off the critical path). */
async function postedNotices(workflowId: string, kind: string, count = 1) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const notices = (await env.store.notices({ workflowId })).filter((n) => n.kind === kind);
    if (notices.length >= count || Date.now() > deadline) return notices;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the conference called with its date, time and place (machine version 3, on the real Temporal server)', () => {
  it('waits for the call, refuses a date too soon, posts the notice with the date, time and place, and opens the conference when the lead timer fires', async () => {
    const input = villageInput({}, 300);
    const handle = await startVillage(env.client, env.taskQueue, input);
    const awaiting = await driveUntil(handle, scriptFor(input), (v) => v.stage === 'conferenceNotice');
    expect(awaiting.step).toBe('awaitingCall');
    expect(awaiting.awaitingRoles).toEqual(['guidance-group', 'village-branch']);
    expect(awaiting.timers.map((t) => t.id)).not.toContain('conferenceNoticeLead');

    const today = beijingDateOfMs(Date.now());
    const earliest = addDays(today, 7);
    const call = { type: 'CALL_CONFERENCE', by: person('guidance-group'), time: '09:30', place: '村党群服务中心会议室' };
    const tooSoon = decide(handle, { ...call, date: addDays(earliest, -1) });
    await expect(tooSoon).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(tooSoon).rejects.toMatchObject({
      cause: {
        message: `date: got ${addDays(earliest, -1)}; accepted: ${earliest} or later (called on ${today}, the members are given 7 day(s) of notice)`,
      },
    });
    expect((await status(handle)).step).toBe('awaitingCall');

    await decide(handle, { ...call, date: earliest });
    const [notice] = await postedNotices(handle.workflowId, 'conference-notice');
    expect(JSON.parse(notice!.facts)).toMatchObject({ date: earliest, time: '09:30', place: '村党群服务中心会议室', leadDays: 7 });
    expect(notice!.markdown).toContain(`- **Date:** ${earliest}`);
    expect(notice!.markdown).toContain('- **Time:** 09:30 (Beijing time)');
    expect(notice!.markdown).toContain('- **Place:** 村党群服务中心会议室');
    const facts = await handle.query(factsQuery);
    expect(facts.conference).toMatchObject({ date: earliest, time: '09:30', place: '村党群服务中心会议室', calledOn: today });

    // The demo town plan shortens the lead time to 300 ms: the conference opens when it fires.
    const opened = await waitFor(handle, (v) => v.stage === 'conference');
    expect(opened.step).toBe('attendance');
    const final = await driveUntil(handle, scriptFor(input), (v) => v.status !== 'running');
    expect(final.stage).toBe('completed');
    await captureHistory(handle, 'conference-called');
  });

  it('posts the conference notice at once on version 2, saying the date, time and place are not given', async () => {
    const input = villageInput({ machineVersion: 2 });
    const handle = await startVillage(env.client, env.taskQueue, input);
    const notice = await driveUntil(handle, scriptFor(input), (v) => v.stage === 'conferenceNotice' || v.stage === 'conference');
    expect(notice.awaitingRoles).toEqual([]);
    const [posted] = await postedNotices(handle.workflowId, 'conference-notice');
    expect(posted!.markdown).toContain('- **Date:** (not given)');
    expect(posted!.markdown).toContain('- **Place:** (not given)');
    await handle.terminate('the test has seen what it needs');
  });

  it('names the candidate in the objection notice, not by member id', async () => {
    const input = villageInput({}, 60_000);
    const handle = await startVillage(env.client, env.taskQueue, input);
    const publicity = await driveUntil(handle, scriptFor(input), (v) => v.stage === 'publicity');
    const candidateId = publicity.candidates[0]!;
    const name = input.roster.find((m) => m.id === candidateId)!.name;
    await decide(handle, {
      type: 'FILE_OBJECTION',
      by: person('village-branch'),
      candidateId,
      grounds: 'an undeclared business interest',
      filedBy: 'a villager of group 3',
    });
    const [notice] = await postedNotices(handle.workflowId, 'objection-received');
    expect(notice!.markdown).toContain(`- **Candidate:** ${name}`);
    expect(notice!.markdown).not.toContain(candidateId);
    expect(notice!.markdown).not.toContain('a villager of group 3');
    await handle.terminate('the test has seen what it needs');
  });
});
