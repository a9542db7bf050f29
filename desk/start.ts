import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { OutcomeStore } from '../activities/store';
import { DECISION_ROLES, type DecisionType } from '../machines/events';
import type { Role } from '../machines/roles';
import { DeskAccounts } from './auth/accounts';
import type { OidcConfig } from './auth/oidc';
import { authLayer } from './auth/plugin';
import { CODEC_PATH } from './codec';
import type { Argon2Params } from './auth/password';
import { pageContext, type AuthLayer, type DeskDeps } from './context';
import type { DeskKeyFile } from './deskKey';
import { FleetCollector } from './fleet';
import { DeskMetrics, serveMetrics } from './metrics';
import { buildDesk } from './server';

/** The decisions that approve, send back, rule or cancel: whoever may make one signs in with a second factor. */
const APPROVALS: DecisionType[] = [
  'APPROVE_START',
  'SEND_BACK_START',
  'APPROVE_SLATE',
  'SEND_BACK_SLATE',
  'RULE_OBJECTION',
  'APPROVE_RESULT',
  'REJECT_RESULT',
  'APPROVE_POSTPONEMENT',
  'REFUSE_POSTPONEMENT',
  'CANCEL',
];

/** The roles that approve (the town committee, the county organisation department): a second factor is required of them. */
export const APPROVING_ROLES: readonly Role[] = [...new Set(APPROVALS.flatMap((d) => DECISION_ROLES[d]))];

/** What the desk starts with. */
export interface DeskStartOptions {
  client: Client;
  store: OutcomeStore;
  deskKey: DeskKeyFile;
  host?: string;
  port: number;
  temporalUi?: string;
  /** More origins whose pages may call the codec endpoint with the person's cookie (the Web UI's own is always one). */
  codecOrigins?: readonly string[];
  /** Secure cookies (default true: Chromium and Firefox treat http://127.0.0.1 and localhost as secure). */
  secureCookies?: boolean;
  oidc?: OidcConfig;
  now?: () => number;
  /** Cheaper password hashing, for tests only. */
  argon2?: Argon2Params;
  /** Session lifetimes, for tests. */
  session?: { idleMs?: number; absoluteMs?: number };
  /** Sign-in attempts a client address may make (default 20 a minute); tests that sign many people in from one address raise it. */
  clientLimit?: { limit: number; windowMs: number };
  logger?: boolean;
  /**
   * Where to serve Prometheus metrics (`host:port`, a port alone for loopback), on a listener apart from the desk's
   * pages; absent: no metrics listener (the desk counts nothing).
   */
  metricsAddress?: string;
  /** How long a collection of the fleet gauges from visibility is reused (default FLEET_TTL_MS). */
  fleetTtlMs?: number;
}

/** A running desk. */
export interface RunningDesk {
  url: string;
  app: FastifyInstance;
  accounts: DeskAccounts;
  /** The metrics endpoint's URL, when it listens. */
  metricsUrl?: string;
  close(): Promise<void>;
}

/** The sign-in layer of desk/auth over the store's accounts and registry. */
export function deskAuth(
  options: Pick<DeskStartOptions, 'secureCookies' | 'oidc' | 'now' | 'session' | 'clientLimit'> & {
    accounts: DeskAccounts;
    store: OutcomeStore;
  },
): AuthLayer {
  return authLayer({
    accounts: options.accounts,
    registry: options.store.registry,
    secureCookies: options.secureCookies ?? true,
    secondFactorRoles: APPROVING_ROLES,
    pageContext: (request) => pageContext(request),
    publicPaths: ['/static/', '/healthz', '/favicon.ico'],
    selfCheckedPaths: [`${CODEC_PATH}/`],
    ...(options.oidc ? { oidc: options.oidc } : {}),
    ...(options.session ? { session: options.session } : {}),
    ...(options.clientLimit ? { clientLimit: options.clientLimit } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Builds the desk and listens on the host (default 127.0.0.1) and port (0: any free one). */
export async function startDesk(options: DeskStartOptions): Promise<RunningDesk> {
  const accounts = DeskAccounts.of(options.store, options.argon2 ? { argon2: options.argon2 } : {});
  const metrics = options.metricsAddress ? new DeskMetrics() : undefined;
  const deps: DeskDeps = {
    client: options.client,
    store: options.store,
    deskKey: options.deskKey,
    ...(options.temporalUi ? { temporalUi: options.temporalUi } : {}),
    now: options.now ?? Date.now,
    ...(metrics ? { metrics } : {}),
  };
  const app = await buildDesk(deps, deskAuth({ ...options, accounts }), {
    logger: options.logger,
    ...(options.codecOrigins ? { codecOrigins: options.codecOrigins } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let endpoint: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  if (metrics && options.metricsAddress) {
    new FleetCollector(options.client, APPROVING_ROLES, options.fleetTtlMs !== undefined ? { ttlMs: options.fleetTtlMs } : {}).register(
      metrics.registry,
    );
    endpoint = await serveMetrics(metrics.registry, options.metricsAddress).catch(async (err: unknown) => {
      await app.close();
      throw err;
    });
  }
  return {
    url: `http://${host}:${port}`,
    app,
    accounts,
    ...(endpoint ? { metricsUrl: endpoint.url } : {}),
    close: async () => {
      await endpoint?.close();
      await app.close();
    },
  };
}
