import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  configuredKeySource,
  developmentKeysFile,
  generateDevelopmentKeys,
  KEYS_FILE_VARIABLE,
  KEYS_INLINE_VARIABLE,
  rotateKeyFile,
} from '../../common/codec';
import { personIdSchema, type OutcomeStore } from '../../activities/store';
import { beijing, toJson } from '../format';
import { checked } from '../people/options';
import { badInput, EXIT, JSON_OPTION, parse, say, type Command } from './common';
import { STORE_USAGE, withStore } from './store';

const options = {
  ...JSON_OPTION,
  file: { type: 'string' },
  quiet: { type: 'boolean' },
  store: { type: 'string' },
  person: { type: 'string' },
  'workflow-id': { type: 'string' },
  since: { type: 'string' },
} as const;

/** The options each action takes. */
const ACTIONS = {
  init: ['file', 'quiet'],
  rotate: ['file'],
  status: ['json'],
  log: ['store', 'person', 'workflow-id', 'since', 'json'],
} as const;

/** `election codec log`: the codec server's log, oldest first, filtered as asked. */
async function showLog(store: OutcomeStore, values: { person?: string; 'workflow-id'?: string; since?: string; json?: boolean }) {
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since)))
    throw badInput(`--since: got ${JSON.stringify(values.since)}; accepted: a date or instant such as 2026-12-01 or 2026-12-01T08:00:00Z`);
  const lines = await store.codecRequests.lines({
    ...(values.person !== undefined ? { person: checked('--person', personIdSchema, values.person) } : {}),
    ...(values['workflow-id'] !== undefined ? { workflowId: values['workflow-id'] } : {}),
    ...(values.since !== undefined ? { since: new Date(values.since).toISOString() } : {}),
  });
  if (values.json) say(toJson(lines));
  else if (!lines.length) say('no codec requests logged (the desk logs each call of the Web UI to /codec/decode and /codec/encode)');
  else
    for (const l of lines)
      say(
        `${beijing(l.at)}  ${l.action.padEnd(9)} ${l.outcome.padEnd(8)} ${(l.personId ?? '(no session)').padEnd(16)} ${l.payloads} payload(s)` +
          `${l.workflowIds.length ? `  ${l.workflowIds.join(', ')}` : ''}${l.reason ? `  (${l.reason})` : ''}${l.origin ? `  from ${l.origin}` : ''}`,
      );
  return EXIT.ok;
}

/** The key file a command acts on: --file, else the one ELECTION_CODEC_KEYS_FILE names, else the development file. */
function keyFile(given: string | undefined): string {
  return resolve(given ?? process.env[KEYS_FILE_VARIABLE] ?? developmentKeysFile());
}

/** `election codec`: the keys that keep personal data encrypted outside the worker. */
export const codecCommand: Command = {
  name: 'codec',
  summary: "the payload codec's keys (create, rotate, show) and the codec server's log of who decoded what",
  usage: `election codec init [--file F] [--quiet]
election codec rotate [--file F]
election codec status [--json]
election codec log [--person ID] [--workflow-id ID] [--since DATE] [--store F] [--json]

  init     creates a key file with one AES-256-GCM key (mode 0600, readable by its owner only). An existing file
           is kept: its keys may be needed to read histories. scripts/setup.sh runs it for data/codec-keys.json.
  rotate   adds a fresh key to the key file and makes it current: new payloads are sealed with it, payloads
           sealed before still open with the key they name. Restart the worker, the desk and any CLI that
           holds the old file afterwards; remove an old key only once no history sealed with it is still kept
           (Temporal's retention period after the last election that used it closed).
  status   where the keys come from, the current key and the keys that can open payloads (ids and ciphers,
           never the keys)
  log      the codec server's log, oldest first: every call of the Temporal Web UI to the desk's /codec/decode and
           /codec/encode, decoded or refused, with who (the desk's person), which villages' workflows, how many
           payloads, why a call was refused, and the page's origin; never what a payload holds.
           --person, --workflow-id and --since (a date or instant) narrow it.
${STORE_USAGE}
  --file F the key file (default: ${KEYS_FILE_VARIABLE} if set, else data/codec-keys.json of the project)

Where keys come from, first match wins: ${KEYS_FILE_VARIABLE} (a key file), ${KEYS_INLINE_VARIABLE} (the key
file's JSON, for a container that mounts no file), else data/codec-keys.json. The worker, the CLI and the desk
refuse to start without keys. A key management service plugs in as a KeySource (common/codec/keyRing.ts).`,
  async run(args) {
    const { values, positionals } = parse('codec', args, options, true);
    const [action, ...rest] = positionals;
    if (rest.length) throw badInput(`unexpected arguments ${rest.map((r) => JSON.stringify(r)).join(' ')} (see: election codec --help)`);
    if (action !== undefined && Object.hasOwn(ACTIONS, action)) {
      const allowed: readonly string[] = ACTIONS[action as keyof typeof ACTIONS];
      const stray = Object.keys(values).filter((o) => !allowed.includes(o));
      if (stray.length)
        throw badInput(
          `${stray.map((o) => `--${o}`).join(', ')}: not taken by \`codec ${action}\`; accepted: ${allowed.map((o) => `--${o}`).join(', ')}`,
        );
    }
    if (action === 'log') return withStore(values.store, (store) => showLog(store, values));
    if (action === 'init') {
      const file = keyFile(values.file);
      if (existsSync(file)) {
        if (!values.quiet) say(`codec keys: ${file} exists and is kept`);
        return EXIT.ok;
      }
      const keyId = generateDevelopmentKeys(file);
      say(`codec keys: created ${file} (key ${keyId}, mode 0600)`);
      return EXIT.ok;
    }
    if (action === 'rotate') {
      const file = keyFile(values.file);
      if (!existsSync(file))
        throw badInput(`--file: ${file} does not exist; accepted: an existing key file (election codec init creates one)`);
      const { previous, current } = rotateKeyFile(file);
      say(`codec keys: ${file}: ${current} is current; ${previous} and any older keys still open what they sealed`);
      say('restart the worker, the desk and the dev stack so that they seal with the new key');
      return EXIT.ok;
    }
    if (action === 'status') {
      const source = configuredKeySource();
      if (!source) {
        const none = { source: null, current: null, keys: [] };
        say(values.json ? toJson(none) : `no codec keys (see: election codec --help)`);
        return EXIT.failed;
      }
      const ring = await source.load();
      const keys = [...ring.keys.values()].map((key) => ({ id: key.id, cipher: key.cipher.name, current: key.id === ring.current.id }));
      if (values.json) say(toJson({ source: source.description, current: ring.current.id, keys }));
      else {
        say(`codec keys from ${source.description}`);
        for (const key of keys)
          say(`  ${key.id}  ${key.cipher}${key.current ? '  (current: seals new payloads)' : '  (opens what it sealed)'}`);
      }
      return EXIT.ok;
    }
    throw badInput(`got ${JSON.stringify(action ?? '')}; expected init, rotate, status or log (see: election codec --help)`);
  },
};
