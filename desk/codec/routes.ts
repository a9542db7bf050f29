import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CodecRequest } from '../../activities/store';
import { PayloadDecryptionError } from '../../common/codec';
import { requestLocale, type AuthLayer, type DeskDeps } from '../context';
import { translator, type MessageKey, type Params } from '../i18n';
import { personScope } from '../scope';
import { coveredPlaces, judgeDecode, type DecodeRefusal } from './authorise';
import type { CodecOrigins } from './origins';
import { askedFor, codecBodySchema, fromWire, toWire } from './wire';

/** What the codec server runs with: the desk's dependencies and sign-in, and the origins it answers across. */
export interface CodecServerOptions {
  deps: DeskDeps;
  auth: AuthLayer;
  origins: CodecOrigins;
}

/** The headers a cross-origin call may carry: the UI's JSON body and its namespace. */
const ALLOWED_HEADERS = ['content-type', 'x-namespace'];
/** How long a browser may keep an allowed preflight (seconds). */
const PREFLIGHT_MAX_AGE = 600;
/** A workflow's payloads may be large (a roster): more than the desk's forms take, less than Temporal's 4 MB message. */
const BODY_LIMIT = 4 * 1024 * 1024;

type Action = 'decode' | 'encode';

/** A request answered with a refusal: its HTTP status, the log's reason code and the message the person reads. */
class CodecRefusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly key: MessageKey,
    readonly params: Params = {},
    readonly workflowIds: string[] = [],
  ) {
    super(reason);
  }
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The codec server of the Temporal Web UI, inside the desk (the remote codec endpoint protocol): POST /codec/decode
 * and /codec/encode take and give `{ payloads: [{ metadata, data }] }` in base64. It decodes only for a person signed
 * in to the desk (second factor passed where their role needs one) whose assignments cover the village every sealed
 * payload names; it answers the listed origins across origins, with credentials, and no other; it records every
 * request it answers or refuses in the store's codec log (who, which workflows, how many payloads, the outcome, the
 * origin), never a payload's content.
 */
