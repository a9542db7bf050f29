/**
 * What scripts/cluster.sh takes from the project's own sources instead of a copy, run from the build
 * (`node dist/scripts/cluster-settings.js ...`):
 *
 *   dynamic-config                                 the server's dynamic config file (YAML) on stdout: the values the
 *                                                  project's dev servers run with (SERVER_DYNAMIC_CONFIG)
 *   search-attributes --address HOST:PORT --namespace NS
 *                                                  registers whichever custom search attributes (workflows/searchAttributes.ts)
 *                                                  the namespace lacks, then waits until the frontend lists them all
 */
import { parseArgs } from 'node:util';
import { Connection } from '@temporalio/client';
import { SERVER_DYNAMIC_CONFIG } from '../client/devServer';
import { ensureSearchAttributes } from '../client/registerSearchAttributes';
import { SEARCH_ATTRIBUTES } from '../workflows/searchAttributes';

/** How long a namespace may take to list the search attributes just added. */
const LISTED_WITHIN_MS = 60_000;

/** Dynamic config in the server's file format: each key one value, without constraints. */
function dynamicConfigYaml(values: Record<string, number> = SERVER_DYNAMIC_CONFIG): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}:\n  - value: ${value}\n`)
    .join('');
}

/** Registers the missing search attributes on the namespace and resolves once all of them are listed. */
async function registerSearchAttributes(address: string, namespace: string): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    const added = await ensureSearchAttributes(connection, namespace);
    const deadline = Date.now() + LISTED_WITHIN_MS;
    for (;;) {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = Object.keys(SEARCH_ATTRIBUTES).filter((name) => customAttributes?.[name] === undefined);
      if (missing.length === 0) return added;
      if (Date.now() > deadline) {
        throw new Error(`namespace ${namespace} does not list ${missing.join(', ')} ${LISTED_WITHIN_MS / 1000} s after registering them`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'dynamic-config') {
    process.stdout.write(dynamicConfigYaml());
    return;
  }
  if (command === 'search-attributes') {
    const { values } = parseArgs({ args: rest, options: { address: { type: 'string' }, namespace: { type: 'string' } }, strict: true });
    if (!values.address || !values.namespace) throw new Error('search-attributes needs --address HOST:PORT and --namespace NS');
    const added = await registerSearchAttributes(values.address, values.namespace);
    process.stdout.write(
      `${values.namespace}: ${Object.keys(SEARCH_ATTRIBUTES).join(', ')} listed${added.length ? ` (registered now: ${added.join(', ')})` : ''}\n`,
    );
    return;
  }
  throw new Error(`unknown command ${JSON.stringify(command)}; accepted: dynamic-config, search-attributes`);
}

main().catch((err: unknown) => {
  process.stderr.write(`cluster-settings: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
