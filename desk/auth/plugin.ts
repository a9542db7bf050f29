import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual, randomBytes } from 'node:crypto';
import type { DeskSessionRow, PeopleRegistry } from '../../activities/store';
import type { Role } from '../../machines/roles';
import type { AuthLayer } from '../context';
import type { PageContext } from '../pages/layout';
import type { DeskAccounts, Attempt } from './accounts';
import { cookieNames, parseCookies, setCookie } from './cookies';
import { LOCKOUT_DEFAULTS, SESSION_DEFAULTS, type LockoutRule, type SessionLifetime } from './events';
import { OidcClient, type OidcConfig, type PendingOidcSignIn } from './oidc';
import { codePage, continuePage, enrolPage, lockedText, refusedPage, signInPage, type FormNotice } from './pages';
import { ClientRateLimit } from './rateLimit';
import { otpauthUri } from './totp';

/** Who is signed in on a request, as routes and pages see them. */
export interface SignedInPerson {
  personId: string;
  name: string;
  /** A short public handle of the session (a prefix of its token's hash), for logs. */
  sessionId: string;
  /** The session's form token: every POST carries it. */
  csrf: string;
  /** Whether this session passed a second factor (the desk's code, or the identity provider's). */
  secondFactor: boolean;
  /** Whether this person must pass one before any desk page: they hold an approving role, or enrolled a code. */
  secondFactorRequired: boolean;
  via: 'password' | 'oidc';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The person signed in, or null; set for every request before any route runs. */
    person: SignedInPerson | null;
  }
}

/** What the server gives the sign-in part of the desk. */
export interface AuthOptions {
  accounts: DeskAccounts;
  registry: PeopleRegistry;
  /** `__Host-` cookies marked Secure (HTTPS, or Chromium on 127.0.0.1); false only for tests over plain HTTP. */
  secureCookies: boolean;
  /** The roles that must pass a second factor: the server passes the approving ones (town-committee, county-org-dept). */
  secondFactorRoles: readonly Role[];
  /** The page context of a request (language, translator); the sign-in pages put their own form token in it. */
  pageContext: (request: FastifyRequest) => PageContext;
  session?: Partial<SessionLifetime>;
  lockout?: Partial<LockoutRule>;
  /** Sign-in attempts per client address (default 20 a minute); beyond it, 429. */
  clientLimit?: { limit: number; windowMs: number };
  /** The office's identity provider, when it configured one. */
  oidc?: OidcConfig | OidcClient;
  /** Path prefixes served to anyone without looking at the session (static files). */
  publicPaths?: readonly string[];
  /**
   * Path prefixes of JSON endpoints called from another origin (the codec server, from the Temporal Web UI): the
   * session is read, but the form token and same-origin checks and the second-factor redirect are theirs to make
   * (they allow listed origins only, and refuse a person who has not passed the second factor).
   */
  selfCheckedPaths?: readonly string[];
  now?: () => number;
}

