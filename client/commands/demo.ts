import { connectClient } from '../../common/connection';
import { DESK_VILLAGES, printDeskAccess, startDeskVillages } from '../demo/deskDemo';
import { runDemo } from '../demo/runDemo';
import { SCRIPTED_PEOPLE } from '../demo/townOffice';
import { EXIT, parse, say, wholeNumber, type Command } from './common';
import { DESK_OPTIONS, DESK_USAGE } from './desk';
import { deskBeside, devKeyDir, planCodecEndpoint, printCodecAccess, SERVER_OPTIONS, SERVER_USAGE, serverSettings } from './dev';
import { startLocalStack, untilInterrupted } from './localStack';

const options = {
  ...SERVER_OPTIONS,
  ...DESK_OPTIONS,
  exit: { type: 'boolean' },
  'timer-ms': { type: 'string' },
  term: { type: 'string' },
  'timeout-s': { type: 'string' },
} as const;

/** `election demo`: Heluo Town's villages driven by the scripted town office. */
export const demoCommand: Command = {
  name: 'demo',
  summary: "run Heluo Town's 17 villages, driven by the SCRIPTED TOWN OFFICE, on the embedded server",
  usage: `election demo [--exit] [--timer-ms 3000] [--term 2026] [--port 7233] [--ui-port 8233] [--db FILE] [--desk-port 8080] [--no-desk]

  --exit          stop the worker and the server when the demo is done; exit 0 only if 16 villages
                  completed and 1 is postponed
  --timer-ms N    length of every demo timer (publicity period, notice lead time, ...), default 3000
  --term YEAR     the term the villages are re-elected for (default 2026)
  --timeout-s N   give up on villages not finished after N seconds (default max(180, timer-ms × 60 / 1000))
${SERVER_USAGE}
${DESK_USAGE}
  --no-desk       do not start the approvers' desk (nor its villages)

The approvers' desk starts beside the server (its address and the DEMO accounts are printed), with ${DESK_VILLAGES.length} more
villages of Heluo (${DESK_VILLAGES.map((v) => v.name).join(', ')}) that no script drives: they wait for people to act on them there.

The scripted office's people (ids script-* and m01… for scrutineers) are registered in the people registry of
the outcome store, each with an assignment over Heluo and a development key (private halves in data/dev-keys/,
mode 0600); the villages start with signed decisions and every decision is signed by the person who makes it.
A second run reuses the people and the keys.

Without --exit the server and worker keep running after the demo so the workflows can be explored in
the Web UI; Ctrl-C stops them. Re-running is safe: villages already started are reported as such.`,
  async run(args) {
    const { values } = parse('demo', args, options);
    const settings = serverSettings(values);
    const timerMs = wholeNumber('timer-ms', values['timer-ms'], 'milliseconds such as 3000', 3000);
    const term = wholeNumber('term', values.term, 'a year such as 2026', 2026);
    const timeoutS = values['timeout-s'] === undefined ? undefined : wholeNumber('timeout-s', values['timeout-s'], 'seconds such as 300');
    const interrupted = untilInterrupted();
    const abort = new AbortController();
    void interrupted.then(() => abort.abort());

    // The demo's town plan shortens the statutory periods to seconds, which only a demo (or test) worker accepts.
    const codec = await planCodecEndpoint(values);
    const stack = await startLocalStack({ ...settings, mode: 'demo', serverArgs: codec.serverArgs });
    try {
      say(`Temporal address: ${stack.server.address}`);
      say(`Temporal Web UI:  ${stack.server.uiUrl ?? '(headless)'}`);
      const client = await connectClient({ address: stack.server.address, namespace: settings.namespace });
      const desk = await deskBeside(stack, codec.values).catch(async (err: unknown) => {
        await client.connection.close();
        throw err;
      });
      if (desk.started) {
        const townKey = desk.started.signers.keyFileOf(SCRIPTED_PEOPLE['town-committee'].id)!;
        const villages = await startDeskVillages(client, { term, timerMs, townCommitteeKey: townKey });
        say(`  villages left for the desk (no script drives them): ${villages.map((v) => `${v.village} (${v.outcome})`).join(', ')}`);
        say('');
      }
      const summary = await runDemo({
        client,
        term,
        timerMs,
        uiUrl: stack.server.uiUrl,
        namespace: settings.namespace,
        timeoutMs: timeoutS === undefined ? undefined : timeoutS * 1000,
        signal: abort.signal,
        registry: stack.store.registry,
        keyDir: devKeyDir(),
      }).finally(() => client.connection.close());
      if (!values.exit && !abort.signal.aborted) {
        say('');
        if (desk.started) printDeskAccess(desk.started.desk.url, desk.started.accounts, say);
        printCodecAccess(stack.server, codec.endpoint, say);
        say('The server, the worker and the desk keep running so you can explore; press Ctrl-C to stop.');
        await Promise.race([interrupted, stack.running]);
      }
      await desk.stop();
      say(
        stack.server.reused
          ? 'Stopping the worker (the reused server keeps running)...'
          : 'Stopping: draining the worker, then the server...',
      );
      return summary.ok ? EXIT.ok : EXIT.failed;
    } finally {
      await stack.stop();
    }
  },
};