export async function registerCodecRoutes(app: FastifyInstance, options: CodecServerOptions): Promise<void> {
  const { deps, auth, origins } = options;
  const codecs: readonly PayloadCodec[] = deps.client.options.loadedDataConverter.payloadCodecs;
  const namespace = deps.client.options.namespace;

  const record = (request: FastifyRequest, action: CodecRequest['action'], line: Partial<CodecRequest>) => {
    deps.metrics?.codecCall(action, line.outcome ?? 'refused', line.reason ?? null);
    return deps.store.codecRequests.record({
      at: new Date(deps.now()).toISOString(),
      personId: request.person?.personId ?? null,
      action,
      outcome: 'refused',
      reason: null,
      workflowIds: [],
      payloads: 0,
      origin: header(request, 'origin') ?? null,
      namespace: header(request, 'x-namespace') ?? null,
      client: request.ip,
      ...line,
    });
  };

  const refuse = async (request: FastifyRequest, reply: FastifyReply, action: Action, refusal: CodecRefusal) => {
    const asked = askedFor(request.body);
    await record(request, action, {
      outcome: refusal.reason === 'not-opened' ? 'failed' : 'refused',
      reason: refusal.reason,
      workflowIds: refusal.workflowIds.length ? refusal.workflowIds : asked.workflowIds,
      payloads: asked.payloads,
    });
    const tr = translator(requestLocale(request));
    return reply
      .code(refusal.status)
      .type('application/json; charset=utf-8')
      .send({ error: tr(refusal.key, refusal.params), reason: refusal.reason });
  };

  /** The checks every call makes before reading its payloads: the origin, JSON, the person, the namespace. */
  const admit = (request: FastifyRequest) => {
    const origin = header(request, 'origin');
    // A page of the desk itself needs no listing; any other origin must be listed.
    if (origin !== undefined && !origins.allows(origin) && originHost(origin) !== request.host)
      throw new CodecRefusal(403, 'origin', 'codec.refused.origin', { origin, accepted: origins.list().join(', ') || '-' });
    const type = header(request, 'content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type))
      throw new CodecRefusal(415, 'content-type', 'codec.refused.contentType', { got: type || '-' });
    const person = auth.person(request);
    const desk = `${request.protocol}://${request.host}/login`;
    if (!person)
      throw request.person
        ? new CodecRefusal(401, 'second-factor', 'codec.refused.secondFactor', { desk })
        : new CodecRefusal(401, 'signed-out', 'codec.refused.signedOut', { desk });
    const asked = header(request, 'x-namespace');
    if (asked !== namespace)
      throw new CodecRefusal(403, 'namespace', 'codec.refused.namespace', { got: asked ?? '-', accepted: namespace });
    const body = codecBodySchema.safeParse(request.body);
    if (!body.success) {
      const issue = body.error.issues[0];
      const detail = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'body';
      throw new CodecRefusal(400, 'bad-request', 'codec.refused.badRequest', { detail });
    }
    return { person, payloads: body.data.payloads.map(fromWire) };
  };

  await app.register(
    async (codec) => {
      codec.addHook('onRequest', async (request, reply) => {
        reply.header('vary', 'Origin');
        const origin = header(request, 'origin');
        if (origins.allows(origin)) reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true');
      });
      codec.setErrorHandler(async (error, request, reply) => {
        const status =
          typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
        if (status >= 500) request.log.error({ err: error }, 'codec request failed');
        const action: Action = request.url.startsWith('/codec/encode') ? 'encode' : 'decode';
        const refusal = new CodecRefusal(status, status >= 500 ? 'internal' : 'bad-request', 'codec.refused.badRequest', {
          detail: status >= 500 ? 'internal error' : error instanceof Error ? error.message : String(error),
        });
        return refuse(request, reply, action, refusal);
      });

      for (const action of ['decode', 'encode'] as const) {
        codec.options(`/${action}`, async (request, reply) => {
          const method = header(request, 'access-control-request-method');
          const wanted = (header(request, 'access-control-request-headers') ?? '')
            .split(',')
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean);
          if (!origins.allows(header(request, 'origin')) || method !== 'POST' || wanted.some((h) => !ALLOWED_HEADERS.includes(h))) {
            await record(request, 'preflight', { reason: `${action}: origin, method or headers not allowed` });
            return reply.code(403).send();
          }
          return reply
            .code(204)
            .header('access-control-allow-methods', 'POST')
            .header('access-control-allow-headers', ALLOWED_HEADERS.join(', '))
            .header('access-control-max-age', String(PREFLIGHT_MAX_AGE))
            .send();
        });
      }

      codec.post('/decode', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
        try {
          const { person, payloads } = admit(request);
          const scope = await personScope(deps.store.registry, person.personId, new Date(deps.now()));
          const verdict = judgeDecode(scope, payloads);
          if (verdict.refusal) throw refusalOf(verdict.refusal, verdict.workflowIds, scope, requestLocale(request));
          const decoded: Payload[] = [];
          for (const [i, payload] of payloads.entries()) {
            try {
              decoded.push(...(await decodeAll(codecs, [payload])));
            } catch (err) {
              if (!(err instanceof PayloadDecryptionError)) throw err;
              throw new CodecRefusal(422, 'not-opened', 'codec.failed.notOpened', { index: i + 1 }, verdict.workflowIds);
            }
          }
          await record(request, 'decode', { outcome: 'decoded', workflowIds: verdict.workflowIds, payloads: payloads.length });
          return reply.type('application/json; charset=utf-8').send({ payloads: decoded.map(toWire) });
        } catch (err) {
          if (err instanceof CodecRefusal) return refuse(request, reply, 'decode', err);
          throw err;
        }
      });

      codec.post('/encode', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
        try {
          const { person, payloads } = admit(request);
          // Sealing what the person typed discloses nothing to them; still, only someone assigned somewhere may.
          const scope = await personScope(deps.store.registry, person.personId, new Date(deps.now()));
          if (scope.assignments.length === 0) throw new CodecRefusal(403, 'no-assignment', 'codec.refused.noAssignment');
          // No workflow is named by the UI's call, so these payloads carry no village label: the codec server never
          // decodes them (judgeDecode), only the worker and the CLI do.
          let encoded = payloads;
          for (const c of codecs) encoded = await c.encode(encoded);
          await record(request, 'encode', { outcome: 'encoded', payloads: payloads.length });
          return reply.type('application/json; charset=utf-8').send({ payloads: encoded.map(toWire) });
        } catch (err) {
          if (err instanceof CodecRefusal) return refuse(request, reply, 'encode', err);
          throw err;
        }
      });
    },
    { prefix: '/codec' },
  );
}

/** Applies the data converter's codecs in decoding order (the last one encoding is the first to decode). */
async function decodeAll(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  let decoded = payloads;
  for (const codec of [...codecs].reverse()) decoded = await codec.decode(decoded);
  return decoded;
}

function refusalOf(refusal: DecodeRefusal, workflowIds: string[], scope: Parameters<typeof coveredPlaces>[0], locale: 'zh' | 'en') {
  const tr = translator(locale);
  if (refusal.reason === 'unlabelled')
    return new CodecRefusal(403, 'unlabelled', 'codec.refused.unlabelled', { index: refusal.index }, workflowIds);
  if (refusal.reason === 'not-a-village')
    return new CodecRefusal(
      403,
      'not-a-village',
      'codec.refused.notVillage',
      { index: refusal.index, workflowId: refusal.workflowId },
      workflowIds,
    );
  const places = coveredPlaces(scope).map((p) =>
    p.county !== undefined ? tr('codec.scope.county', { county: p.county }) : p.village ? `${p.town}/${p.village}` : (p.town ?? ''),
  );
  return new CodecRefusal(
    403,
    'out-of-scope',
    'codec.refused.outOfScope',
    {
      index: refusal.index,
      workflowId: refusal.workflowId,
      place: `${refusal.town}/${refusal.village}`,
      accepted: places.length ? places.join(', ') : tr('codec.scope.none'),
    },
    workflowIds,
  );
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
