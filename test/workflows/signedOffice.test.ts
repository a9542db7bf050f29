import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { OfficeSigners } from '../../client/demo/officeSigners';
import { heluoInput, HELUO_VILLAGES } from '../../client/demo/heluo';
import { nextScriptedDecision, SCRIPTED_PEOPLE } from '../../client/demo/townOffice';
import { decide, scriptFor, status, useElectionWorker, villageInput, waitFor } from '../support/election';
import { startSignedVillage } from '../support/signedStart';
import { driveSignedUntil, testSigners } from '../support/signers';
import { uniqueId } from '../support/temporal';

describe("the demo's scripted town office on a village with signed decisions", () => {
  const env = useElectionWorker();
  let signers: OfficeSigners;

  beforeAll(async () => {
    signers = await testSigners(env.store);
    expect(signers.made).toEqual({ people: 50, assignments: 50, keys: 50 });
  });

  // Luokou pilots the direct election of the secretary (a second ballot, a second count confirmed by a scrutineer).
  it.each([HELUO_VILLAGES[1].name, HELUO_VILLAGES[0].name])(
    'completes %s, every decision signed by the scripted person who makes it and taken as the keyring names them',
    async (name) => {
      const village = HELUO_VILLAGES.find((v) => v.name === name)!;
      const input =
        name === HELUO_VILLAGES[1].name
          ? villageInput({ signedDecisions: true })
          : { ...heluoInput(village, 2026, 200), village: uniqueId(name), signedDecisions: true };
      const handle = await startSignedVillage(env.client, env.taskQueue, input, { keyFile: signers.keyFileOf('script-town')! });
      const script = scriptFor(input);

      // Unsigned, the office's decision is refused: the village takes signed decisions only.
      const first = nextScriptedDecision(await waitFor(handle, (v) => v.pending.length > 0), script)!;
      const unsigned = decide(handle, first);
      await expect(unsigned).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(unsigned).rejects.toMatchObject({ cause: { type: 'UNSIGNED' } });

      const view = await driveSignedUntil(handle, signers, script, (v) => v.status !== 'running', undefined, 120_000);
      expect(view.status).toBe('completed');
      expect(view.refusals).toEqual([]);
      const authors = new Set(view.decisions.map((d) => `${d.by.id} ${d.by.role} ${d.by.name}`));
      expect(authors).toEqual(
        new Set([
          `${SCRIPTED_PEOPLE['guidance-group'].id} guidance-group ${SCRIPTED_PEOPLE['guidance-group'].name}`,
          `${SCRIPTED_PEOPLE['village-branch'].id} village-branch ${SCRIPTED_PEOPLE['village-branch'].name}`,
          `${SCRIPTED_PEOPLE['town-committee'].id} town-committee ${SCRIPTED_PEOPLE['town-committee'].name}`,
          `${SCRIPTED_PEOPLE['inspection-team'].id} inspection-team ${SCRIPTED_PEOPLE['inspection-team'].name}`,
          ...view.decisions
            .filter((d) => d.type === 'CONFIRM_COUNT')
            .map((d) => `${d.by.id} scrutineer Scripted scrutineer (roster member ${d.by.id})`),
        ]),
      );
      expect((await status(handle)).decisions.length).toBeGreaterThan(10);
    },
    180_000,
  );

  it('adds no person or assignment again to the same store, and signs only as its own people', async () => {
    // Keys held in memory are new each time; kept in a folder they are reused (test/client/decideSigned.test.ts).
    const again = await testSigners(env.store);
    expect(again.made).toEqual({ people: 0, assignments: 0, keys: 50 });
    const forged = { type: 'APPROVE_RESULT', by: { id: 'someone-else', name: 'Someone', role: 'town-committee' } } as const;
    expect(() => again.sign('reelection/2026/Heluo/X', forged)).toThrow(
      /by\.id: got "someone-else"; the scripted office signs only as its own people/,
    );
  });
});
