import { sql, type Insertable, type InsertResult, type Kysely, type Transaction } from 'kysely';
import { encodeCanonical } from '../../machines/canonical';
import type { RefusalVia } from '../../machines/events';
import { calendarYearSchema, type CalendarYear } from '../../machines/rules/holidays';
import type { OutcomeStatus } from '../../machines/outcome';
import type { DecisionInput, NoticeInput, OutcomeInput, RecordKey, RefusalInput } from '../contract';
import {
  noticeState,
  type DeliveryAttempt,
  type DeliveryLedger,
  type DeliveryRecord,
  type NoticeState,
  type PlannedDelivery,
  type RenderedNotice,
} from '../delivery';
import { connect, connectForReading, type StoreOptions } from './connect';
import { requireSameContent, type RecordTable } from './conflicts';
import { nextLink, seal, type DecisionRow } from './decisionChain';
import { ballotRoundRows, committeeRows, recommendationRows, termOf } from './derive';
import * as ledger from './ledger';
import type { StoreDialect } from './migrations';
import { CodecRequestLog } from './codecRequests';
import { DeskAccountStore } from './deskAccounts';
import { keepFacts, PaperRecords } from './papers';
import { PeopleRegistry } from './registry';
import type { DecisionsTable, NoticeRow, RecordConflictRow, StoreSchema, TermRow } from './schema';

export { defaultStorePath, redact, resolveTarget, type StoreOptions } from './connect';
export { branchKey, RecordConflictError, type RecordTable } from './conflicts';
export { SCHEMA_VERSION, StoreVersionError } from './schemaVersion';
export type { StoreDialect } from './migrations';
export type { StoreSchema } from './schema';
export { PeopleRegistry } from './registry';
export { PaperRecords, type PrintedPaperRow } from './papers';
export { CodecRequestLog, codecRequestSchema, type CodecRequest } from './codecRequests';
export { DeskAccountStore, type DeskAccountRow, type DeskSessionRow, type DeskSignInRow } from './deskAccounts';
export type { ImportSummary } from './registryImport';
export * from './registryRecords';
export { ImportRefusal, RegistryRefusal, scopeText } from './registryRows';
export { resolveVillageKeyring } from './keyring';
export { CHAIN_DOMAIN, CHAINED_COLUMNS, recordHash, type DecisionRow } from './decisionChain';
export type { TermRow } from './schema';

type Db = Kysely<StoreSchema> | Transaction<StoreSchema>;

/** A notice of the outbox with its deliveries over the channels, oldest first. */
export type StoredNotice = NoticeRow & { deliveries: DeliveryRecord[] };

const inserted = (result: InsertResult | undefined) => Number(result?.numInsertedOrUpdatedRows ?? 0) > 0;

/**
 * Opens the outcome store: PostgreSQL when `url` (or else `DATABASE_URL`) names one, otherwise the SQLite file
 * `file` (default `ELECTION_DB`, else data/outcomes.sqlite). The schema is migrated to the latest version first.
 */
export async function openStore(options: StoreOptions = {}): Promise<OutcomeStore> {
  const { db, dialect, location } = await connect(options);
  return new OutcomeStore(db, dialect, location);
}

/**
 * Opens the outcome store for a command that only reads (`report`, `notices`): read-only, never migrated, and
 * refused with a StoreVersionError when its schema is older or newer than the version this build reads.
 */
export async function openStoreForReading(options: StoreOptions = {}): Promise<OutcomeStore> {
  const { db, dialect, location } = await connectForReading(options);
  return new OutcomeStore(db, dialect, location);
}

/**
 * The lasting record of every decision, refusal, tally, result, notice and delivery (Temporal keeps closed
 * histories only for its retention). Every write is keyed by the workflow id, first run and step, so a retried
 * activity never writes twice; a write whose key is stored with other content (a reset branch) throws
 * RecordConflictError rather than vanish. The rows derived from a write (tallies, rounds, the committee) go in its
 * transaction.
 */
export class OutcomeStore implements DeliveryLedger {
  /** The people registry: people, their assignments, the towns' counties and the public keys that sign for them. */
  readonly registry: PeopleRegistry;
  /** The approvers' desk's accounts, sessions and sign-in log (desk/auth decides what they are worth). */
  readonly deskAccounts: DeskAccountStore;
  /** The codec server's log: who decoded or encoded which villages' payloads for the Temporal Web UI, and every refusal. */
  readonly codecRequests: CodecRequestLog;
  /** The printed papers' record: each election's latest facts and the papers' verification codes. */
  readonly papers: PaperRecords;

