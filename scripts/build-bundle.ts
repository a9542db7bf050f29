import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { electionBundleOptions, PREBUILT_BUNDLE, PREBUILT_TRACED_BUNDLE } from '../worker/bundle';

/** Prebuilds the workflow bundles so that workers start without bundling: plain, and traced (for tracing on). */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  for (const [file, traced] of [
    [PREBUILT_BUNDLE, false],
    [PREBUILT_TRACED_BUNDLE, true],
  ] as const) {
    const { code } = await bundleWorkflowCode({
      ...electionBundleOptions(join(root, 'workflows', 'index.ts'), { traced }),
      logger: new DefaultLogger('WARN'),
    });
    const target = join(root, 'dist', file);
    writeFileSync(target, code);
    console.log(`workflow bundle written to ${target} (${Math.round(code.length / 1024)} KiB)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
