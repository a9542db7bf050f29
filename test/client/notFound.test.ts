import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../activities/store';
import { main } from '../../client/cli';
import { EXIT } from '../../client/commands/common';
import { LATEST_MACHINE_VERSION } from '../../machines/versions';
import { electionWorkflowId, WORKFLOW_TYPE } from '../../workflows/contract';
import { decide, driveUntil, person, scriptFor, useElectionWorker, villageInput } from '../support/election';
import { testAddress, uniqueId } from '../support/temporal';

const env = useElectionWorker();

/** Runs the CLI in this process and returns its exit code with what it wrote to stderr. */
async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main([...args, '--address', testAddress()]), err };
  } finally {
    stderr.mockRestore();
    stdout.mockRestore();
  }
}

const cancel = ['--type', 'CANCEL', '--by-id', 'wang.li', '--by-role', 'town-committee', '--payload', '{"reason": "merged"}'];

/** A village started under the workflow id the CLI derives from --town, --village and --term. */
async function startNamed() {
  const input = { ...villageInput({ town: 'Notfound' }), machineVersion: LATEST_MACHINE_VERSION };
  const workflowId = electionWorkflowId(input.term, input.town, input.village);
  const handle = await env.client.workflow.start(WORKFLOW_TYPE, { taskQueue: env.taskQueue, workflowId, args: [input] });
  return { input, handle, named: ['--town', input.town, '--village', input.village, '--term', String(input.term)] };
}

describe('not-found messages name what was given and say what became of the election', () => {
  let oldDb: string | undefined;
  beforeAll(() => {
    oldDb = process.env.ELECTION_DB;
    // No store of the developer's own checkout is consulted: each test names the one it means.
    process.env.ELECTION_DB = join(mkdtempSync(join(tmpdir(), 'no-store-')), 'none.sqlite');
  });
  afterAll(() => {
    if (oldDb === undefined) delete process.env.ELECTION_DB;
    else process.env.ELECTION_DB = oldDb;
  });

  it('a decision for a village that was never started: exit 2, naming --town, --village and --term', async () => {
    const { code, err } = await cli(['decide', '--town', 'Heluo', '--village', 'Nowhere', '--term', '2026', ...cancel]);
    expect(code).toBe(EXIT.badInput);
    expect(err).toContain('the election --town Heluo --village Nowhere --term 2026 (workflow reelection/2026/Heluo/Nowhere)');
    expect(err).toContain('is not known to Temporal, nor to the outcome store');
    expect(err).not.toContain('is not running');
  });

  it('the status of a workflow id that does not exist: exit 2, naming --workflow-id', async () => {
    const { code, err } = await cli(['status', '--workflow-id', 'reelection/2026/Heluo/Nowhere']);
    expect(code).toBe(EXIT.badInput);
    expect(err).toContain('the election --workflow-id reelection/2026/Heluo/Nowhere is not known to Temporal');
  });

  it('a decision for a village whose election was cancelled: exit 3, saying it was cancelled', async () => {
    const { handle, named } = await startNamed();
    await decide(handle, { type: 'CANCEL', by: person('town-committee'), reason: 'merged into a town' });
    await handle.result();
    const { code, err } = await cli(['decide', ...named, ...cancel]);
    expect(code).toBe(EXIT.refused);
    expect(err).toContain(`the election ${named.join(' ')} (workflow ${handle.workflowId}) was cancelled on 20`);
    expect(err).toContain('it takes no more decisions, so the CANCEL decision was not sent');
  });

  it('a signal for a village whose election has completed: exit 3, saying it has completed', async () => {
    const { input, handle, named } = await startNamed();
    await driveUntil(handle, scriptFor(input), (view) => view.status !== 'running');
    await handle.result();
    const { code, err } = await cli(['decide', ...named, ...cancel, '--signal']);
    expect(code).toBe(EXIT.refused);
    expect(err).toContain(`the election ${named.join(' ')} (workflow ${handle.workflowId}) has completed on 20`);
    expect(err).toContain('so the CANCEL signal was not sent');
  }, 60_000);

  it('an election Temporal no longer holds but the outcome store remembers: exit 3, with its recorded outcome', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'old-store-')), 'outcomes.sqlite');
    const store = await openStore({ file });
    const workflowId = electionWorkflowId(2021, 'Heluo', `Old-${uniqueId('v')}`);
    await store.addOutcome({
      key: `${workflowId}/run-1/step/30/0`,
      workflowId,
      town: 'Heluo',
      village: workflowId.split('/')[3]!,
      term: 2021,
      at: '2021-11-20T10:00:00.000Z',
      status: 'completed',
      facts: { town: 'Heluo', village: workflowId.split('/')[3]!, term: 2021, elected: [] },
    });
    await store.close();
    process.env.ELECTION_DB = file;
    const { code, err } = await cli(['decide', '--workflow-id', workflowId, ...cancel]);
    expect(code).toBe(EXIT.refused);
    expect(err).toContain(`the election --workflow-id ${workflowId} is no longer held by Temporal`);
    expect(err).toContain('the outcome store records it as completed on 2021-11-20');
  });
});
