import { createElectionWorker } from './worker';

/** Runs the election worker until SIGINT or SIGTERM, then drains in-flight tasks and exits. */
async function main(): Promise<void> {
  const { worker, store, connection } = await createElectionWorker();
  console.log(`worker polling task queue "${worker.options.taskQueue}" (outcome store: ${store.location})`);
  await worker.run();
  await store.close();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
