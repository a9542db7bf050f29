import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../common/projectPaths';

export { projectDataDir, projectRoot } from '../common/projectPaths';

type ToolVariable = 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH';

/** A tool's path: the environment variable when set, else the line scripts/install-tools.sh wrote to .tools/tools.env. */
function toolPath(variable: ToolVariable): string | undefined {
  const envFile = path.join(projectRoot(), '.tools', 'tools.env');
  const written = fs.existsSync(envFile)
    ? fs
        .readFileSync(envFile, 'utf8')
        .match(new RegExp(`^${variable}=(.*)$`, 'm'))?.[1]
        ?.trim()
    : undefined;
  const value = process.env[variable] || written;
  if (value && !fs.existsSync(value))
    throw new Error(`${variable}=${value} names no file; accepted: an installed tool (run scripts/install-tools.sh, or unset it)`);
  return value || undefined;
}

/** The Temporal CLI that runs `temporal server start-dev`. */
export function resolveTemporalCli(): string {
  const cli = toolPath('TEMPORAL_CLI_PATH');
  if (!cli) throw new Error('Temporal CLI not found ($TEMPORAL_CLI_PATH unset, no .tools/tools.env): run scripts/install-tools.sh');
  return cli;
}

/** The pinned time-skipping test server, or undefined (then @temporalio/testing downloads its own, which needs the internet). */
export function resolveTestServer(): string | undefined {
  return toolPath('TEMPORAL_TEST_SERVER_PATH');
}
