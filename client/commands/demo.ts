import { join, resolve } from 'node:path';
import { connectClient } from '../../common/connection';
import { projectRoot } from '../tools';
import { runDemo } from '../demo/runDemo';
import { EXIT, parse, say, wholeNumber, type Command } from './common';
import { SERVER_OPTIONS, SERVER_USAGE, serverSettings } from './dev';
import { startLocalStack, untilInterrupted } from './localStack';

const options = {
  ...SERVER_OPTIONS,
  exit: { type: 'boolean' },
  'timer-ms': { type: 'string' },
  term: { type: 'string' },
  'timeout-s': { type: 'string' },
} as const;

/** The scripted office's private keys: data/dev-keys/ of the project (git-ignored, as all of data/), or of ELECTION_DATA_DIR. */
const devKeyDir = () =>
  join(process.env.ELECTION_DATA_DIR ? resolve(process.env.ELECTION_DATA_DIR) : join(projectRoot(), 'data'), 'dev-keys');

/** `election demo`: Heluo Town's villages driven by the scripted town office. */
export const demoCommand: Command = {
  name: 'demo',
  summary: "run Heluo Town's 17 villages, driven by the SCRIPTED TOWN OFFICE, on the embedded server",
  usage: `election demo [--exit] [--timer-ms 3000] [--term 2026] [--port 7233] [--ui-port 8233] [--db FILE]

  --exit          stop the worker and the server when the demo is done; exit 0 only if 16 villages
                  completed and 1 is postponed
  --timer-ms N    length of every demo timer (publicity period, notice lead time, ...), default 3000
  --term YEAR     the term the villages are re-elected for (default 2026)
  --timeout-s N   give up on villages not finished after N seconds (default max(180, timer-ms × 60 / 1000))
${SERVER_USAGE}

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
    const stack = await startLocalStack({ ...settings, mode: 'demo' });
    try {
      say(`Temporal address: ${stack.server.address}`);
      say(`Temporal Web UI:  ${stack.server.uiUrl ?? '(headless)'}`);
      const client = await connectClient({ address: stack.server.address, namespace: settings.namespace });
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
        say('The server and the worker keep running so you can explore the workflows; press Ctrl-C to stop.');
        await Promise.race([interrupted, stack.running]);
      }
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
