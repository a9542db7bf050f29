import { basename } from 'node:path';
import {
  countyNameSchema,
  ImportRefusal,
  personIdSchema,
  personSchema,
  scopeText,
  type ChangeAuthor,
  type OutcomeStore,
} from '../../activities/store';
import { electionInputSchema } from '../../machines/input';
import { ROLE_DESCRIPTIONS, roleSchema, ROLES } from '../../machines/roles';
import { plural } from '../../machines/rules';
import { thousands } from '../../machines/text';
import { beijing, toJson } from '../format';
import { MAX_PEOPLE_LINES, PEOPLE_CSV_COLUMNS, readPeopleFile } from '../people/csv';
import { asCommandLine, checked, dayOption, given, scopeOptions } from '../people/options';
import { showChanges, showKeyring, showPeople } from '../people/views';
import { assignmentConcerns, tellRunningElections, toldText } from '../people/tellElections';
import { badInput, CONNECTION_OPTIONS, CONNECTION_USAGE, EXIT, JSON_OPTION, parse, say, type Command } from './common';
import { STORE_USAGE, withStore, withWritableStore } from './store';

const options = {
  ...JSON_OPTION,
  store: { type: 'string' },
  by: { type: 'string' },
  id: { type: 'string' },
  name: { type: 'string' },
  contact: { type: 'string' },
  person: { type: 'string' },
  role: { type: 'string' },
  county: { type: 'string' },
  town: { type: 'string' },
  village: { type: 'string' },
  from: { type: 'string' },
  until: { type: 'string' },
  assignment: { type: 'string' },
  ...CONNECTION_OPTIONS,
} as const;
type Values = ReturnType<typeof parse<typeof options>>['values'];

/** Each action with the options it takes besides --store and --json, and whether it takes a FILE. */
const ACTIONS = {
  add: { options: ['id', 'name', 'contact', 'by'], file: false },
  assign: { options: ['person', 'role', 'county', 'town', 'village', 'from', 'until', 'by'], file: false },
  revoke: { options: ['assignment', 'by', 'address', 'namespace'], file: false },
  import: { options: ['by'], file: true },
  county: { options: ['town', 'county', 'by'], file: false },
  list: { options: ['town', 'village'], file: false },
  keyring: { options: ['town', 'village'], file: false },
  log: { options: [], file: false },
} as const;
type Action = keyof typeof ACTIONS;

const BY_ACCEPTED = 'the id of the registered person making the change';

/** Who makes a change: `--by`, now. */
const authorOf = (values: Values): ChangeAuthor => ({
  by: checked('--by', personIdSchema, given(values, 'by', BY_ACCEPTED)),
  at: new Date().toISOString(),
});

