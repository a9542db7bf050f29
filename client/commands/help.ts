import { DECISION_ROLES, DECISION_TYPES } from '../../machines/events';
import { ROLE_DESCRIPTIONS, ROLES } from '../../machines/roles';
import { STAGES } from '../../machines/stages';
import { badInput, EXIT, say, type Command } from './common';

/** Roles, stages and decision types, listed from the machine module so help never drifts from it. */
export function vocabulary(): string {
  return [
    'Roles (--by-role, and inbox --role):',
    ...ROLES.map((r) => `  ${r.padEnd(16)} ${ROLE_DESCRIPTIONS[r]}`),
    '',
    'Stages (--stage):',
    ...STAGES.map((s) => `  ${s.id.padEnd(22)} ${s.label} (${s.term})`),
    '',
    'Decision types (--type) and the roles that may make them:',
    ...DECISION_TYPES.map((t) => `  ${t.padEnd(29)} ${DECISION_ROLES[t].join(' | ')}`),
  ].join('\n');
}

/** The full help of one command. */
export function commandHelp(command: Command): string {
  return [`election ${command.name}: ${command.summary}`, '', command.usage, command.details ? `\n${command.details()}` : '']
    .join('\n')
    .trimEnd();
}

/** `election help [COMMAND]`: the overview, or one command's help. */
export function helpCommand(commands: () => Command[]): Command {
  const overview = () => {
    const list = commands();
    const width = Math.max(...list.map((c) => c.name.length));
    return [
      'election: the re-election of village Party branch committees, one durable Temporal workflow per village',
      '',
      'Usage: election COMMAND [options]      (election COMMAND --help for its options)',
      '',
      'Commands:',
      ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
      '',
      'Exit codes: 0 ok, 2 bad input, 3 refused by the workflow, 4 the report lists inconsistencies among the records, 1 anything else.',
      '',
      vocabulary(),
    ].join('\n');
  };
  return {
    name: 'help',
    summary: 'this overview, or the help of one command',
    usage: 'election help [COMMAND]',
    async run(args) {
      const [name] = args;
      if (!name) {
        say(overview());
        return EXIT.ok;
      }
      const command = commands().find((c) => c.name === name);
      if (!command)
        throw badInput(
          `help: got ${JSON.stringify(name)}; expected one of ${commands()
            .map((c) => c.name)
            .join(', ')}`,
        );
      say(commandHelp(command));
      return EXIT.ok;
    },
  };
}
