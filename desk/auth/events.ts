/** What a line of the sign-in log records. */
export const SIGN_IN_EVENTS = [
  'signed-in',
  'code-passed',
  'enrolled',
  'signed-out',
  'wrong-password',
  'wrong-code',
  'locked',
  'unknown-account',
  'expired',
  'oidc-signed-in',
  'oidc-refused',
  'rate-limited',
  'password-set',
  'code-reset',
  'unlocked',
] as const;
export type SignInEvent = (typeof SIGN_IN_EVENTS)[number];

/** When repeated failures lock an account: `limit` wrong passwords or codes within `windowMs` lock it for `lockMs`. */
export interface LockoutRule {
  limit: number;
  windowMs: number;
  lockMs: number;
}

/** Five failures in fifteen minutes lock the account for fifteen minutes. */
export const LOCKOUT_DEFAULTS: LockoutRule = { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** How long a session lasts: `idleMs` without a request, `absoluteMs` however busy. */
export interface SessionLifetime {
  idleMs: number;
  absoluteMs: number;
}

/** Thirty minutes idle, twelve hours in all (a working day). */
export const SESSION_DEFAULTS: SessionLifetime = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