  constructor(
    private readonly db: Kysely<StoreSchema>,
    /** Which database this is. */
    readonly dialect: StoreDialect,
    /** The SQLite file, or the PostgreSQL URL without its password. */
    readonly location: string,
  ) {
    this.registry = new PeopleRegistry(db);
    this.deskAccounts = new DeskAccountStore(db);
    this.codecRequests = new CodecRequestLog(db);
    this.papers = new PaperRecords(db);
  }

  /**
   * Records an accepted decision once with what it carries (tallies, a ballot round) and the envelope it was taken
   * on, as the next link of its election's hash chain; `duplicate` tells a retry it was there (the chain unchanged).
   */
  addDecision(d: DecisionInput): Promise<{ duplicate: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const termId = await ensureTerm(trx, d);
      const row = {
        key: d.key,
        term_id: termId,
        workflow_id: d.workflowId,
        town: d.town,
        village: d.village,
        term: d.term,
        verdict: 'accepted' as const,
        seq: d.seq,
        type: d.type,
        by_id: d.by.id,
        by_name: d.by.name ?? null,
        by_role: d.by.role,
        stage: d.stage,
        payload: JSON.stringify(d.payload),
        at: d.at,
        envelope: envelopeText(d.envelope),
      };
      const written = await chainDecisionRow(trx, this.dialect, row);
      if (!written.duplicate) await recordWhatTheDecisionCarries(trx, d, termId);
      if (d.facts) await keepFacts(trx, termId, d.seq, d.facts, d.at);
      return written;
    });
  }

  /** Records a refused decision once, with the reason it was refused, as the next link of its election's hash chain. */
  addRefusal(r: RefusalInput): Promise<{ duplicate: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const termId = await ensureTerm(trx, r);
      const row = {
        key: r.key,
        term_id: termId,
        workflow_id: r.workflowId,
        town: r.town,
        village: r.village,
        term: r.term,
        verdict: 'rejected' as const,
        type: r.type,
        by_id: r.by?.id ?? null,
        by_name: r.by?.name ?? null,
        by_role: r.by?.role ?? null,
        reason_code: r.code,
        reason: r.reason,
        via: r.via,
        at: r.at,
      };
      return chainDecisionRow(trx, this.dialect, row);
    });
  }

  /** Puts a rendered notice in the outbox once; a retry returns the same notice id. */
  addNotice(n: NoticeInput, rendered: RenderedNotice): Promise<{ noticeId: string; duplicate: boolean }> {
    return this.db.transaction().execute((trx) => insertNotice(trx, n, rendered));
  }

  /**
   * Puts a rendered notice in the outbox with the deliveries it is to get, in one transaction, once; a retry returns
   * the same notice and its deliveries as they stand (some may be confirmed by then), the outbox's own aside.
   */
  postNotice(
    n: NoticeInput,
    rendered: RenderedNotice,
    planned: PlannedDelivery[],
  ): Promise<{ noticeId: string; duplicate: boolean; deliveries: DeliveryRecord[] }> {
    return this.db.transaction().execute(async (trx) => {
      const posted = await insertNotice(trx, n, rendered);
      await ledger.planDeliveries(trx, n.key, planned);
      const rows = await trx
        .selectFrom('notice_deliveries')
        .selectAll()
        .where('notice_key', '=', n.key)
        .where('channel', '!=', 'outbox')
        .orderBy('channel')
        .orderBy('recipient')
        .execute();
      return { ...posted, deliveries: rows.map(ledger.deliveryRecord) };
    });
  }

  /** Records a village's outcome once; a completed one also records the elected committee and its members. */
  addOutcome(o: OutcomeInput): Promise<{ duplicate: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const termId = await ensureTerm(trx, o);
      const row = {
        key: o.key,
        term_id: termId,
        workflow_id: o.workflowId,
        town: o.town,
        village: o.village,
        term: o.term,
        status: o.status,
        facts: JSON.stringify(o.facts),
        at: o.at,
      };
      const result = await trx
        .insertInto('outcomes')
        .values(row)
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      if (!inserted(result)) return sameAsStored(trx, 'outcomes', row);
      await trx.updateTable('terms').set({ status: o.status, status_at: o.at }).where('id', '=', termId).execute();
      const committee = committeeRows(o, termId);
      if (committee) {
        // A term completes once; a second completed outcome comes from a reset branch, whose committee is the one in
        // office. The earlier branch's stays readable in its outcome's facts.
        await trx.deleteFrom('committee_members').where('term_id', '=', termId).execute();
        await trx.deleteFrom('elected_committees').where('term_id', '=', termId).execute();
        await trx.insertInto('elected_committees').values(committee.committee).execute();
        await trx.insertInto('committee_members').values(committee.members).execute();
      }
      return { duplicate: false };
    });
  }

  /**
   * Lists a step two runs wrote with different content (see RecordConflictError): the earlier record stays under
   * `key`, the reset branch's is under `branchKey`. Recorded once per branch key, so a retry adds nothing.
   */
  async recordConflict(conflict: {
    table: RecordTable;
    key: string;
    branchKey: string;
    workflowId: string;
    runId: string;
    differences: string[];
    at: string;
  }): Promise<void> {
    const { id: termId } = termOf({ key: conflict.key, workflowId: conflict.workflowId });
    await this.db
      .insertInto('record_conflicts')
      .values({
        branch_key: conflict.branchKey,
        key: conflict.key,
        record_table: conflict.table,
        term_id: termId,
        workflow_id: conflict.workflowId,
        run_id: conflict.runId,
        differences: conflict.differences.join(', '),
        at: conflict.at,
      })
      .onConflict((oc) => oc.column('branch_key').doNothing())
      .execute();
  }

  /** Keeps a year's holiday notice (validated by the caller), replacing one loaded earlier for the same year. */
  async saveCalendarNotice(year: CalendarYear, loadedAt: string): Promise<void> {
    const notice = JSON.stringify(year);
    await this.db
      .insertInto('calendar_notices')
      .values({ year: year.year, notice, loaded_at: loadedAt })
      .onConflict((oc) => oc.column('year').doUpdateSet({ notice, loaded_at: loadedAt }))
      .execute();
  }

  /** The holiday notices loaded, by year; a row that no longer validates is left out and named in `unreadable`. */
  async calendarNotices(): Promise<{ years: (CalendarYear & { loadedAt: string })[]; unreadable: { year: number; problem: string }[] }> {
    const rows = await this.db.selectFrom('calendar_notices').selectAll().orderBy('year').execute();
    const years: (CalendarYear & { loadedAt: string })[] = [];
    const unreadable: { year: number; problem: string }[] = [];
    for (const row of rows) {
      let parsed: ReturnType<typeof calendarYearSchema.safeParse>;
      try {
        parsed = calendarYearSchema.safeParse(JSON.parse(row.notice));
      } catch (err) {
        unreadable.push({ year: Number(row.year), problem: `not JSON (${(err as Error).message})` });
        continue;
      }
      if (parsed.success) years.push({ ...parsed.data, loadedAt: row.loaded_at });
      else
        unreadable.push({
          year: Number(row.year),
          problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
    }
    return { years, unreadable };
  }

  /** The steps written with different content by two runs, for an auditor, oldest first; optionally of one workflow or town. */
  async conflicts(filter: { workflowId?: string; town?: string } = {}): Promise<RecordConflictRow[]> {
    let query = this.db.selectFrom('record_conflicts').selectAll('record_conflicts');
    if (filter.workflowId !== undefined) query = query.where('record_conflicts.workflow_id', '=', filter.workflowId);
    if (filter.town !== undefined)
      query = query.innerJoin('terms', 'terms.id', 'record_conflicts.term_id').where('terms.town', '=', filter.town);
    return query.orderBy('record_conflicts.at').orderBy('record_conflicts.branch_key').execute();
  }

  /** Notices, oldest first, optionally of one village, town or workflow, each with its deliveries. */
  async notices(filter: { village?: string; town?: string; workflowId?: string } = {}): Promise<StoredNotice[]> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any[] lets the constraint accept Kysely's every where() overload
    const where = <Q extends { where: (...args: any[]) => Q }>(q: Q): Q => {
      let out = q;
      if (filter.village !== undefined) out = out.where('notices.village', '=', filter.village);
      if (filter.town !== undefined) out = out.where('notices.town', '=', filter.town);
      if (filter.workflowId !== undefined) out = out.where('notices.workflow_id', '=', filter.workflowId);
      return out;
    };
    const rows = await where(this.db.selectFrom('notices').selectAll('notices')).orderBy('notices.id').execute();
    const deliveries = await where(
      this.db
        .selectFrom('notice_deliveries')
        .innerJoin('notices', 'notices.key', 'notice_deliveries.notice_key')
        .selectAll('notice_deliveries'),
    )
      .orderBy('notice_deliveries.channel')
      .orderBy('notice_deliveries.recipient')
      .execute();
    const byNotice = new Map<string, DeliveryRecord[]>();
    for (const d of deliveries) byNotice.set(d.notice_key, [...(byNotice.get(d.notice_key) ?? []), ledger.deliveryRecord(d)]);
    return rows.map((row) => ({ ...row, deliveries: byNotice.get(row.key) ?? [] }));
  }

  /** One notice by its record key, with its deliveries: what a delivery sends. */
  async noticeByKey(key: string): Promise<StoredNotice | undefined> {
    const row = await this.db.selectFrom('notices').selectAll().where('key', '=', key).executeTakeFirst();
    return row && { ...row, deliveries: await this.deliveries(row.key) };
  }

  /**
   * How many notices stand in each state (see `noticeState`), optionally of one town or village: what an operator
   * alerts on. Reads the deliveries' states only, never the notices' text.
   */
  async noticeCounts(filter: { village?: string; town?: string } = {}): Promise<Record<NoticeState, number>> {
    let notices = this.db.selectFrom('notices').select('key');
    if (filter.village !== undefined) notices = notices.where('village', '=', filter.village);
    if (filter.town !== undefined) notices = notices.where('town', '=', filter.town);
    const [all, deliveries] = await Promise.all([
      notices.execute(),
      this.db
        .selectFrom('notice_deliveries')
        .select(['notice_key', 'state'])
        .where('notice_key', 'in', notices)
        .where('state', '!=', 'confirmed')
        .execute(),
    ]);
    const open = new Map<string, { state: DeliveryRecord['state'] }[]>();
    for (const d of deliveries) open.set(d.notice_key, [...(open.get(d.notice_key) ?? []), d]);
    const counts: Record<NoticeState, number> = { pending: 0, delivered: 0, failed: 0 };
    for (const { key } of all) counts[noticeState(open.get(key) ?? [])] += 1;
    return counts;
  }

  /** One notice by its outbox id, with its deliveries. */
  async notice(id: number): Promise<StoredNotice | undefined> {
    const row = await this.db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, deliveries: await this.deliveries(row.key) };
  }

  /** One delivery by its idempotency key. */
  async delivery(idempotencyKey: string): Promise<DeliveryRecord | undefined> {
    const row = await this.db.selectFrom('notice_deliveries').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    return row && ledger.deliveryRecord(row);
  }

  /** The deliveries of one notice (by its record key). */
  async deliveries(noticeKey: string): Promise<DeliveryRecord[]> {
    const rows = await this.db
      .selectFrom('notice_deliveries')
      .selectAll()
      .where('notice_key', '=', noticeKey)
      .orderBy('channel')
      .orderBy('recipient')
      .execute();
    return rows.map(ledger.deliveryRecord);
  }

  /** The accepted decisions of a workflow, in step order. */
  decisions(
    workflowId: string,
  ): Promise<{ key: string; seq: number; type: string; by_id: string; by_role: string; stage: string; payload: string }[]> {
    return (
      this.db
        .selectFrom('decisions')
        .select(['key', 'seq', 'type', 'by_id', 'by_role', 'stage', 'payload'])
        .where('workflow_id', '=', workflowId)
        .where('verdict', '=', 'accepted')
        .orderBy('seq')
        // An accepted decision always has these (the check constraint decisions_verdict_fields holds them).
        .$narrowType<{ seq: number; by_id: string; by_role: string; stage: string; payload: string }>()
        .execute()
    );
  }

  /**
   * Every row of `decisions` (accepted and refused, every branch) of the elections of a town or village, with those
   * elections, for the audit: whole rows as stored, envelopes and chain columns included, in no particular order.
   */
  async auditTrail(filter: { town?: string; village?: string } = {}): Promise<{ terms: TermRow[]; rows: DecisionRow[] }> {
    let terms = this.db.selectFrom('terms').selectAll();
    if (filter.town !== undefined) terms = terms.where('town', '=', filter.town);
    if (filter.village !== undefined) terms = terms.where('village', '=', filter.village);
    const elections = await terms.execute();
    if (!elections.length) return { terms: [], rows: [] };
    // Rows are found by their election, not by their own town or village columns, which are what the audit checks.
    const rows = await this.db.selectFrom('decisions').selectAll().where('term_id', 'in', terms.clearSelect().select('id')).execute();
    return { terms: elections, rows };
  }

  /** The refused decisions of a workflow with their reasons, oldest first. */
  refusals(workflowId: string): Promise<{ key: string; type: string; code: string; reason: string; via: RefusalVia }[]> {
    return (
      this.db
        .selectFrom('decisions')
        .select(['key', 'type', 'reason_code as code', 'reason', 'via'])
        .where('workflow_id', '=', workflowId)
        .where('verdict', '=', 'rejected')
        .orderBy('at')
        .orderBy('key')
        // A rejection always has its code, reason and channel (addRefusal writes them).
        .$narrowType<{ code: string; reason: string; via: RefusalVia }>()
        .execute()
    );
  }

  /** Outcomes, by village then time, optionally of one town and term. */
  outcomes(
    filter: { town?: string; term?: number } = {},
  ): Promise<
    { key: string; workflow_id: string; town: string; village: string; term: number; status: OutcomeStatus; facts: string; at: string }[]
  > {
    let q = this.db.selectFrom('outcomes').select(['key', 'workflow_id', 'town', 'village', 'term', 'status', 'facts', 'at']);
    if (filter.town !== undefined) q = q.where('town', '=', filter.town);
    if (filter.term !== undefined) q = q.where('term', '=', filter.term);
    return q.orderBy('village').orderBy('at').orderBy('key').execute();
  }

  /** The latest term with an outcome recorded for the town, if any. */
  async latestTerm(town: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('outcomes')
      .select((eb) => eb.fn.max('term').as('term'))
      .where('town', '=', town)
      .executeTakeFirst();
    return row?.term === null || row?.term === undefined ? undefined : Number(row.term);
  }

  /** The elections (terms) of a workflow id: more than one when a cancelled election was started again. */
  terms(filter: { workflowId?: string; town?: string } = {}) {
    let q = this.db.selectFrom('terms').selectAll();
    if (filter.workflowId !== undefined) q = q.where('workflow_id', '=', filter.workflowId);
    if (filter.town !== undefined) q = q.where('town', '=', filter.town);
    return q.orderBy('started_at').orderBy('id').execute();
  }

  /** The recommendation rounds of a workflow's elections with the votes per nominee. */
  async recommendations(workflowId: string) {
    const rounds = await this.db
      .selectFrom('recommendations')
      .innerJoin('terms', 'terms.id', 'recommendations.term_id')
      .selectAll('recommendations')
      .where('terms.workflow_id', '=', workflowId)
      .orderBy('recommendations.at')
      .orderBy('recommendations.decision_key')
      .execute();
    const tallies = await this.db
      .selectFrom('recommendation_tallies')
      .innerJoin('recommendations', 'recommendations.decision_key', 'recommendation_tallies.decision_key')
      .innerJoin('terms', 'terms.id', 'recommendations.term_id')
      .selectAll('recommendation_tallies')
      .where('terms.workflow_id', '=', workflowId)
      .orderBy('recommendation_tallies.nominee_id')
      .execute();
    return rounds.map((round) => ({ ...round, tallies: tallies.filter((t) => t.decision_key === round.decision_key) }));
  }

  /** The ballot rounds of a workflow's elections, in order, with the votes per candidate and written-in name. */
  async ballotRounds(workflowId: string) {
    const rounds = await this.db
      .selectFrom('ballot_rounds')
      .innerJoin('terms', 'terms.id', 'ballot_rounds.term_id')
      .selectAll('ballot_rounds')
      .where('terms.workflow_id', '=', workflowId)
      .orderBy('terms.started_at')
      .orderBy('ballot_rounds.round_no')
      .execute();
    const tallies = await this.db
      .selectFrom('ballot_tallies')
      .innerJoin('ballot_rounds', 'ballot_rounds.decision_key', 'ballot_tallies.decision_key')
      .innerJoin('terms', 'terms.id', 'ballot_rounds.term_id')
      .selectAll('ballot_tallies')
      .where('terms.workflow_id', '=', workflowId)
      .orderBy('ballot_tallies.source')
      .orderBy('ballot_tallies.candidate')
      .execute();
    return rounds.map((round) => ({ ...round, tallies: tallies.filter((t) => t.decision_key === round.decision_key) }));
  }

  /** The committee a workflow's election put in office, with its members (secretary, deputy, then members). */
  async committee(workflowId: string) {
    const committee = await this.db
      .selectFrom('elected_committees')
      .innerJoin('terms', 'terms.id', 'elected_committees.term_id')
      .selectAll('elected_committees')
      .where('terms.workflow_id', '=', workflowId)
      .orderBy('elected_committees.elected_at', 'desc')
      .executeTakeFirst();
    if (!committee) return undefined;
    const members = await this.db
      .selectFrom('committee_members')
      .selectAll()
      .where('term_id', '=', committee.term_id)
      .orderBy('member_id')
      .execute();
    const rank = { secretary: 0, deputy: 1, member: 2 } as const;
    return { ...committee, members: members.sort((a, b) => rank[a.post] - rank[b.post]) };
  }

  isConfirmed(idempotencyKey: string): Promise<boolean> {
    return ledger.isConfirmed(this.db, idempotencyKey);
  }

  recordAttempt(attempt: DeliveryAttempt): Promise<void> {
    return ledger.recordAttempt(this.db, attempt);
  }

  recordConfirmed(idempotencyKey: string, at: string, receipt: string): Promise<void> {
    return ledger.recordConfirmed(this.db, idempotencyKey, at, receipt);
  }

  recordRetry(idempotencyKey: string, at: string, error: string): Promise<void> {
    return ledger.recordRetry(this.db, idempotencyKey, at, error);
  }

  recordFailed(idempotencyKey: string, at: string, reason: string): Promise<void> {
    return ledger.recordFailed(this.db, idempotencyKey, at, reason);
  }

  /** The store's tables and their columns as the database reports them (Kysely's own bookkeeping included). */
  async tables(): Promise<{ name: string; columns: string[] }[]> {
    const tables = await this.db.introspection.getTables();
    return tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The migrations applied to this database, oldest first. */
  async migrations(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(this.db);
    return rows.map((r) => r.name);
  }

  /** The connection's durability and limits as the database reports them (SQLite pragmas, PostgreSQL settings). */
  async connectionSettings(): Promise<Record<string, string>> {
    if (this.dialect === 'sqlite') {
      const pragma = async (name: string) =>
        String(Object.values((await sql.raw<Record<string, unknown>>(`PRAGMA ${name}`).execute(this.db)).rows[0] ?? {})[0]);
      // synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
      return {
        journal_mode: await pragma('journal_mode'),
        synchronous: await pragma('synchronous'),
        foreign_keys: await pragma('foreign_keys'),
      };
    }
    const show = async (name: string) => (await sql.raw<Record<string, string>>(`SHOW ${name}`).execute(this.db)).rows[0]![name]!;
    const names = ['statement_timeout', 'idle_in_transaction_session_timeout', 'default_transaction_read_only'];
    return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await show(name)] as const)));
  }

  /** Closes the database connection (pool). */
  close(): Promise<void> {
    return this.db.destroy();
  }
}

