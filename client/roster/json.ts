import { electionInputSchema, type ElectionInputRaw } from '../../machines/input';
import { LIMITS } from '../../machines/limits';
import { fieldNames, fieldPath, memberSchema, type Member } from '../../machines/rules';
import { electionWorkflowId } from '../../workflows/contract';
import { cut } from '../../machines/text';
import {
  PLACEHOLDER_TERM,
  type RosterCheck,
  type RosterOptions,
  type RosterVillage,
  acceptedBy,
  branchProblem,
  duplicateIds,
  fileOnly,
  isObject,
  methodOption,
  nameText,
  planOption,
  seatsProblem,
  shown,
  shownAt,
  termOption,
  valueAt,
  villageFactsSchema,
} from './shared';

const TOWN_FILE_KEYS = ['town', 'term', 'plan', 'villages'];
const COUNTY_FILE_KEYS = ['county', 'term', 'towns'];
const COUNTY_TOWN_KEYS = ['town', 'plan', 'villages'];
const VILLAGE_KEYS = ['village', 'roster', 'method', 'approvers', ...Object.keys(villageFactsSchema.shape)];

/** A town (from a town file or one entry of a county file) and where its parts are in the file. */
interface JsonTown {
  town: unknown;
  townPath: string;
  plan: unknown;
  planPath: string;
  villages: unknown;
  villagesPath: string;
}

const ACCEPTED_FILES = 'a town file {town, term, villages}, a county file {county?, term, towns}, or an array of members';

/** Line and column of an offset in the text, as a problem names it. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * Where the text nests deeper than `max` objects and lists, found without recursion before anything parses it: a
 * roster needs a few levels, and a file nested 100,000 deep must be refused, not overflow the stack of what reads it.
 */
function tooDeepAt(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      depth += 1;
      if (depth > max) return i;
    } else if (ch === '}' || ch === ']') depth -= 1;
  }
  return undefined;
}

