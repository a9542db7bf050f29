import { runStandaloneWorker } from '../../worker/standalone';

/**
 * worker/main.ts with the workflow bundle named by CHAOS_WORKFLOW_BUNDLE: run from the sources, the
 * election worker would otherwise pick up dist/workflow-bundle.js, which may be older than them.
 */
const codePath = process.env.CHAOS_WORKFLOW_BUNDLE;
runStandaloneWorker(
  codePath ? { worker: { workflowBundle: { codePath }, workflowsPath: undefined, bundlerOptions: undefined } } : {},
).catch((err) => {
  console.error(err);
  process.exit(1);
});