/**
 * Writes a row of `decisions` as the next link of its election's chain (decisionChain.ts), unless its key is taken:
 * then it is a duplicate when the stored row has the same content, else RecordConflictError; the chain is unchanged.
 */
async function chainDecisionRow(
  trx: Transaction<StoreSchema>,
  dialect: StoreDialect,
  row: Insertable<DecisionsTable> & { key: string; term_id: string },
): Promise<{ duplicate: boolean }> {
  const link = await nextLink(trx, dialect, row.term_id);
  const result = await trx
    .insertInto('decisions')
    .values({ ...row, ...link })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (!inserted(result)) return sameAsStored(trx, 'decisions', row);
  await seal(trx, row.key);
  return { duplicate: false };
}

/** A signed decision's envelope as stored: its canonical JSON (JSON as it came should it have none, which the audit then names). */
function envelopeText(envelope: unknown): string | null {
  if (envelope === undefined || envelope === null) return null;
  const canonical = encodeCanonical(envelope);
  return canonical.ok ? canonical.json : JSON.stringify(envelope);
}

/** A write that found its key taken: a duplicate when the stored row has the same content, else RecordConflictError. */
async function sameAsStored(trx: Db, table: RecordTable, row: { key: string } & Record<string, unknown>): Promise<{ duplicate: true }> {
  const stored = await trx.selectFrom(table).selectAll().where('key', '=', row.key).executeTakeFirstOrThrow();
  requireSameContent(table, row.key, stored, row);
  return { duplicate: true };
}

