import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../activities/store';

/** The store's tables before versioned migrations (user_version 1), as files written then still have them. */
const UNVERSIONED_SCHEMA = `CREATE TABLE decisions (
     key TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, town TEXT NOT NULL, village TEXT NOT NULL, term INTEGER NOT NULL,
     seq INTEGER NOT NULL, type TEXT NOT NULL, by_id TEXT NOT NULL, by_name TEXT, by_role TEXT NOT NULL,
     stage TEXT NOT NULL, payload TEXT NOT NULL, at TEXT NOT NULL);
   CREATE TABLE refusals (
     key TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, town TEXT NOT NULL, village TEXT NOT NULL, term INTEGER NOT NULL,
     type TEXT NOT NULL, by_id TEXT, by_role TEXT, code TEXT NOT NULL, reason TEXT NOT NULL, via TEXT NOT NULL, at TEXT NOT NULL);
   CREATE TABLE notices (
     id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, workflow_id TEXT NOT NULL, town TEXT NOT NULL,
     village TEXT NOT NULL, term INTEGER NOT NULL, kind TEXT NOT NULL, audience TEXT NOT NULL, title TEXT NOT NULL,
     body TEXT NOT NULL, facts TEXT NOT NULL, state TEXT NOT NULL, at TEXT NOT NULL);
   CREATE TABLE outcomes (
     key TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, town TEXT NOT NULL, village TEXT NOT NULL, term INTEGER NOT NULL,
     status TEXT NOT NULL, facts TEXT NOT NULL, at TEXT NOT NULL);
   CREATE INDEX decisions_by_village ON decisions (town, village, term, seq);
   CREATE INDEX notices_by_village ON notices (town, village, term, id);
   PRAGMA user_version = 1;`;

describe('a SQLite store written before versioned migrations', () => {
  it('is migrated with its records kept, each given its village, term and derived rows', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'outcomes-old-')), 'outcomes.sqlite');
    const old = new Database(file);
    old.exec(UNVERSIONED_SCHEMA);
    const wf = 'reelection/2026/Heluo/Nanwan';
    const key = (step: string) => `${wf}/run-1/${step}`;
    const where = (step: string, at: string) => [key(step), wf, 'Heluo', 'Nanwan', 2026, at];
    old.prepare('INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      ...where('decision/1', '2026-11-01T00:00:00.000Z').slice(0, 5), 1, 'RECORD_MEMBER_RECOMMENDATION', 'g1', null, 'guidance-group', 'memberRecommendation',
      JSON.stringify({ tally: { participants: 9, ballotsIssued: 9, ballotsReturned: 9, votes: { m01: 8 } } }), '2026-11-01T00:00:00.000Z',
    );
    old.prepare('INSERT INTO refusals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(...where('refusal/1', '2026-11-02T00:00:00.000Z').slice(0, 5), 'CANCEL', null, null, 'BAD_PAYLOAD', 'reason: required', 'signal', '2026-11-02T00:00:00.000Z');
    old.prepare("INSERT INTO notices (key, workflow_id, town, village, term, kind, audience, title, body, facts, state, at) VALUES (?, ?, ?, ?, ?, 'start-approved', 'village-board', 'Approval', ?, '{}', 'in-outbox', ?)").run(
      ...where('step/3/0', '2026-11-03T00:00:00.000Z').slice(0, 5), '# Approval\n\nStart with 5 seats.\n', '2026-11-03T00:00:00.000Z',
    );
    old.prepare('INSERT INTO outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(...where('step/40/1', '2026-12-01T00:00:00.000Z').slice(0, 5), 'cancelled', '{}', '2026-12-01T00:00:00.000Z');
    old.close();

    const store = await openStore({ file });
    try {
      expect(await store.migrations()).toEqual(['0001_initial', '0002_record_conflicts']);
      expect((await store.decisions(wf)).map((d) => d.type)).toEqual(['RECORD_MEMBER_RECOMMENDATION']);
      expect((await store.recommendations(wf))[0]!.tallies).toEqual([{ decision_key: key('decision/1'), nominee_id: 'm01', votes: 8 }]);
      expect(await store.refusals(wf)).toEqual([{ key: key('refusal/1'), type: 'CANCEL', code: 'BAD_PAYLOAD', reason: 'reason: required', via: 'signal' }]);
      const [notice] = await store.notices({ workflowId: wf });
      expect(notice).toMatchObject({ markdown: '# Approval\n\nStart with 5 seats.\n', title: 'Approval' });
      expect(notice!.html).toContain('<h1>Approval</h1>');
      expect(await store.terms({ workflowId: wf })).toEqual([expect.objectContaining({ first_run_id: 'run-1', status: 'cancelled' })]);
      expect((await store.tables()).map((t) => t.name).filter((n) => n.startsWith('unversioned_'))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
