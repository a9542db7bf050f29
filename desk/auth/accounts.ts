import { createHash, randomBytes } from 'node:crypto';
import type { DeskAccountRow, DeskAccountStore, DeskSessionRow, DeskSignInRow, OutcomeStore } from '../../activities/store';
import type { LockoutRule, SignInEvent } from './events';
import { ARGON2_DEFAULTS, hashPassword, needsRehash, passwordRefusal, verifyPassword, type Argon2Params } from './password';
import { base32Decode, matchingStep, newTotpSecret } from './totp';

/** A change of an account refused: the field, the value and what would be accepted. Nothing was written. */
export class AccountRefusal extends Error {
  override name = 'AccountRefusal';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** An account as `election accounts list` shows it; never the hash or the secret. */
export interface AccountSummary {
  personId: string;
  hasPassword: boolean;
  totpEnrolled: boolean;
  oidcAllowed: boolean;
  failedAttempts: number;
  lockedUntil?: string;
}

/** What a password (or a code) was worth. */
export type CheckOutcome = { kind: 'passed'; personId: string } | { kind: 'refused' } | { kind: 'locked'; until: string };

/** Where a sign-in attempt came from, for the log. */
export interface Attempt {
  at: number;
  client?: string;
}

/** A session just opened: the token for the cookie (never stored), and the form token. */
export interface OpenedSession {
  token: string;
  tokenHash: string;
  csrf: string;
}

/** A session found by its token: open, or ended just now by its expiry. */
export type FoundSession = { kind: 'open'; session: DeskSessionRow } | { kind: 'expired'; personId: string } | { kind: 'none' };

const iso = (ms: number) => new Date(ms).toISOString();
const token = () => randomBytes(32).toString('base64url');
/** The store keeps only this of a session token. */
export const tokenHash = (value: string) => createHash('sha256').update(value).digest('hex');

/** Sessions are written back at most this often, so that a busy page does not write on every request. */
const TOUCH_EVERY_MS = 10_000;

/**
 * The desk's accounts: passwords (Argon2id), second factors (TOTP), lockout, sessions and the sign-in log, over the
 * outcome store. Every outcome of an attempt is logged here, so no caller can forget it.
 */
export class DeskAccounts {
  private dummyHash: Promise<string> | undefined;
  readonly argon2: Argon2Params;

  constructor(
    readonly store: DeskAccountStore,
    options: { argon2?: Argon2Params } = {},
  ) {
    this.argon2 = options.argon2 ?? ARGON2_DEFAULTS;
  }

  /** The accounts of an outcome store. */
  static of(store: OutcomeStore, options: { argon2?: Argon2Params } = {}): DeskAccounts {
    return new DeskAccounts(store.deskAccounts, options);
  }

  /** Sets a registered person's password (creating their account), and ends their open sessions. */
  async setPassword(personId: string, password: string, at: number = Date.now()): Promise<void> {
    await this.requireRegistered(personId);
    const refusal = passwordRefusal(password);
    if (refusal) throw new AccountRefusal('password', refusal);
    const hash = await hashPassword(password, this.argon2);
    await this.store.saveAccount(personId, iso(at), { password_hash: hash });
    await this.store.endSessionsOf(personId, iso(at), 'password-changed');
    await this.record('password-set', personId, personId, { at });
  }

  /** Lets (or stops) the office's identity provider sign this person in. */
  async allowOidc(personId: string, allowed: boolean, at: number = Date.now()): Promise<void> {
    await this.requireRegistered(personId);
    await this.store.saveAccount(personId, iso(at), { oidc_allowed: allowed ? 1 : 0 });
  }

  /** Clears a person's second factor: at their next sign-in they enrol a new authenticator app. */
  async resetCode(personId: string, at: number = Date.now()): Promise<void> {
    await this.requireAccount(personId);
    await this.store.saveAccount(personId, iso(at), { totp_secret: null, totp_enrolled: 0, totp_last_step: null });
    await this.store.endSessionsOf(personId, iso(at), 'code-reset');
    await this.record('code-reset', personId, personId, { at });
  }