/** Inserts a notice unless its key is stored with the same content (else RecordConflictError); returns its outbox id. */
async function insertNotice(trx: Db, n: NoticeInput, rendered: RenderedNotice): Promise<{ noticeId: string; duplicate: boolean }> {
  const termId = await ensureTerm(trx, n);
  const row = {
    key: n.key,
    term_id: termId,
    workflow_id: n.workflowId,
    town: n.town,
    village: n.village,
    term: n.term,
    kind: n.kind,
    audience: n.audience,
    title: rendered.title,
    markdown: rendered.markdown,
    html: rendered.html,
    facts: JSON.stringify(n.facts),
    at: n.at,
  };
  const result = await trx
    .insertInto('notices')
    .values(row)
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (!inserted(result)) await sameAsStored(trx, 'notices', row);
  const { id } = await trx.selectFrom('notices').select('id').where('key', '=', n.key).executeTakeFirstOrThrow();
  return { noticeId: String(id), duplicate: !inserted(result) };
}

/** The village and the term of a record, created on its first write. */
async function ensureTerm(trx: Db, r: RecordKey): Promise<string> {
  const term = termOf(r);
  await trx
    .insertInto('villages')
    .values({ town: r.town, village: r.village, first_seen_at: r.at })
    .onConflict((oc) => oc.columns(['town', 'village']).doNothing())
    .execute();
  await trx
    .insertInto('terms')
    .values({
      id: term.id,
      workflow_id: r.workflowId,
      first_run_id: term.firstRunId,
      town: r.town,
      village: r.village,
      term: r.term,
      started_at: r.at,
      status: 'running',
      status_at: r.at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return term.id;
}

/** The normalized rows a decision carries: a recommendation tally, a ballot round, a scrutineer's confirmation. */
async function recordWhatTheDecisionCarries(trx: Db, d: DecisionInput, termId: string): Promise<void> {
  const recommendation = recommendationRows(d, termId);
  if (recommendation) {
    await trx
      .insertInto('recommendations')
      .values(recommendation.round)
      .onConflict((oc) => oc.column('decision_key').doNothing())
      .execute();
    if (recommendation.tallies.length) {
      await trx
        .insertInto('recommendation_tallies')
        .values(recommendation.tallies)
        .onConflict((oc) => oc.columns(['decision_key', 'nominee_id']).doNothing())
        .execute();
    }
    return;
  }
  if (d.type === 'RECORD_ROUND') {
    const last = await trx
      .selectFrom('ballot_rounds')
      .select((eb) => eb.fn.max('round_no').as('n'))
      .where('term_id', '=', termId)
      .executeTakeFirst();
    const ballot = ballotRoundRows(d, termId, Number(last?.n ?? 0) + 1);
    if (!ballot) return;
    await trx
      .insertInto('ballot_rounds')
      .values(ballot.round)
      .onConflict((oc) => oc.column('decision_key').doNothing())
      .execute();
    if (ballot.tallies.length) {
      await trx
        .insertInto('ballot_tallies')
        .values(ballot.tallies)
        .onConflict((oc) => oc.columns(['decision_key', 'source', 'candidate']).doNothing())
        .execute();
    }
    return;
  }
  if (d.type === 'CONFIRM_COUNT') {
    // The scrutineer confirms the count of the latest round not yet confirmed.
    const open = await trx
      .selectFrom('ballot_rounds')
      .select('decision_key')
      .where('term_id', '=', termId)
      .where('confirmed_at', 'is', null)
      .where('decision_seq', '<', d.seq)
      .orderBy('round_no', 'desc')
      .executeTakeFirst();
    if (open)
      await trx
        .updateTable('ballot_rounds')
        .set({ confirmed_by_id: d.by.id, confirmed_at: d.at })
        .where('decision_key', '=', open.decision_key)
        .execute();
  }
}
