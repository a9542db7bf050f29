import { unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { publicKeySchema } from '../../machines/keyring';
import { echo } from '../../machines/text';
import { deskNameSchema, personIdSchema } from '../../activities/store';
import { keyIdFor, publicKeyProblem } from '../keys/ed25519';
import { createKeyFile, writeKeyFile } from '../signing';
import { beijing, table, toJson } from '../format';
import { asCommandLine, checked, given } from '../people/options';
import { keyState, ownerText } from '../people/views';
import { keyConcerns, tellRunningElections, toldText } from '../people/tellElections';
import { badInput, CONNECTION_OPTIONS, CONNECTION_USAGE, EXIT, JSON_OPTION, parse, say, type Command } from './common';
import { STORE_USAGE, withStore, withWritableStore } from './store';

const options = {
  ...JSON_OPTION,
  store: { type: 'string' },
  by: { type: 'string' },
  person: { type: 'string' },
  out: { type: 'string' },
  desk: { type: 'string' },
  'public-key': { type: 'string' },
  key: { type: 'string' },
  ...CONNECTION_OPTIONS,
} as const;
type Values = ReturnType<typeof parse<typeof options>>['values'];

const ACTIONS = {
  create: ['person', 'out', 'by'],
  register: ['desk', 'public-key', 'by'],
  revoke: ['key', 'by', 'address', 'namespace'],
  list: [],
} as const;
type Action = keyof typeof ACTIONS;

const PERSON_ACCEPTED = 'the id of a registered person';

/** `election keys`: the Ed25519 keys that sign decisions, a person's own or a desk's, in the people registry. */
export const keysCommand: Command = {
  name: 'keys',
  summary: "the signing keys: create a person's key pair, register a desk's public key, revoke, list",
  usage: `election keys create --person ID --out FILE [--by PERSON]
election keys register --desk NAME --public-key B64URL --by PERSON
election keys revoke --key KEYID --by PERSON [--address HOST:PORT] [--namespace NS]
election keys list [--json]

  create     generates an Ed25519 key pair for a registered person, writes it to FILE (a new file, mode 0600,
             readable by its owner only; an existing file is never overwritten), registers the public key, and
             prints the key id and the public key. --by defaults to the person: people create their own keys.
  register   registers the public key of a desk (the approvers' desk signs for the people it authenticates):
             32 bytes in base64url (43 characters), checked to be a point of the Ed25519 curve; a key that
             begins with "-" (a base64url letter) is written --public-key=KEY
  revoke     revokes a key from now on; it stays in the registry and in every keyring, marked revoked, so a
             decision it signs is refused for that reason. Then the running elections the key may sign for
             (a person's: the villages of their assignments; a desk's: every election) are told (signal
             keyringChanged) to read their keyring again, and the command says how many; if Temporal cannot be
             reached the revocation stands, the command prints how to tell them by hand and exits 1
  list       every key with its owner and state
  A key's id follows from the key: ed25519- and the first 16 characters of the SHA-256 of the public key.
  --by PERSON  the registered person making the change: every change is recorded with it
${STORE_USAGE}
  --json     machine-readable output
${CONNECTION_USAGE}`,
  async run(args) {
    const { values, positionals } = parse('keys', args, options, true);
    const [name, ...rest] = positionals;
    if (name === undefined || !Object.hasOwn(ACTIONS, name))
      throw badInput(`got ${JSON.stringify(name ?? '')}; expected one of ${Object.keys(ACTIONS).join(', ')} (see: election keys --help)`);
    if (rest.length) throw badInput(`unexpected arguments ${rest.map((r) => JSON.stringify(r)).join(' ')} (see: election keys --help)`);
    const action = name as Action;
    const allowed: readonly string[] = [...ACTIONS[action], 'store', 'json'];
    const stray = Object.keys(values).filter((option) => !allowed.includes(option));
    if (stray.length)
      throw badInput(
        `${stray.map((o) => `--${o}`).join(', ')}: not taken by \`keys ${action}\`; accepted: ${allowed.map((o) => `--${o}`).join(', ')}`,
      );
    if (action === 'list') return list(values);
    if (action === 'create') return create(values);
    return withWritableStore(values.store, async (store) => {
      const at = new Date().toISOString();
      if (action === 'revoke') {
        const keyId = given(values, 'key', 'the id of a registered key (see: election keys list)');
        const by = checked('--by', personIdSchema, given(values, 'by', PERSON_ACCEPTED));
        const revoked = await asCommandLine(store.registry.revokeKey(keyId, { by, at }));
        const told = await tellRunningElections(values, await keyConcerns(store, revoked.owner));
        say(
          values.json
            ? toJson({ ...revoked, told })
            : `key ${revoked.keyId} of ${ownerText(revoked.owner)} revoked from ${beijing(revoked.revokedAt)}${'failed' in told ? '' : `\n${toldText(told)}`}`,
        );
        if (!('failed' in told)) return EXIT.ok;
        process.stderr.write(`${toldText(told)}\n`);
        return EXIT.failed;
      }
      const desk = checked('--desk', deskNameSchema, given(values, 'desk', "the desk's name"));
      const publicKey = checked(
        '--public-key',
        publicKeySchema,
        given(values, 'public-key', 'an Ed25519 public key: 32 bytes in base64url, 43 characters'),
      );
      const problem = publicKeyProblem(publicKey);
      if (problem) throw badInput(`--public-key: got ${echo(publicKey)}; expected an Ed25519 public key (this one is ${problem})`);
      const by = checked('--by', personIdSchema, given(values, 'by', PERSON_ACCEPTED));
      const key = await asCommandLine(
        store.registry.registerKey({ keyId: keyIdFor(publicKey), publicKey, owner: { desk }, validFrom: at }, { by, at }),
      );
      say(values.json ? toJson(key) : `registered key ${key.keyId} for desk ${desk}`);
      return EXIT.ok;
    });
  },
};

/** `keys create`: the key file is written first (so an existing file stops everything), removed again if registration fails. */
async function create(values: Values): Promise<number> {
  const personId = checked('--person', personIdSchema, given(values, 'person', PERSON_ACCEPTED));
  const by = values.by === undefined ? personId : checked('--by', personIdSchema, values.by);
  const out = given(values, 'out', 'a new file for the private key');
  return withWritableStore(values.store, async (store) => {
    if (!(await store.registry.peopleByIds([personId])).length)
      throw badInput(`--person: got ${echo(personId)}; expected ${PERSON_ACCEPTED} (add them first with: election people add)`);
    const drafted = createKeyFile('unregistered', personId);
    const keyFile = { ...drafted, keyId: keyIdFor(drafted.publicKey) };
    try {
      writeKeyFile(out, keyFile);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === undefined) throw err;
      const why = code === 'EEXIST' ? 'the file exists (a key file is never overwritten)' : `cannot create it (${code})`;
      throw badInput(`--out: got ${echo(out)}: ${why}; expected a new file in a folder you can write`);
    }
    const at = new Date().toISOString();
    let key;
    try {
      key = await asCommandLine(
        store.registry.registerKey({ keyId: keyFile.keyId, publicKey: keyFile.publicKey, owner: { personId }, validFrom: at }, { by, at }),
      );
    } catch (err) {
      unlinkSync(out);
      throw err;
    }
    if (values.json) say(toJson({ ...key, file: resolve(out) }));
    else {
      say(`key id:     ${key.keyId}`);
      say(`public key: ${key.publicKey}`);
      say(`registered for ${personId}; the private key is in ${resolve(out)} (mode 0600): keep it to yourself`);
    }
    return EXIT.ok;
  });
}

async function list(values: Values): Promise<number> {
  const keys = await withStore(values.store, (store) => store.registry.keys());
  const now = new Date().toISOString();
  if (values.json) say(toJson(keys.map((k) => ({ ...k, state: keyState(k, now) }))));
  else if (!keys.length) say('no key is registered yet (create one with: election keys create --person ID --out FILE)');
  else
    say(
      table(
        ['key', 'owner', 'from (Beijing time)', 'until', 'registered by', 'state', 'public key'],
        keys.map((k) => [
          k.keyId,
          ownerText(k.owner),
          beijing(k.validFrom, false),
          beijing(k.validUntil, false),
          k.registeredBy,
          keyState(k, now),
          k.publicKey,
        ]),
      ),
    );
  return EXIT.ok;
}
