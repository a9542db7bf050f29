import { sql, type Kysely } from 'kysely';
import type { RefusalVia } from '../../machines/events';
import type { NoticeKind } from '../../machines/notices';
import type { OutcomeStatus } from '../../machines/outcome';
import type { Role } from '../../machines/roles';
import { UNVERSIONED_TABLES, unversioned } from './migrations/0001_initial';
import type { OutcomeStore } from './index';

interface OldRecord {
  key: string;
  workflow_id: string;
  town: string;
  village: string;
  term: number;
  at: string;
}

/**
 * Replays the rows of a store written before versioned migrations (set aside by migration 0001) through the
 * store's own writes, so they get their villages, terms, tallies and committees like any new record; then drops
 * them. Keyed writes make an interrupted import safe to run again.
 */
export async function importUnversioned(store: OutcomeStore, db: Kysely<any>): Promise<void> {
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'unversioned_%'`.execute(db);
  const present = new Set(tables.rows.map((r) => r.name));
  if (present.size === 0) return;
  const rows = async <T>(table: string): Promise<T[]> => (present.has(unversioned(table)) ? ((await db.selectFrom(unversioned(table)).selectAll().execute()) as T[]) : []);
  const base = (r: OldRecord) => ({ key: r.key, workflowId: r.workflow_id, town: r.town, village: r.village, term: r.term, at: r.at });

  for (const d of await rows<OldRecord & { seq: number; type: string; by_id: string; by_name: string | null; by_role: string; stage: string; payload: string }>('decisions').then((all) => all.sort((a, b) => a.seq - b.seq))) {
    await store.addDecision({ ...base(d), seq: d.seq, type: d.type, by: { id: d.by_id, name: d.by_name ?? undefined, role: d.by_role as Role }, stage: d.stage, payload: JSON.parse(d.payload) });
  }
  for (const r of await rows<OldRecord & { type: string; by_id: string | null; by_role: string | null; code: string; reason: string; via: RefusalVia }>('refusals')) {
    const by = r.by_id && r.by_role ? { id: r.by_id, role: r.by_role as Role } : undefined;
    await store.addRefusal({ ...base(r), type: r.type, by, code: r.code, reason: r.reason, via: r.via });
  }
  for (const n of await rows<OldRecord & { id: number; kind: NoticeKind; audience: string; title: string; body: string; facts: string }>('notices').then((all) => all.sort((a, b) => a.id - b.id))) {
    await store.addNotice({ ...base(n), kind: n.kind, audience: n.audience as Role, facts: JSON.parse(n.facts) }, { title: n.title, markdown: n.body, html: markdownPage(n.title, n.body) });
  }
  for (const o of await rows<OldRecord & { status: OutcomeStatus; facts: string }>('outcomes')) {
    await store.addOutcome({ ...base(o), status: o.status, facts: JSON.parse(o.facts) });
  }
  for (const table of UNVERSIONED_TABLES) await sql`DROP TABLE IF EXISTS ${sql.table(unversioned(table))}`.execute(db);
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An old notice's Markdown, kept word for word as it was posted, as a small HTML page. Only what the old
 * renderer wrote: `# ` headings, `- ` lists, paragraphs.
 */
function markdownPage(title: string, markdown: string): string {
  const blocks = markdown.trim().split(/\n\s*\n/).map((block) => {
    const lines = block.split('\n');
    const heading = /^(#{1,6}) (.*)$/.exec(block);
    if (heading && lines.length === 1) return `<h${heading[1]!.length}>${escape(heading[2]!)}</h${heading[1]!.length}>`;
    if (lines.every((line) => line.startsWith('- '))) return `<ul>\n${lines.map((line) => `<li>${escape(line.slice(2))}</li>`).join('\n')}\n</ul>`;
    const listAt = lines.findIndex((line) => line.startsWith('- '));
    if (listAt > 0 && lines.slice(listAt).every((line) => line.startsWith('- '))) {
      return `<p>${lines.slice(0, listAt).map(escape).join('<br>\n')}</p>\n<ul>\n${lines.slice(listAt).map((line) => `<li>${escape(line.slice(2))}</li>`).join('\n')}\n</ul>`;
    }
    return `<p>${lines.map(escape).join('<br>\n')}</p>`;
  });
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escape(title)}</title></head>\n<body>\n${blocks.join('\n')}\n</body>\n</html>\n`;
}