/** The paths of signing in: reachable by a person who has not passed the second factor yet. */
const AUTH_PATHS = new Set(['/login', '/login/code', '/login/enrol', '/logout', '/oidc/login', '/oidc/callback']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOGIN_TOKEN_SECONDS = 3600;
const OIDC_PENDING_MS = 10 * 60_000;

interface RequestState {
  settings: Settings;
  cookies: Map<string, string>;
  session?: DeskSessionRow;
  expired: boolean;
}

interface Settings {
  options: AuthOptions;
  session: SessionLifetime;
  lockout: LockoutRule;
  names: ReturnType<typeof cookieNames>;
  limit: ClientRateLimit;
  oidc?: OidcClient;
  pending: Map<string, PendingOidcSignIn & { until: number }>;
  now: () => number;
}

const states = new WeakMap<FastifyRequest, RequestState>();

/** A `next` the desk may redirect to: a path of its own (never `//host` or a full URL), else `/`. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
  const url = new URL(value, 'http://desk.invalid');
  if (url.origin !== 'http://desk.invalid') return '/';
  return `${url.pathname}${url.search}`;
}

const equalText = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const field = (request: FastifyRequest, name: string): string | undefined => {
  const body = request.body;
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
};

const withNext = (path: string, next: string) => (next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`);

/**
 * Signing in to the desk, on the server's Fastify instance (not encapsulated: its hooks see every route). Every
 * request gets `request.person`; every request but GET, HEAD and OPTIONS must carry the session's form token (or, before
 * a session, the sign-in form's double-submit token) and must not come from another site; a person whose role needs a
 * second factor reaches no page before passing it. Routes: GET/POST /login, /login/code, /login/enrol; POST /logout;
 * GET /oidc/login and /oidc/callback. Registers @fastify/formbody unless a form parser is there already.
 */
export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const settings: Settings = {
    options,
    session: { ...SESSION_DEFAULTS, ...options.session },
    lockout: { ...LOCKOUT_DEFAULTS, ...options.lockout },
    names: cookieNames(options.secureCookies),
    limit: new ClientRateLimit(options.clientLimit?.limit ?? 20, options.clientLimit?.windowMs ?? 60_000),
    ...(options.oidc ? { oidc: options.oidc instanceof OidcClient ? options.oidc : new OidcClient(options.oidc) } : {}),
    pending: new Map(),
    now: options.now ?? Date.now,
  };
  const publicPaths = options.publicPaths ?? ['/static/', '/favicon.ico'];
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  await options.accounts.prepare();
  app.decorateRequest('person', null);

  app.addHook('onRequest', async (request, reply) => {
    const state: RequestState = { settings, cookies: parseCookies(request.headers.cookie), expired: false };
    states.set(request, state);
    request.person = null;
    if (publicPaths.some((p) => request.url.startsWith(p))) return;
    const token = state.cookies.get(settings.names.session);
    if (!token) return;
    const found = await options.accounts.findSession(token, settings.session.idleMs, attemptOf(request, settings));
    if (found.kind !== 'open') {
      state.expired = found.kind === 'expired';
      reply.header('set-cookie', clearCookie(settings, settings.names.session));
      return;
    }
    const session = found.session;
    state.session = session;
    const [person] = await options.registry.peopleByIds([session.person_id]);
    request.person = {
      personId: session.person_id,
      name: person?.name ?? session.person_id,
      sessionId: session.token_hash.slice(0, 12),
      csrf: session.csrf,
      secondFactor: session.second_factor === 1,
      secondFactorRequired: await secondFactorRequired(settings, session.person_id),
      via: session.via,
    };
  });

  app.addHook('preHandler', async (request, reply) => {
    const state = states.get(request)!;
    const path = request.url.split('?')[0]!;
    if (options.selfCheckedPaths?.some((p) => path.startsWith(p))) return;
    if (!SAFE_METHODS.has(request.method)) {
      const refusal = formRefusal(request, state, path);
      if (refusal) return refuse(request, reply, 403, refusal);
    }
    const person = request.person;
    if (person && person.secondFactorRequired && !person.secondFactor && !AUTH_PATHS.has(path)) {
      if (publicPaths.some((p) => request.url.startsWith(p))) return;
      if (SAFE_METHODS.has(request.method)) return reply.redirect(await secondFactorStep(settings, person.personId, request.url), 303);
      return refuse(request, reply, 401, 'auth.refused.secondFactor');
    }
  });

  registerPasswordRoutes(app, settings);
  registerCodeRoutes(app, settings);
  if (settings.oidc) registerOidcRoutes(app, settings, settings.oidc);
}

/**
 * A route's preHandler for pages and actions that need someone signed in: a GET without a session is sent to the
 * sign-in page (coming back afterwards), anything else refused with 401 and a page saying so.
 */
export async function requireSignedIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const state = states.get(request);
  if (!state) throw new Error('requireSignedIn: registerAuth was not called on this Fastify instance');
  const person = request.person;
  if (person) {
    if (person.secondFactorRequired && !person.secondFactor) {
      if (SAFE_METHODS.has(request.method))
        return reply.redirect(await secondFactorStep(state.settings, person.personId, request.url), 303);
      return refuse(request, reply, 401, 'auth.refused.secondFactor');
    }
    return;
  }
  if (SAFE_METHODS.has(request.method)) {
    const next = safeNext(request.url);
    const query = new URLSearchParams();
    if (next !== '/') query.set('next', next);
    if (state.expired) query.set('expired', '1');
    return reply.redirect(`/login${query.size ? `?${query.toString()}` : ''}`, 303);
  }
  return refuse(request, reply, 401, 'auth.refused.signedOut');
}