  /** Sets an enrolled TOTP secret as it is (the demo prints it, so that its people need not enrol). */
  async presetCode(personId: string, secret: string, at: number = Date.now()): Promise<void> {
    await this.requireAccount(personId);
    if (base32Decode(secret).length < 10) throw new AccountRefusal('totpSecret', 'totpSecret: expected base32 of at least 80 bits');
    await this.store.saveAccount(personId, iso(at), { totp_secret: secret, totp_enrolled: 1, totp_last_step: null });
  }

  /** Lifts a lock and forgets the failures counted. */
  async unlock(personId: string, at: number = Date.now()): Promise<void> {
    await this.requireAccount(personId);
    await this.store.saveAccount(personId, iso(at), { failed_attempts: 0, first_failed_at: null, locked_until: null });
    await this.record('unlocked', personId, personId, { at });
  }

  /** Every account, by person id. */
  async list(): Promise<AccountSummary[]> {
    return (await this.store.accounts()).map(summary);
  }

  /** One account's summary, if there is one. */
  async account(personId: string): Promise<AccountSummary | undefined> {
    const row = await this.store.account(personId);
    return row && summary(row);
  }

  /** The sign-in log, oldest first. */
  log(filter: { person?: string; since?: string } = {}): Promise<DeskSignInRow[]> {
    return this.store.signIns(filter);
  }

  /** Writes a line of the sign-in log. */
  async record(event: SignInEvent, login: string, personId: string | null, attempt: Attempt, detail?: string): Promise<void> {
    await this.store.log({
      at: iso(attempt.at),
      login,
      person_id: personId,
      event,
      client: attempt.client ?? null,
      detail: detail ?? null,
    });
  }

  /**
   * Checks a password typed with a login name. An unknown name (or an account without a password) costs one hash too,
   * and is refused in the same words; a locked account is refused before its password is looked at.
   */
  async checkPassword(login: string, password: string, rule: LockoutRule, attempt: Attempt): Promise<CheckOutcome> {
    const account = await this.store.account(login);
    if (!account?.password_hash) {
      await verifyPassword(password, await this.dummy());
      return this.unknownAccount(login, rule, attempt);
    }
    const locked = lockedUntil(account, attempt.at);
    if (locked) {
      await this.record('locked', login, login, attempt, `until ${locked}`);
      return { kind: 'locked', until: locked };
    }
    if (!(await verifyPassword(password, account.password_hash))) return this.failure('wrong-password', account, rule, attempt);
    await this.store.saveAccount(login, iso(attempt.at), {
      failed_attempts: 0,
      first_failed_at: null,
      ...(needsRehash(account.password_hash, this.argon2) ? { password_hash: await hashPassword(password, this.argon2) } : {}),
    });
    return { kind: 'passed', personId: login };
  }

  /**
   * Checks a code of the person's enrolled authenticator. A code matched is taken (its time step kept), so the same code
   * typed again, or an older one, is refused; wrong codes count toward the lock as wrong passwords do.
   */
  async checkCode(personId: string, code: string, rule: LockoutRule, attempt: Attempt): Promise<CheckOutcome> {
    const account = await this.store.account(personId);
    if (!account?.totp_enrolled || !account.totp_secret) return { kind: 'refused' };
    return this.takeCode(account, account.totp_secret, code, rule, attempt, 'code-passed');
  }

  /** The secret a person enrols with: the one shown already when they have not confirmed it, else a new one. */
  async pendingSecret(personId: string, at: number = Date.now()): Promise<string> {
    const account = await this.requireAccount(personId);
    if (account.totp_enrolled) throw new AccountRefusal('personId', `${personId}: enrolled already; reset the code first`);
    if (account.totp_secret) return account.totp_secret;
    const secret = newTotpSecret();
    await this.store.saveAccount(personId, iso(at), { totp_secret: secret });
    return secret;
  }

  /** Confirms an enrolment with a code of the pending secret: from then on the person's codes are asked for. */
  async confirmEnrolment(personId: string, code: string, rule: LockoutRule, attempt: Attempt): Promise<CheckOutcome> {
    const account = await this.store.account(personId);
    if (!account?.totp_secret || account.totp_enrolled) return { kind: 'refused' };
    const outcome = await this.takeCode(account, account.totp_secret, code, rule, attempt, 'enrolled');
    if (outcome.kind === 'passed') await this.store.saveAccount(personId, iso(attempt.at), { totp_enrolled: 1 });
    return outcome;
  }

