import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import type { DecisionInput, NoticeInput, OutcomeInput, RefusalInput } from '../../activities/contract';
import { renderNotice } from '../../activities/notices';
import { openStore, type OutcomeStore } from '../../activities/store';
import { demoRoster } from '../../client/demo/heluo';
import { SCRIPTED_PEOPLE } from '../../client/demo/townOffice';
import { decisionSchemas, type DecisionType } from '../../machines/events';
import { STORE_KINDS, storeUrl, tempStore } from '../support/stores';

const WORKFLOW_ID = 'reelection/2026/Heluo/Xishan';
const FIRST_RUN = '0198c1a2-5f1e-7d4e-9a51-2f7c3b6e8d01';
const record = (step: string, at = '2026-11-24T08:00:00.000Z') => ({
  key: `${WORKFLOW_ID}/${FIRST_RUN}/${step}`,
  workflowId: WORKFLOW_ID,
  town: 'Heluo',
  village: 'Xishan',
  term: 2026,
  at,
});

/** A decision as the workflow records it: validated by its own schema, then `type`, `by` and `at` taken off the payload. */
function decision(seq: number, type: DecisionType, fields: Record<string, unknown>, stage = 'conference'): DecisionInput {
  const role = decisionRolesFor(type);
  const {
    type: _t,
    by,
    at: _at,
    ...payload
  } = decisionSchemas[type].parse({ type, by: SCRIPTED_PEOPLE[role], ...fields }) as Record<string, unknown>;
  return { ...record(`decision/${seq}`), seq, type, by: by as DecisionInput['by'], stage, payload };
}
const decisionRolesFor = (type: DecisionType) =>
  type === 'CONFIRM_COUNT' ? 'scrutineer' : type.startsWith('APPROVE') ? 'town-committee' : 'guidance-group';

const roster = demoRoster('Xishan', 12);
const [m1, m2, m3, m4] = roster.map((m) => m.id);

