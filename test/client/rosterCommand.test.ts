import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { votingMembers } from '../../machines/rules';
import { electionWorkflowId, WORKFLOW_TYPE } from '../../workflows/contract';
import { LATEST_MACHINE_VERSION } from '../../machines/versions';
import { runCli } from '../support/cliInProcess';
import { useElectionWorker, villageInput } from '../support/election';
import { testAddress, uniqueId } from '../support/temporal';

const env = useElectionWorker();

/** A village started under the workflow id the CLI derives from --town, --village and --term. */
async function startNamed() {
  const input = { ...villageInput({ town: uniqueId('Rostertown') }), machineVersion: LATEST_MACHINE_VERSION };
  const workflowId = electionWorkflowId(input.term, input.town, input.village);
  const handle = await env.client.workflow.start(WORKFLOW_TYPE, { taskQueue: env.taskQueue, workflowId, args: [input] });
  return { input, handle };
}

const roster = (...args: string[]) => runCli(['roster', ...args, '--address', testAddress()]);

describe('election roster', () => {
  let oldDb: string | undefined;
  beforeAll(() => {
    oldDb = process.env.ELECTION_DB;
    // No store of the developer's own checkout is consulted for a village not found.
    process.env.ELECTION_DB = join(mkdtempSync(join(tmpdir(), 'no-store-')), 'none.sqlite');
  });
  afterAll(() => {
    if (oldDb === undefined) delete process.env.ELECTION_DB;
    else process.env.ELECTION_DB = oldDb;
  });

  it('lists the members of a village by id, name and pinyin, with standing and outgoing post', async () => {
    const { input, handle } = await startNamed();
    const listed = await roster('--town', input.town, '--village', input.village, '--term', String(input.term));
    expect(listed.code).toBe(0);
    const lines = listed.out.split('\n');
    expect(lines[0]).toBe(
      `${input.village}, ${input.town}, term ${input.term}: ${input.roster.length} members, ${votingMembers(input.roster).length} of them full members who vote`,
    );
    expect(lines[1]).toMatch(/^id +name +pinyin +standing +outgoing post$/);
    for (const member of input.roster) {
      const row = lines.find((line) => line.startsWith(`${member.id} `));
      expect(row).toMatch(
        new RegExp(`^${member.id} +${member.name} +${member.pinyin} +${member.standing} +${member.outgoingPost ?? '-'}$`),
      );
    }
    await handle.terminate('test over');
  });

  it('finds the latest term without --term, and gives only id, name, pinyin, standing and post as JSON', async () => {
    const { input, handle } = await startNamed();
    // The list of workflows is eventually consistent: the new village may take a moment to be listed.
    let found = await roster('--town', input.town, '--village', input.village, '--json');
    for (let i = 0; i < 50 && found.code !== 0; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      found = await roster('--town', input.town, '--village', input.village, '--json');
    }
    expect(found.code).toBe(0);
    const json = JSON.parse(found.out);
    expect(json).toMatchObject({ workflowId: handle.workflowId, town: input.town, village: input.village, term: input.term });
    expect(json.members).toHaveLength(input.roster.length);
    for (const member of json.members)
      expect(Object.keys(member).sort()).toEqual(expect.arrayContaining(['id', 'name', 'pinyin', 'standing']));
    expect(json.members[0]).toMatchObject({ name: input.roster[0]!.name, pinyin: input.roster[0]!.pinyin });
    expect(JSON.stringify(json)).not.toContain('birthDate');
    await handle.terminate('test over');
  });

  it('refuses a village that is not found, naming it', async () => {
    const gone = await roster('--town', 'Nowhere', '--village', 'No such village', '--term', '2026');
    expect(gone.code).toBe(2);
    expect(gone.err).toContain('--town Nowhere --village "No such village" --term 2026');
    expect(gone.err).toContain('is not known to Temporal');

    const unlisted = await roster('--town', 'Nowhere', '--village', 'No such village');
    expect(unlisted.code).toBe(2);
    expect(unlisted.err).toContain('--town "Nowhere" --village "No such village": no election of this village is known to Temporal');
  });
});
