import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DecisionInput, NoticeInput, OutcomeInput, RefusalInput } from './contract';

/** Where the embedded outcome store lives unless `ELECTION_DB` names another file. */
export const defaultStorePath = () => process.env.ELECTION_DB ?? join(projectDataDir(), 'outcomes.sqlite');

function projectDataDir(): string {
  if (process.env.ELECTION_DATA_DIR) return resolve(process.env.ELECTION_DATA_DIR);
  // Works from the sources (activities/) and from the build (dist/activities/).
  const here = __dirname;
  const root = here.includes(`${join('dist', 'activities')}`) ? join(here, '..', '..') : join(here, '..');
  return join(root, 'data');
}

const MIGRATIONS = [
  `CREATE TABLE decisions (
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
   CREATE INDEX notices_by_village ON notices (town, village, term, id);`,
];

export interface NoticeRow {
  id: number;
  key: string;
  town: string;
  village: string;
  term: number;
  kind: string;
  audience: string;
  title: string;
  body: string;
  state: string;
  at: string;
}

/**
 * The lasting record of every decision, refusal, notice and outcome (Temporal keeps closed
 * histories only for its retention). Every write is keyed, so a retried activity never writes twice.
 */
export class OutcomeStore {
  private readonly db: Database.Database;

  constructor(readonly path: string = defaultStorePath()) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v += 1) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** Records an accepted decision once; `duplicate` tells a retry that it was already there. */
  addDecision(d: DecisionInput): { duplicate: boolean } {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO decisions (key, workflow_id, town, village, term, seq, type, by_id, by_name, by_role, stage, payload, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.key, d.workflowId, d.town, d.village, d.term, d.seq, d.type, d.by.id, d.by.name ?? null, d.by.role, d.stage, JSON.stringify(d.payload), d.at);
    return { duplicate: info.changes === 0 };
  }

  addRefusal(r: RefusalInput): { duplicate: boolean } {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO refusals (key, workflow_id, town, village, term, type, by_id, by_role, code, reason, via, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.key, r.workflowId, r.town, r.village, r.term, r.type, r.by?.id ?? null, r.by?.role ?? null, r.code, r.reason, r.via, r.at);
    return { duplicate: info.changes === 0 };
  }

  /** Puts a rendered notice in the outbox once; a retry returns the same notice id. */
  addNotice(n: NoticeInput, rendered: { title: string; body: string }): { noticeId: string; duplicate: boolean } {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO notices (key, workflow_id, town, village, term, kind, audience, title, body, facts, state, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'in-outbox', ?)`,
      )
      .run(n.key, n.workflowId, n.town, n.village, n.term, n.kind, n.audience, rendered.title, rendered.body, JSON.stringify(n.facts), n.at);
    const row = this.db.prepare('SELECT id FROM notices WHERE key = ?').get(n.key) as { id: number };
    return { noticeId: String(row.id), duplicate: info.changes === 0 };
  }

  addOutcome(o: OutcomeInput): { duplicate: boolean } {
    const info = this.db
      .prepare(`INSERT OR IGNORE INTO outcomes (key, workflow_id, town, village, term, status, facts, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(o.key, o.workflowId, o.town, o.village, o.term, o.status, JSON.stringify(o.facts), o.at);
    return { duplicate: info.changes === 0 };
  }

  /** Notices, newest last, optionally of one village. */
  notices(filter: { village?: string; town?: string; workflowId?: string } = {}): NoticeRow[] {
    return this.db
      .prepare(
        `SELECT id, key, town, village, term, kind, audience, title, body, state, at FROM notices
         WHERE (@village IS NULL OR village = @village) AND (@town IS NULL OR town = @town)
           AND (@workflowId IS NULL OR workflow_id = @workflowId) ORDER BY id`,
      )
      .all({ village: filter.village ?? null, town: filter.town ?? null, workflowId: filter.workflowId ?? null }) as NoticeRow[];
  }

  notice(id: number): NoticeRow | undefined {
    return this.db.prepare('SELECT id, key, town, village, term, kind, audience, title, body, state, at FROM notices WHERE id = ?').get(id) as
      | NoticeRow
      | undefined;
  }

  decisions(workflowId: string): { key: string; seq: number; type: string; by_id: string; by_role: string; stage: string; payload: string }[] {
    return this.db.prepare('SELECT key, seq, type, by_id, by_role, stage, payload FROM decisions WHERE workflow_id = ? ORDER BY seq').all(workflowId) as never;
  }

  refusals(workflowId: string): { key: string; type: string; code: string; reason: string; via: string }[] {
    return this.db.prepare('SELECT key, type, code, reason, via FROM refusals WHERE workflow_id = ? ORDER BY at, key').all(workflowId) as never;
  }

  outcomes(filter: { town?: string; term?: number } = {}): { workflow_id: string; village: string; status: string; facts: string }[] {
    return this.db
      .prepare(
        `SELECT workflow_id, village, status, facts FROM outcomes WHERE (@town IS NULL OR town = @town) AND (@term IS NULL OR term = @term) ORDER BY village, at`,
      )
      .all({ town: filter.town ?? null, term: filter.term ?? null }) as never;
  }

  close(): void {
    this.db.close();
  }
}
