import { createActivities } from '../../activities';
import type { DecisionInput, NoticeInput, OutcomeInput } from '../../activities/contract';
import { parseChannelConfig } from '../../activities/notices';
import { RecordConflictError, type OutcomeStore } from '../../activities/store';
import { demoRoster } from '../../client/demo/heluo';
import { SCRIPTED_PEOPLE } from '../../client/demo/townOffice';
import { useActivityRuns } from '../support/activityRuns';
import { startWebhookReceiver } from '../support/noticeReceivers';
import { STORE_KINDS, tempStore } from '../support/stores';

const WORKFLOW_ID = 'reelection/2026/Heluo/Nanwan';
const FIRST_RUN = 'run-A';
const RESET_RUN = 'run-B';
const record = (step: string, at = '2026-11-24T08:00:00.000Z') => ({
  key: `${WORKFLOW_ID}/${FIRST_RUN}/${step}`,
  workflowId: WORKFLOW_ID,
  town: 'Heluo',
  village: 'Nanwan',
  term: 2026,
  at,
});
const approveStart = (seats: number, at?: string): DecisionInput => ({
  ...record('decision/3', at),
  seq: 3,
  type: 'APPROVE_START',
  by: SCRIPTED_PEOPLE['town-committee'],
  stage: 'startApproval',
  payload: { seats, electsDeputy: true, method: 'two-recommendations-one-election' },
});

/** The activities as Temporal runs them in a run of the workflow (the run id is what a reset changes). */
type PostResult = Awaited<ReturnType<ReturnType<typeof createActivities>['postNotice']>>;

