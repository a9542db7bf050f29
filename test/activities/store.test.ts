import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import type { DecisionInput, NoticeInput, OutcomeInput } from '../../activities/contract';
import { tempStore } from '../support/election';

const key = (step: string) => ({ key: `reelection/2026/Heluo/Xishan/${step}`, workflowId: 'reelection/2026/Heluo/Xishan', town: 'Heluo', village: 'Xishan', term: 2026, at: '2026-11-24T08:00:00.000Z' });

describe('the outcome store under activity retries', () => {
  const store = tempStore();
  const activities = createActivities(store);
  afterAll(() => store.close());

  it('records a retried decision once and tells the retry it was a duplicate', async () => {
    const decision: DecisionInput = { ...key('decision/3'), seq: 3, type: 'APPROVE_START', by: { id: 'wang.li', role: 'town-committee' }, stage: 'startApproval', payload: { seats: 5 } };
    await expect(activities.recordDecision(decision)).resolves.toEqual({ duplicate: false });
    await expect(activities.recordDecision(decision)).resolves.toEqual({ duplicate: true });
    expect(store.decisions(decision.workflowId)).toHaveLength(1);
  });

  it('posts a retried notice once and returns the same notice id', async () => {
    const notice: NoticeInput = { ...key('step/7/0'), kind: 'conference-notice', audience: 'voting-members', facts: { members: 30, leadDays: 7 } };
    // The notice activity logs through its activity context, which this environment provides.
    const env = new MockActivityEnvironment();
    const first = (await env.run(activities.sendNotice, notice)) as { noticeId: string };
    const retry = await env.run(activities.sendNotice, notice);
    expect(retry).toEqual({ noticeId: first.noticeId, duplicate: true });
    const posted = store.notices({ village: 'Xishan' }).filter((n) => n.kind === 'conference-notice');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toContain('**Members called:** 30');
    expect(posted[0]!.body).toContain('**Notice given:** 7 day(s) before the conference');
  });

  it('keeps one outcome per step, and a later outcome of the same village beside it', async () => {
    const postponed: OutcomeInput = { ...key('step/4/2'), status: 'postponed', facts: {} };
    const completed: OutcomeInput = { ...key('step/40/1'), status: 'completed', facts: {} };
    await activities.recordOutcome(postponed);
    await activities.recordOutcome(postponed);
    await activities.recordOutcome(completed);
    expect(store.outcomes({ town: 'Heluo' }).map((o) => o.status)).toEqual(['postponed', 'completed']);
  });
});