function attemptOf(request: FastifyRequest, settings: Settings): Attempt {
  return { at: settings.now(), client: request.ip };
}

async function secondFactorRequired(settings: Settings, personId: string): Promise<boolean> {
  const { accounts, secondFactorRoles } = settings.options;
  const roles = await accounts.rolesHeld(personId, settings.now());
  if (roles.some((r) => (secondFactorRoles as readonly string[]).includes(r))) return true;
  return (await accounts.account(personId))?.totpEnrolled === true;
}

/** Where a person goes for their second factor: the code, or enrolment when they have no authenticator yet. */
async function secondFactorStep(settings: Settings, personId: string, next: string): Promise<string> {
  const enrolled = (await settings.options.accounts.account(personId))?.totpEnrolled === true;
  return withNext(enrolled ? '/login/code' : '/login/enrol', safeNext(next));
}

/** Why a request that changes something is refused (another site, no form token or a wrong one), or undefined. */
function formRefusal(request: FastifyRequest, state: RequestState, path: string): 'auth.refused.origin' | 'auth.refused.csrf' | undefined {
  // The host alone is compared: behind a proxy that ends TLS the desk sees http while the browser says https.
  if (request.headers.origin !== undefined && originHost(request.headers.origin) !== request.host) return 'auth.refused.origin';
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'auth.refused.origin';
  const header = request.headers['x-csrf-token'];
  const sent = field(request, '_csrf') ?? (typeof header === 'string' ? header : undefined);
  const loginToken = state.cookies.get(state.settings.names.login);
  // The sign-in form carries its own token even when a session exists (a second tab signed in meanwhile).
  if (path === '/login') return equalText(sent, loginToken) || equalText(sent, request.person?.csrf) ? undefined : 'auth.refused.csrf';
  if (request.person) return equalText(sent, request.person.csrf) ? undefined : 'auth.refused.csrf';
  // Signing out of no session changes nothing: a stale page's sign-out button just lands on the sign-in page.
  if (path === '/logout') return undefined;
  return equalText(sent, loginToken) ? undefined : 'auth.refused.csrf';
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function htmlReply(reply: FastifyReply, status: number, page: string) {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  why: 'auth.refused.origin' | 'auth.refused.csrf' | 'auth.refused.signedOut' | 'auth.refused.secondFactor',
) {
  const ctx = states.get(request)!.settings.options.pageContext(request);
  return htmlReply(reply, status, refusedPage({ ...ctx, nav: [] }, ctx.tr(why)));
}

function clearCookie(settings: Settings, name: string): string {
  return setCookie(name, '', { secure: settings.options.secureCookies, sameSite: 'Strict', maxAge: 0 });
}

function sessionCookie(settings: Settings, token: string): string {
  return setCookie(settings.names.session, token, { secure: settings.options.secureCookies, sameSite: 'Strict' });
}

/** The sign-in form's own token (double-submit): the one in its cookie when it looks like one, else a new one. */
function loginToken(request: FastifyRequest, reply: FastifyReply, settings: Settings): string {
  const existing = states.get(request)!.cookies.get(settings.names.login);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  reply.header(
    'set-cookie',
    setCookie(settings.names.login, token, { secure: settings.options.secureCookies, sameSite: 'Strict', maxAge: LOGIN_TOKEN_SECONDS }),
  );
  return token;
}

/** The page context of a sign-in page: no navigation, and the form token this page's forms carry. */
function signInContext(request: FastifyRequest, settings: Settings, csrf: string): PageContext {
  const ctx = settings.options.pageContext(request);
  const person = request.person;
  return { ...ctx, nav: [], csrf, ...(person ? { person: { personId: person.personId, name: person.name } } : {}) };
}

function registerPasswordRoutes(app: FastifyInstance, settings: Settings): void {
  const { accounts } = settings.options;
  const oidcLabel = settings.oidc ? (settings.oidc.config.label ?? '') : undefined;

  const showSignIn = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    view: { next: string; login?: string; notice?: FormNotice },
  ) => {
    const csrf = loginToken(request, reply, settings);
    return htmlReply(
      reply,
      status,
      signInPage(signInContext(request, settings, csrf), { ...view, ...(oidcLabel !== undefined ? { oidcLabel } : {}) }),
    );
  };

  app.get<{ Querystring: Record<string, string | undefined> }>('/login', async (request, reply) => {
    const next = safeNext(request.query.next);
    const person = request.person;
    if (person)
      return reply.redirect(
        person.secondFactorRequired && !person.secondFactor ? await secondFactorStep(settings, person.personId, next) : next,
        303,
      );
    const { tr } = settings.options.pageContext(request);
    const notice: FormNotice =
      request.query.expired !== undefined || states.get(request)!.expired
        ? { info: tr('auth.signIn.expired') }
        : request.query.out !== undefined
          ? { info: tr('auth.signIn.signedOut') }
          : request.query.oidc === 'refused'
            ? { error: tr('auth.signIn.oidcRefused') }
            : undefined;
    return showSignIn(request, reply, 200, { next, ...(notice ? { notice } : {}) });
  });

  app.post('/login', async (request, reply) => {
    const next = safeNext(field(request, 'next'));
    const login = (field(request, 'login') ?? '').trim().slice(0, 200);
    const password = field(request, 'password') ?? '';
    const attempt = attemptOf(request, settings);
    const { tr } = settings.options.pageContext(request);
    if (!settings.limit.allow(attempt.client ?? '', attempt.at)) {
      await accounts.record('rate-limited', login, null, attempt);
      const seconds = settings.limit.retryAfter(attempt.client ?? '', attempt.at);
      reply.header('retry-after', String(seconds));
      return showSignIn(request, reply, 429, { next, login, notice: { error: tr('auth.signIn.rateLimited', { seconds }) } });
    }
    const outcome = await accounts.checkPassword(login, password, settings.lockout, attempt);
    if (outcome.kind === 'refused') return showSignIn(request, reply, 401, { next, login, notice: { error: tr('auth.signIn.refused') } });
    if (outcome.kind === 'locked')
      return showSignIn(request, reply, 423, {
        next,
        login,
        notice: { error: lockedText(settings.options.pageContext(request), outcome.until) },
      });
    const previous = states.get(request)!.session;
    if (previous) await accounts.store.endSession(previous.token_hash, new Date(attempt.at).toISOString(), 'replaced');
    const required = await secondFactorRequired(settings, outcome.personId);
    const opened = await accounts.openSession(
      outcome.personId,
      { via: 'password', secondFactor: false, absoluteMs: settings.session.absoluteMs },
      attempt,
    );
    await accounts.record('signed-in', login, outcome.personId, attempt, required ? 'second factor to pass' : undefined);
    reply.header('set-cookie', [sessionCookie(settings, opened.token), clearCookie(settings, settings.names.login)]);
    return reply.redirect(required ? await secondFactorStep(settings, outcome.personId, next) : next, 303);
  });

  app.post('/logout', async (request, reply) => {
    const session = states.get(request)!.session;
    if (session) await accounts.signOut(session, attemptOf(request, settings));
    reply.header('set-cookie', clearCookie(settings, settings.names.session));
    return reply.redirect(session ? '/login?out=1' : '/login', 303);
  });
}

