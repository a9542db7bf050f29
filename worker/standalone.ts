import { Runtime } from '@temporalio/worker';
import { AddressFreeLogger } from './logger';
import { telemetryFromEnv } from './telemetry';
import { tracingFromEnv } from '../common/tracing';
import { runElectionWorker, type ElectionWorkerOptions } from './worker';

/**
 * The election worker as its own process: installs the Temporal runtime with JSON logs free of addresses and, when
 * ELECTION_METRICS_ADDRESS is set, its Prometheus endpoint; turns tracing on when an OTLP endpoint is set; runs until
 * SIGINT or SIGTERM, then drains in-flight tasks and sends the spans still buffered.
 */
export async function runStandaloneWorker(options: ElectionWorkerOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  Runtime.install({ logger: new AddressFreeLogger(), telemetryOptions: telemetryFromEnv(env) });
  const tracing = await tracingFromEnv('election-worker', env);
  try {
    await runElectionWorker({ ...options, ...(tracing ? { tracing } : {}) });
  } finally {
    await tracing?.shutdown();
  }
}