  /** Opens a session for a person who has just signed in; it ends at `at + absoluteMs` whatever happens. */
  async openSession(
    personId: string,
    how: { via: 'password' | 'oidc'; secondFactor: boolean; absoluteMs: number; expiresAt?: string },
    attempt: Attempt,
  ): Promise<OpenedSession> {
    const opened = { token: token(), csrf: token() };
    const hash = tokenHash(opened.token);
    await this.store.addSession({
      token_hash: hash,
      person_id: personId,
      csrf: opened.csrf,
      created_at: iso(attempt.at),
      last_seen_at: iso(attempt.at),
      expires_at: how.expiresAt ?? iso(attempt.at + how.absoluteMs),
      ended_at: null,
      end_reason: null,
      second_factor: how.secondFactor ? 1 : 0,
      via: how.via,
    });
    return { ...opened, tokenHash: hash };
  }

  /**
   * The session of a cookie's token: open when it has neither been idle `idleMs` nor passed its absolute end; a
   * session found expired is ended here and logged once.
   */
  async findSession(sessionToken: string, idleMs: number, attempt: Attempt): Promise<FoundSession> {
    const hash = tokenHash(sessionToken);
    const session = await this.store.session(hash);
    if (!session || session.ended_at !== null) return { kind: 'none' };
    const idleSince = Date.parse(session.last_seen_at);
    if (attempt.at >= Date.parse(session.expires_at) || attempt.at - idleSince >= idleMs) {
      if (await this.store.endSession(hash, iso(attempt.at), 'expired'))
        await this.record(
          'expired',
          session.person_id,
          session.person_id,
          attempt,
          attempt.at >= Date.parse(session.expires_at) ? 'absolute' : 'idle',
        );
      return { kind: 'expired', personId: session.person_id };
    }
    if (attempt.at - idleSince >= TOUCH_EVERY_MS) await this.store.touchSession(hash, iso(attempt.at));
    return { kind: 'open', session };
  }

  /** Ends a session when the person signs out, and logs it. */
  async signOut(session: DeskSessionRow, attempt: Attempt): Promise<void> {
    if (await this.store.endSession(session.token_hash, iso(attempt.at), 'signed-out'))
      await this.record('signed-out', session.person_id, session.person_id, attempt);
  }

  /**
   * Replaces a session whose person has just passed the second factor by a new one that has it (a new token, so that
   * a token seen before the second factor is worth nothing after it); the absolute end stays the first one's.
   */
  async elevate(session: DeskSessionRow, attempt: Attempt): Promise<OpenedSession> {
    await this.store.endSession(session.token_hash, iso(attempt.at), 'replaced');
    return this.openSession(
      session.person_id,
      { via: session.via, secondFactor: true, absoluteMs: 0, expiresAt: session.expires_at },
      attempt,
    );
  }

  /** The roles a person holds now (their current assignments in the people registry). */
  rolesHeld(personId: string, at: number): Promise<string[]> {
    return this.store.rolesHeld(personId, iso(at));
  }

  private async takeCode(
    account: DeskAccountRow,
    secret: string,
    code: string,
    rule: LockoutRule,
    attempt: Attempt,
    passed: SignInEvent,
  ): Promise<CheckOutcome> {
    const personId = account.person_id;
    const locked = lockedUntil(account, attempt.at);
    if (locked) {
      await this.record('locked', personId, personId, attempt, `until ${locked}`);
      return { kind: 'locked', until: locked };
    }
    const step = matchingStep(secret, code, attempt.at);
    if (step === undefined) return this.failure('wrong-code', account, rule, attempt);
    if (!(await this.store.takeTotpStep(personId, step, iso(attempt.at))))
      return this.failure('wrong-code', account, rule, attempt, 'used before');
    await this.store.saveAccount(personId, iso(attempt.at), { failed_attempts: 0, first_failed_at: null });
    await this.record(passed, personId, personId, attempt);
    return { kind: 'passed', personId };
  }

