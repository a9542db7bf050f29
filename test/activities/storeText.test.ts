import type { NoticeInput, RefusalInput } from '../../activities/contract';
import { renderNotice } from '../../activities/notices';
import type { OutcomeStore } from '../../activities/store';
import { NUL_STAND_IN } from '../../activities/store/nulFree';
import { STORE_KINDS, tempStore } from '../support/stores';

const WORKFLOW_ID = 'reelection/2026/Heluo/Xishan';
const record = (step: string) => ({
  key: `${WORKFLOW_ID}/run-1/${step}`,
  workflowId: WORKFLOW_ID,
  town: 'Heluo',
  village: 'Xishan',
  term: 2026,
  at: '2026-11-24T08:00:00.000Z',
});

describe.each(STORE_KINDS)('text with NUL (U+0000) written to the outcome store on %s', (kind) => {
  let store: OutcomeStore;
  beforeAll(async () => {
    store = await tempStore(kind);
  });
  afterAll(() => store?.close());

  // PostgreSQL refuses U+0000 in text: the write failed, and the activity's retries failed the same way for ever.
  const refusal: RefusalInput = {
    ...record('refusal/1'),
    type: 'APPROVE\0SLATE',
    by: { id: 'wang\0li', role: 'town-committee' },
    code: 'BAD_PAYLOAD',
    reason: 'candidates.0: got "m\0" (accepted: a member id)',
    via: 'signal',
  };

  it('is stored with each NUL as U+2400, the same on every write', async () => {
    await expect(store.addRefusal(refusal)).resolves.toEqual({ duplicate: false });
    expect(await store.refusals(WORKFLOW_ID)).toEqual([
      {
        key: refusal.key,
        type: `APPROVE${NUL_STAND_IN}SLATE`,
        code: 'BAD_PAYLOAD',
        reason: `candidates.0: got "m${NUL_STAND_IN}" (accepted: a member id)`,
        via: 'signal',
      },
    ]);
  });

  it('keeps an identical retry a duplicate', async () => {
    await expect(store.addRefusal(refusal)).resolves.toEqual({ duplicate: true });
  });

  it('reaches a notice, its rendering and its deliveries', async () => {
    const notice: NoticeInput = {
      ...record('step/9/0'),
      kind: 'election-cancelled',
      audience: 'village-board',
      facts: { reason: 'flood\0damage' },
    };
    const { noticeId } = await store.addNotice(notice, renderNotice(notice));
    const stored = await store.notice(Number(noticeId));
    expect(stored!.markdown).toContain(`flood${NUL_STAND_IN}damage`);
    expect(stored!.markdown).not.toContain('\0');
    expect(JSON.parse(stored!.facts)).toEqual({ reason: 'flood\0damage' });
    const key = `${notice.key}/webhook/hook\0one`;
    await store.recordAttempt({ noticeKey: notice.key, channel: 'webhook', recipient: 'hook\0one', idempotencyKey: key, at: notice.at });
    await store.recordFailed(key, notice.at, 'HTTP 500: \0');
    expect(await store.deliveries(notice.key)).toEqual([
      expect.objectContaining({ recipient: `hook${NUL_STAND_IN}one`, lastError: `HTTP 500: ${NUL_STAND_IN}`, state: 'failed' }),
    ]);
  });
});
