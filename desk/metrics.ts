import type { FastifyInstance } from 'fastify';
import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { listenAddress } from '../common/listenAddress';
import { reasonLabel } from '../workflows/metrics';

/** The variable that switches the desk's Prometheus endpoint on (`--metrics-address` on the command line wins). */
export const DESK_METRICS_ADDRESS_ENV = 'ELECTION_DESK_METRICS_ADDRESS';

/**
 * The desk's own metrics, in a registry of its own (two desks in one process, as in tests, never share counts):
 * its HTTP traffic by route template (never the path itself, which names the village), the decisions it sent and how
 * they ended, the codec server's calls, and the Node process's own (memory, event loop lag, GC).
 */
export class DeskMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'election_desk_http_requests_total',
    help: 'HTTP requests the desk answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'election_desk_http_request_duration_seconds',
    help: 'Time the desk took to answer a request, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly decisions = new Counter({
    name: 'election_desk_decisions_sent_total',
    help: 'Decisions the desk sent to a village, by decision type, outcome (accepted, refused, unsigned, unavailable) and reason code',
    labelNames: ['decision_type', 'outcome', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly codec = new Counter({
    name: 'election_desk_codec_requests_total',
    help: 'Calls to the codec server, by action (decode, encode, preflight), outcome (decoded, encoded, refused, failed) and reason code',
    labelNames: ['action', 'outcome', 'reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'election_desk_' });
  }

  /** Counts every answered request by its route template (`/v/:term/:town/:village`), `unmatched` for a 404 of no route. */
  instrument(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      this.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
  }

  /** Counts a decision the desk sent: `accepted`, `refused` (with the workflow's reason code), `unsigned` or `unavailable`. */
  decisionSent(type: string, outcome: 'accepted' | 'refused' | 'unsigned' | 'unavailable', code?: string): void {
    this.decisions.inc({ decision_type: type, outcome, reason: outcome === 'refused' ? reasonLabel(code ?? '') : '' });
  }

  /** Counts a codec call as the codec log records it (its reason is one of the codec server's own codes). */
  codecCall(action: string, outcome: string, reason: string | null): void {
    this.codec.inc({ action, outcome, reason: reason && /^[a-z-]{1,32}$/.test(reason) ? reason : reason ? 'other' : '' });
  }
}

/**
 * Serves a registry at GET /metrics on a listener of its own, apart from the desk's pages: the scrape needs no
 * sign-in, so it listens where ELECTION_DESK_METRICS_ADDRESS says (a port alone: loopback only), never on the
 * desk's public address.
 */
export async function serveMetrics(registry: Registry, address: string): Promise<{ url: string; close(): Promise<void> }> {
  const [, host, port] = /^(.*):(\d+)$/.exec(listenAddress(DESK_METRICS_ADDRESS_ENV, address))!;
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  const bindHost = host!.replace(/^\[(.*)\]$/, '$1');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), bindHost, () => resolve());
  });
  const bound = server.address();
  const boundPort = typeof bound === 'object' && bound ? bound.port : Number(port);
  return {
    url: `http://${host}:${boundPort}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
