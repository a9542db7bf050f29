import { votingMembers } from '../../machines/rules';
import type { PublicView } from '../../machines/view';
import { runCli } from '../support/cliInProcess';
import { driveUntil, person, scriptFor, startVillage, useElectionWorker, villageInput } from '../support/election';
import { testAddress } from '../support/temporal';

const env = useElectionWorker();

const atAttendance = (v: PublicView) => v.stage === 'conference' && v.step === 'attendance';

describe('election decide says why, like the desk', () => {
  it('prints under the receipt why the quorum failed and what followed, names members, and --json carries the same', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    await driveUntil(handle, scriptFor(input), atAttendance);
    const voters = votingMembers(input.roster);
    const present = voters.slice(0, Math.floor(voters.length / 2)).map((m) => m.id);
    const guidance = person('guidance-group');
    const sent = await runCli([
      'decide',
      '--workflow-id',
      handle.workflowId,
      '--type',
      'RECORD_ATTENDANCE',
      '--by-id',
      guidance.id,
      '--by-role',
      'guidance-group',
      '--payload',
      JSON.stringify({ present }),
      '--address',
      testAddress(),
    ]);
    expect(sent.code).toBe(0);
    const fourFifths = (voters.length * 4) / 5;
    expect(sent.out).toContain('now at Conference notice');
    expect(sent.out).toContain(`  Quorum not met: ${present.length} of ${voters.length} due, more than ${fourFifths} needed (failure 1).`);
    // From version 3 the conference is called again by a decision giving its new date, time and place.
    expect(sent.out).toContain(
      '  The conference is to be called with its date, time and place; the notice then goes to every member with a vote.',
    );

    // The next conference meets its quorum; the timeline of `election status` says what followed each decision.
    await driveUntil(handle, scriptFor(input), atAttendance);
    const all = await runCli([
      'decide',
      '--workflow-id',
      handle.workflowId,
      '--type',
      'RECORD_ATTENDANCE',
      '--by-id',
      guidance.id,
      '--by-role',
      'guidance-group',
      '--payload',
      JSON.stringify({ present: voters.map((m) => m.id) }),
      '--json',
      '--address',
      testAddress(),
    ]);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out).receipt.explanation[0]).toEqual({
      key: 'explain.quorumMet',
      params: { present: voters.length, due: voters.length, fourFifths: String(fourFifths) },
    });

    const status = await runCli(['status', '--workflow-id', handle.workflowId, '--decisions', '30', '--address', testAddress()]);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/RECORD_ATTENDANCE by .* at conference: .*\n {6}→ Quorum not met: /);
    expect(status.out).toContain(`      → Quorum met: ${voters.length} of ${voters.length} due`);
    await handle.terminate('test over');
  });

  it('names the candidate an objection is against by name and id', async () => {
    const input = villageInput();
    const handle = await startVillage(env.client, env.taskQueue, input);
    const publicity = await driveUntil(handle, scriptFor(input), (v) => v.stage === 'publicity');
    const candidate = input.roster.find((m) => m.id === publicity.candidates[0])!;
    const filed = await runCli([
      'decide',
      '--workflow-id',
      handle.workflowId,
      '--type',
      'FILE_OBJECTION',
      '--by-id',
      person('village-branch').id,
      '--by-role',
      'village-branch',
      '--payload',
      JSON.stringify({ candidateId: candidate.id, grounds: 'an undeclared business interest', filedBy: 'a villager of group 3' }),
      '--address',
      testAddress(),
    ]);
    expect(filed.code).toBe(0);
    expect(filed.out).toContain(`  An objection against ${candidate.name} (${candidate.id}) goes to the inspection team.`);
    expect(filed.out).toContain('  The publicity cannot close until the objection is ruled on.');
    expect(filed.out).not.toContain('a villager of group 3');
    await handle.terminate('test over');
  });
});
