/**
 * Jest global teardown: stops the dev server started by globalSetup and removes its temp dir
 * (set TEMPORAL_TEST_KEEP_TMP=1 to keep the SQLite file and server.log for a post-mortem).
 */
import * as fs from 'node:fs';
import { GLOBAL_STATE_KEY, type GlobalTemporalState } from './state';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[GLOBAL_STATE_KEY] as GlobalTemporalState | undefined;
  if (!state) return;
  try {
    await state.server?.stop();
  } finally {
    if (state.tempDir && process.env.TEMPORAL_TEST_KEEP_TMP) {
      process.stderr.write(`[temporal globalTeardown] kept ${state.tempDir}\n`);
    } else if (state.tempDir) fs.rmSync(state.tempDir, { recursive: true, force: true });
    delete (globalThis as Record<string, unknown>)[GLOBAL_STATE_KEY];
  }
}