describe.each(STORE_KINDS)('the outcome store on %s', (kind) => {
  let store: OutcomeStore;
  beforeAll(async () => {
    store = await tempStore(kind);
  });
  afterAll(() => store?.close());

  it('applies its migrations from empty, and opening it again applies nothing twice', async () => {
    expect(await store.migrations()).toEqual([
      '0001_initial',
      '0002_record_conflicts',
      '0003_planned_deliveries',
      '0004_calendar_notices',
      '0005_people_registry',
      '0006_decision_chain',
      '0007_desk_accounts',
      '0008_codec_requests',
      '0009_papers',
    ]);
    const again = await openStore(kind === 'SQLite' ? { file: store.location } : { url: storeUrl(store) });
    try {
      expect(await again.migrations()).toEqual([
        '0001_initial',
        '0002_record_conflicts',
        '0003_planned_deliveries',
        '0004_calendar_notices',
        '0005_people_registry',
        '0006_decision_chain',
        '0007_desk_accounts',
        '0008_codec_requests',
        '0009_papers',
      ]);
    } finally {
      await again.close();
    }
    const names = (await store.tables()).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'villages',
        'terms',
        'decisions',
        'recommendations',
        'recommendation_tallies',
        'ballot_rounds',
        'ballot_tallies',
        'elected_committees',
        'committee_members',
        'outcomes',
        'notices',
        'notice_deliveries',
      ]),
    );
  });

  it('records a retried decision once and tells the retry it was a duplicate', async () => {
    const approve = decision(
      3,
      'APPROVE_START',
      { seats: 5, electsDeputy: true, method: 'two-recommendations-one-election' },
      'startApproval',
    );
    await expect(store.addDecision(approve)).resolves.toEqual({ duplicate: false });
    await expect(store.addDecision(approve)).resolves.toEqual({ duplicate: true });
    const rows = await store.decisions(WORKFLOW_ID);
    expect(rows.filter((r) => r.key === approve.key)).toHaveLength(1);
    expect(JSON.parse(rows.find((r) => r.key === approve.key)!.payload)).toEqual({
      seats: 5,
      electsDeputy: true,
      method: 'two-recommendations-one-election',
    });
  });

  it('keeps a refused decision beside the accepted ones, rejected with its reason, once', async () => {
    const refusal: RefusalInput = {
      ...record('refusal/1'),
      type: 'APPROVE_SLATE',
      by: SCRIPTED_PEOPLE['town-committee'],
      code: 'WRONG_STAGE',
      reason: 'APPROVE_SLATE is not possible at stage Investigation',
      via: 'signal',
    };
    await expect(store.addRefusal(refusal)).resolves.toEqual({ duplicate: false });
    await expect(store.addRefusal(refusal)).resolves.toEqual({ duplicate: true });
    expect(await store.refusals(WORKFLOW_ID)).toEqual([
      { key: refusal.key, type: 'APPROVE_SLATE', code: 'WRONG_STAGE', reason: refusal.reason, via: 'signal' },
    ]);
    expect((await store.decisions(WORKFLOW_ID)).map((d) => d.key)).not.toContain(refusal.key);
  });

  it('knows the village and the term (workflow id and first run) from the first record', async () => {
    expect(await store.terms({ workflowId: WORKFLOW_ID })).toEqual([
      expect.objectContaining({
        id: `${WORKFLOW_ID}/${FIRST_RUN}`,
        first_run_id: FIRST_RUN,
        town: 'Heluo',
        village: 'Xishan',
        term: 2026,
        status: 'running',
      }),
    ]);
  });

  it('stores the votes per nominee of each recommendation round', async () => {
    const tally = { participants: 11, ballotsIssued: 11, ballotsReturned: 10, votes: { [m1!]: 9, [m2!]: 8, [m3!]: 4 } };
    const members = decision(6, 'RECORD_MEMBER_RECOMMENDATION', { tally }, 'memberRecommendation');
    const masses = decision(
      7,
      'RECORD_MASS_RECOMMENDATION',
      { tally: { ...tally, participants: 20, ballotsIssued: 20, ballotsReturned: 20 } },
      'massRecommendation',
    );
    await store.addDecision(members);
    await store.addDecision(members);
    await store.addDecision(masses);
    const rounds = await store.recommendations(WORKFLOW_ID);
    expect(rounds.map((r) => [r.kind, r.participants, r.ballots_issued, r.ballots_returned])).toEqual([
      ['party-members', 11, 11, 10],
      ['masses', 20, 20, 20],
    ]);
    expect(Object.fromEntries(rounds[0]!.tallies.map((t) => [t.nominee_id, t.votes]))).toEqual(tally.votes);
  });

  it('stores each ballot round in order with its totals, votes per candidate and write-ins, and the scrutineer confirming it', async () => {
    const first = decision(20, 'RECORD_ROUND', {
      votersPresent: 10,
      ballotsIssued: 10,
      ballotsReturned: 10,
      validBallots: 9,
      invalidBallots: 1,
      votes: { [m1!]: 8, [m2!]: 3 },
      writeIns: { 'Li Si': 1 },
      disapprovedCandidates: [m2!, m4!],
    });
    await store.addDecision(first);
    await store.addDecision(first);
    await store.addDecision(decision(21, 'CONFIRM_COUNT', {}));
    await store.addDecision(
      decision(22, 'RECORD_ROUND', {
        votersPresent: 10,
        ballotsIssued: 10,
        ballotsReturned: 10,
        validBallots: 10,
        invalidBallots: 0,
        votes: { [m2!]: 7 },
      }),
    );
    const rounds = await store.ballotRounds(WORKFLOW_ID);
    expect(
      rounds.map((r) => [r.round_no, r.voters_present, r.ballots_issued, r.ballots_returned, r.valid_ballots, r.invalid_ballots]),
    ).toEqual([
      [1, 10, 10, 10, 9, 1],
      [2, 10, 10, 10, 10, 0],
    ]);
    expect(rounds[0]!.confirmed_by_id).toBe(SCRIPTED_PEOPLE.scrutineer.id);
    expect(rounds[1]!.confirmed_by_id).toBeNull();
    expect(rounds[0]!.tallies.map((t) => [t.source, t.candidate, t.votes, t.disapproved])).toEqual([
      ['candidate', m1, 8, 0],
      ['candidate', m2, 3, 1],
      ['candidate', m4, 0, 1],
      ['write-in', 'Li Si', 1, 0],
    ]);
  });

  it('keeps the elected committee with each member post and the attributes the town report counts', async () => {
    const elected = roster.slice(0, 3);
    const outcome: OutcomeInput = {
      ...record('step/40/1', '2026-12-20T08:00:00.000Z'),
      status: 'completed',
      facts: {
        town: 'Heluo',
        village: 'Xishan',
        term: 2026,
        seats: 3,
        method: 'two-recommendations-one-election',
        form: 'committee',
        elected,
        secretary: elected[1]!.id,
        deputy: elected[0]!.id,
      },
    };
    await expect(store.addOutcome(outcome)).resolves.toEqual({ duplicate: false });
    await expect(store.addOutcome(outcome)).resolves.toEqual({ duplicate: true });
    const committee = await store.committee(WORKFLOW_ID);
    expect(committee).toMatchObject({ seats: 3, secretary_id: elected[1]!.id, deputy_id: elected[0]!.id, elected_at: outcome.at });
    expect(committee!.members.map((m) => [m.member_id, m.post, m.gender, m.birth_date, m.education])).toEqual([
      [elected[1]!.id, 'secretary', elected[1]!.gender, elected[1]!.birthDate, elected[1]!.education],
      [elected[0]!.id, 'deputy', elected[0]!.gender, elected[0]!.birthDate, elected[0]!.education],
      [elected[2]!.id, 'member', elected[2]!.gender, elected[2]!.birthDate, elected[2]!.education],
    ]);
    expect((await store.terms({ workflowId: WORKFLOW_ID }))[0]).toMatchObject({ status: 'completed', status_at: outcome.at });
    expect((await store.outcomes({ town: 'Heluo', term: 2026 })).map((o) => o.status)).toEqual(['completed']);
    expect(await store.latestTerm('Heluo')).toBe(2026);
  });

  it('keeps one outcome per step, and a later outcome of the same village beside it', async () => {
    const other = { ...record('x'), workflowId: 'reelection/2026/Heluo/Beiwang', village: 'Beiwang' };
    const postponed: OutcomeInput = { ...other, key: `${other.workflowId}/${FIRST_RUN}/step/4/2`, status: 'postponed', facts: {} };
    const completed: OutcomeInput = {
      ...other,
      key: `${other.workflowId}/${FIRST_RUN}/step/40/1`,
      status: 'completed',
      facts: {},
      at: '2026-12-01T08:00:00.000Z',
    };
    await store.addOutcome(postponed);
    await store.addOutcome(postponed);
    await store.addOutcome(completed);
    expect((await store.outcomes({ town: 'Heluo' })).filter((o) => o.village === 'Beiwang').map((o) => o.status)).toEqual([
      'postponed',
      'completed',
    ]);
  });

  it('posts a retried notice once, as Markdown and HTML, and returns the same notice id', async () => {
    const activities = createActivities(store);
    const notice: NoticeInput = {
      ...record('step/7/0'),
      kind: 'conference-notice',
      audience: 'voting-members',
      facts: { members: 30, leadDays: 7 },
    };
    // The notice activity logs through its activity context, which this environment provides.
    const env = new MockActivityEnvironment();
    const first: { noticeId: string } = await env.run(activities.sendNotice, notice);
    const retry = await env.run(activities.sendNotice, notice);
    expect(retry).toEqual({ noticeId: first.noticeId, duplicate: true });
    const posted = (await store.notices({ village: 'Xishan' })).filter((n) => n.kind === 'conference-notice');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.markdown).toContain('- **Members called:** 30');
    expect(posted[0]!.markdown).toContain('- **Notice given:** 7 day(s) before the conference');
    expect(posted[0]!.html).toContain('<h1>Notice of the Party member conference (党员大会)</h1>');
    expect(posted[0]!.html).toContain('<tr><th scope="row">Members called</th><td>30</td></tr>');
    expect(posted[0]!.html).toContain('Proxy voting is not allowed.');
    expect(JSON.parse(posted[0]!.facts)).toEqual({ members: 30, leadDays: 7 });
    expect((await store.notice(Number(first.noticeId)))?.key).toBe(notice.key);
  });

  it('escapes what a notice quotes in its HTML', async () => {
    const notice: NoticeInput = {
      ...record('step/9/0'),
      kind: 'election-cancelled',
      audience: 'village-board',
      facts: { reason: '<script>alert(1)</script> & more' },
    };
    await store.addNotice(notice, renderNotice(notice));
    const stored = (await store.notices({ workflowId: WORKFLOW_ID })).find((n) => n.key === notice.key)!;
    expect(stored.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(stored.html).not.toContain('<script>');
  });

  describe('the delivery ledger', () => {
    const noticeKey = record('step/7/0').key;
    const attempt = {
      noticeKey,
      channel: 'email' as const,
      recipient: 'board@xishan.example',
      idempotencyKey: `${noticeKey}/email/board@xishan.example`,
    };

    it('counts attempts, keeps the last error, and is confirmed only once the recipient answered', async () => {
      expect(await store.isConfirmed(attempt.idempotencyKey)).toBe(false);
      await store.recordAttempt({ ...attempt, at: '2026-11-24T08:00:01.000Z' });
      await store.recordRetry(attempt.idempotencyKey, '2026-11-24T08:00:02.000Z', 'connect ECONNREFUSED 127.0.0.1:2525');
      expect(await store.isConfirmed(attempt.idempotencyKey)).toBe(false);
      await store.recordAttempt({ ...attempt, at: '2026-11-24T08:00:05.000Z' });
      await store.recordConfirmed(attempt.idempotencyKey, '2026-11-24T08:00:06.000Z', '250 2.0.0 Ok: queued');
      expect(await store.isConfirmed(attempt.idempotencyKey)).toBe(true);
      expect(await store.deliveries(noticeKey)).toEqual([
        {
          channel: 'email',
          recipient: attempt.recipient,
          idempotencyKey: attempt.idempotencyKey,
          state: 'confirmed',
          attempts: 2,
          lastError: null,
          confirmedAt: '2026-11-24T08:00:06.000Z',
          receipt: '250 2.0.0 Ok: queued',
        },
      ]);
    });

    it('keeps the first confirmation when a retry confirms or fails again', async () => {
      await store.recordConfirmed(attempt.idempotencyKey, '2026-11-24T09:00:00.000Z', '250 again');
      await store.recordFailed(attempt.idempotencyKey, '2026-11-24T09:00:01.000Z', 'late failure');
      await store.recordAttempt({ ...attempt, at: '2026-11-24T09:00:02.000Z' });
      expect(await store.deliveries(noticeKey)).toEqual([
        expect.objectContaining({
          state: 'confirmed',
          confirmedAt: '2026-11-24T08:00:06.000Z',
          receipt: '250 2.0.0 Ok: queued',
          lastError: null,
        }),
      ]);
    });

    it('shows each notice with its deliveries', async () => {
      const notice = (await store.notices({ workflowId: WORKFLOW_ID })).find((n) => n.key === noticeKey)!;
      expect(notice.deliveries.map((d) => [d.channel, d.state])).toEqual([['email', 'confirmed']]);
      expect((await store.notice(notice.id))!.deliveries).toHaveLength(1);
    });

    it('refuses to confirm a delivery that was never attempted, naming the key', async () => {
      await expect(store.recordConfirmed('no-such-key', '2026-11-24T09:00:00.000Z', '200')).rejects.toThrow(
        'recordConfirmed: idempotency key "no-such-key" has no delivery; call recordAttempt first',
      );
    });
  });

  describe('secret ballots', () => {
    /** Columns that could name the member who cast or marked a ballot. */
    const VOTER = /voter_id|member_id|by_id|cast_by|marked_by|ballot_id|ballot_no|voted_by/;
    /** Columns that could name whom a ballot chose. */
    const CHOICE = /candidate|nominee|choice|votes?$|in_favour|disapproved/;

    it('has no table where a column naming a voter stands beside a column naming a choice', async () => {
      for (const table of await store.tables()) {
        const voterColumns = table.columns.filter((c) => VOTER.test(c));
        const choiceColumns = table.columns.filter((c) => CHOICE.test(c));
        expect({
          table: table.name,
          link: voterColumns.length > 0 && choiceColumns.length > 0 ? { voterColumns, choiceColumns } : null,
        }).toEqual({ table: table.name, link: null });
      }
    });

    it('keeps only totals per round: the ballot tables hold these columns and no other', async () => {
      const columns = Object.fromEntries(
        (await store.tables()).filter((t) => t.name.startsWith('ballot_')).map((t) => [t.name, [...t.columns].sort()]),
      );
      expect(columns).toEqual({
        ballot_rounds: [
          'at',
          'ballots_issued',
          'ballots_returned',
          'confirmed_at',
          'confirmed_by_id',
          'decision_key',
          'decision_seq',
          'invalid_ballots',
          'round_no',
          'term_id',
          'valid_ballots',
          'voters_present',
        ],
        ballot_tallies: ['candidate', 'decision_key', 'disapproved', 'source', 'votes'],
      });
    });

    it('refuses a round that names how a member voted before it reaches the store', () => {
      const perVoter = {
        votersPresent: 2,
        ballotsIssued: 2,
        ballotsReturned: 2,
        validBallots: 2,
        invalidBallots: 0,
        votes: { [m1!]: 2 },
        ballots: [{ voter: m3, inFavour: [m1] }],
      };
      expect(
        decisionSchemas.RECORD_ROUND.safeParse({ type: 'RECORD_ROUND', by: SCRIPTED_PEOPLE['guidance-group'], ...perVoter }).success,
      ).toBe(false);
    });
  });
});

describe('the outcome store on a bad DATABASE_URL', () => {
  it('names the field, the value and what it accepts', async () => {
    await expect(openStore({ url: 'mysql://root@localhost/outcomes' })).rejects.toThrow(
      /^url: got a "mysql" URL \(mysql:\/\/root@localhost\/outcomes\); expected postgres:\/\/ or postgresql:\/\/, such as postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE/,
    );
  });

  it('never shows the password', async () => {
    const old = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://app:s3cret@127.0.0.1:1/outcomes';
    try {
      const failure = openStore();
      await expect(failure).rejects.toThrow(
        'could not open the outcome store on PostgreSQL at postgres://app:***@127.0.0.1:1/outcomes (DATABASE_URL)',
      );
      await expect(failure).rejects.not.toThrow('s3cret');
    } finally {
      if (old === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = old;
    }
  });
});
