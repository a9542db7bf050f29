import { runStandaloneWorker } from '../../worker/standalone';

/**
 * worker/main.ts as a test runs it in a process of its own: the standalone worker (its runtime, logger, metrics and
 * tracing from the environment) over Jest's workflow bundle (STANDALONE_WORKFLOW_BUNDLE) on the test's own task queue
 * (STANDALONE_TASK_QUEUE), so it picks up no other test's tasks and no stale dist/ bundle.
 */
const workflowBundle = process.env.STANDALONE_WORKFLOW_BUNDLE;
const taskQueue = process.env.STANDALONE_TASK_QUEUE;
runStandaloneWorker({
  ...(taskQueue ? { taskQueue } : {}),
  ...(workflowBundle
    ? { worker: { workflowBundle: { codePath: workflowBundle }, workflowsPath: undefined, bundlerOptions: undefined } }
    : {}),
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