/** `election people`: the people registry in the outcome store, who may act on which villages' elections. */
export const peopleCommand: Command = {
  name: 'people',
  summary: 'the people registry: add people, assign them roles over a county, town or village, revoke, import, list',
  usage: `election people add --id ID --name NAME [--contact C] --by PERSON
election people assign --person ID --role ROLE (--county C | --town T [--village V]) [--from DAY] [--until DAY] --by PERSON
election people revoke --assignment N --by PERSON [--address HOST:PORT] [--namespace NS]
election people import FILE.csv --by PERSON
election people county --town T --county C --by PERSON
election people list [--town T [--village V]] [--json]
election people keyring --town T --village V [--json]
election people log [--json]

  add        registers a person (the first person of an empty registry may name themself with --by)
  assign     gives a person a role over every village of a county's towns (--county), of a town (--town), or
             over one village (--town and --village), from --from (default: now) until --until (default: open)
  revoke     ends an assignment from now on; the assignment stays in the registry, marked revoked. Then the
             running elections of the villages it covered are told (signal keyringChanged, found by their Town and
             Village search attributes) to read their keyring again, and the command says how many; if Temporal
             cannot be reached the revocation stands, the command prints how to tell them by hand and exits 1
  import     reads a CSV file (UTF-8) with the header
               ${[...PEOPLE_CSV_COLUMNS.required, ...PEOPLE_CSV_COLUMNS.optional].join(',')}
             one line per person and assignment (valid_from required with a role; a line without a role adds
             the person only), at most ${thousands(MAX_PEOPLE_LINES)} lines. The whole file is checked first: a wrong line is
             refused with its line number and nothing is written. Lines the registry already holds change nothing.
  county     sets the county a town is in: a county's assignments cover its towns' villages from then on
  list       people and their assignments, with each assignment's number and state; --town (and --village)
             lists those whose assignments cover it, through the town's county too
  keyring    the keyring of a village's election: the people assigned to it with their roles and windows, and
             the public keys that may sign for them (theirs and the desks'), as the workflow will verify against
  log        every change of the registry: when, by whom, what
  --by PERSON  the registered person making the change: every change is recorded with it
  --from DAY, --until DAY, valid_from, valid_until
             Beijing days (YYYY-MM-DD): an assignment starts at 00:00 Beijing time of --from and ends at 00:00
             Beijing time of --until (16:00 UTC the day before), so --until names the first day it no longer holds
${STORE_USAGE}
  --json     machine-readable output
${CONNECTION_USAGE}`,
  details: () => ['Roles (--role, and the role column):', ...ROLES.map((r) => `  ${r.padEnd(16)} ${ROLE_DESCRIPTIONS[r]}`)].join('\n'),
  async run(args) {
    const { values, positionals } = parse('people', args, options, true);
    const [name, ...files] = positionals;
    if (name === undefined || !Object.hasOwn(ACTIONS, name))
      throw badInput(`got ${JSON.stringify(name ?? '')}; expected one of ${Object.keys(ACTIONS).join(', ')} (see: election people --help)`);
    const action = name as Action;
    checkOptions(action, values, files);
    if (action === 'list' || action === 'keyring' || action === 'log') return read(action, values);
    return withWritableStore(values.store, (store) => change(action, store, values, files[0]));
  },
};

/** Refuses an option the action does not take (it would be ignored silently) and a FILE where none belongs. */
function checkOptions(action: Action, values: Values, files: string[]): void {
  const allowed: readonly string[] = [...ACTIONS[action].options, 'store', 'json'];
  const stray = Object.keys(values).filter((option) => !allowed.includes(option));
  if (stray.length)
    throw badInput(
      `${stray.map((o) => `--${o}`).join(', ')}: not taken by \`people ${action}\`; accepted: ${allowed.map((o) => `--${o}`).join(', ')}`,
    );
  if (ACTIONS[action].file && files.length !== 1)
    throw badInput(`${action}: got ${files.length ? files.map((f) => JSON.stringify(f)).join(' ') : 'no FILE'}; expected one CSV file`);
  if (!ACTIONS[action].file && files.length)
    throw badInput(`unexpected arguments ${files.map((f) => JSON.stringify(f)).join(' ')} (see: election people --help)`);
}

