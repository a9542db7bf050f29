import { runStandaloneWorker } from './standalone';

/**
 * The standalone election worker: JSON logs carrying ids, no address; Prometheus metrics where ELECTION_METRICS_ADDRESS
 * says and traces to OTEL_EXPORTER_OTLP_ENDPOINT, each off when unset (docs/operations.md).
 */
runStandaloneWorker().catch((err) => {
  console.error(err);
  process.exit(1);
});
