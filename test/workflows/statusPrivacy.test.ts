import { decisionSignal, factsQuery } from '../../workflows/contract';
import { decide, driveUntil, person, scriptFor, startVillage, status, useElectionWorker, villageInput, waitFor } from '../support/election';

const env = useElectionWorker();

const OBJECTOR = 'Gao Xiaoming of group 3';

describe('the status query of a running village', () => {
  it('shows an objection’s grounds to those who act on it, never who filed it, while the store keeps the whole record', async () => {
    const input = villageInput({}, 4000);
    const handle = await startVillage(env.client, env.taskQueue, input);
    const publicity = await driveUntil(handle, scriptFor(input), (v) => v.stage === 'publicity');
    const candidateId = publicity.candidates[0]!;
    await decide(handle, {
      type: 'FILE_OBJECTION',
      by: person('village-branch'),
      candidateId,
      grounds: 'an undeclared quarry lease',
      filedBy: OBJECTOR,
    });
    // A second objection, refused for its over-long author: the refusal is kept in the workflow and shown in the view.
    await handle.signal(decisionSignal, {
      type: 'FILE_OBJECTION',
      by: person('village-branch'),
      candidateId,
      grounds: 'the same lease',
      filedBy: `Sun Li ${'of the third production group '.repeat(5)}`,
    });
    const view = await waitFor(handle, (v) => v.refusals.length > 0);
    const facts = await handle.query(factsQuery);

    expect(view.objections).toEqual([{ candidateId, grounds: 'an undeclared quarry lease', status: 'under investigation' }]);
    const filed = view.decisions.find((d) => d.type === 'FILE_OBJECTION')!;
    expect(JSON.parse(filed.summary)).toEqual({ candidateId, grounds: '(in the record)' });
    expect(view.refusals[0]!.reason).toMatch(/filedBy: got text of \d+ characters \(not quoted: personal data\)/);
    expect(JSON.stringify([view, facts])).not.toMatch(/Gao Xiaoming|Sun Li/);

    const stored = (await env.store.decisions(handle.workflowId)).find((d) => d.type === 'FILE_OBJECTION')!;
    expect(JSON.parse(stored.payload)).toMatchObject({ filedBy: OBJECTOR, grounds: 'an undeclared quarry lease' });
    expect((await status(handle)).stage).toBe('publicity');
  });

  it('names a member by id, never by name, in a refusal the view keeps and in the one the sender gets', async () => {
    const input = villageInput({}, 4000);
    const handle = await startVillage(env.client, env.taskQueue, input);
    const view = await driveUntil(handle, scriptFor(input), (v) => v.open?.includes('APPOINT_SCRUTINEERS') ?? false);
    const candidate = input.roster.find((member) => member.id === view.candidates[0])!;
    const other = input.roster.find((member) => !view.candidates.includes(member.id) && member.standing === 'full')!;
    const appointing = { type: 'APPOINT_SCRUTINEERS', by: person('guidance-group'), scrutineers: [candidate.id, other.id] };

    await handle.signal(decisionSignal, appointing);
    const refused = await waitFor(handle, (v) => v.refusals.length > 0);
    const sent = await decide(handle, appointing).then(
      () => 'accepted',
      (err: unknown) => String((err as { cause?: { message?: string } }).cause?.message ?? err),
    );

    expect(refused.refusals[0]!.reason).toContain(`scrutineer ${candidate.id} is a candidate`);
    expect(sent).toContain(`scrutineer ${candidate.id} is a candidate`);
    for (const name of [candidate.name, candidate.pinyin].filter(Boolean)) {
      expect(JSON.stringify(refused)).not.toContain(name);
      expect(sent).not.toContain(name);
    }
    expect((await env.store.refusals(handle.workflowId))[0]!.reason).not.toContain(candidate.name);
  });
});
