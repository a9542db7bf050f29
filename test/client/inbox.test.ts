import type { WorkflowHandle } from '@temporalio/client';
import { main } from '../../client/cli';
import { decideLine, formatInbox } from '../../client/commands/inbox';
import { approvalsInbox, decideArgs, inboxEntry, inboxQuery, type Inbox, type InboxEntry } from '../../client/inbox';
import type { Role } from '../../machines/roles';
import type { PublicView } from '../../machines/view';
import { driveUntil, scriptFor, startVillage, status, useElectionWorker, villageInput, waitFor } from '../support/election';
import { testAddress, uniqueId } from '../support/temporal';

const STARTED = new Date('2026-11-20T08:00:00.000Z');

/** A village's public view waiting on the town committee's start approval, with what a test changes. */
function viewAt(overrides: Partial<PublicView> = {}): PublicView {
  return {
    town: 'Heluo',
    village: 'Qilipu',
    term: 2026,
    method: 'two-recommendations-one-election',
    status: 'running',
    stage: 'startApproval',
    stageLabel: 'Start approval (批复)',
    awaitingRoles: ['town-committee'],
    pending: [
      {
        decision: 'APPROVE_START',
        roles: ['town-committee'],
        optional: false,
        remindAt: '2026-11-23T08:00:00.000Z',
        escalateAt: '2026-11-25T08:00:00.000Z',
      },
      {
        decision: 'SEND_BACK_START',
        roles: ['town-committee'],
        optional: false,
        remindAt: '2026-11-23T08:00:00.000Z',
        escalateAt: '2026-11-25T08:00:00.000Z',
      },
    ],
    overdue: false,
    nominees: [],
    candidates: [],
    elected: [],
    timers: [],
    decisions: [],
    refusals: [],
    ...overrides,
  };
}

const found = { workflowId: 'reelection/2026/Heluo/Qilipu', startTime: STARTED };
const before = new Date('2026-11-24T08:00:00.000Z');

describe('an inbox entry', () => {
  it('asks visibility only for running villages whose AwaitingRole holds the role, in the town and term asked', () => {
    expect(inboxQuery({ role: 'town-committee', town: 'He "luo"', term: 2026 })).toBe(
      'WorkflowType = "villageElection" AND Town = "He \\"luo\\"" AND Term = 2026 AND ExecutionStatus = "Running" AND AwaitingRole = "town-committee"',
    );
  });

  it('asks only for the towns of a person’s scope when given them', () => {
    expect(inboxQuery({ role: 'guidance-group', towns: ['Heluo', 'Bai"shui'] })).toBe(
      'WorkflowType = "villageElection" AND Town IN ("Heluo", "Bai\\"shui") AND ExecutionStatus = "Running" AND AwaitingRole = "guidance-group"',
    );
    expect(() => inboxQuery({ role: 'guidance-group', towns: [] })).toThrow(/towns: got none/);
  });

  it('refuses a role that is not one of the roles, naming the accepted ones', () => {
    expect(() => inboxQuery({ role: 'mayor' as Role })).toThrow(/role: got "mayor"; expected one of town-committee, county-org-dept/);
  });

  it('waits since the last recorded decision, or since the start when none was recorded', () => {
    expect(inboxEntry(found, viewAt(), 'town-committee', before)?.waitingSince).toBe(STARTED.toISOString());
    const decided = viewAt({
      decisions: [
        {
          seq: 1,
          type: 'RECORD_INVESTIGATION',
          by: { id: 'g', role: 'guidance-group' },
          at: '2026-11-21T09:00:00.000Z',
          stage: 'investigation',
          summary: '',
        },
        {
          seq: 2,
          type: 'SUBMIT_START_REQUEST',
          by: { id: 'b', role: 'village-branch' },
          at: '2026-11-22T10:00:00.000Z',
          stage: 'startRequest',
          summary: '',
        },
      ],
    });
    expect(inboxEntry(found, decided, 'town-committee', before)).toMatchObject({
      waitingSince: '2026-11-22T10:00:00.000Z',
      decisions: ['APPROVE_START', 'SEND_BACK_START'],
      remindAt: '2026-11-23T08:00:00.000Z',
      escalateAt: '2026-11-25T08:00:00.000Z',
      overdue: false,
    });
  });

  it('is overdue when the workflow escalated it, or once its escalation time has passed', () => {
    expect(inboxEntry(found, viewAt({ overdue: true }), 'town-committee', before)?.overdue).toBe(true);
    expect(inboxEntry(found, viewAt(), 'town-committee', new Date('2026-11-25T08:00:00.000Z'))?.overdue).toBe(true);
  });

  it('is no entry for a role the village does not wait on, for an optional decision, or for a finished election', () => {
    expect(inboxEntry(found, viewAt(), 'guidance-group', before)).toBeUndefined();
    const publicity = viewAt({
      stage: 'publicity',
      pending: [
        { decision: 'FILE_OBJECTION', roles: ['guidance-group', 'village-branch', 'town-committee', 'inspection-team'], optional: true },
      ],
    });
    expect(inboxEntry(found, publicity, 'town-committee', before)).toBeUndefined();
    expect(inboxEntry(found, viewAt({ status: 'cancelled' }), 'town-committee', before)).toBeUndefined();
  });

  it('acts through a decide line that names the workflow id and cannot be sent unchanged', () => {
    const entry: InboxEntry = { number: 1, ...inboxEntry(found, viewAt(), 'town-committee', before)! };
    expect(decideLine(entry, 'SEND_BACK_START')).toBe(
      `election decide --workflow-id reelection/2026/Heluo/Qilipu --type SEND_BACK_START --by-role town-committee --payload '{"reason": …}'`,
    );
    expect(decideLine({ ...entry, workflowId: "reelection/2026/Xi'an Town/Qilipu" }, 'APPROVE_START', 'zhang-wei')).toBe(
      `election decide --workflow-id 'reelection/2026/Xi'\\''an Town/Qilipu' --type APPROVE_START --by-role town-committee --by-id zhang-wei --payload '{"seats": …, "electsDeputy": …, "method": …}'`,
    );
  });
});

