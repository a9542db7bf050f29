import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { nextScriptedDecision } from '../../client/demo/townOffice';
import type { Member } from '../../machines/rules/member';
import { decide, driveUntil, person, scriptFor, startVillage, useElectionWorker, villageInput } from '../support/election';
import { openPayloads, testAddress, testDataConverter, TEST_NAMESPACE, workflowBundle } from '../support/temporal';

const finished = (view: { stage: string }) => view.stage === 'completed';

/** Whether a value shows in the bytes, as written or as JSON writes it inside a string. */
const shows = (bytes: Buffer, value: string): boolean =>
  bytes.includes(Buffer.from(value, 'utf8')) || bytes.includes(Buffer.from(JSON.stringify(value).slice(1, -1), 'utf8'));

/** Every personal value of a roster as a start input writes it: names (in characters and pinyin), birth dates, and standing, education and gender as JSON fields. */
function personalValues(roster: readonly Member[]): string[] {
  return roster.flatMap((member) => [
    member.name,
    ...(member.pinyin === undefined ? [] : [member.pinyin]),
    member.birthDate,
    `"standing":"${member.standing}"`,
    `"education":"${member.education}"`,
    `"gender":"${member.gender}"`,
  ]);
}

const OBJECTOR = '第四村民小组赵明辉';
const GROUNDS = 'a loan from the village fund never repaid';
const EXCUSAL_CATEGORY = 'serving-sentence';

describe('a village history as the Temporal server keeps it', () => {
  const env = useElectionWorker();

  it('holds no roster name (in characters or pinyin), birth date, standing, excusal or objector in any payload; with the codec it reads and replays', async () => {
    const base = villageInput({}, 300);
    // A suspended member (detained or arrested): the most sensitive standing the roster can hold.
    const roster = base.roster.map((member, i) => (i === 6 ? { ...member, standing: 'suspended' as const } : member));
    const input = { ...base, roster };
    // The demo roster names every member in characters and pinyin, so both are searched for below.
    expect(roster.filter((m) => !/^\p{Script=Han}+$/u.test(m.name) || !m.pinyin)).toEqual([]);
    const handle = await startVillage(env.client, env.taskQueue, input);
    const script = scriptFor(input);

    const publicity = await driveUntil(handle, script, (view) => view.stage === 'publicity');
    await decide(handle, {
      type: 'FILE_OBJECTION',
      by: person('village-branch'),
      candidateId: publicity.candidates[0]!,
      grounds: GROUNDS,
      filedBy: OBJECTOR,
    });
    await decide(handle, { type: 'RECORD_OBJECTION_FINDINGS', by: person('inspection-team'), findings: 'the loan was repaid in 2024' });
    await decide(handle, { type: 'RULE_OBJECTION', by: person('town-committee'), ruling: 'dismissed', reason: 'not confirmed' });
    // A refusal that names a member's field travels as a failure: its message must be sealed too.
    await expect(decide(handle, { type: 'FILE_OBJECTION', by: person('village-branch'), candidateId: 'nobody' })).rejects.toThrow();

    // The scripted office leaves the last tenth of the voters absent: the last of them is excused, with a category.
    const excused = roster.filter((m) => m.standing === 'full').at(-1)!.id;
    await driveUntil(handle, script, finished, (view) => {
      const scripted = nextScriptedDecision(view, script);
      if (scripted?.type !== 'RECORD_ATTENDANCE') return undefined;
      return {
        ...scripted,
        excusals: [{ memberId: excused, category: EXCUSAL_CATEGORY, higherLevelConsent: true, conferenceApproved: true }],
      };
    });

    // The history as anyone with read access to the namespace (or the server's database) gets it: no codec.
    const connection = await Connection.connect({ address: testAddress() });
    let history: temporal.api.history.v1.IHistory;
    try {
      history = await new Client({ connection, namespace: TEST_NAMESPACE }).workflow.getHandle(handle.workflowId).fetchHistory();
    } finally {
      await connection.close();
    }
    const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    const sensitive = [...personalValues(roster), 'suspended', OBJECTOR, GROUNDS, EXCUSAL_CATEGORY];
    expect(sensitive.filter((value) => shows(raw, value))).toEqual([]);

    // The same history read with the codec holds them all: the search above looked where they are.
    const opened = Buffer.from(
      JSON.stringify(
        await Promise.all(
          (history.events ?? []).map(async (event) => {
            const payloads = [
              ...(event.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
              ...(event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? []),
            ];
            return openPayloads(payloads);
          }),
        ),
      ),
    );
    const hidden = [...roster.flatMap((m) => [m.name, m.pinyin ?? '', m.birthDate]), 'suspended', OBJECTOR, GROUNDS, EXCUSAL_CATEGORY];
    expect(hidden.filter((value) => !shows(opened, value))).toEqual([]);

    await expect(
      Worker.runReplayHistory({ dataConverter: testDataConverter(), workflowBundle: workflowBundle() }, history, handle.workflowId),
    ).resolves.toBeUndefined();
  });
});