  private async failure(
    event: 'wrong-password' | 'wrong-code',
    account: DeskAccountRow,
    rule: LockoutRule,
    attempt: Attempt,
    detail?: string,
  ): Promise<CheckOutcome> {
    const personId = account.person_id;
    const counted = await this.store.countFailure(personId, attempt.at, rule);
    await this.record(event, personId, personId, attempt, detail ?? `failure ${counted.failures} of ${rule.limit}`);
    if (!counted.lockedUntil) return { kind: 'refused' };
    await this.record('locked', personId, personId, attempt, `until ${counted.lockedUntil}`);
    await this.store.endSessionsOf(personId, iso(attempt.at), 'locked');
    return { kind: 'locked', until: counted.lockedUntil };
  }

  /**
   * A name without an account is refused, and "locked" after as many tries as a real account would be, from the log:
   * otherwise the lock itself would tell which names have accounts.
   */
  private async unknownAccount(login: string, rule: LockoutRule, attempt: Attempt): Promise<CheckOutcome> {
    const recent = (await this.store.signIns({ person: login, since: iso(attempt.at - Math.max(rule.windowMs, rule.lockMs)) })).filter(
      (l) => l.person_id === null,
    );
    const lock = recent
      .filter((l) => l.event === 'locked')
      .map((l) => l.detail?.replace(/^until /, '') ?? '')
      .find((until) => Date.parse(until) > attempt.at);
    if (lock) {
      await this.record('locked', login, null, attempt, `until ${lock}`);
      return { kind: 'locked', until: lock };
    }
    await this.record('unknown-account', login, null, attempt);
    const lastLock = recent.filter((l) => l.event === 'locked').at(-1)?.at ?? '';
    const failures = recent.filter(
      (l) => l.event === 'unknown-account' && l.at > lastLock && Date.parse(l.at) > attempt.at - rule.windowMs,
    );
    if (failures.length + 1 < rule.limit) return { kind: 'refused' };
    const until = iso(attempt.at + rule.lockMs);
    await this.record('locked', login, null, attempt, `until ${until}`);
    return { kind: 'locked', until };
  }

  /** Computes the hash an unknown name's password is checked against, so that the first such try takes no longer. */
  async prepare(): Promise<void> {
    await this.dummy();
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(token(), this.argon2);
    return this.dummyHash;
  }

  private async requireRegistered(personId: string): Promise<void> {
    if (!(await this.store.isRegistered(personId)))
      throw new AccountRefusal('personId', `person: got ${JSON.stringify(personId)}; expected the id of a person of the people registry`);
  }

  private async requireAccount(personId: string): Promise<DeskAccountRow> {
    const account = await this.store.account(personId);
    if (!account)
      throw new AccountRefusal(
        'personId',
        `person: got ${JSON.stringify(personId)}, who has no desk account; expected a person with one (set a password first: election accounts set-password --person ${personId})`,
      );
    return account;
  }
}

function lockedUntil(account: DeskAccountRow, at: number): string | undefined {
  return account.locked_until !== null && Date.parse(account.locked_until) > at ? account.locked_until : undefined;
}

function summary(row: DeskAccountRow): AccountSummary {
  return {
    personId: row.person_id,
    hasPassword: row.password_hash !== null,
    totpEnrolled: row.totp_enrolled === 1,
    oidcAllowed: row.oidc_allowed === 1,
    failedAttempts: row.failed_attempts,
    ...(row.locked_until ? { lockedUntil: row.locked_until } : {}),
  };
}

/**
 * Creates or updates a demo person's account with a known password and, when given, an enrolled TOTP secret, so that
 * the demo can print both; the person must be registered.
 */
export async function ensureDemoAccount(
  accounts: DeskAccounts,
  demo: { personId: string; password: string; totpSecret?: string; oidcAllowed?: boolean },
): Promise<void> {
  await accounts.setPassword(demo.personId, demo.password);
  if (demo.totpSecret !== undefined) await accounts.presetCode(demo.personId, demo.totpSecret);
  if (demo.oidcAllowed !== undefined) await accounts.allowOidc(demo.personId, demo.oidcAllowed);
  const account = await accounts.account(demo.personId);
  if (account?.lockedUntil !== undefined || account?.failedAttempts) await accounts.unlock(demo.personId);
}