function registerCodeRoutes(app: FastifyInstance, settings: Settings): void {
  const { accounts } = settings.options;
  type Query = { Querystring: Record<string, string | undefined> };

  /** The person on a second-factor page, or a redirect: to sign in, or on to `next` when nothing is left to pass. */
  const pending = async (request: FastifyRequest, reply: FastifyReply, next: string) => {
    const person = request.person;
    if (!person) {
      await reply.redirect(withNext('/login', next), 303);
      return undefined;
    }
    if (person.secondFactor) {
      await reply.redirect(next, 303);
      return undefined;
    }
    return person;
  };

  const afterCode = async (request: FastifyRequest, reply: FastifyReply, next: string) => {
    const session = states.get(request)!.session!;
    const opened = await accounts.elevate(session, attemptOf(request, settings));
    reply.header('set-cookie', sessionCookie(settings, opened.token));
    return reply.redirect(next, 303);
  };

  const lockedOut = (request: FastifyRequest, reply: FastifyReply, next: string, until: string) => {
    const csrf = loginToken(request, reply, settings);
    reply.header('set-cookie', clearCookie(settings, settings.names.session));
    const ctx = signInContext(request, settings, csrf);
    const { person: _signedOut, ...withoutPerson } = ctx;
    return htmlReply(reply, 423, signInPage(withoutPerson, { next, notice: { error: lockedText(ctx, until) } }));
  };

  const limited = async (request: FastifyRequest, reply: FastifyReply, personId: string) => {
    const attempt = attemptOf(request, settings);
    if (settings.limit.allow(attempt.client ?? '', attempt.at)) return false;
    await accounts.record('rate-limited', personId, personId, attempt);
    const seconds = settings.limit.retryAfter(attempt.client ?? '', attempt.at);
    reply.header('retry-after', String(seconds));
    const ctx = signInContext(request, settings, request.person!.csrf);
    await htmlReply(reply, 429, refusedPage(ctx, ctx.tr('auth.signIn.rateLimited', { seconds })));
    return true;
  };

  app.get<Query>('/login/code', async (request, reply) => {
    const next = safeNext(request.query.next);
    const person = await pending(request, reply, next);
    if (!person) return reply;
    if (!(await accounts.account(person.personId))?.totpEnrolled) return reply.redirect(withNext('/login/enrol', next), 303);
    return htmlReply(reply, 200, codePage(signInContext(request, settings, person.csrf), { next }));
  });

  app.post('/login/code', async (request, reply) => {
    const next = safeNext(field(request, 'next'));
    const person = await pending(request, reply, next);
    if (!person || (await limited(request, reply, person.personId))) return reply;
    const outcome = await accounts.checkCode(person.personId, field(request, 'code') ?? '', settings.lockout, attemptOf(request, settings));
    if (outcome.kind === 'passed') return afterCode(request, reply, next);
    if (outcome.kind === 'locked') return lockedOut(request, reply, next, outcome.until);
    const ctx = signInContext(request, settings, person.csrf);
    return htmlReply(reply, 401, codePage(ctx, { next, notice: { error: ctx.tr('auth.code.refused') } }));
  });

  const enrolView = async (request: FastifyRequest, personId: string) => {
    const secret = await accounts.pendingSecret(personId, settings.now());
    const issuer = settings.options.pageContext(request).tr('app.title');
    return { secret, uri: otpauthUri(secret, personId, issuer) };
  };

  app.get<Query>('/login/enrol', async (request, reply) => {
    const next = safeNext(request.query.next);
    const person = request.person;
    if (!person) return reply.redirect(withNext('/login', next), 303);
    if ((await accounts.account(person.personId))?.totpEnrolled)
      return reply.redirect(person.secondFactor ? next : withNext('/login/code', next), 303);
    return htmlReply(
      reply,
      200,
      enrolPage(signInContext(request, settings, person.csrf), { next, ...(await enrolView(request, person.personId)) }),
    );
  });

  app.post('/login/enrol', async (request, reply) => {
    const next = safeNext(field(request, 'next'));
    const person = request.person;
    if (!person) return reply.redirect(withNext('/login', next), 303);
    if (await limited(request, reply, person.personId)) return reply;
    if ((await accounts.account(person.personId))?.totpEnrolled) return reply.redirect(withNext('/login/code', next), 303);
    const outcome = await accounts.confirmEnrolment(
      person.personId,
      field(request, 'code') ?? '',
      settings.lockout,
      attemptOf(request, settings),
    );
    if (outcome.kind === 'passed') return afterCode(request, reply, next);
    if (outcome.kind === 'locked') return lockedOut(request, reply, next, outcome.until);
    const ctx = signInContext(request, settings, person.csrf);
    return htmlReply(
      reply,
      401,
      enrolPage(ctx, { next, notice: { error: ctx.tr('auth.code.refused') }, ...(await enrolView(request, person.personId)) }),
    );
  });
}

