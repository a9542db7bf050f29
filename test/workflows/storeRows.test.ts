import { decisionSignal } from '../../workflows/contract';
import { driveUntil, person, scriptFor, startVillage, status, useElectionWorker, villageInput } from '../support/election';
import { STORE_KINDS } from '../support/stores';

describe.each(STORE_KINDS)('a village election recorded in the outcome store on %s', (kind) => {
  const env = useElectionWorker(kind);

  it('leaves one row per decision, the tallies, the rounds and the committee the election produced', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    // A refused signal is recorded as rejected, with its reason, beside the accepted decisions.
    await handle.signal(decisionSignal, { type: 'APPROVE_SLATE', by: person('town-committee'), candidates: ['m01'] });
    await driveUntil(handle, scriptFor(input), (v) => v.status !== 'running');
    const result = await handle.result();
    const final = await status(handle);

    const [term] = await env.store.terms({ workflowId: handle.workflowId });
    expect(term).toMatchObject({ town: input.town, village: input.village, term: input.term, status: 'completed' });
    expect(term!.first_run_id).toBe(handle.firstExecutionRunId);

    const decisions = await env.store.decisions(handle.workflowId);
    expect(decisions.map((d) => d.seq)).toEqual(final.decisions.map((d) => d.seq));
    expect(await env.store.refusals(handle.workflowId)).toEqual([expect.objectContaining({ type: 'APPROVE_SLATE', via: 'signal' })]);

    const recommendations = await env.store.recommendations(handle.workflowId);
    expect(recommendations.map((r) => r.kind)).toEqual(['party-members', 'masses']);
    expect(recommendations.every((r) => r.tallies.length > 0)).toBe(true);

    const rounds = await env.store.ballotRounds(handle.workflowId);
    expect(rounds.length).toBeGreaterThanOrEqual(1);
    expect(rounds.map((r) => r.round_no)).toEqual(rounds.map((_, i) => i + 1));
    expect(rounds.every((r) => r.confirmed_by_id !== null)).toBe(true);
    const winners = rounds.flatMap((r) => r.tallies).filter((t) => result.elected.includes(t.candidate));
    expect(winners.length).toBeGreaterThanOrEqual(result.elected.length);

    const committee = await env.store.committee(handle.workflowId);
    expect(committee?.members.map((m) => m.member_id).sort()).toEqual([...result.elected].sort());
    expect(committee?.members.find((m) => m.post === 'secretary')?.member_id).toBe(result.secretary);
    expect(committee?.members.every((m) => m.gender && m.birth_date && m.education)).toBe(true);

    const notices = await env.store.notices({ workflowId: handle.workflowId });
    expect(notices.filter((n) => n.kind === 'results-announcement')).toHaveLength(1);
    expect(notices.every((n) => n.html.startsWith('<!DOCTYPE html>') && n.markdown.startsWith('# '))).toBe(true);
    expect((await env.store.outcomes()).filter((o) => o.workflow_id === handle.workflowId).map((o) => o.status)).toEqual(['completed']);
  });
});
