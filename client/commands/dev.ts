import { workerModeSchema } from '../../machines/hostEvents';
import { join } from 'node:path';
import { connectClient } from '../../common/connection';
import { startDemoDesk } from '../demo/deskDemo';
import { projectDataDir } from '../tools';
import { badInput, EXIT, parse, say, wholeNumber, type Command } from './common';
import { DESK_OPTIONS, DESK_USAGE, deskSettings } from './desk';
import { startLocalStack, untilInterrupted, type LocalStack } from './localStack';
import { CODEC_PATH } from '../../desk/codec';
import { freePort } from '../devServer';

/** The scripted office's private keys: data/dev-keys/ of the project (git-ignored, as all of data/), or of ELECTION_DATA_DIR. */
export const devKeyDir = () => join(projectDataDir(), 'dev-keys');

/**
 * Starts the approvers' desk beside a local stack (unless --no-desk) with the demo's people and accounts, and prints
 * its address and the accounts; the returned function stops it.
 */
export async function deskBeside(
  stack: LocalStack,
  values: DeskValues,
): Promise<{ stop: () => Promise<void>; started?: Awaited<ReturnType<typeof startDemoDesk>> }> {
  if (values['no-desk']) return { stop: async () => undefined };
  const settings = deskSettings(values);
  const client = await connectClient({ address: stack.server.address, namespace: values.namespace ?? stack.server.namespace });
  try {
    const started = await startDemoDesk({ client, store: stack.store, settings, temporalUi: stack.server.uiUrl, keyDir: devKeyDir() });
    return { started, stop: async () => (await started.desk.close(), await client.connection.close()) };
  } catch (err) {
    await client.connection.close();
    throw err;
  }
}

/** Where the desk's codec endpoint will be, fixed before the server starts (so that its Web UI can be given it). */
export interface CodecEndpointPlan {
  /** The options with the desk's port made definite (a free one for --desk-port 0). */
  values: DeskValues;
  /** http://<desk host>:<desk port>/codec; undefined without a desk. */
  endpoint: string | undefined;
  /** The dev server's arguments that give its Web UI the endpoint. */
  serverArgs: string[];
}

type DeskValues = Parameters<typeof deskSettings>[0] & { 'no-desk'?: boolean; namespace?: string };

/** The desk's codec endpoint for the Web UI, when a desk runs beside the stack. */
export async function planCodecEndpoint(values: DeskValues): Promise<CodecEndpointPlan> {
  if (values['no-desk']) return { values, endpoint: undefined, serverArgs: [] };
  const settings = deskSettings(values);
  const port = settings.port === 0 ? await freePort() : settings.port;
  // The browser calls the endpoint: an address the desk listens on everywhere is reached at 127.0.0.1.
  const host = ['0.0.0.0', '::', ''].includes(settings.host)
    ? '127.0.0.1'
    : settings.host.includes(':')
      ? `[${settings.host}]`
      : settings.host;
  const endpoint = `http://${host}:${port}${CODEC_PATH}`;
  return { values: { ...values, 'desk-port': String(port) }, endpoint, serverArgs: ['--ui-codec-endpoint', endpoint] };
}

/**
 * Says where the Web UI's codec endpoint is and what an operator does once in the UI: the dev server cannot tell the UI
 * to send the desk's cookie, so the UI's own Codec Server settings must include cross-origin credentials.
 */
export function printCodecAccess(server: LocalStack['server'], endpoint: string | undefined, out: (line: string) => void): void {
  if (!endpoint || !server.uiUrl) return;
  const steps = `in the Web UI's Codec Server settings (top right) choose "Use my browser setting", enter ${endpoint} and tick "Include cross-origin credentials"`;
  out(
    server.reused
      ? `Codec endpoint for the Web UI: ${endpoint}. The Temporal server was already running, so its Web UI could not be given it: sign in at the desk, then ${steps}; without a desk session the UI shows payloads sealed.`
      : `Codec endpoint for the Web UI: ${endpoint}. To read payloads decoded, sign in at the desk, then ${steps}; without a desk session the UI shows them sealed.`,
  );
}

/** Options shared by `dev` and `demo`: where the embedded server listens and keeps its state. */
export const SERVER_OPTIONS = {
  port: { type: 'string' },
  'ui-port': { type: 'string' },
  db: { type: 'string' },
  namespace: { type: 'string' },
} as const;

/** Help lines of {@link SERVER_OPTIONS}. */
export const SERVER_USAGE = `  --port N        Temporal frontend port (default 7233); a server already answering there is reused
  --ui-port N     Web UI port (default port + 1000)
  --db FILE       SQLite file the server keeps its state in (default data/temporal.sqlite)
  --namespace NS  namespace (default "default")`;

/** The server settings from the options, checked. */
export function serverSettings(values: { port?: string; 'ui-port'?: string; db?: string; namespace?: string }) {
  const port = wholeNumber('port', values.port, 'a TCP port such as 7233', 7233);
  const uiPort = wholeNumber('ui-port', values['ui-port'], 'a TCP port such as 8233', port + 1000);
  return { port, uiPort, dbFile: values.db, namespace: values.namespace };
}

/** `election dev`: the local server and a worker, until Ctrl-C. */
export const devCommand: Command = {
  name: 'dev',
  summary: 'run the embedded Temporal dev server (SQLite, Web UI) and an election worker until Ctrl-C',
  usage: `election dev [--port 7233] [--ui-port 8233] [--db data/temporal.sqlite] [--mode production|demo|test] [--desk-port 8080] [--no-desk]

${SERVER_USAGE}
${DESK_USAGE}
  --no-desk       do not start the approvers' desk
  --mode M        the worker's mode (default ELECTION_WORKER_MODE, else production); only demo and test
                  accept a town plan whose durationOverridesMs shortens the statutory periods`,
  async run(args) {
    const { values } = parse('dev', args, { ...SERVER_OPTIONS, ...DESK_OPTIONS, mode: { type: 'string' } });
    const mode = values.mode === undefined ? undefined : workerModeSchema.safeParse(values.mode);
    if (mode && !mode.success) {
      throw badInput(`--mode: got ${JSON.stringify(values.mode)}; accepted: ${workerModeSchema.options.join(', ')}`);
    }
    const codec = await planCodecEndpoint(values);
    const stack = await startLocalStack({ ...serverSettings(values), mode: mode?.data, serverArgs: codec.serverArgs });
    say(`Temporal address: ${stack.server.address}`);
    say(`Temporal Web UI:  ${stack.server.uiUrl ?? '(headless)'}`);
    let desk: Awaited<ReturnType<typeof deskBeside>>;
    try {
      desk = await deskBeside(stack, codec.values);
    } catch (err) {
      await stack.stop();
      throw err;
    }
    printCodecAccess(stack.server, codec.endpoint, say);
    say('Running; press Ctrl-C to stop the desk, the worker and the server.');
    try {
      const ended = await Promise.race([
        untilInterrupted().then(() => 'interrupted' as const),
        stack.running.then(() => 'worker-stopped' as const),
      ]);
      say(ended === 'interrupted' ? 'Stopping: draining the worker, then the server...' : 'The worker stopped; stopping the server...');
    } finally {
      await desk.stop();
      await stack.stop();
    }
    say('Stopped.');
    return EXIT.ok;
  },
};
