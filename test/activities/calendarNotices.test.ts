import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { workerModeFromEnv } from '../../activities/workerMode';
import type { OutcomeStore } from '../../activities/store';
import type { CalendarYear } from '../../machines/rules';
import { STORE_KINDS, tempStore } from '../support/stores';

const notice2027: CalendarYear = {
  year: 2027,
  notice: { title: '国务院办公厅关于2027年部分节假日安排的通知', number: '国办发明电〔2026〕99号', issuedOn: '2026-11-10' },
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  makeUpWorkdays: ['2027-01-09'],
};

describe.each(STORE_KINDS)('the holiday notices an office loaded, on %s', (kind) => {
  let store: OutcomeStore;
  beforeAll(async () => {
    store = await tempStore(kind);
  });
  afterAll(() => store?.close());

  it('keeps a notice by year, a later load of the same year replacing it', async () => {
    await store.saveCalendarNotice(notice2027, '2026-11-11T01:00:00.000Z');
    const corrected = { ...notice2027, holidays: [...notice2027.holidays, '2027-01-04'] };
    await store.saveCalendarNotice(corrected, '2026-11-12T01:00:00.000Z');
    expect(await store.calendarNotices()).toEqual({ years: [{ ...corrected, loadedAt: '2026-11-12T01:00:00.000Z' }], unreadable: [] });
  });

  it('gives the worker mode and the loaded years to each election that starts', async () => {
    const env = new MockActivityEnvironment();
    const facts = await env.run(createActivities(store, undefined, { mode: 'demo' }).workerFacts);
    expect(facts).toEqual({ mode: 'demo', calendar: [expect.objectContaining({ year: 2027, notice: notice2027.notice })] });
  });
});

describe("the worker's mode", () => {
  it('is production unless ELECTION_WORKER_MODE says demo or test, and an unknown value stops the worker', () => {
    expect(workerModeFromEnv({})).toBe('production');
    expect(workerModeFromEnv({ ELECTION_WORKER_MODE: 'demo' })).toBe('demo');
    expect(() => workerModeFromEnv({ ELECTION_WORKER_MODE: 'dev' })).toThrow(
      'ELECTION_WORKER_MODE: got "dev"; accepted: production, demo, test (unset means production)',
    );
  });
});
