#!/usr/bin/env node
import { accountsCommand } from './commands/accounts';
import { auditCommand } from './commands/audit';
import { calendarCommand } from './commands/calendar';
import { codecCommand } from './commands/codec';
import { CliError, EXIT, explain, type Command } from './commands/common';
import { decideCommand } from './commands/decide';
import { demoCommand } from './commands/demo';
import { deskCommand } from './commands/desk';
import { devCommand } from './commands/dev';
import { commandHelp, helpCommand } from './commands/help';
import { inboxCommand } from './commands/inbox';
import { keysCommand } from './commands/keys';
import { listCommand } from './commands/list';
import { noticeCommand, noticesCommand } from './commands/notices';
import { peopleCommand } from './commands/people';
import { printCommand } from './commands/print';
import { reportCommand } from './commands/report';
import { rosterCommand } from './commands/roster';
import { searchAttributesCommand } from './commands/searchAttributes';
import { startCommand } from './commands/start';
import { statusCommand } from './commands/status';
import { flushTracing } from '../common/tracing';

const commands: Command[] = [
  devCommand,
  demoCommand,
  deskCommand,
  startCommand,
  inboxCommand,
  decideCommand,
  statusCommand,
  rosterCommand,
  listCommand,
  noticesCommand,
  noticeCommand,
  reportCommand,
  printCommand,
  calendarCommand,
  peopleCommand,
  accountsCommand,
  keysCommand,
  codecCommand,
  auditCommand,
  searchAttributesCommand,
];
commands.push(helpCommand(() => commands));

/** True if the arguments ask for help (before any `--` that ends the options). */
const wantsHelp = (args: string[]) => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** Runs one `election` command and returns its exit code; errors are reported, never thrown. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const json = args.includes('--json');
  try {
    if (!name || name === '--help' || name === '-h') return await commands.find((c) => c.name === 'help')!.run([]);
    const command = commands.find((c) => c.name === name);
    if (!command) {
      throw new CliError(
        `unknown command ${JSON.stringify(name)}; expected one of ${commands.map((c) => c.name).join(', ')}`,
        EXIT.badInput,
      );
    }
    if (wantsHelp(args)) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return EXIT.ok;
    }
    return await command.run(args);
  } catch (err) {
    const known = err instanceof CliError;
    const message = explain(err);
    if (json) {
      process.stderr.write(`${JSON.stringify({ error: message, problems: known ? err.problems : [] }, null, 2)}\n`);
    } else {
      process.stderr.write(`election ${name ?? ''}: ${message}\n`);
      if (known) for (const problem of err.problems) process.stderr.write(`  - ${problem}\n`);
      else if (err instanceof Error && err.stack && process.env.ELECTION_DEBUG) process.stderr.write(`${err.stack}\n`);
    }
    return known ? err.exitCode : EXIT.failed;
  }
}

/**
 * Exits once stdout and stderr have handed everything written to the operating system: `process.exit` alone
 * drops what a pipe has not taken yet, so `election report --format json | jq` would read a cut document.
 */
export function exitWhenFlushed(code: number): void {
  let open = 2;
  const flushed = () => {
    open -= 1;
    if (open === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

if (require.main === module) {
  main(process.argv.slice(2))
    .then(async (code) => {
      await flushTracing().catch(() => undefined);
      return code;
    })
    .then(exitWhenFlushed, (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : JSON.stringify(err)}\n`);
      exitWhenFlushed(EXIT.failed);
    });
}
