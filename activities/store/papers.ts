import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ElectionFacts } from '../../machines/facts';
import type { PrintedPapersTable, StoreSchema, TermRow } from './schema';

type Db = Kysely<StoreSchema> | Transaction<StoreSchema>;

/** A printed paper as registered under its verification code. */
export type PrintedPaperRow = Selectable<PrintedPapersTable>;

/**
 * Keeps an election's facts as of step `seq`, only forward: activities retry and two runs' activities (across
 * continue-as-new) may finish out of order, so a write from an earlier step never replaces a later one's.
 */
export async function keepFacts(trx: Db, termId: string, seq: number, facts: ElectionFacts, at: string): Promise<void> {
  const row = { term_id: termId, seq, facts: JSON.stringify(facts), at };
  await trx
    .insertInto('election_facts')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('term_id')
        .doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), facts: eb.ref('excluded.facts'), at: eb.ref('excluded.at') }))
        .where((eb) => eb('election_facts.seq', '<=', eb.ref('excluded.seq'))),
    )
    .execute();
}

/** The record the printed papers are made from and registered in: an election's facts and the papers' codes. */
export class PaperRecords {
  constructor(private readonly db: Kysely<StoreSchema>) {}

  /** The latest election (term) of a village's given term, by its start; undefined when none was recorded. */
  async election(town: string, village: string, term: number): Promise<TermRow | undefined> {
    return this.db
      .selectFrom('terms')
      .selectAll()
      .where('town', '=', town)
      .where('village', '=', village)
      .where('term', '=', term)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  /** An election by its id. */
  electionById(termId: string): Promise<TermRow | undefined> {
    return this.db.selectFrom('terms').selectAll().where('id', '=', termId).executeTakeFirst();
  }

  /** The election's latest facts as stored (JSON text with its step), or undefined for one recorded before the papers. */
  facts(termId: string): Promise<{ seq: number; facts: string; at: string } | undefined> {
    return this.db.selectFrom('election_facts').select(['seq', 'facts', 'at']).where('term_id', '=', termId).executeTakeFirst();
  }

  /** Every row of `decisions` of an election (accepted and refused, every branch), in chain order. */
  decisionRows(termId: string) {
    return this.db.selectFrom('decisions').selectAll().where('term_id', '=', termId).orderBy('chain_pos').orderBy('key').execute();
  }

  /** The notices an election posted, oldest first. */
  notices(termId: string) {
    return this.db.selectFrom('notices').selectAll().where('term_id', '=', termId).orderBy('at').orderBy('id').execute();
  }

  /** Registers a printed paper under its code once; printing the same paper again leaves the first registration. */
  async register(row: PrintedPaperRow): Promise<PrintedPaperRow> {
    await this.db
      .insertInto('printed_papers')
      .values(row)
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    return (await this.byCode(row.code))!;
  }

  /** The paper registered under a code, if any. */
  byCode(code: string): Promise<PrintedPaperRow | undefined> {
    return this.db.selectFrom('printed_papers').selectAll().where('code', '=', code).executeTakeFirst();
  }
}
