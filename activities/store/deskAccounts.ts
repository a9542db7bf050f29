import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DeskAccountsTable, DeskSessionsTable, DeskSignInsTable, StoreSchema } from './schema';

/** An account row of the desk as stored. */
export type DeskAccountRow = Selectable<DeskAccountsTable>;
/** A session row of the desk as stored. */
export type DeskSessionRow = Selectable<DeskSessionsTable>;
/** A line of the desk's sign-in log as stored. */
export type DeskSignInRow = Selectable<DeskSignInsTable>;

/**
 * The desk's accounts, sessions and sign-in log in the outcome store: the rows only. What a password, a code or a
 * session is worth is decided by desk/auth (DeskAccounts), which reads and writes through this.
 */
export class DeskAccountStore {
  constructor(private readonly db: Kysely<StoreSchema>) {}

  /** The account of a person, if they have one. */
  async account(personId: string): Promise<DeskAccountRow | undefined> {
    return this.db.selectFrom('desk_accounts').selectAll().where('person_id', '=', personId).executeTakeFirst();
  }

  /** Every account, by person id. */
  async accounts(): Promise<DeskAccountRow[]> {
    return this.db.selectFrom('desk_accounts').selectAll().orderBy('person_id').execute();
  }

  /** Whether the people registry holds this person. */
  async isRegistered(personId: string): Promise<boolean> {
    return (await this.db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst()) !== undefined;
  }

  /** Creates the account, or changes the given columns of the existing one. */
  async saveAccount(personId: string, at: string, columns: Updateable<DeskAccountsTable>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('desk_accounts').select('person_id').where('person_id', '=', personId).executeTakeFirst();
      if (existing)
        await trx
          .updateTable('desk_accounts')
          .set({ ...columns, updated_at: at })
          .where('person_id', '=', personId)
          .execute();
      else
        await trx
          .insertInto('desk_accounts')
          .values({ ...columns, person_id: personId, created_at: at, updated_at: at } as Insertable<DeskAccountsTable>)
          .execute();
    });
  }

  /**
   * Counts a failure (a wrong password or code) in the window that began with the first failure, and locks the
   * account when the count reaches `limit`; one transaction, so two failures at once are both counted.
   */
  async countFailure(
    personId: string,
    at: number,
    rule: { limit: number; windowMs: number; lockMs: number },
  ): Promise<{ failures: number; lockedUntil?: string }> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('desk_accounts').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
      const inWindow = row.first_failed_at !== null && Date.parse(row.first_failed_at) > at - rule.windowMs;
      const failures = inWindow ? row.failed_attempts + 1 : 1;
      const lockedUntil = failures >= rule.limit ? new Date(at + rule.lockMs).toISOString() : null;
      await trx
        .updateTable('desk_accounts')
        .set({
          failed_attempts: lockedUntil ? 0 : failures,
          first_failed_at: lockedUntil ? null : inWindow ? row.first_failed_at : new Date(at).toISOString(),
          locked_until: lockedUntil ?? row.locked_until,
          updated_at: new Date(at).toISOString(),
        })
        .where('person_id', '=', personId)
        .execute();
      return lockedUntil ? { failures, lockedUntil } : { failures };
    });
  }

  /** Takes a TOTP time step for the account: false when it (or a later one) was taken already, so a code is good once. */
  async takeTotpStep(personId: string, step: number, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('desk_accounts')
      .set({ totp_last_step: step, updated_at: at })
      .where('person_id', '=', personId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Records a new session. */
  async addSession(row: Insertable<DeskSessionsTable>): Promise<void> {
    await this.db.insertInto('desk_sessions').values(row).execute();
  }

  /** A session by the hash of its token. */
  async session(tokenHash: string): Promise<DeskSessionRow | undefined> {
    return this.db.selectFrom('desk_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Notes that a session was used at `at`. */
  async touchSession(tokenHash: string, at: string): Promise<void> {
    await this.db.updateTable('desk_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
  }

  /** Ends a session still open; false when it had ended already. */
  async endSession(tokenHash: string, at: string, reason: string): Promise<boolean> {
    const result = await this.db
      .updateTable('desk_sessions')
      .set({ ended_at: at, end_reason: reason })
      .where('token_hash', '=', tokenHash)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Ends every open session of a person (their account was locked or its password changed). */
  async endSessionsOf(personId: string, at: string, reason: string): Promise<number> {
    const result = await this.db
      .updateTable('desk_sessions')
      .set({ ended_at: at, end_reason: reason })
      .where('person_id', '=', personId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Writes a line of the sign-in log. */
  async log(line: Insertable<DeskSignInsTable>): Promise<void> {
    await this.db.insertInto('desk_sign_ins').values(line).execute();
  }

  /** The sign-in log, oldest first: all of it, or one person's (lines naming them, or tried with their id as login). */
  async signIns(filter: { person?: string; since?: string } = {}): Promise<DeskSignInRow[]> {
    let query = this.db.selectFrom('desk_sign_ins').selectAll();
    const { person, since } = filter;
    if (person !== undefined) query = query.where((eb) => eb.or([eb('person_id', '=', person), eb('login', '=', person)]));
    if (since !== undefined) query = query.where('at', '>=', since);
    return query.orderBy('id').execute();
  }

  /** The roles a person holds at an instant: their assignments valid then and not revoked by then. */
  async rolesHeld(personId: string, at: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('assignments')
      .select(['role', 'valid_from', 'valid_until', 'revoked_at'])
      .where('person_id', '=', personId)
      .execute();
    const held = rows.filter(
      (r) => r.valid_from <= at && (r.valid_until === null || r.valid_until > at) && (r.revoked_at === null || r.revoked_at > at),
    );
    return [...new Set(held.map((r) => r.role))].sort();
  }
}