async function change(
  action: Exclude<Action, 'list' | 'keyring' | 'log'>,
  store: OutcomeStore,
  values: Values,
  file?: string,
): Promise<number> {
  const { registry } = store;
  const print = (text: string, json: unknown) => say(values.json ? toJson(json) : text);
  if (action === 'add') {
    const person = {
      id: checked('--id', personSchema.shape.id, given(values, 'id', 'the new person id')),
      name: checked('--name', personSchema.shape.name, given(values, 'name', "the person's name")),
      ...(values.contact !== undefined ? { contact: checked('--contact', personSchema.shape.contact, values.contact) } : {}),
    };
    const added = await asCommandLine(registry.addPerson(person, authorOf(values)));
    print(`added ${added.id} (${added.name})`, added);
  } else if (action === 'assign') {
    const assignment = await assignmentOptions(values);
    const made = await asCommandLine(registry.assign(assignment, authorOf(values)));
    print(
      `assignment ${made.id}: ${made.personId} is ${made.role} over ${scopeText(made.scope)} from ${beijing(made.validFrom)}${made.validUntil ? ` until ${beijing(made.validUntil)}` : ''}`,
      made,
    );
    if ('county' in made.scope && !(await registry.countyTowns(made.scope.county)).length)
      process.stderr.write(
        `note: no town is in county ${made.scope.county} yet, so this assignment covers no village; set one with: election people county --town T --county ${made.scope.county} --by PERSON\n`,
      );
  } else if (action === 'revoke') {
    const number = given(values, 'assignment', 'the number of the assignment to revoke (see: election people list)');
    if (!/^[1-9]\d{0,9}$/.test(number))
      throw badInput(`--assignment: got ${JSON.stringify(number)}; expected the number of an assignment (see: election people list)`);
    const revoked = await asCommandLine(registry.revokeAssignment(Number(number), authorOf(values)));
    const told = await tellRunningElections(values, await assignmentConcerns(store, revoked.scope));
    print(
      `assignment ${revoked.id} revoked from ${beijing(revoked.revokedAt)}: ${revoked.personId} as ${revoked.role} over ${scopeText(revoked.scope)}${'failed' in told ? '' : `\n${toldText(told)}`}`,
      { ...revoked, told },
    );
    if ('failed' in told) {
      process.stderr.write(`${toldText(told)}\n`);
      return EXIT.failed;
    }
  } else if (action === 'county') {
    const town = checked('--town', electionInputSchema.shape.town, given(values, 'town', 'the town'));
    const county = checked('--county', countyNameSchema, given(values, 'county', 'the county the town is in'));
    const { changed, previous } = await asCommandLine(registry.setTownCounty(town, county, authorOf(values)));
    print(
      changed
        ? `town ${town} is in county ${county}${previous ? ` (it was in ${previous})` : ''}`
        : `town ${town} is in county ${county} already: nothing changed`,
      { town, county, changed, ...(previous ? { previous } : {}) },
    );
  } else {
    const author = authorOf(values);
    const checkedFile = readPeopleFile(file!);
    if (checkedFile.problems.length) throw importRefused(file!, checkedFile.problems);
    let summary;
    try {
      summary = await asCommandLine(registry.importPeople(checkedFile.lines, author, basename(file!)));
    } catch (err) {
      if (err instanceof ImportRefusal) throw importRefused(file!, err.problems);
      throw err;
    }
    print(
      `imported ${file}: ${plural(summary.peopleAdded.length, 'person', 'people')} added, ${plural(summary.assignmentsMade.length, 'assignment')} made, ${plural(summary.unchanged.length, 'line')} already recorded`,
      summary,
    );
  }
  return EXIT.ok;
}

const PROBLEMS_LISTED = 100;

/** A refused file: exit 2 with its problems, the first hundred listed and the rest counted. */
function importRefused(file: string, problems: string[]) {
  const listed = problems.slice(0, PROBLEMS_LISTED);
  if (problems.length > listed.length) listed.push(`and ${thousands(problems.length - listed.length)} more problems not listed`);
  return badInput(`${file}: the file was not imported (nothing was changed)`, listed);
}

/** The assignment `people assign` gives, each option checked. */
async function assignmentOptions(values: Values) {
  const personId = checked('--person', personIdSchema, given(values, 'person', 'the id of the person to assign'));
  const role = checked('--role', roleSchema, given(values, 'role', `one of ${ROLES.join(', ')}`));
  const scope = scopeOptions(values);
  const validFrom = values.from !== undefined ? dayOption('--from', values.from) : new Date().toISOString();
  const validUntil = values.until !== undefined ? dayOption('--until', values.until) : undefined;
  if (validUntil !== undefined && validUntil <= validFrom)
    throw badInput(
      `--until: got ${JSON.stringify(values.until)}; expected a day after ${values.from !== undefined ? `--from (${values.from})` : 'today'}`,
    );
  return { personId, role, scope, validFrom, ...(validUntil !== undefined ? { validUntil } : {}) };
}

async function read(action: 'list' | 'keyring' | 'log', values: Values): Promise<number> {
  if (action === 'log') return withStore(values.store, (store) => showChanges(store, values.json === true));
  if (action === 'keyring') {
    const village = {
      town: checked('--town', electionInputSchema.shape.town, given(values, 'town', 'the town of the village')),
      village: checked('--village', electionInputSchema.shape.village, given(values, 'village', 'the village')),
    };
    return withStore(values.store, (store) => showKeyring(store, village, values.json === true));
  }
  if (values.village !== undefined && values.town === undefined)
    throw badInput('--village: got it without --town; expected --town T --village V (village names repeat across towns)');
  const where = values.town === undefined ? undefined : (scopeOptions(values) as { town: string; village?: string });
  return withStore(values.store, (store) => showPeople(store, where, values.json === true));
}