/** Checks JSON roster text: a town file, a county file, or one village's member array (with --town, --village and --term). */
export function checkJsonRosterText(text: string, options: RosterOptions = {}): RosterCheck {
  const deep = tooDeepAt(text, LIMITS.rosterJsonDepth);
  if (deep !== undefined) {
    return fileOnly(
      'json',
      `${lineAndColumn(text, deep)}: nested more than ${LIMITS.rosterJsonDepth} levels deep; accepted: ${ACCEPTED_FILES} (a county file needs 8)`,
    );
  }
  try {
    return checkJsonRoster(JSON.parse(text), options);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const reason = cut(err.message.split(/, (?:"|\.\.\.)|\s+in JSON/)[0]!, LIMITS.echoLength);
    return fileOnly('json', `${lineAndColumn(text, jsonErrorOffset(text))}: not valid JSON (${reason}); accepted: ${ACCEPTED_FILES}`);
  }
}

/** Where JSON.parse gave up, found by a small scanner of the JSON grammar (Node's messages do not always say). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = () => {
    while (/\s/.test(text[i] ?? '')) i += 1;
  };
  const fail = (): never => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- unwinds the parser with the failing offset, which parse() catches
    throw i;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i += 1;
      space();
      if (text[i] === close) return void (i += 1);
      for (;;) {
        if (close === '}') {
          space();
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ':') fail();
          i += 1;
        }
        value();
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === close) return void (i += 1);
        else fail();
      }
    }
    if (ch === '"') return string();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!literal) fail();
    i += literal![0].length;
  };
  const string = () => {
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i += 1;
  };
  try {
    value();
    space();
    return i;
  } catch (offset) {
    return offset as number;
  }
}

/** Checks a parsed JSON roster; problems are named by their JSON path, such as towns[2].villages[5].roster[3].gender. */
export function checkJsonRoster(file: unknown, options: RosterOptions = {}): RosterCheck {
  const fileProblems: string[] = [];
  const fail = (problem: string): RosterCheck => ({ format: 'json', fileProblems: [...fileProblems, problem], villages: [] });
  const method = methodOption(options.method);
  if (!method.ok) fileProblems.push(method.problem);
  const cliPlan = planOption(options.plan);
  if (!cliPlan.ok) fileProblems.push(...cliPlan.problems);

  let towns: JsonTown[];
  let fileTerm: unknown;
  if (Array.isArray(file)) {
    for (const flag of ['town', 'village', 'term'] as const) {
      if (options[flag] === undefined)
        fileProblems.push(
          `--${flag}: got nothing; accepted: the ${flag === 'term' ? 'term, a year such as 2026' : `${flag} name`} (the roster file is one village's members)`,
        );
    }
    if (fileProblems.length) return { format: 'json', fileProblems, villages: [] };
    towns = [
      {
        town: options.town,
        townPath: '--town',
        plan: undefined,
        planPath: '--plan',
        villages: [{ village: options.village, roster: file }],
        villagesPath: '',
      },
    ];
  } else if (isObject(file) && 'towns' in file) {
    const unknown = Object.keys(file).filter((k) => !COUNTY_FILE_KEYS.includes(k));
    if (unknown.length) fileProblems.push(`(top level): unknown field(s) ${fieldNames(unknown)}; accepted: ${COUNTY_FILE_KEYS.join(', ')}`);
    if (!Array.isArray(file.towns) || !file.towns.length)
      return fail(`towns: got ${shown(file.towns)}; accepted: a list of at least one town {town, plan?, villages}`);
    fileTerm = file.term;
    towns = [];
    file.towns.forEach((entry, t) => {
      const at = `towns[${t}]`;
      if (!isObject(entry)) return fileProblems.push(`${at}: got ${shown(entry)}; accepted: a town {town, plan?, villages}`);
      const unknownKeys = Object.keys(entry).filter((k) => !COUNTY_TOWN_KEYS.includes(k));
      if (unknownKeys.length)
        fileProblems.push(`${at}: unknown field(s) ${fieldNames(unknownKeys)}; accepted: ${COUNTY_TOWN_KEYS.join(', ')}`);
      towns.push({
        town: entry.town,
        townPath: `${at}.town`,
        plan: entry.plan,
        planPath: `${at}.plan`,
        villages: entry.villages,
        villagesPath: `${at}.villages`,
      });
    });
  } else if (isObject(file) && 'villages' in file) {
    const unknown = Object.keys(file).filter((k) => !TOWN_FILE_KEYS.includes(k));
    if (unknown.length) fileProblems.push(`(top level): unknown field(s) ${fieldNames(unknown)}; accepted: ${TOWN_FILE_KEYS.join(', ')}`);
    fileTerm = file.term;
    towns = [
      {
        town: options.town ?? file.town,
        townPath: options.town !== undefined ? '--town' : 'town',
        plan: file.plan,
        planPath: 'plan',
        villages: file.villages,
        villagesPath: 'villages',
      },
    ];
  } else {
    return fail(
      `(top level): got ${shown(file)}; accepted: a town file {town, term, plan?, villages: [...]}, a county file {county?, term, towns: [{town, plan?, villages}]}, or an array of one village's members`,
    );
  }
  if (options.village !== undefined && !Array.isArray(file))
    fileProblems.push('--village: not accepted with a town or county file; it names its villages');
  if (options.town !== undefined && isObject(file) && 'towns' in file)
    fileProblems.push('--town: not accepted with a county file; it names its towns');

  const term = termOption(options.term ?? fileTerm, 'a year such as 2026', options.term !== undefined ? '--term' : 'term');
  if (!term.ok) fileProblems.push(term.problem);

  const villages: RosterVillage[] = [];
  for (const town of towns) {
    const townName = electionInputSchema.shape.town.safeParse(town.town);
    if (!townName.success)
      fileProblems.push(`${town.townPath}: got ${shown(town.town)}; accepted: ${acceptedBy(townName.error.issues[0]!)}`);
    const plan =
      cliPlan.ok && options.plan !== undefined ? { ok: true as const, plan: options.plan } : planOption(town.plan, town.planPath);
    if (!plan.ok) fileProblems.push(...plan.problems);
    if (!Array.isArray(town.villages) || !town.villages.length) {
      fileProblems.push(
        `${town.villagesPath}: got ${shown(town.villages)}; accepted: a list of at least one village {village, roster, ...}`,
      );
      continue;
    }
    const prefix = town.villagesPath ? `${town.villagesPath}` : '';
    town.villages.forEach((entry, v) => {
      const at = prefix ? `${prefix}[${v}]` : '';
      villages.push(
        jsonVillage(entry, at, {
          town: town.town,
          term: term.ok ? term.term : PLACEHOLDER_TERM,
          method: method.ok ? method.method : undefined,
          plan: plan.ok ? plan.plan : undefined,
        }),
      );
    });
  }
  markDuplicates(villages);
  return { format: 'json', fileProblems, villages };
}

/** One JSON village entry, checked with the election input schema and the village facts schema. */
function jsonVillage(entry: unknown, at: string, town: { town: unknown; term: number; method?: string; plan?: unknown }): RosterVillage {
  const path = (p: readonly PropertyKey[]) => {
    const rest = fieldPath(p);
    return at ? `${at}${rest.startsWith('[') ? '' : '.'}${rest}` : rest;
  };
  const whole = at || '(top level)';
  if (!isObject(entry)) {
    return {
      town: nameText(town.town),
      village: '?',
      where: whole,
      raw: {} as ElectionInputRaw,
      facts: {},
      problems: [
        `${whole}: got ${shown(entry)}; accepted: a village {village, roster, method?, approvers?, representatives?, category?, stable?, seats?}`,
      ],
    };
  }
  const problems: string[] = [];
  const unknown = Object.keys(entry).filter((k) => !VILLAGE_KEYS.includes(k));
  if (unknown.length) problems.push(`${whole}: unknown field(s) ${fieldNames(unknown)}; accepted: ${VILLAGE_KEYS.join(', ')}`);
  const { village, roster, method, approvers, representatives, category, stable, seats } = entry;
  const raw = {
    town: town.town,
    village,
    term: town.term,
    ...((method ?? town.method) !== undefined ? { method: method ?? town.method } : {}),
    roster,
    ...(approvers !== undefined ? { approvers } : {}),
    ...(town.plan !== undefined ? { plan: town.plan } : {}),
  } as ElectionInputRaw;
  const name = typeof village === 'string' ? nameText(village) : '?';
  const label = `${whole} (${name} of ${nameText(town.town)})`;

  const parsed = electionInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const top = issue.path[0];
      if (top === 'town' || top === 'term' || top === 'plan') continue; // reported once for the town or the file
      if (top === 'roster' && issue.path.length === 1 && issue.code === 'custom') continue; // reported below, from the standing alone
      if (top === 'roster' && issue.path[2] === 'id' && issue.code === 'custom') continue; // duplicates: reported below
      if (issue.code === 'unrecognized_keys')
        problems.push(`${path(issue.path)}: unknown field(s) ${fieldNames(issue.keys)}; accepted: ${acceptedFields(issue.path)}`);
      else problems.push(`${path(issue.path)}: got ${shownAt(issue.path, valueAt(raw, issue.path))}; accepted: ${acceptedBy(issue)}`);
    }
  }
  if (Array.isArray(roster)) {
    for (const { index, first } of duplicateIds(roster)) {
      problems.push(
        `${path(['roster', index, 'id'])}: got ${shown((roster[index] as Member).id)}; accepted: an id used once in the roster (roster[${first}] has it)`,
      );
    }
  }
  const form = Array.isArray(roster) ? branchProblem(roster) : undefined;
  if (form) problems.push(`${label}: ${form}`);
  const factsInput = Object.fromEntries(
    Object.entries({ representatives, category, stable, seats }).filter(([, value]) => value !== undefined),
  );
  const facts = villageFactsSchema.safeParse(factsInput);
  if (!facts.success)
    for (const issue of facts.error.issues)
      problems.push(`${path(issue.path)}: got ${shown(valueAt(factsInput, issue.path))}; accepted: ${acceptedBy(issue)}`);
  const seatsWrong =
    parsed.success && facts.success && facts.data.seats !== undefined ? seatsProblem(parsed.data.roster, facts.data.seats) : undefined;
  if (seatsWrong) problems.push(`${path(['seats'])}: got ${shown(seats)}; accepted: ${seatsWrong}`);

  const ok = parsed.success && facts.success && problems.length === 0;
  return {
    town: nameText(town.town),
    village: name,
    where: whole,
    raw,
    facts: facts.success ? facts.data : {},
    problems,
    ...(ok ? { input: parsed.data, workflowId: electionWorkflowId(parsed.data.term, parsed.data.town, parsed.data.village) } : {}),
  };
}

/** The fields a record of the start input takes, for a problem naming an unknown one (a member's, say, as the CSV header names its columns). */
function acceptedFields(path: readonly PropertyKey[]): string {
  if (path[0] === 'roster' && path.length === 2) return `a member's fields ${Object.keys(memberSchema.shape).join(', ')}`;
  return 'only the documented fields';
}

/** A village listed twice would start once and silently drop the other roster: both entries are refused, each naming the other. */
function markDuplicates(villages: RosterVillage[]): void {
  const byName = new Map<string, RosterVillage[]>();
  for (const v of villages) {
    if (v.village === '?') continue;
    // The workflow id is built from the names as the input schema leaves them: trimmed, in Unicode NFC.
    const key = JSON.stringify([v.town.trim().normalize('NFC'), v.village.trim().normalize('NFC')]);
    byName.set(key, [...(byName.get(key) ?? []), v]);
  }
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    for (const v of same) {
      const others = same.filter((o) => o !== v).map((o) => o.where);
      v.problems.push(
        `${v.where}.village: got ${shown(v.village)}; accepted: each village once per town (${v.village} of ${v.town} is also at ${others.join(', ')})`,
      );
      delete v.input;
      delete v.workflowId;
    }
  }
}
