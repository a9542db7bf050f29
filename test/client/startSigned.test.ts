import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { createKeyFile, writeKeyFile } from '../../client/signing';
import type { RosterStartSummary } from '../../client/commands/start';
import { runningInput } from '../../client/commands/startInputs';
import type { Member } from '../../machines/rules';
import { LATEST_MACHINE_VERSION } from '../../machines/versions';
import { electionWorkflowId, WORKFLOW_TYPE } from '../../workflows/contract';
import { runCli } from '../support/cliInProcess';
import { villageInput } from '../support/election';
import { testAddress, testConnection, uniqueId } from '../support/temporal';

const dir = mkdtempSync(join(tmpdir(), 'start-signed-'));
const KEY = join(dir, 'wang.key.json');
writeKeyFile(KEY, createKeyFile('k-wang', 'p-wang'));

/** One village's member list as a file, for `election start --roster FILE --town T --village V --term 2026`. */
function membersFile(name: string, members: Member[]): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(members));
  return file;
}

const election = (args: string[]) => runCli([...args, '--address', testAddress()]);

/**
 * No worker polls the production task queue of the test server: a village started from the CLI stays running,
 * unprocessed, which is all a second start meets.
 */
describe('election start of an election with signed decisions', () => {
  let client: Client;
  let close: () => Promise<void>;
  const started: string[] = [];
  const input = villageInput();
  const village = ['--town', input.town, '--village', input.village, '--term', String(input.term)];
  const workflowId = electionWorkflowId(input.term, input.town, input.village);
  const roster = input.roster as Member[];
  const file = membersFile('members', roster);

  beforeAll(async () => {
    const connected = await testConnection();
    client = connected.client;
    close = () => connected.connection.close();
  });
  afterAll(async () => {
    for (const id of started) await client.workflow.getHandle(id).terminate('test finished');
    await close();
  });

  it('refuses, before starting anything, a signed election without a key and a key without a signed election', async () => {
    const noKey = await election(['start', '--roster', file, ...village, '--signed-decisions']);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('--key: got nothing');
    const noSigned = await election(['start', '--roster', file, ...village, '--key', KEY]);
    expect(noSigned.code).toBe(2);
    expect(noSigned.err).toContain('without --signed-decisions');
    await expect(client.workflow.getHandle(workflowId).describe()).rejects.toThrow();
  });

  it('signs the start with the key, and a second start of the same input is idempotent', async () => {
    const first = await election(['start', '--roster', file, ...village, '--signed-decisions', '--key', KEY]);
    started.push(workflowId);
    expect(first).toMatchObject({ code: 0, out: expect.stringContaining(`started   ${input.village}`) });
    const running = (await runningInput(client, workflowId)) as { signedDecisions?: boolean; startSignature?: Record<string, unknown> };
    expect(running.signedDecisions).toBe(true);
    expect(running.startSignature).toMatchObject({ workflowId, keyId: 'k-wang', actor: { personId: 'p-wang', role: 'town-committee' } });
    // Signed again a moment later (another issuedAt, another signature), the input itself is the same.
    const again = await election(['start', '--roster', file, ...village, '--signed-decisions', '--key', KEY]);
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining(`already started: ${input.village}`) });
  });

  it('says loudly, naming the differences, when the village already runs with a different roster, and exits 3', async () => {
    const [first, second, ...rest] = roster;
    const changed = membersFile('changed', [{ ...first!, name: `${first!.name} Jr.` }, ...rest]);
    const { code, out } = await election(['start', '--roster', changed, ...village, '--signed-decisions', '--key', KEY]);
    expect(code).toBe(3);
    expect(out).toContain(`NOT STARTED: A DIFFERENT INPUT IS ALREADY RUNNING for ${input.village}`);
    expect(out).toContain(`roster: only in the running input: ${second!.id}`);
    expect(out).toContain(`roster: members whose entries differ: ${first!.id}`);
    expect(out).toMatch(/running input [0-9a-f]{16} \(start signed as .*p-wang.*\), yours [0-9a-f]{16}/);
  });

  it('names a forged unsigned start that took the village’s id first, in the JSON summary too', async () => {
    const other = villageInput();
    const otherId = electionWorkflowId(other.term, other.town, other.village);
    // Someone with access to the namespace starts the village first, unsigned, with a roster of their own.
    await client.workflow.start(WORKFLOW_TYPE, {
      taskQueue: uniqueId('nobody-polls'),
      workflowId: otherId,
      args: [{ ...other, roster: other.roster.slice(1), machineVersion: LATEST_MACHINE_VERSION }],
    });
    started.push(otherId);
    const members = membersFile('other', other.roster);
    const args = ['start', '--roster', members, '--town', other.town, '--village', other.village, '--term', String(other.term)];
    const { code, out } = await election([...args, '--signed-decisions', '--key', KEY, '--json']);
    expect(code).toBe(3);
    const summary = JSON.parse(out) as RosterStartSummary;
    expect(summary).toMatchObject({ total: 1, started: 0, alreadyStarted: 0, failed: [] });
    expect(summary.differentInput).toEqual([
      expect.objectContaining({
        village: other.village,
        workflowId: otherId,
        status: 'RUNNING',
        differences: expect.arrayContaining([
          'signedDecisions: running absent, yours true',
          expect.stringMatching(/^running input [0-9a-f]{16} \(start not signed\), yours [0-9a-f]{16}$/),
        ]),
      }),
    ]);
  });
});
