import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { personIdSchema, type OutcomeStore } from '../../activities/store';
import { AccountRefusal, DeskAccounts } from '../../desk/auth/accounts';
import { PASSWORD_MAX_LENGTH } from '../../desk/auth/password';
import { base32Decode, hotp, TOTP } from '../../desk/auth/totp';
import { beijing, toJson } from '../format';
import { checked, given } from '../people/options';
import { badInput, EXIT, JSON_OPTION, parse, say, type Command, CliError } from './common';
import { STORE_USAGE, withStore, withWritableStore } from './store';

const options = { ...JSON_OPTION, store: { type: 'string' }, person: { type: 'string' } } as const;
type Values = ReturnType<typeof parse<typeof options>>['values'];

/** Each action with the options it takes besides --store. */
const ACTIONS = {
  'set-password': ['person'],
  'reset-code': ['person'],
  unlock: ['person'],
  'allow-oidc': ['person'],
  'deny-oidc': ['person'],
  list: ['json'],
  log: ['person', 'json'],
  code: ['person'],
} as const;
type Action = keyof typeof ACTIONS;

/**
 * Reads a password from standard input: the first line, without its line ending. At a terminal it asks and does not
 * echo what is typed; never from the command line, where it would stay in the shell's history and the process list.
 */
export async function readPassword(input: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (input.isTTY) {
    let muted = false;
    const output = new Writable({
      write(chunk, _encoding, done) {
        if (!muted) process.stderr.write(chunk as Buffer);
        done();
      },
    });
    const rl = createInterface({ input, output, terminal: true });
    return new Promise((resolve) => {
      rl.question('password (not shown): ', (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
      muted = true;
    });
  }
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.length > PASSWORD_MAX_LENGTH * 4 + 2) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** `election accounts`, reading a password from `input` (standard input in the CLI, taken only when a password is read). */
export function accountsCommandReading(input: () => NodeJS.ReadableStream & { isTTY?: boolean }): Command {
  return {
    name: 'accounts',
    summary: "the approvers' desk's accounts: set a password, reset a second factor, unlock, list, the sign-in log",
    usage: `election accounts set-password --person ID        (the password is read from standard input)
election accounts reset-code --person ID
election accounts unlock --person ID
election accounts allow-oidc --person ID | deny-oidc --person ID
election accounts list [--json]
election accounts log [--person ID] [--json]
election accounts code --person ID

  set-password  sets the desk password of a registered person (creating their account); at least 12 characters,
                read from standard input (first line), never from the command line; ends their open sessions
  reset-code    clears the person's authenticator (TOTP): at their next sign-in they set up a new one
  unlock        lifts a lock after too many wrong passwords or codes
  allow-oidc    lets the office's identity provider sign the person in (deny-oidc stops it)
  list          the accounts: password set, authenticator set up, identity provider allowed, locked until
  log           the sign-in log, oldest first: sign-ins, sign-outs, wrong passwords and codes, locks, expiries
  code          prints the person's current second-factor code, as their authenticator app shows it (for the demo's
                accounts; whoever can read the outcome store can read the secrets, so keep the store to operators)
${STORE_USAGE}
  --json        machine-readable output`,
    async run(args) {
      const { values, positionals } = parse('accounts', args, options, true);
      const [name, ...rest] = positionals;
      if (name === undefined || !Object.hasOwn(ACTIONS, name))
        throw badInput(
          `got ${JSON.stringify(name ?? '')}; expected one of ${Object.keys(ACTIONS).join(', ')} (see: election accounts --help)`,
        );
      if (rest.length)
        throw badInput(`unexpected arguments ${rest.map((r) => JSON.stringify(r)).join(' ')} (see: election accounts --help)`);
      const action = name as Action;
      const allowed: readonly string[] = [...ACTIONS[action], 'store'];
      const stray = Object.keys(values).filter((o) => !allowed.includes(o));
      if (stray.length)
        throw badInput(
          `${stray.map((o) => `--${o}`).join(', ')}: not taken by \`accounts ${action}\`; accepted: ${allowed.map((o) => `--${o}`).join(', ')}`,
        );
      if (action === 'list' || action === 'log') return withStore(values.store, (store) => show(action, store, values));
      const person = checked('--person', personIdSchema, given(values, 'person', 'the id of a person of the people registry'));
      if (action === 'code') return withStore(values.store, (store) => currentCode(store, person));
      const password = action === 'set-password' ? await readPassword(input()) : '';
      return withWritableStore(values.store, async (store) => {
        const accounts = DeskAccounts.of(store);
        try {
          if (action === 'set-password') await accounts.setPassword(person, password);
          else if (action === 'reset-code') await accounts.resetCode(person);
          else if (action === 'unlock') await accounts.unlock(person);
          else await accounts.allowOidc(person, action === 'allow-oidc');
        } catch (err) {
          if (err instanceof AccountRefusal) throw new CliError(err.message, EXIT.refused);
          throw err;
        }
        say(
          {
            'set-password': `password set for ${person}; their open sessions are ended`,
            'reset-code': `authenticator cleared for ${person}: they set up a new one at their next sign-in`,
            unlock: `${person} unlocked`,
            'allow-oidc': `${person} may sign in through the office's identity provider`,
            'deny-oidc': `${person} may no longer sign in through the office's identity provider`,
          }[action],
        );
        return EXIT.ok;
      });
    },
  };
}

/** The current TOTP code of a person's enrolled authenticator. */
async function currentCode(store: OutcomeStore, person: string): Promise<number> {
  const account = await store.deskAccounts.account(person);
  if (!account?.totp_enrolled || !account.totp_secret)
    throw new CliError(
      `--person: ${JSON.stringify(person)} has no authenticator set up; accepted: a person who enrolled one (see: election accounts list)`,
      EXIT.refused,
    );
  const step = Math.floor(Date.now() / 1000 / TOTP.periodSeconds);
  const left = TOTP.periodSeconds - (Math.floor(Date.now() / 1000) % TOTP.periodSeconds);
  say(`${hotp(base32Decode(account.totp_secret), step)}  (good for ${left} more seconds, and once)`);
  return EXIT.ok;
}

async function show(action: 'list' | 'log', store: OutcomeStore, values: Values): Promise<number> {
  const accounts = DeskAccounts.of(store);
  if (action === 'list') {
    const list = await accounts.list();
    if (values.json) say(toJson(list));
    else if (!list.length) say('no desk accounts yet (election accounts set-password --person ID)');
    else
      for (const a of list)
        say(
          `${a.personId}: ${a.hasPassword ? 'password set' : 'no password'}, ${a.totpEnrolled ? 'authenticator set up' : 'no authenticator'}${a.oidcAllowed ? ', identity provider allowed' : ''}${a.lockedUntil ? `, locked until ${beijing(a.lockedUntil)}` : ''}`,
        );
    return EXIT.ok;
  }
  const person = values.person === undefined ? undefined : checked('--person', personIdSchema, values.person);
  const lines = await accounts.log(person === undefined ? {} : { person });
  if (values.json) say(toJson(lines.map(({ id: _id, ...line }) => line)));
  else
    for (const l of lines)
      say(`${beijing(l.at)}  ${l.event.padEnd(15)} ${l.login}${l.client ? `  from ${l.client}` : ''}${l.detail ? `  (${l.detail})` : ''}`);
  return EXIT.ok;
}

/** `election accounts`: the desk's accounts in the outcome store. */
export const accountsCommand: Command = accountsCommandReading(() => process.stdin);
