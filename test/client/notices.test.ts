import type { NoticeInput } from '../../activities/contract';
import { renderNotice as renderedNotice } from '../../activities/notices';
import type { OutcomeStore } from '../../activities/store';
import { main } from '../../client/cli';
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

/** Runs the CLI and returns its exit code and what it printed. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true)),
  ];
  try {
    return { code: await main(argv), out, err };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

describe.each(STORE_KINDS)('election notices and election notice show on %s', (kind) => {
  let store: OutcomeStore;
  let id: string;
  /** SQLite through --store FILE, PostgreSQL through DATABASE_URL: the two ways a person names the store. */
  const storeArgs = () => (kind === 'SQLite' ? ['--store', store.location] : []);
  const oldUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    store = await tempStore(kind);
    if (kind === 'PostgreSQL') process.env.DATABASE_URL = storeUrl(store);
    ({ noticeId: id } = await store.addNotice(notice, renderedNotice(notice)));
    const attempt = {
      noticeKey: notice.key,
      channel: 'webhook' as const,
      recipient: 'https://board.example/hook',
      idempotencyKey: `${notice.key}/webhook`,
      at: '2026-11-24T08:00:01.000Z',
    };
    await store.recordAttempt(attempt);
    await store.recordFailed(attempt.idempotencyKey, '2026-11-24T08:00:02.000Z', 'HTTP 503');
  });
  afterAll(async () => {
    if (oldUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oldUrl;
    await store?.close();
  });

  it('lists each notice with its delivery state per channel', async () => {
    const { code, out } = await run(['notices', '--village', 'Xishan', ...storeArgs()]);
    expect(code).toBe(0);
    expect(out).toContain('Notice of the Party member conference');
    expect(out).toContain('outbox: posted; webhook: failed');
  });

  it('prints a notice as the board would post it: the Markdown, or the HTML with --html', async () => {
    const markdown = await run(['notice', 'show', id, ...storeArgs()]);
    expect(markdown.code).toBe(0);
    expect(markdown.out).toBe(renderedNotice(notice).markdown);
    expect(markdown.err).toContain('conference-notice · to voting-members');
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
