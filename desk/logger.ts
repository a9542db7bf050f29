import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { withoutAddresses } from '../common/addresses';

/**
 * The desk's request log: Fastify's own (pino: one JSON object per line, `time`, `level`, `msg`, `reqId`) with each
 * request named by its method and route template (`/v/:term/:town/:village`), never its full URL, query or the
 * client's address, and an error by its type and its message without addresses, never its stack. The person is known
 * to the sign-in layer and its own log, not to this one.
 */
export const DESK_LOGGER: FastifyServerOptions['logger'] = {
  level: 'info',
  // A message may be an error's own text (Fastify logs it so): addresses out, as from every other field.
  hooks: {
    logMethod(args: unknown[], method: (...args: unknown[]) => void) {
      method.apply(
        this,
        args.map((arg) => (typeof arg === 'string' ? withoutAddresses(arg) : arg)),
      );
    },
  },
  serializers: {
    req: (request: FastifyRequest) => ({ method: request.method, route: request.routeOptions?.url ?? 'unmatched' }),
    res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    err: (error: Error) => ({ type: error.name, message: withoutAddresses(error.message), stack: '' }),
  },
};
