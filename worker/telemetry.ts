import type { TelemetryOptions } from '@temporalio/worker';
import { listenAddress } from '../common/listenAddress';

/** The variable that switches the worker's Prometheus endpoint on: `host:port`, or a port alone for loopback. */
export const METRICS_ADDRESS_ENV = 'ELECTION_METRICS_ADDRESS';

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
  const bindAddress = listenAddress(METRICS_ADDRESS_ENV, address);
  // The SDK does not say which port it bound: a scraper must be told one.
  if (bindAddress.endsWith(':0'))
    throw new Error(`${METRICS_ADDRESS_ENV}: got ${JSON.stringify(address)}; accepted: a port from 1 to 65535`);
  return {
    logging,
    metrics: {
      prometheus: {
        bindAddress,
        countersTotalSuffix: true,
        unitSuffix: true,
        useSecondsForDurations: true,
      },
    },
  };
}
