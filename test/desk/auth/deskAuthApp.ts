import Fastify, { type FastifyInstance } from 'fastify';
import { request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import type { OutcomeStore } from '../../../activities/store';
import { DeskAccounts } from '../../../desk/auth/accounts';
import { authLayer, requireSignedIn, type AuthOptions } from '../../../desk/auth/plugin';
import { translator } from '../../../desk/i18n';
import type { PageContext } from '../../../desk/pages/layout';
import { tempStore, type StoreKind } from '../../support/stores';

/** Cheap Argon2id costs for tests (the defaults take about 0.3 s a hash); the code path is the same. */
export const TEST_ARGON2 = { m: 256, t: 1, p: 1 };

export const START = Date.parse('2026-12-03T01:00:00.000Z');
const REGISTERED = '2026-12-01T00:00:00.000Z';

/** The people of the tests: a town committee member (approves: needs a code) and a guidance-group cadre (does not). */
export const PEOPLE = {
  secretary: { id: 'tc.zhang', name: '张建国', password: 'qingshan-committee-2026', role: 'town-committee' },
  cadre: { id: 'gg.li', name: '李晓梅', password: 'guidance-group-li-2026', role: 'guidance-group' },
} as const;

/** A port free on 127.0.0.1 now (for a desk whose address its configuration must name before it listens). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A desk with only the sign-in part (as the server takes it, `authLayer`) and pages behind it: GET /, /village, POST /decide, and GET /whoami unguarded, on a fresh store with the clock in hand. */
export interface TestDesk {
  app: FastifyInstance;
  /** Where it listens: http://127.0.0.1:PORT. */
  origin: string;
  store: OutcomeStore;
  accounts: DeskAccounts;
  clock: { now: number; advance(ms: number): void };
  close(): Promise<void>;
}

export async function testDesk(kind: StoreKind, options: Partial<AuthOptions> = {}, port = 0): Promise<TestDesk> {
  const store = await tempStore(kind);
  const author = { by: 'admin', at: REGISTERED };
  await store.registry.addPerson({ id: 'admin', name: '管理员' }, author);
  for (const p of Object.values(PEOPLE)) {
    await store.registry.addPerson({ id: p.id, name: p.name }, author);
    await store.registry.assign({ personId: p.id, role: p.role, scope: { town: '青山镇' }, validFrom: REGISTERED }, author);
  }
  const accounts = new DeskAccounts(store.deskAccounts, { argon2: TEST_ARGON2 });
  for (const p of Object.values(PEOPLE)) await accounts.setPassword(p.id, p.password, START - 3_600_000);
  const clock = {
    now: START,
    advance(ms: number) {
      this.now += ms;
    },
  };
  const app = Fastify();
  const layer = authLayer({
    accounts,
    registry: store.registry,
    secureCookies: false,
    secondFactorRoles: ['town-committee', 'county-org-dept'],
    pageContext: (request): PageContext => ({
      locale: 'zh',
      tr: translator('zh'),
      path: request.url,
      ...(request.person ? { person: { personId: request.person.personId, name: request.person.name }, csrf: request.person.csrf } : {}),
    }),
    clientLimit: { limit: 1000, windowMs: 60_000 },
    now: () => clock.now,
    ...options,
  });
  await layer.register(app);
  app.get('/whoami', async (request) => ({ person: layer.person(request)?.personId ?? null }));
  // Both guards: the plugin's own (async) and the server's layer's (callback form).
  app.get('/', { preHandler: requireSignedIn }, async (request) => `待办：${request.person!.name}`);
  app.get('/village', { preHandler: layer.requireSignedIn }, async (request) => `村：${request.person!.name}`);
  app.post('/decide', { preHandler: layer.requireSignedIn }, async (request) => ({ decidedBy: request.person!.personId }));
  await app.listen({ host: '127.0.0.1', port });
  return {
    app,
    origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    store,
    accounts,
    clock,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** An answer of the desk as a test reads it. */
export interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A browser of the desk over real HTTP (Fastify's inject needs an ES-module-only package Jest cannot load): keeps the
 * cookies the desk sets and sends them back, follows no redirect by itself.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  last?: Answer;

  constructor(readonly origin: string) {}

  async request(method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: string): Promise<Answer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        new URL(url, this.origin),
        {
          method,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}),
            ...headers,
          },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ statusCode: res.statusCode!, headers: res.headers, body }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    for (const set of ([] as string[]).concat(answer.headers['set-cookie'] ?? [])) {
      const [pair = '', ...attributes] = set.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      if (attributes.some((a) => a.toLowerCase() === 'max-age=0')) this.cookies.delete(name);
      else this.cookies.set(name, decodeURIComponent(pair.slice(eq + 1)));
    }
    this.last = answer;
    return answer;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request('GET', url, headers);
  }

  /** Posts a form as the page's form would: with the `_csrf` of the last page seen unless `_csrf` is given. */
  post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    const csrf = this.last ? csrfOf(this.last.body) : undefined;
    const fields = { ...(csrf !== undefined ? { _csrf: csrf } : {}), ...form };
    return this.request(
      'POST',
      url,
      { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      new URLSearchParams(fields).toString(),
    );
  }

  /** Opens the sign-in page and signs in; returns the answer to the form. */
  async signIn(login: string, password: string, next?: string) {
    await this.get(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
    return this.post('/login', { login, password, ...(next ? { next } : {}) });
  }
}

/** The form token a page carries. */
export const csrfOf = (body: string) => /name="_csrf" value="([^"]*)"/.exec(body)?.[1];

/** The notice of a page (its error or message). */
export const noticeOf = (body: string) => /<p class="notice[^"]*"[^>]*>([^<]*)<\/p>/.exec(body)?.[1];
