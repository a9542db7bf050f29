import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'playwright-core';

/**
 * Flags for a headless Chromium on a machine with a closed network: without the background-networking
 * ones it keeps dialling Google services, and the refused connections slow every page down.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long a Chromium may take to start (a cold start on a loaded machine takes seconds). */
export const CHROMIUM_LAUNCH_TIMEOUT_MS = 60_000;

/** No Chromium to print with: the message names the variable and the script that would provide one. */
export class NoChromiumError extends Error {}

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The Chromium that scripts/install-browser.sh made sure of: $CHROMIUM_PATH, else `chromium` on PATH.
 * @throws NoChromiumError naming the script to run (playwright-core never downloads a browser of its own).
 */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new NoChromiumError(
        `CHROMIUM_PATH=${fromEnv} is not an executable file; point it at a Chromium binary, or unset it and run \`bash scripts/install-browser.sh\``,
      );
    return fromEnv;
  }
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'chromium'))
    .find(isExecutable);
  if (onPath) return onPath;
  throw new NoChromiumError(
    'no Chromium found ($CHROMIUM_PATH unset, no `chromium` on PATH): run `bash scripts/install-browser.sh` (as root it installs Debian’s chromium and the fonts), or set CHROMIUM_PATH to a Chromium binary',
  );
}

/**
 * A headless Chromium driven by playwright-core, with the flags for a closed network. playwright-core is loaded here
 * and only here, when a paper is printed to PDF or a picture: the desk and the CLI start without paying for it.
 * @throws NoChromiumError when there is no Chromium, or no playwright-core to drive one.
 */
export async function launchHeadlessChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  let driver: typeof import('playwright-core');
  try {
    driver = await import('playwright-core');
  } catch (err) {
    throw new NoChromiumError(
      `playwright-core, which drives Chromium, is not installed (${(err as Error).message}): install the project's packages (npm ci, as scripts/setup.sh does)`,
    );
  }
  return driver.chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: CHROMIUM_LAUNCH_TIMEOUT_MS });
}
