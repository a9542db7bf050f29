import { Runtime } from '@temporalio/worker';
import { AddressFreeLogger } from './logger';
import { runElectionWorker } from './worker';

/** The standalone election worker: runs until SIGINT or SIGTERM, then drains in-flight tasks and exits; its logs carry no address. */
Runtime.install({ logger: new AddressFreeLogger() });
runElectionWorker().catch((err) => {
  console.error(err);
  process.exit(1);
});
