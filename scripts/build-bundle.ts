import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { electionBundleOptions } from '../worker/bundle';

/** Prebuilds the workflow bundle so that workers start without bundling (dist/workflow-bundle.js). */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const { code } = await bundleWorkflowCode({
    ...electionBundleOptions(join(root, 'workflows', 'index.ts')),
    logger: new DefaultLogger('WARN'),
  });
  const target = join(root, 'dist', 'workflow-bundle.js');
  writeFileSync(target, code);
  console.log(`workflow bundle written to ${target} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
