import { runElectionWorker } from './worker';

/** The standalone election worker: runs until SIGINT or SIGTERM, then drains in-flight tasks and exits. */
runElectionWorker().catch((err) => {
  console.error(err);
  process.exit(1);
});
