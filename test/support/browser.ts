import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_LAUNCH_TIMEOUT_MS, chromiumPath, launchHeadlessChromium } from '../../common/browser';

/**
 * A headless Chromium driven by playwright-core, in a fresh profile folder that `close()` removes. The Chromium is the one
 * scripts/install-browser.sh made sure of (common/browser): a machine without one fails the test, naming the script.
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1440, height: 900 },
    timeout: CHROMIUM_LAUNCH_TIMEOUT_MS,
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/** A headless Chromium whose contexts are separate browsers' worth of cookies: one per person signing in. */
export function launchBrowser(): Promise<Browser> {
  return launchHeadlessChromium();
}
