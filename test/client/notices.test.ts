import type { NoticeInput } from '../../activities/contract';
import { renderNotice as renderedNotice } from '../../activities/notices';
import type { OutcomeStore } from '../../activities/store';
import { runCli as run } from '../support/cliInProcess';
import { STORE_KINDS, storeUrl, tempStore } from '../support/stores';

const WORKFLOW_ID = 'reelection/2026/Heluo/Xishan';
const notice: NoticeInput = {
  key: `${WORKFLOW_ID}/run-1/step/7/0`,
  workflowId: WORKFLOW_ID,
  town: 'Heluo',
  village: 'Xishan',
  term: 2026,
  at: '2026-11-24T08:00:00.000Z',
  kind: 'conference-notice',
  audience: 'voting-members',
  facts: { members: 30, leadDays: 7 },
};

describe.each(STORE_KINDS)('election notices and election notice show on %s', (kind) => {
  let store: OutcomeStore;
  let id: string;
  /** SQLite through --store FILE, PostgreSQL through DATABASE_URL: the two ways a person names the store. */
  const storeArgs = () => (kind === 'SQLite' ? ['--store', store.location] : []);
  const oldUrl = process.env.DATABASE_URL;

  /** A notice of step `step` to `audience`, stored with one planned delivery per [channel, recipient]. */
  async function post(step: number, audience: NoticeInput['audience'], deliveries: [channel: 'email' | 'webhook', recipient: string][]) {
    const n: NoticeInput = { ...notice, key: `${WORKFLOW_ID}/run-1/step/${step}/0`, audience };
    const planned = deliveries.map(([channel, recipient]) => ({ channel, recipient, idempotencyKey: `${n.key}/${channel}/${recipient}` }));
    const { noticeId } = await store.postNotice(n, renderedNotice(n), planned);
    return { noticeId, key: (i: number) => planned[i]!.idempotencyKey };
  }
  const at = (second: number) => `2026-11-24T08:00:${String(second).padStart(2, '0')}.000Z`;

  beforeAll(async () => {
    store = await tempStore(kind);
    if (kind === 'PostgreSQL') process.env.DATABASE_URL = storeUrl(store);
    // Delivered: the outbox only. Failed: a mistyped address refused for good. Pending: a receiver down, tried twice.
    ({ noticeId: id } = await store.addNotice(notice, renderedNotice(notice)));
    const refused = await post(8, 'voting-members', [
      ['email', 'voting-memebrs@heluo.example'],
      ['webhook', 'https://board.example/hook'],
    ]);
    await store.recordAttempt({
      noticeKey: `${WORKFLOW_ID}/run-1/step/8/0`,
      channel: 'email',
      recipient: 'voting-memebrs@heluo.example',
      idempotencyKey: refused.key(0),
      at: at(1),
    });
    await store.recordFailed(refused.key(0), at(2), "Can't send mail - all recipients were rejected: 550 5.1.1 mailbox unavailable");
    await store.recordAttempt({
      noticeKey: `${WORKFLOW_ID}/run-1/step/8/0`,
      channel: 'webhook',
      recipient: 'https://board.example/hook',
      idempotencyKey: refused.key(1),
      at: at(1),
    });
    await store.recordConfirmed(refused.key(1), at(2), 'HTTP 200');
    const waiting = await post(9, 'village-board', [['webhook', 'https://board.example/hook']]);
    for (const second of [3, 5]) {
      await store.recordAttempt({
        noticeKey: `${WORKFLOW_ID}/run-1/step/9/0`,
        channel: 'webhook',
        recipient: 'https://board.example/hook',
        idempotencyKey: waiting.key(0),
        at: at(second),
      });
      await store.recordRetry(waiting.key(0), at(second + 1), 'fetch failed (connect ECONNREFUSED 127.0.0.1:8443)');
    }
    await post(10, 'village-board', [['email', 'board@heluo.example']]);
    // A notice of another town, refused for good: --town keeps it out of Heluo's count.
    const elsewhere: NoticeInput = {
      ...notice,
      key: `reelection/2026/Other/Dongcun/run-1/step/3/0`,
      workflowId: 'reelection/2026/Other/Dongcun',
      town: 'Other',
      village: 'Dongcun',
    };
    await store.postNotice(elsewhere, renderedNotice(elsewhere), [
      { channel: 'webhook', recipient: 'https://other.example', idempotencyKey: 'other-hook' },
    ]);
    await store.recordFailed('other-hook', at(9), 'HTTP 404 Not Found');
  });
  afterAll(async () => {
    if (oldUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oldUrl;
    await store?.close();
  });

  it('lists each notice with its state, its delivery state per channel, and why a delivery failed or is retried', async () => {
    const { code, out } = await run(['notices', '--village', 'Xishan', ...storeArgs()]);
    expect(code).toBe(0);
    expect(out).toContain('Notice of the Party member conference');
    const row = (step: string) => out.split('\n').find((line) => line.startsWith(`${step} `))!;
    expect(row(id)).toMatch(/ delivered +outbox: posted$/);
    expect(out).toMatch(/ failed +outbox: posted; email: failed; webhook: confirmed\n/);
    expect(out).toMatch(/ pending +outbox: posted; webhook: sending\n/);
    expect(out).toContain(
      "email to voting-memebrs@heluo.example failed after 1 try: Can't send mail - all recipients were rejected: 550 5.1.1 mailbox unavailable",
    );
    expect(out).toContain(
      'webhook to https://board.example/hook retrying after 2 tries: fetch failed (connect ECONNREFUSED 127.0.0.1:8443)',
    );
    expect(out).toContain('4 notice(s): 2 pending, 1 delivered, 1 failed');
  });

  it('lists only the notices of one state with --state, and says which states exist when given another', async () => {
    const failed = await run(['notices', '--state', 'failed', '--json', ...storeArgs()]);
    expect(failed.code).toBe(0);
    const listed = JSON.parse(failed.out) as { town: string; state: string; deliveries: { state: string; lastError: string }[] }[];
    expect(listed.map((n) => [n.town, n.state])).toEqual([
      ['Heluo', 'failed'],
      ['Other', 'failed'],
    ]);
    expect(listed[0]!.deliveries.map((d) => d.state)).toEqual(['failed', 'confirmed']);
    const wrong = await run(['notices', '--state', 'lost', ...storeArgs()]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--state: got "lost"; expected one of pending, delivered, failed');
  });

  it('counts the failed notices for an alert: the number, and exit 1 when there is any', async () => {
    const heluo = await run(['notices', '--count-failed', '--town', 'Heluo', ...storeArgs()]);
    expect(heluo).toMatchObject({ code: 1, out: '1\n' });
    const all = await run(['notices', '--count-failed', '--json', ...storeArgs()]);
    expect(all.code).toBe(1);
    expect(JSON.parse(all.out)).toEqual({ pending: 2, delivered: 1, failed: 2 });
    const none = await run(['notices', '--count-failed', '--village', 'Nowhere', ...storeArgs()]);
    expect(none).toMatchObject({ code: 0, out: '0\n' });
  });

  it('prints a notice as the board would post it: the Markdown, or the HTML with --html', async () => {
    const markdown = await run(['notice', 'show', id, ...storeArgs()]);
    expect(markdown.code).toBe(0);
    expect(markdown.out).toBe(renderedNotice(notice).markdown);
    expect(markdown.err).toContain('conference-notice · to voting-members');
    expect(markdown.err).toContain('· delivered · outbox: posted');
    const html = await run(['notice', 'show', id, '--html', ...storeArgs()]);
    expect(html.out).toBe(renderedNotice(notice).html);
  });

  it('says which notice ids exist when asked for one that does not', async () => {
    const { code, err } = await run(['notice', 'show', '99999', ...storeArgs()]);
    expect(code).toBe(2);
    expect(err).toContain('notice id: got 99999; no such notice in the outbox');
  });
});

describe('election notices on a store that is not there', () => {
  it('refuses a bad DATABASE_URL, naming it, its value and what it accepts', async () => {
    const old = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'sqlite:///tmp/x.db';
    try {
      const { code, err } = await run(['notices']);
      expect(code).toBe(2);
      expect(err).toContain('DATABASE_URL: got a "sqlite" URL (sqlite:///tmp/x.db); expected postgres:// or postgresql://');
    } finally {
      if (old === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = old;
    }
  });

  it('refuses a --store file that does not exist rather than create it', async () => {
    const { code, err } = await run(['notices', '--store', '/nonexistent/outcomes.sqlite']);
    expect(code).toBe(2);
    expect(err).toContain('--store: no outcome store at "/nonexistent/outcomes.sqlite"');
  });
});
