import { createElectionWorker } from '../../worker/worker';

/**
 * worker/main.ts with the workflow bundle named by CHAOS_WORKFLOW_BUNDLE: run from the sources, the
 * election worker would otherwise pick up dist/workflow-bundle.js, which may be older than them.
 */
async function main(): Promise<void> {
  const codePath = process.env.CHAOS_WORKFLOW_BUNDLE;
  const { worker, store, connection } = await createElectionWorker(
    codePath ? { worker: { workflowBundle: { codePath }, workflowsPath: undefined } } : {},
  );
  console.log(`worker polling task queue "${worker.options.taskQueue}" (outcome store: ${store.location})`);
  await worker.run();
  await store.close();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