describe.each(STORE_KINDS)('a step written again by a Temporal reset branch, on %s', (kind) => {
  const { inRun } = useActivityRuns(WORKFLOW_ID);
  let store: OutcomeStore;
  beforeAll(async () => {
    store = await tempStore(kind);
  });
  afterAll(() => store?.close());

  it('keeps an identical retry a no-op, also when a reset re-applies the same decision later', async () => {
    await expect(store.addDecision(approveStart(5))).resolves.toEqual({ duplicate: false });
    await expect(store.addDecision(approveStart(5))).resolves.toEqual({ duplicate: true });
    await expect(store.addDecision(approveStart(5, '2026-11-25T09:00:00.000Z'))).resolves.toEqual({ duplicate: true });
  });

  it('refuses, in the store, a write at a taken key with other content, naming the key and what differs', async () => {
    const failure = store.addDecision(approveStart(7));
    await expect(failure).rejects.toThrow(RecordConflictError);
    await expect(failure).rejects.toThrow(`record ${approveStart(7).key} is already in decisions with other content (payload differ)`);
    expect(JSON.parse((await store.decisions(WORKFLOW_ID))[0]!.payload)).toMatchObject({ seats: 5 });
  });

  it("keeps the reset branch's decision under its run's key beside the earlier one, and lists the conflict", async () => {
    const activities = createActivities(store);
    await expect(inRun(RESET_RUN).run(activities.recordDecision, approveStart(7))).resolves.toEqual({ duplicate: false });
    // The activity's retry changes nothing more.
    await expect(inRun(RESET_RUN).run(activities.recordDecision, approveStart(7))).resolves.toEqual({ duplicate: true });
    const key = approveStart(7).key;
    expect((await store.decisions(WORKFLOW_ID)).map((d) => [d.key, JSON.parse(d.payload).seats])).toEqual([
      [key, 5],
      [`${key}@${RESET_RUN}`, 7],
    ]);
    expect(await store.conflicts({ workflowId: WORKFLOW_ID })).toEqual([
      {
        branch_key: `${key}@${RESET_RUN}`,
        key,
        record_table: 'decisions',
        term_id: `${WORKFLOW_ID}/${FIRST_RUN}`,
        workflow_id: WORKFLOW_ID,
        run_id: RESET_RUN,
        differences: 'payload',
        at: approveStart(7).at,
      },
    ]);
    expect(await store.conflicts({ town: 'Heluo' })).toHaveLength(1);
    expect(await store.conflicts({ town: 'Qilipu' })).toEqual([]);
  });

  it('keeps yet another version the same run writes at the step under a key with its content hash, listed the same way', async () => {
    const activities = createActivities(store);
    await expect(inRun(RESET_RUN).run(activities.recordDecision, approveStart(9))).resolves.toEqual({ duplicate: false });
    await expect(inRun(RESET_RUN).run(activities.recordDecision, approveStart(9))).resolves.toEqual({ duplicate: true });
    const key = approveStart(9).key;
    expect(
      (await store.decisions(WORKFLOW_ID)).map((d) => [d.key.replace(/#[0-9a-f]{16}$/, '#HASH'), JSON.parse(d.payload).seats]),
    ).toEqual([
      [key, 5],
      [`${key}@${RESET_RUN}`, 7],
      [`${key}@${RESET_RUN}#HASH`, 9],
    ]);
    expect(await store.conflicts({ workflowId: WORKFLOW_ID })).toHaveLength(2);
  });

  it("posts the reset branch's different notice under its run's key, and delivers it under that key", async () => {
    const secret = 'a-webhook-secret-of-at-least-32-bytes';
    const hook = await startWebhookReceiver(secret);
    process.env.CONFLICT_TEST_WEBHOOK_SECRET = secret;
    try {
      const activities = createActivities(
        store,
        parseChannelConfig({ default: { webhook: { url: hook.url, secretEnv: 'CONFLICT_TEST_WEBHOOK_SECRET' } } }),
      );
      const notice: NoticeInput = {
        ...record('step/12/0'),
        kind: 'conference-notice',
        audience: 'voting-members',
        facts: { members: 30, leadDays: 7 },
      };
      const post = (runId: string, input: NoticeInput) =>
        inRun(runId).run<[NoticeInput], PostResult, typeof activities.postNotice>(activities.postNotice, input);
      const first = await post(FIRST_RUN, notice);
      const branch = await post(RESET_RUN, { ...notice, facts: { members: 30, leadDays: 9 } });
      expect(branch).toMatchObject({ noticeId: expect.any(String), duplicate: false });
      expect(branch.noticeId).not.toBe(first.noticeId);
      // Each branch's notice is delivered under its own key, as its delivery workflow sends it.
      for (const posted of [first, branch]) {
        for (const delivery of posted.deliveries) {
          await inRun(RESET_RUN).run(activities.deliverToRecipient, { ...delivery, noticeKey: posted.key });
        }
      }
      expect((await store.notice(Number(branch.noticeId)))!.key).toBe(`${notice.key}@${RESET_RUN}`);
      expect((await store.conflicts({ workflowId: WORKFLOW_ID })).map((c) => [c.record_table, c.differences])).toContainEqual([
        'notices',
        'facts',
      ]);
      // Both branches' notices reached the receiver, each under its own key: the first one's confirmation did not stop the second.
      expect(
        [...hook.state.stored.values()]
          .map((body) => body as { noticeKey: string; facts: { leadDays: number } })
          .map((b) => [b.noticeKey, b.facts.leadDays]),
      ).toEqual([
        [notice.key, 7],
        [`${notice.key}@${RESET_RUN}`, 9],
      ]);
    } finally {
      delete process.env.CONFLICT_TEST_WEBHOOK_SECRET;
      await hook.close();
    }
  });

  it("puts the reset branch's committee in office when it completes otherwise, keeping both outcomes", async () => {
    const activities = createActivities(store);
    const roster = demoRoster('Nanwan', 8);
    const completed = (elected: typeof roster): OutcomeInput => ({
      ...record('step/40/1', '2026-12-20T08:00:00.000Z'),
      status: 'completed',
      facts: { town: 'Heluo', village: 'Nanwan', term: 2026, seats: 3, elected, secretary: elected[0]!.id },
    });
    await inRun(FIRST_RUN).run(activities.recordOutcome, completed(roster.slice(0, 3)));
    await inRun(RESET_RUN).run(activities.recordOutcome, completed(roster.slice(3, 6)));
    expect((await store.outcomes({ town: 'Heluo' })).filter((o) => o.workflow_id === WORKFLOW_ID)).toHaveLength(2);
    const committee = await store.committee(WORKFLOW_ID);
    expect(committee!.members.map((m) => m.member_id).sort()).toEqual(
      roster
        .slice(3, 6)
        .map((m) => m.id)
        .sort(),
    );
    expect(committee!.secretary_id).toBe(roster[3]!.id);
  });
});
