import type { TelemetryOptions } from '@temporalio/worker';

/** The variable that switches the worker's Prometheus endpoint on: `host:port`, or a port alone for loopback. */
export const METRICS_ADDRESS_ENV = 'ELECTION_METRICS_ADDRESS';

/**
 * A `host:port` to listen on, from what an operator wrote: a port alone (`9464`, `:9464`) listens on loopback only,
 * since the metrics need no sign-in and a scraper usually runs beside the process; a host must be named to go further.
 */
export function listenAddress(variable: string, value: string): string {
  const text = value.trim();
  const match = /^(?:(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)?:)?(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new Error(
      `${variable}: got ${JSON.stringify(value)}; accepted: host:port (127.0.0.1:9464, [::1]:9464, 0.0.0.0:9464) or a port alone, which listens on 127.0.0.1`,
    );
  }
  return `${match[1] ?? '127.0.0.1'}:${port}`;
}

/**
 * The Temporal runtime's telemetry. The SDK core's own log lines (a failing workflow task, a lost connection) are
 * forwarded to the runtime's logger, so they too come out as JSON lines without addresses, at WARN and above. With
 * ELECTION_METRICS_ADDRESS set, the SDK serves Prometheus metrics there (its own, prefixed `temporal_`, and the
 * election's `election_*` through the same meter), counters with `_total` and durations in seconds as Prometheus names
 * them; unset, no metrics are exported at all.
 */
export function telemetryFromEnv(env: NodeJS.ProcessEnv = process.env): TelemetryOptions {
  const logging: TelemetryOptions['logging'] = { filter: { core: 'WARN', other: 'ERROR' }, forward: {} };
  const address = env[METRICS_ADDRESS_ENV];
  if (!address) return { logging };
  return {
    logging,
    metrics: {
      prometheus: {
        bindAddress: listenAddress(METRICS_ADDRESS_ENV, address),
        countersTotalSuffix: true,
        unitSuffix: true,
        useSecondsForDurations: true,
      },
    },
  };
}
