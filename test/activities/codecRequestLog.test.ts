import type { OutcomeStore } from '../../activities/store';
import { STORE_KINDS, tempStore } from '../support/stores';

describe.each(STORE_KINDS)('the codec server’s log on %s', (kind) => {
  let store: OutcomeStore;
  beforeAll(async () => {
    store = await tempStore(kind);
    const author = { by: 'admin', at: '2026-12-01T00:00:00.000Z' };
    await store.registry.addPerson({ id: 'admin', name: '管理员' }, author);
    await store.registry.addPerson({ id: 'zhang.wei', name: '张伟' }, author);
  });
  afterAll(() => store?.close());

  const line = {
    personId: 'zhang.wei',
    action: 'decode',
    outcome: 'decoded',
    reason: null,
    payloads: 3,
    origin: 'http://127.0.0.1:8233',
    namespace: 'default',
    client: '127.0.0.1',
  } as const;

  it('keeps each call with its workflows sorted and once each, and reads them back by person, workflow and time', async () => {
    const a = 'reelection/2026/Heluo/Qilipu';
    const b = 'reelection/2026/Heluo/Lucun';
    await store.codecRequests.record({ ...line, at: '2026-12-03T01:00:00.000Z', workflowIds: [a, b, a] });
    await store.codecRequests.record({
      ...line,
      at: '2026-12-03T02:00:00.000Z',
      personId: null,
      outcome: 'refused',
      reason: 'signed-out',
      workflowIds: [b],
      payloads: 1,
    });
    expect(await store.codecRequests.lines()).toEqual([
      { ...line, at: '2026-12-03T01:00:00.000Z', workflowIds: [b, a] },
      expect.objectContaining({ personId: null, reason: 'signed-out', workflowIds: [b], payloads: 1 }),
    ]);
    expect((await store.codecRequests.lines({ person: 'zhang.wei' })).map((l) => l.at)).toEqual(['2026-12-03T01:00:00.000Z']);
    expect(await store.codecRequests.lines({ workflowId: a })).toHaveLength(1);
    expect(await store.codecRequests.lines({ workflowId: b })).toHaveLength(2);
    expect(await store.codecRequests.lines({ since: '2026-12-03T01:30:00.000Z' })).toHaveLength(1);
  });

  it('refuses a line naming a person the registry does not hold', async () => {
    await expect(
      store.codecRequests.record({ ...line, at: '2026-12-03T03:00:00.000Z', personId: 'nobody', workflowIds: [] }),
    ).rejects.toThrow();
  });
});
