import { join, resolve } from 'node:path';
import { openStore, resolveTarget } from '../../activities/store';
import { loadOidcConfig } from '../../desk/auth/oidc';
import { deskKeyRegistered, loadOrCreateDeskKey, registerCommand, type DeskKeyFile } from '../../desk/deskKey';
import { startDesk, type RunningDesk } from '../../desk/start';
import { DESK_METRICS_ADDRESS_ENV } from '../../desk/metrics';
import { listenAddress } from '../../common/listenAddress';
import type { OutcomeStore } from '../../activities/store';
import type { Client } from '@temporalio/client';
import { connectClient } from '../../common/connection';
import { projectDataDir } from '../tools';
import { badInput, CONNECTION_OPTIONS, CONNECTION_USAGE, EXIT, parse, say, wholeNumber, type Command } from './common';
import { untilInterrupted } from './localStack';
import { STORE_USAGE } from './store';

/** The desk's default port. */
export const DESK_PORT = 8080;

/** The desk's key file unless --desk-key names another: data/desk-key.json of the project (git-ignored), or of ELECTION_DATA_DIR. */
export const defaultDeskKeyFile = () => join(projectDataDir(), 'desk-key.json');

/** Options of the desk, shared by `desk`, `dev` and `demo`. */
export const DESK_OPTIONS = {
  'desk-port': { type: 'string' },
  'desk-host': { type: 'string' },
  'desk-key': { type: 'string' },
  'desk-name': { type: 'string' },
  'desk-metrics-address': { type: 'string' },
  'no-desk': { type: 'boolean' },
} as const;

/** Help lines of {@link DESK_OPTIONS}. */
export const DESK_USAGE = `  --desk-port N   the approvers' desk's port (default ${DESK_PORT}; 0 for any free port)
  --desk-host H   the address it listens on (default 127.0.0.1)
  --desk-key F    the desk's signing key file (default data/desk-key.json; created, mode 0600, when missing)
  --desk-name N   the desk's name in the people registry (default "desk")
  --desk-metrics-address A  serve Prometheus metrics at http://A/metrics, A being host:port or a port alone
                  (loopback); default ELECTION_DESK_METRICS_ADDRESS, else no metrics listener`;

/** The desk's settings from the options, checked. */
export function deskSettings(
  values: { 'desk-port'?: string; 'desk-host'?: string; 'desk-key'?: string; 'desk-name'?: string; 'desk-metrics-address'?: string },
  env: NodeJS.ProcessEnv = process.env,
) {
  const port = wholeNumber('desk-port', values['desk-port'], 'a TCP port such as 8080, or 0 for any free one', DESK_PORT);
  if (port > 65535) throw badInput(`--desk-port: got ${port}; accepted: a TCP port from 0 to 65535`);
  const name = values['desk-name'] ?? 'desk';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
    throw badInput(`--desk-name: got ${JSON.stringify(name)}; accepted: letters, digits, ".", "-" and "_", at most 64`);
  const metricsValue = values['desk-metrics-address'] ?? env[DESK_METRICS_ADDRESS_ENV];
  let metricsAddress: string | undefined;
  try {
    metricsAddress = metricsValue ? listenAddress('--desk-metrics-address', metricsValue) : undefined;
  } catch (err) {
    throw badInput((err as Error).message);
  }
  return {
    port,
    host: values['desk-host'] ?? '127.0.0.1',
    keyFile: resolve(values['desk-key'] ?? defaultDeskKeyFile()),
    name,
    ...(metricsAddress ? { metricsAddress } : {}),
  };
}

/** Starts the desk over a client and a store and says where it is and whether the registry trusts its key yet. */
export async function runDesk(
  client: Client,
  store: OutcomeStore,
  settings: ReturnType<typeof deskSettings>,
  extra: { temporalUi?: string; quiet?: boolean; log?: boolean } = {},
): Promise<{ desk: RunningDesk; key: DeskKeyFile }> {
  let key: DeskKeyFile;
  let created: boolean;
  try {
    ({ key, created } = loadOrCreateDeskKey(settings.keyFile, settings.name));
  } catch (err) {
    throw badInput(`--desk-key: ${(err as Error).message}`);
  }
  if (created) say(`desk key created in ${settings.keyFile} (mode 0600): key id ${key.keyId}`);
  const desk = await startDesk({
    client,
    store,
    deskKey: key,
    host: settings.host,
    port: settings.port,
    ...(settings.metricsAddress ? { metricsAddress: settings.metricsAddress } : {}),
    ...(extra.log ? { logger: true } : {}),
    oidc: loadOidcConfig(),
    ...(extra.temporalUi ? { temporalUi: extra.temporalUi } : {}),
  });
  if (!extra.quiet) say(`Approvers' desk: ${desk.url}${desk.metricsUrl ? ` (metrics: ${desk.metricsUrl})` : ''}`);
  if (!(await deskKeyRegistered(store.registry, key))) {
    say(`  its key is not registered yet: decisions made there will be refused until the county organisation department runs`);
    say(`  ${registerCommand(key)}`);
  }
  return { desk, key };
}

/** `election desk`: the approvers' desk alone, against any Temporal cluster and outcome store. */
export const deskCommand: Command = {
  name: 'desk',
  summary: "run the approvers' desk (the web application where people sign in and decide) until Ctrl-C",
  usage: `election desk [--desk-port ${DESK_PORT}] [--desk-host 127.0.0.1] [--desk-key FILE] [--desk-name desk] [--desk-metrics-address A] [--temporal-ui URL] [--store FILE]

${DESK_USAGE}
  --temporal-ui URL  the Temporal Web UI's address, for links from a village to its workflow, and the one origin
                     whose pages may call the desk's codec endpoint (URL of the desk + /codec) with the person's
                     cookie: start the UI with that endpoint (temporal server start-dev --ui-codec-endpoint) (default: none)
${STORE_USAGE}
${CONNECTION_USAGE}

People sign in with the account \`election accounts set-password\` gave them (a second factor is asked of the town
committee and the county organisation department), or through the office's identity provider when DESK_OIDC_CONFIG
names its settings. The desk signs each decision on the person's behalf with its own key, which the people registry
must list (\`election keys register --desk NAME ...\`); the workflow checks the person's assignment again.`,
  async run(args) {
    const { values } = parse('desk', args, {
      ...CONNECTION_OPTIONS,
      ...DESK_OPTIONS,
      'temporal-ui': { type: 'string' },
      store: { type: 'string' },
    });
    const settings = deskSettings(values);
    let target: ReturnType<typeof resolveTarget>;
    try {
      target = resolveTarget(values.store === undefined ? {} : { file: values.store });
    } catch (err) {
      throw badInput((err as Error).message);
    }
    const store = await openStore(target.dialect === 'sqlite' ? { file: target.file } : { url: target.url });
    const client = await connectClient(values);
    try {
      // The office's desk logs each request as a JSON line (desk/logger.ts); `dev` and `demo` keep the terminal quiet.
      const { desk } = await runDesk(client, store, settings, {
        log: true,
        ...(values['temporal-ui'] ? { temporalUi: values['temporal-ui'] } : {}),
      });
      say('Running; press Ctrl-C to stop.');
      await untilInterrupted();
      await desk.close();
    } finally {
      await client.connection.close();
      await store.close();
    }
    return EXIT.ok;
  },
};
