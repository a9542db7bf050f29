import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { OutcomeStore } from '../activities/store';
import type { DeskKeyFile } from './deskKey';
import type { DeskMetrics } from './metrics';
import { negotiateLocale, translator, type Locale, type MessageKey } from './i18n';
import type { PageContext } from './pages/layout';
import { keepsRegistry, personScope, type PersonScope } from './scope';

/** What the desk runs with: Temporal, the outcome store (people, accounts, notices), its signing key, and where the Temporal UI is. */
export interface DeskDeps {
  client: Client;
  store: OutcomeStore;
  deskKey: DeskKeyFile;
  /** The Temporal Web UI's address, for links to a village's workflow (absent: no links). */
  temporalUi?: string;
  /** The clock (tests move it to expire sessions and locks). */
  now: () => number;
  /** The desk's Prometheus counters (desk/metrics.ts); absent, nothing is counted. */
  metrics?: DeskMetrics;
}

/** The person a request is made by, as the sign-in layer establishes it. */
export interface RequestPerson {
  personId: string;
  name: string;
  csrf: string;
}

/** The language cookie: a person's choice outlives the session. */
export const LANG_COOKIE = 'desk_lang';

/** The request's language: `?lang=` (remembered in a cookie), the cookie, else the browser's. */
export function requestLocale(request: FastifyRequest): Locale {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  const cookie = /(?:^|;\s*)desk_lang=(zh|en)(?:;|$)/.exec(request.headers.cookie ?? '')?.[1];
  return negotiateLocale(typeof asked === 'string' ? asked : cookie, request.headers['accept-language']);
}

/** Sets the language cookie when the request chose one with `?lang=`. */
export function rememberLocale(request: FastifyRequest, reply: FastifyReply): void {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (asked === 'zh' || asked === 'en') reply.header('set-cookie', `${LANG_COOKIE}=${asked}; Path=/; Max-Age=31536000; SameSite=Lax`);
}

/** A signed-in request's person and what they may see; loaded from the registry on every request. */
export interface Viewer {
  person: RequestPerson;
  scope: PersonScope;
}

/** Loads the person's scope from the registry (every request: an assignment ended takes effect at once). */
export async function viewerOf(deps: DeskDeps, person: RequestPerson): Promise<Viewer> {
  return { person, scope: await personScope(deps.store.registry, person.personId, new Date(deps.now())) };
}

/** The page context of a request: language, translator, person, CSRF token, navigation for the person's roles. */
export function pageContext(request: FastifyRequest, viewer?: Viewer): PageContext {
  const locale = requestLocale(request);
  const tr = translator(locale);
  const path = request.url;
  const item = (href: string, label: MessageKey) => ({
    href,
    label: tr(label),
    current: href === '/' ? path === '/' || path.startsWith('/?') : path.startsWith(href),
  });
  const nav = viewer
    ? [item('/', 'nav.inbox'), item('/towns', 'nav.towns'), ...(keepsRegistry(viewer.scope) ? [item('/people', 'nav.people')] : [])]
    : undefined;
  return {
    locale,
    tr,
    path,
    ...(viewer ? { person: { personId: viewer.person.personId, name: viewer.person.name }, csrf: viewer.person.csrf, nav } : {}),
  };
}

/** The sign-in layer (desk/auth): it registers its routes and hooks, names the person of a request and guards pages. */
export interface AuthLayer {
  register(app: FastifyInstance): Promise<void>;
  person(request: FastifyRequest): RequestPerson | null;
  requireSignedIn: preHandlerHookHandler;
}

/** Each route's helpers: the dependencies, and the signed-in viewer of a request (the guard ran before). */
export interface DeskRouteKit {
  deps: DeskDeps;
  guard: preHandlerHookHandler;
  viewer(request: FastifyRequest): Promise<Viewer>;
}
