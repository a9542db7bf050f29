import type { PoolConfig } from 'pg';
import { isLoopbackHost } from '../loopback';

/** The limits every PostgreSQL connection of the store has; a URL parameter of the same name overrides each. */
export const POSTGRES_LIMITS = {
  /** `connect_timeout` (seconds, as libpq): a server that does not answer fails the open instead of hanging it. */
  connectTimeoutSeconds: 10,
  /** `statement_timeout` (ms): a record is a few small writes; one stuck on a lock this long is cancelled by the server. */
  statementTimeoutMs: 10_000,
  /** `idle_in_transaction_session_timeout` (ms): a worker killed inside a transaction does not hold its locks. */
  idleInTransactionMs: 30_000,
  /** TCP keep-alive after this idle time, so a connection through a dead network path is found and replaced. */
  keepAliveInitialDelayMs: 10_000,
} as const;

/** The `sslmode` values that make pg encrypt (it verifies the certificate for all three unless `uselibpqcompat=true`). */
export const TLS_SSLMODES = ['require', 'verify-ca', 'verify-full'] as const;

/** The host the URL connects to: the `host` parameter (a Unix socket) or the URL's host name. */
export function hostOf(parsed: URL): string {
  return decodeURIComponent(parsed.searchParams.get('host') ?? parsed.hostname);
}

/** Why a URL to a host off this machine may not be used: it does not ask for TLS. Undefined when it may. */
export function tlsRefusal(parsed: URL, field: string): string | undefined {
  const host = hostOf(parsed);
  if (isLoopbackHost(host)) return undefined;
  const sslmode = parsed.searchParams.get('sslmode');
  const ssl = parsed.searchParams.get('ssl');
  if (sslmode === null ? ssl === 'true' || ssl === '1' : (TLS_SSLMODES as readonly string[]).includes(sslmode)) return undefined;
  const given = sslmode !== null ? `sslmode=${sslmode}` : ssl !== null ? `ssl=${ssl}` : 'no sslmode';
  return (
    `${field}: host ${JSON.stringify(host)} is not loopback and the URL has ${given}, so records would cross the network in clear; ` +
    `accepted: sslmode=verify-full (or ${TLS_SSLMODES.filter((m) => m !== 'verify-full').join(', ')}) in the URL, such as ` +
    `postgres://USER:PASSWORD@${host}:5432/DATABASE?sslmode=verify-full, or a loopback host (localhost, 127.0.0.1, ::1, a Unix socket)`
  );
}

/** The pool's settings for a URL: the store's limits, keep-alive, and for a reading command read-only transactions. */
export function postgresPoolConfig(url: string, access: 'write' | 'read'): PoolConfig {
  const parsed = new URL(url);
  const connectTimeout = Number(parsed.searchParams.get('connect_timeout') ?? POSTGRES_LIMITS.connectTimeoutSeconds);
  const statementTimeout = Number(parsed.searchParams.get('statement_timeout') ?? POSTGRES_LIMITS.statementTimeoutMs);
  return {
    connectionString: url,
    max: 10,
    connectionTimeoutMillis:
      (Number.isFinite(connectTimeout) && connectTimeout > 0 ? connectTimeout : POSTGRES_LIMITS.connectTimeoutSeconds) * 1000,
    // pg reads the URL's own parameters over these, so an operator can set them there.
    statement_timeout: POSTGRES_LIMITS.statementTimeoutMs,
    idle_in_transaction_session_timeout: POSTGRES_LIMITS.idleInTransactionMs,
    // The server cancels a slow statement; this also ends the wait when the server itself is gone.
    ...(statementTimeout === 0
      ? {}
      : {
          query_timeout:
            (Number.isFinite(statementTimeout) && statementTimeout > 0 ? statementTimeout : POSTGRES_LIMITS.statementTimeoutMs) + 5_000,
        }),
    keepAlive: true,
    keepAliveInitialDelayMillis: POSTGRES_LIMITS.keepAliveInitialDelayMs,
    ...(access === 'read' ? { options: '-c default_transaction_read_only=on' } : {}),
  };
}
