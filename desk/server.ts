import formbody from '@fastify/formbody';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DESK_LOGGER } from './logger';
import { projectRoot } from '../client/tools';
import { CodecOrigins, registerCodecRoutes } from './codec';
import { type AuthLayer, type DeskDeps, type DeskRouteKit, pageContext, rememberLocale, viewerOf } from './context';
import { html } from './html';
import { layout } from './pages/layout';
import { registerDecisionRoutes } from './routes/decide';
import { registerInboxRoutes } from './routes/inbox';
import { registerPeopleRoutes } from './routes/people';
import { registerPrintRoutes } from './routes/print';
import { registerTownRoutes } from './routes/towns';
import { registerVillageRoutes } from './routes/village';
import { DeskError } from './routes/errors';

/** The content security policy: nothing inline, nothing from elsewhere, no framing. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** A town report or a printed paper is a document of its own with inline styles: shown sandboxed (no script, no cookies, no forms). */
const REPORT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The desk's scripts and style sheets, read once at start from desk/static (in the source tree, also for dist/). */
const STATIC_FILES: Record<string, string> = {
  'desk.css': 'text/css; charset=utf-8',
  'forms.css': 'text/css; charset=utf-8',
  'desk.js': 'text/javascript; charset=utf-8',
  'forms.js': 'text/javascript; charset=utf-8',
};

function loadStatic(): Map<string, { body: string; type: string }> {
  const dir = join(projectRoot(), 'desk', 'static');
  const files = new Map<string, { body: string; type: string }>();
  for (const [name, type] of Object.entries(STATIC_FILES)) {
    try {
      files.set(name, { body: readFileSync(join(dir, name), 'utf8'), type });
    } catch {
      // A file not written (yet) is simply not served.
    }
  }
  return files;
}

/**
 * Builds the approvers' desk: a Fastify server of plain HTML pages in Chinese (English on request), each behind the
 * sign-in, scoped to the person's assignments and re-checked on every request; it signs each decision on the
 * person's behalf with the desk's key; it is the Temporal Web UI's codec server too (desk/codec). Listening is the
 * caller's (`app.listen`).
 */
export async function buildDesk(
  deps: DeskDeps,
  auth: AuthLayer,
  options: { logger?: boolean; codecOrigins?: readonly string[] } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ? DESK_LOGGER : false, bodyLimit: 512 * 1024, trustProxy: false });
  await app.register(formbody);
  deps.metrics?.instrument(app);

  app.addHook('onRequest', async (request, reply) => {
    rememberLocale(request, reply);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    const report = reply.getHeader('x-desk-csp') === 'report';
    reply.removeHeader('x-desk-csp');
    reply.header('content-security-policy', report ? REPORT_CSP : CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!reply.getHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  await auth.register(app);

  const statics = loadStatic();
  app.get<{ Params: { file: string } }>('/static/:file', async (request, reply) => {
    const file = statics.get(request.params.file);
    if (!file) throw new DeskError(404, 'error.notFound');
    return reply.type(file.type).header('cache-control', 'public, max-age=3600').send(file.body);
  });
  app.get('/healthz', async () => ({ ok: true }));

  const kit: DeskRouteKit = {
    deps,
    guard: auth.requireSignedIn,
    async viewer(request) {
      const person = auth.person(request);
      if (!person) throw new DeskError(401, 'error.forbidden');
      return viewerOf(deps, person);
    },
  };
  registerInboxRoutes(app, kit);
  registerVillageRoutes(app, kit);
  registerPrintRoutes(app, kit);
  registerDecisionRoutes(app, kit);
  registerTownRoutes(app, kit);
  registerPeopleRoutes(app, kit);

  app.setNotFoundHandler(async (request, reply) => errorPage(request, reply, new DeskError(404, 'error.notFound'), auth));
  app.setErrorHandler(async (error, request, reply) => errorPage(request, reply, error, auth));
  // The Web UI's codec endpoint (JSON, its own error handler): the UI's own origin is answered across origins, and any
  // other the office lists. Registered last: awaiting a plugin settles the routes before it with the handlers set so far.
  const origins = new CodecOrigins([...(deps.temporalUi ? [deps.temporalUi] : []), ...(options.codecOrigins ?? [])]);
  await registerCodecRoutes(app, { deps, auth, origins });
  return app;
}

/** An error as a page in the person's language: never a stack, never the server's internals. */
async function errorPage(request: FastifyRequest, reply: FastifyReply, error: unknown, auth: AuthLayer) {
  const known = error instanceof DeskError ? error : undefined;
  const status =
    known?.status ??
    (typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500);
  if (!known && status >= 500) request.log.error({ err: error }, 'desk request failed');
  const ctx = pageContext(request, undefined);
  const person = auth.person(request);
  const message = known
    ? ctx.tr(known.key, known.params)
    : status >= 500
      ? ctx.tr('error.internal')
      : ctx.tr('error.badRequest', { detail: error instanceof Error ? error.message : String(error) });
  const page = layout(
    { ...ctx, ...(person ? { person: { personId: person.personId, name: person.name }, csrf: person.csrf } : {}) },
    ctx.tr('error.title'),
    html`<p role="alert">${message}</p>
      <p><a href="/">${ctx.tr('nav.inbox')}</a></p>`,
  );
  return reply.status(status).type('text/html; charset=utf-8').send(page);
}