describe('the approvals inbox on the real Temporal server', () => {
  const env = useElectionWorker();
  const silenced: jest.SpyInstance[] = [];
  let printed = '';

  beforeEach(() => {
    printed = '';
    silenced.push(jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true)));
  });
  afterEach(() => silenced.splice(0).forEach((spy) => spy.mockRestore()));

  /** Asks for the inbox until `until` holds (visibility catches up within seconds) and returns the last one. */
  async function inboxUntil(
    filter: { role: Role; town: string; term?: number },
    until: (inbox: Inbox) => boolean,
    timeoutMs = 20_000,
  ): Promise<Inbox> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const inbox = await approvalsInbox(env.client, filter);
      if (until(inbox) || Date.now() > deadline) return inbox;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const summary = (inbox: Inbox) =>
    inbox.entries.map((e) => ({ number: e.number, workflowId: e.workflowId, stage: e.stage, decisions: e.decisions }));
  const lastDecisionAt = async (handle: WorkflowHandle) => (await status(handle)).decisions.at(-1)!.at;

  it('lists the villages waiting on a role oldest first, and shrinks when the town committee decides one', async () => {
    const town = uniqueId('inbox-town');
    const inputs = ['start', 'slate', 'investigation'].map((name) => villageInput({ town, village: uniqueId(name) }, 2000));
    const [start, slate, investigation] = await Promise.all(inputs.map((input) => startVillage(env.client, env.taskQueue, input)));
    // Started first, but decided last: the slate village has waited longer for the town committee.
    await driveUntil(slate!, scriptFor(inputs[1]!), (v) => v.stage === 'slateApproval');
    await driveUntil(start!, scriptFor(inputs[0]!), (v) => v.stage === 'startApproval');

    const committee = await inboxUntil({ role: 'town-committee', town }, (inbox) => inbox.entries.length >= 2);
    expect(summary(committee)).toEqual([
      { number: 1, workflowId: slate!.workflowId, stage: 'slateApproval', decisions: ['APPROVE_SLATE', 'SEND_BACK_SLATE'] },
      { number: 2, workflowId: start!.workflowId, stage: 'startApproval', decisions: ['APPROVE_START', 'SEND_BACK_START'] },
    ]);
    expect(committee.entries.map((e) => e.waitingSince)).toEqual([await lastDecisionAt(slate!), await lastDecisionAt(start!)]);
    expect(committee.entries.every((e) => e.remindAt && e.escalateAt && !e.overdue)).toBe(true);
    expect(committee.unreachable).toEqual([]);

    const guidance = await inboxUntil({ role: 'guidance-group', town }, (inbox) => inbox.entries.length >= 1);
    expect(summary(guidance)).toEqual([
      { number: 1, workflowId: investigation!.workflowId, stage: 'investigation', decisions: ['RECORD_INVESTIGATION'] },
    ]);

    expect(await main(['inbox', '--role', 'town-committee', '--town', town, '--by-id', 'inbox-tester', '--address', testAddress()])).toBe(
      0,
    );
    expect(printed).toContain('town-committee: 2 village(s) waiting, oldest first');
    expect(printed).toContain(
      `election decide --workflow-id ${slate!.workflowId} --type APPROVE_SLATE --by-role town-committee --by-id inbox-tester`,
    );

    // The entry is cleared by running its decide line with the payload filled in.
    const [entry] = committee.entries.filter((e) => e.workflowId === start!.workflowId);
    const { seats, electsDeputy } = scriptFor(inputs[0]!);
    const payload = JSON.stringify({ seats, electsDeputy, method: inputs[0]!.method });
    expect(await main([...decideArgs(entry!, 'APPROVE_START', 'inbox-tester'), '--payload', payload, '--address', testAddress()])).toBe(0);

    const cleared = await inboxUntil({ role: 'town-committee', town }, (inbox) => inbox.entries.length < 2);
    expect(summary(cleared)).toEqual([
      { number: 1, workflowId: slate!.workflowId, stage: 'slateApproval', decisions: ['APPROVE_SLATE', 'SEND_BACK_SLATE'] },
    ]);
    const next = await inboxUntil({ role: 'guidance-group', town }, (inbox) => inbox.entries.length >= 2);
    expect(next.entries.map((e) => [e.workflowId, e.stage])).toEqual([
      [investigation!.workflowId, 'investigation'],
      [start!.workflowId, 'mobilisation'],
    ]);
  });

  it('marks an escalated approval OVERDUE and keeps other towns and terms out', async () => {
    const town = uniqueId('inbox-late-town');
    const input = villageInput({ town }, 10);
    const late = await startVillage(env.client, env.taskQueue, input);
    await driveUntil(late, scriptFor(input), (v) => v.stage === 'startApproval');
    await waitFor(late, (v) => v.overdue);

    const inbox = await inboxUntil({ role: 'town-committee', town }, (i) => i.entries.length >= 1);
    expect(inbox.entries).toEqual([expect.objectContaining({ workflowId: late.workflowId, overdue: true })]);
    expect(formatInbox(inbox)).toMatch(/town-committee: 1 village\(s\) waiting, oldest first, 1 OVERDUE/);
    expect((await approvalsInbox(env.client, { role: 'town-committee', town, term: 2027 })).entries).toEqual([]);
    expect((await approvalsInbox(env.client, { role: 'town-committee', town: uniqueId('inbox-other-town') })).entries).toEqual([]);
  });
});