function registerOidcRoutes(app: FastifyInstance, settings: Settings, client: OidcClient): void {
  const { accounts } = settings.options;
  const oidcCookie = (value: string, maxAge: number) =>
    // Lax, not Strict: the browser comes back from the provider's site, and a Strict cookie would stay behind.
    setCookie(settings.names.oidc, value, { secure: settings.options.secureCookies, sameSite: 'Lax', maxAge });

  app.get<{ Querystring: Record<string, string | undefined> }>('/oidc/login', async (request, reply) => {
    const next = safeNext(request.query.next);
    let started: Awaited<ReturnType<OidcClient['start']>>;
    try {
      started = await client.start(next);
    } catch (err) {
      await accounts.record('oidc-refused', '(provider)', null, attemptOf(request, settings), (err as Error).message.slice(0, 300));
      return reply.redirect(`/login?oidc=refused${next === '/' ? '' : `&next=${encodeURIComponent(next)}`}`, 303);
    }
    const now = settings.now();
    for (const [state, p] of settings.pending) if (p.until <= now) settings.pending.delete(state);
    settings.pending.set(started.pending.state, { ...started.pending, until: now + OIDC_PENDING_MS });
    reply.header('set-cookie', oidcCookie(started.pending.state, OIDC_PENDING_MS / 1000));
    return reply.redirect(started.url, 303);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/oidc/callback', async (request, reply) => {
    const attempt = attemptOf(request, settings);
    const refused = async (login: string, personId: string | null, why: string) => {
      await accounts.record('oidc-refused', login, personId, attempt, why.slice(0, 300));
      return reply.redirect('/login?oidc=refused', 303);
    };
    reply.header('set-cookie', oidcCookie('', 0));
    const state = request.query.state ?? '';
    const pending = settings.pending.get(state);
    if (pending) settings.pending.delete(state);
    if (!pending || pending.until <= attempt.at || !equalText(states.get(request)!.cookies.get(settings.names.oidc), state))
      return refused('(unknown)', null, 'state unknown, expired, or not this browser’s');
    if (request.query.error !== undefined) return refused('(unknown)', null, `provider: ${request.query.error}`);
    let claims;
    try {
      claims = await client.finish(request.query.code ?? '', pending, attempt.at);
    } catch (err) {
      return refused('(unknown)', null, (err as Error).message);
    }
    const personId = client.personIdOf(claims);
    if (!personId) return refused(claims.sub, null, `no ${client.config.claim} claim`);
    const account = await accounts.store.account(personId);
    if (!account || account.oidc_allowed !== 1)
      return refused(personId, account ? personId : null, 'no account allowed to sign in by the provider');
    if (account.locked_until !== null && Date.parse(account.locked_until) > attempt.at)
      return refused(personId, personId, `locked until ${account.locked_until}`);
    const previous = states.get(request)!.session;
    if (previous) await accounts.store.endSession(previous.token_hash, new Date(attempt.at).toISOString(), 'replaced');
    const secondFactor = client.secondFactorPassed(claims);
    const opened = await accounts.openSession(personId, { via: 'oidc', secondFactor, absoluteMs: settings.session.absoluteMs }, attempt);
    await accounts.record(
      'oidc-signed-in',
      personId,
      personId,
      attempt,
      `sub ${claims.sub}; amr ${JSON.stringify(claims.amr ?? [])}; acr ${String(claims.acr ?? '')}`,
    );
    const goTo =
      !secondFactor && (await secondFactorRequired(settings, personId))
        ? await secondFactorStep(settings, personId, pending.next)
        : pending.next;
    reply.header('set-cookie', sessionCookie(settings, opened.token));
    const ctx = settings.options.pageContext(request);
    return htmlReply(reply, 200, continuePage({ ...ctx, nav: [] }, goTo));
  });
}

/**
 * The sign-in part as the desk's server takes it (desk/context.ts `AuthLayer`): `register` adds the hooks and routes to
 * the server's instance, `person` names a request's person (null when nobody is signed in, or the second factor is
 * still to pass), `requireSignedIn` guards a page or an action.
 */
export function authLayer(options: AuthOptions): AuthLayer {
  return {
    register: (app) => registerAuth(app, options),
    person: (request) => {
      const person = request.person;
      return person && (person.secondFactor || !person.secondFactorRequired) ? person : null;
    },
    // In callback form, as the layer's type asks: `done` only when no answer was sent (a redirect, a refusal).
    requireSignedIn: (request, reply, done) => {
      requireSignedIn(request, reply).then(() => {
        if (!reply.sent) done();
      }, done);
    },
  };
}
