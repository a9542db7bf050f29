import type { Kysely } from 'kysely';

/**
 * The printed papers (issue #17). `election_facts` keeps each election's latest facts (machines/facts.ts) as the
 * workflow's record-decision activity carries them: the roster by name and the ballots' candidates, which the papers
 * print and Temporal forgets after its retention. `printed_papers` registers each paper's verification code with what
 * was printed, so that `election audit verify --code` can rebuild it from the record and compare.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('election_facts')
    .addColumn('term_id', 'text', (c) => c.primaryKey().references('terms.id'))
    // The step whose decision left these facts: a write with an earlier step never replaces a later one.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('printed_papers')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('term_id', 'text', (c) => c.notNull().references('terms.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('town', 'text', (c) => c.notNull())
    .addColumn('village', 'text', (c) => c.notNull())
    .addColumn('term', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer')
    // SHA-256 of the paper's canonical model as printed: what a verification compares the record against.
    .addColumn('model_hash', 'text', (c) => c.notNull())
    // The model itself (canonical JSON), so that a failed verification names what differs from the record now.
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('printed_at', 'text', (c) => c.notNull())
    .addColumn('printed_by', 'text')
    .execute();
  await db.schema.createIndex('printed_papers_by_term').on('printed_papers').columns(['term_id', 'kind']).execute();
}
