import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { decisionSchemas, electionMethodSchema } from '../machines/events';
import { electionInputSchema, type ElectionInput, type ElectionInputRaw } from '../machines/input';
import { ROLES, roleSchema } from '../machines/roles';
import { committeeForm, fieldPath, memberSchema, seatsForBranch, votingMembers, type Member } from '../machines/rules';
import { electionWorkflowId } from '../workflows/contract';
import { demoRoster } from './demo/heluo';

/**
 * Rosters for `election start --roster`: a town's or a county's villages as CSV (one row per member)
 * or JSON, checked row by row with the machine module's zod schemas before anything starts. Every
 * problem names where it is (a CSV file line, or a JSON path), the field, the value and what is accepted.
 */

const investigation = decisionSchemas.RECORD_INVESTIGATION.shape;
const startRequest = decisionSchemas.SUBMIT_START_REQUEST.shape;

/**
 * What a roster may say about a village beyond its start input: the investigation's representatives,
 * category and stability, and the seats to fill. The election input does not carry them (the guidance
 * group and the town record them as decisions), so they are checked here and kept in the workflow's memo.
 */
export const villageFactsSchema = z.strictObject({
  representatives: investigation.representatives.optional(),
  category: investigation.category.optional(),
  stable: investigation.stable.optional(),
  seats: startRequest.seats.optional(),
});
export type VillageFacts = z.infer<typeof villageFactsSchema>;

/** One village of a roster, with every problem found in it; `input` is set when it may start. */
export interface RosterVillage {
  town: string;
  village: string;
  /** Where it is in the file: `lines 2-14` (CSV) or `towns[0].villages[3]` (JSON). */
  where: string;
  raw: ElectionInputRaw;
  facts: VillageFacts;
  problems: string[];
  input?: ElectionInput;
  workflowId?: string;
}

/** A checked roster file. */
export interface RosterCheck {
  format: 'csv' | 'json';
  /**
   * Problems no single village owns (unreadable file, bad header, bad term, a row without its town or
   * village): they stop the whole file, even with --skip-invalid.
   */
  fileProblems: string[];
  villages: RosterVillage[];
}

/** Values from the command line: --term (required with CSV), --town and --village (one village's member array), --method, --plan. */
export interface RosterOptions {
  term?: string | number;
  town?: string;
  village?: string;
  /** The method of villages that name none. */
  method?: string;
  /** The town plan for every village, replacing the file's. */
  plan?: unknown;
}

/** Every problem of a checked roster, file-level first, in file order. */
export const rosterProblems = (check: RosterCheck): string[] => [...check.fileProblems, ...check.villages.flatMap((v) => v.problems)];

/** Villages that may start: none while the file itself has a problem. */
export const validVillages = (check: RosterCheck) =>
  check.fileProblems.length ? [] : check.villages.filter((v): v is RosterVillage & { input: ElectionInput } => !!v.input);

/** Stands in for a bad or missing term while the rows are still checked; the file-level problem keeps anything from starting. */
const PLACEHOLDER_TERM = 2026;

/** Reads and checks a roster file: CSV by its `.csv` extension or when it does not start like JSON. */
export function readRoster(file: string, options: RosterOptions = {}): RosterCheck {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return fileOnly('json', `--roster: cannot read ${JSON.stringify(file)} (${code}); accepted: a readable CSV or JSON file`);
  }
  const text = decodeUtf8(bytes);
  const looksJson = /^\s*[[{]/.test(text.ok ? text.text : '');
  const format = extname(file).toLowerCase() === '.csv' || (extname(file).toLowerCase() !== '.json' && !looksJson) ? 'csv' : 'json';
  if (!text.ok) return fileOnly(format, text.problem);
  return format === 'csv' ? checkCsvRoster(text.text, options) : checkJsonRosterText(text.text, options);
}

function fileOnly(format: 'csv' | 'json', problem: string): RosterCheck {
  return { format, fileProblems: [problem], villages: [] };
}

/** UTF-8 with or without a byte-order mark; anything else (a GBK export, say) is named with its line. */
function decodeUtf8(bytes: Buffer): { ok: true; text: string } | { ok: false; problem: string } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const line = loose.slice(0, loose.indexOf('\uFFFD')).split('\n').length;
    return {
      ok: false,
      problem: `line ${line}: the file is not UTF-8 text; accepted: UTF-8, with or without a byte-order mark (in a spreadsheet: save as "CSV UTF-8")`,
    };
  }
}

/** One CSV record: the file line it starts on, its cells, and what is wrong with its quoting. */
export interface CsvRecord {
  line: number;
  cells: string[];
  problem?: string;
}

/**
 * Parses CSV text as RFC 4180 has it (commas, double-quoted fields with "" for a quote, line breaks
 * inside quotes), accepting CRLF or LF and a leading byte-order mark. Blank lines are skipped. An
 * unclosed quote swallows the rest of the file, so it is reported as `unclosed` with its line.
 */
export function parseCsv(text: string): { records: CsvRecord[]; unclosed?: number } {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const atBreak = () => text[i] === '\n' || text[i] === '\r';
  const skipBreak = () => {
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else i += 1;
    line += 1;
  };
  while (i < text.length) {
    const record: CsvRecord = { line, cells: [] };
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        const opened = line;
        i += 1;
        for (;;) {
          if (i >= text.length) return { records, unclosed: opened };
          if (text[i] === '"') {
            if (text[i + 1] !== '"') break;
            cell += '"';
            i += 2;
          } else if (atBreak()) {
            cell += '\n';
            skipBreak();
          } else cell += text[i++];
        }
        i += 1;
        const stray = i;
        while (i < text.length && text[i] !== ',' && !atBreak()) i += 1;
        if (i > stray) {
          record.problem ??= `line ${line}, field ${record.cells.length + 1}: got ${JSON.stringify(text.slice(stray, i))} after the closing quote; accepted: a comma or the end of the line after a quoted field`;
        }
      } else {
        while (i < text.length && text[i] !== ',' && !atBreak()) cell += text[i++];
        if (cell.includes('"')) {
          record.problem ??= `line ${line}, field ${record.cells.length + 1}: got ${JSON.stringify(cell)}, a double quote inside an unquoted field; accepted: the whole field in double quotes, with each inner quote doubled ("")`;
        }
      }
      record.cells.push(cell);
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (i < text.length) skipBreak();
      break;
    }
    if (record.cells.length > 1 || record.cells[0]!.trim() !== '' || record.problem) records.push(record);
  }
  return { records };
}

/** CSV column of each member field; the compiler holds it to the member schema's fields. */
export const MEMBER_COLUMNS = {
  id: 'member_id',
  name: 'name',
  gender: 'gender',
  birthDate: 'birth_date',
  joinedParty: 'joined_party',
  standing: 'standing',
  education: 'education',
  outgoingPost: 'outgoing_post',
  villageCommitteePost: 'village_committee_post',
} as const satisfies Record<keyof Member, string>;

type MemberField = keyof typeof MEMBER_COLUMNS;
const MEMBER_FIELDS = Object.keys(MEMBER_COLUMNS) as MemberField[];
const OPTIONAL_MEMBER_FIELDS = MEMBER_FIELDS.filter((f) => memberSchema.shape[f].safeParse(undefined).success);

const wholeNumberCell = z.string().regex(/^\d+$/, 'accepted: a whole number such as 24').transform(Number);

/** Per-village CSV columns, repeated on each row of the village: a cell's text to its value. */
const VILLAGE_CELLS = {
  method: electionMethodSchema,
  representatives: wholeNumberCell.pipe(investigation.representatives),
  category: investigation.category,
  stable: z.enum(['true', 'false', 'yes', 'no']).transform((v) => v === 'true' || v === 'yes'),
  seats: wholeNumberCell.pipe(startRequest.seats),
} as const;
type VillageColumn = keyof typeof VILLAGE_CELLS;
const VILLAGE_COLUMNS = Object.keys(VILLAGE_CELLS) as VillageColumn[];

const APPROVER_PREFIX = 'approver_';
const APPROVERS_ACCEPTED = 'id:name pairs separated by ";", e.g. "wang.li:Wang Li;zhao.min:Zhao Min"';

/** The CSV header's columns: the required ones first. */
export const CSV_COLUMNS = {
  required: ['town', 'village', ...MEMBER_FIELDS.filter((f) => !OPTIONAL_MEMBER_FIELDS.includes(f)).map((f) => MEMBER_COLUMNS[f])],
  optional: [...OPTIONAL_MEMBER_FIELDS.map((f) => MEMBER_COLUMNS[f]), ...VILLAGE_COLUMNS, ...ROLES.map((r) => `${APPROVER_PREFIX}${r}`)],
};

interface CsvRow {
  line: number;
  cell: (column: string) => string;
}

interface CsvVillage {
  town: string;
  village: string;
  rows: CsvRow[];
  /** Per-village values and the line that first gave each. */
  values: Map<string, { value: unknown; text: string; line: number }>;
  problems: Array<{ line: number; text: string }>;
}

/** Checks a CSV roster: one row per member, grouped into villages by (town, village); the term comes from --term. */
export function checkCsvRoster(text: string, options: RosterOptions = {}): RosterCheck {
  const fileProblems: Array<{ line: number; text: string }> = [];
  const fail = () => ({ format: 'csv' as const, fileProblems: sortByLine(fileProblems), villages: [] });
  const { records, unclosed } = parseCsv(text);
  if (unclosed !== undefined) {
    fileProblems.push({ line: unclosed, text: `line ${unclosed}: a quoted field is never closed; accepted: a closing double quote (inner quotes doubled as "")` });
  }
  const [header, ...body] = records;
  if (!header) return { ...fail(), fileProblems: ['--roster: the CSV file is empty; accepted: a header row, then one row per member'] };

  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const known = [...CSV_COLUMNS.required, ...CSV_COLUMNS.optional];
  const headerProblem = (text: string) => fileProblems.push({ line: header.line, text: `line ${header.line}, header: ${text}` });
  for (const missing of CSV_COLUMNS.required.filter((c) => !columns.includes(c))) {
    headerProblem(`no column ${missing}; accepted: a header row with ${CSV_COLUMNS.required.join(', ')}, and optionally ${CSV_COLUMNS.optional.join(', ')}`);
  }
  columns.forEach((column, index) => {
    if (columns.indexOf(column) !== index) headerProblem(`got the column ${JSON.stringify(column)} twice; accepted: each column once`);
    else if (column.startsWith(APPROVER_PREFIX) && !known.includes(column)) {
      headerProblem(`got ${JSON.stringify(header.cells[index])}; accepted: ${APPROVER_PREFIX}<role> with a role among ${ROLES.join(', ')}`);
    } else if (!known.includes(column)) headerProblem(`got the column ${JSON.stringify(header.cells[index])}; accepted: ${known.join(', ')}`);
  });

  const term = termOption(options.term, 'a year such as 2026 (a CSV roster carries no term)');
  if (!term.ok) fileProblems.push({ line: 0, text: term.problem });
  const plan = planOption(options.plan);
  if (!plan.ok) fileProblems.push(...plan.problems.map((text) => ({ line: 0, text })));
  const method = methodOption(options.method);
  if (!method.ok) fileProblems.push({ line: 0, text: method.problem });
  for (const flag of ['town', 'village'] as const) {
    if (options[flag] !== undefined) fileProblems.push({ line: 0, text: `--${flag}: not accepted with a CSV roster; its rows name their ${flag}` });
  }
  if (fileProblems.some((p) => p.line === header.line)) return fail();

  const index = new Map(columns.map((c, i) => [c, i]));
  const villages = new Map<string, CsvVillage>();
  for (const record of body) {
    const row: CsvRow = { line: record.line, cell: (column) => (index.has(column) ? (record.cells[index.get(column)!] ?? '').trim() : '') };
    const owner = csvRowOwner(record, row, columns.length, fileProblems);
    if (!owner) continue;
    const key = JSON.stringify([owner.town, owner.village]);
    if (!villages.has(key)) villages.set(key, { ...owner, rows: [], values: new Map(), problems: [] });
    const village = villages.get(key)!;
    village.rows.push(row);
    if (record.problem) village.problems.push({ line: row.line, text: record.problem });
    checkVillageCells(village, row, columns);
  }
  if (!body.length) fileProblems.push({ line: header.line, text: `line ${header.line}: the header is the last row; accepted: one row per member after the header` });

  const checked = [...villages.values()].map((v) => csvVillage(v, term.ok ? term.term : PLACEHOLDER_TERM, method.ok ? method.method : undefined, plan.ok ? plan.plan : undefined));
  return { format: 'csv', fileProblems: sortByLine(fileProblems), villages: checked };
}

/** The town and village a row belongs to, or a file-level problem when --skip-invalid could not tell which village it would change. */
function csvRowOwner(record: CsvRecord, row: CsvRow, width: number, fileProblems: Array<{ line: number; text: string }>) {
  const unowned = (text: string) => {
    fileProblems.push({ line: row.line, text: `${text}; the row's village cannot be told, so nothing in the file starts (even with --skip-invalid)` });
    return undefined;
  };
  if (record.cells.length !== width) {
    if (record.problem) return unowned(record.problem);
    return unowned(
      `line ${row.line}: got ${record.cells.length} fields; accepted: ${width} fields, one per header column (a value with a comma needs double quotes)`,
    );
  }
  for (const column of ['town', 'village'] as const) {
    const value = row.cell(column);
    if (!value) return unowned(`line ${row.line}, field ${column}: got ""; accepted: the ${column} name`);
    if (value.includes('/')) {
      return unowned(`line ${row.line}, field ${column}: got ${JSON.stringify(value)}; accepted: a name without "/" (it separates the parts of the workflow id)`);
    }
  }
  return { town: row.cell('town'), village: row.cell('village') };
}

/** Per-village cells of one row: each valid on its own, and the same as on the village's other rows. */
function checkVillageCells(village: CsvVillage, row: CsvRow, columns: string[]): void {
  const perVillage = columns.filter((c) => (VILLAGE_COLUMNS as string[]).includes(c) || c.startsWith(APPROVER_PREFIX));
  for (const column of perVillage) {
    const text = row.cell(column);
    if (text === '') continue;
    const parsed = column.startsWith(APPROVER_PREFIX) ? approversCell(text) : VILLAGE_CELLS[column as VillageColumn].safeParse(text);
    if (!parsed.success) {
      const accepted = parsed.error ? acceptedBy(parsed.error.issues[0]!) : APPROVERS_ACCEPTED;
      village.problems.push({ line: row.line, text: `line ${row.line}, field ${column}: got ${shown(text)}; accepted: ${accepted}` });
      continue;
    }
    const first = village.values.get(column);
    if (!first) village.values.set(column, { value: parsed.data, text, line: row.line });
    else if (JSON.stringify(first.value) !== JSON.stringify(parsed.data)) {
      village.problems.push({
        line: row.line,
        text: `line ${row.line}, field ${column}: got ${shown(text)}; accepted: the same value on every row of ${villageName(village)} (line ${first.line} has ${shown(first.text)})`,
      });
    }
  }
}

function approversCell(text: string): { success: true; data: Array<{ id: string; name: string }> } | { success: false; error?: undefined } {
  const people = text.split(';').map((entry) => entry.trim()).filter(Boolean);
  const parsed = people.map((entry) => {
    const colon = entry.indexOf(':');
    return { id: entry.slice(0, colon).trim(), name: entry.slice(colon + 1).trim(), ok: colon > 0 && entry.slice(colon + 1).trim() !== '' };
  });
  if (!parsed.length || parsed.some((p) => !p.ok)) return { success: false };
  return { success: true, data: parsed.map(({ id, name }) => ({ id, name })) };
}

/** One CSV village's start input, checked with the election input schema; each issue goes back to its line and column. */
function csvVillage(village: CsvVillage, term: number, method: string | undefined, plan: unknown): RosterVillage {
  const { town, rows, values } = village;
  const roster = rows.map((row) => {
    const member: Record<string, string> = {};
    for (const field of MEMBER_FIELDS) {
      const cell = row.cell(MEMBER_COLUMNS[field]);
      if (cell !== '' || !OPTIONAL_MEMBER_FIELDS.includes(field)) member[field] = cell;
    }
    return member;
  });
  const approvers = Object.fromEntries(
    [...values].filter(([column]) => column.startsWith(APPROVER_PREFIX)).map(([column, { value }]) => [column.slice(APPROVER_PREFIX.length), value]),
  );
  const chosenMethod = values.get('method')?.value ?? method;
  const raw = {
    town,
    village: village.village,
    term,
    ...(chosenMethod !== undefined ? { method: chosenMethod } : {}),
    roster,
    approvers,
    ...(plan !== undefined ? { plan } : {}),
  } as ElectionInputRaw;
  const facts = Object.fromEntries(
    VILLAGE_COLUMNS.filter((c) => c !== 'method' && values.has(c)).map((c) => [c, values.get(c)!.value]),
  ) as VillageFacts;

  const problems = [...village.problems];
  const lines = rows.map((r) => r.line);
  const where = linesText(lines);
  const villageProblem = (text: string) => problems.push({ line: lines[0]!, text: `${villageName(village)} (${where}): ${text}` });
  const parsed = electionInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [top, index, field] = issue.path;
      if (top === 'term' || top === 'plan') continue; // reported once for the file
      if (top === 'roster' && typeof index === 'number' && typeof field === 'string') {
        if (field === 'id' && issue.code === 'custom') continue; // duplicates: reported below, also when other rows are invalid
        const row = rows[index]!;
        const column = MEMBER_COLUMNS[field as MemberField] ?? field;
        problems.push({ line: row.line, text: `line ${row.line}, field ${column}: got ${shown(row.cell(column))}; accepted: ${acceptedBy(issue)}` });
      } else if (top === 'roster' && issue.path.length === 1 && issue.code === 'custom') {
        // Reported below from the rows' standing, also when other rows are invalid.
      } else if (top === 'approvers' || top === 'method') {
        const column = top === 'method' ? 'method' : `${APPROVER_PREFIX}${String(index)}`;
        const given = values.get(column);
        problems.push({
          line: given?.line ?? lines[0]!,
          text: `${given ? `line ${given.line}` : '--method'}, field ${column}: got ${shown(given?.text ?? chosenMethod)}; accepted: ${acceptedBy(issue)}`,
        });
      } else villageProblem(`${fieldPath(issue.path)}: got ${shown(valueAt(raw, issue.path))}; accepted: ${acceptedBy(issue)}`);
    }
  }
  for (const { index, first } of duplicateIds(roster)) {
    const row = rows[index]!;
    problems.push({
      line: row.line,
      text: `line ${row.line}, field member_id: got ${shown(row.cell('member_id'))}; accepted: an id used once in the village (line ${rows[first]!.line} has it)`,
    });
  }
  const form = branchProblem(roster);
  if (form) villageProblem(form);
  const seats = values.get('seats');
  const seatsWrong = parsed.success && seats ? seatsProblem(parsed.data.roster, seats.value as number) : undefined;
  if (seatsWrong) problems.push({ line: seats!.line, text: `line ${seats!.line}, field seats: got ${shown(seats!.text)}; accepted: ${seatsWrong}` });

  const ok = parsed.success && problems.length === 0;
  return {
    town,
    village: village.village,
    where,
    raw,
    facts,
    problems: sortByLine(problems),
    ...(ok ? { input: parsed.data, workflowId: electionWorkflowId(parsed.data.term, parsed.data.town, parsed.data.village) } : {}),
  };
}

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

/** Checks JSON roster text: a town file, a county file, or one village's member array (with --town, --village and --term). */
export function checkJsonRosterText(text: string, options: RosterOptions = {}): RosterCheck {
  try {
    return checkJsonRoster(JSON.parse(text), options);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    const before = text.slice(0, jsonErrorOffset(text));
    const where = `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
    const reason = err.message.split(/, (?:"|\.\.\.)|\s+in JSON/)[0];
    return fileOnly('json', `${where}: not valid JSON (${reason}); accepted: a town file {town, term, villages}, a county file {county?, term, towns}, or an array of members`);
  }
}

/** Where JSON.parse gave up, found by a small scanner of the JSON grammar (Node's messages do not always say). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const space = () => {
    while (/\s/.test(text[i] ?? '')) i += 1;
  };
  const fail = (): never => {
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
      if (options[flag] === undefined) fileProblems.push(`--${flag}: got nothing; accepted: the ${flag === 'term' ? 'term, a year such as 2026' : `${flag} name`} (the roster file is one village's members)`);
    }
    if (fileProblems.length) return { format: 'json', fileProblems, villages: [] };
    towns = [{ town: options.town, townPath: '--town', plan: undefined, planPath: '--plan', villages: [{ village: options.village, roster: file }], villagesPath: '' }];
  } else if (isObject(file) && 'towns' in file) {
    const unknown = Object.keys(file).filter((k) => !COUNTY_FILE_KEYS.includes(k));
    if (unknown.length) fileProblems.push(`(top level): unknown field(s) ${unknown.join(', ')}; accepted: ${COUNTY_FILE_KEYS.join(', ')}`);
    if (!Array.isArray(file.towns) || !file.towns.length) return fail(`towns: got ${shown(file.towns)}; accepted: a list of at least one town {town, plan?, villages}`);
    fileTerm = file.term;
    towns = [];
    file.towns.forEach((entry, t) => {
      const at = `towns[${t}]`;
      if (!isObject(entry)) return fileProblems.push(`${at}: got ${shown(entry)}; accepted: a town {town, plan?, villages}`);
      const unknownKeys = Object.keys(entry).filter((k) => !COUNTY_TOWN_KEYS.includes(k));
      if (unknownKeys.length) fileProblems.push(`${at}: unknown field(s) ${unknownKeys.join(', ')}; accepted: ${COUNTY_TOWN_KEYS.join(', ')}`);
      towns.push({ town: entry.town, townPath: `${at}.town`, plan: entry.plan, planPath: `${at}.plan`, villages: entry.villages, villagesPath: `${at}.villages` });
    });
  } else if (isObject(file) && 'villages' in file) {
    const unknown = Object.keys(file).filter((k) => !TOWN_FILE_KEYS.includes(k));
    if (unknown.length) fileProblems.push(`(top level): unknown field(s) ${unknown.join(', ')}; accepted: ${TOWN_FILE_KEYS.join(', ')}`);
    fileTerm = file.term;
    towns = [{ town: options.town ?? file.town, townPath: options.town !== undefined ? '--town' : 'town', plan: file.plan, planPath: 'plan', villages: file.villages, villagesPath: 'villages' }];
  } else {
    return fail(
      `(top level): got ${shown(file)}; accepted: a town file {town, term, plan?, villages: [...]}, a county file {county?, term, towns: [{town, plan?, villages}]}, or an array of one village's members`,
    );
  }
  if (options.village !== undefined && !Array.isArray(file)) fileProblems.push('--village: not accepted with a town or county file; it names its villages');
  if (options.town !== undefined && isObject(file) && 'towns' in file) fileProblems.push('--town: not accepted with a county file; it names its towns');

  const term = termOption(options.term ?? fileTerm, 'a year such as 2026', options.term !== undefined ? '--term' : 'term');
  if (!term.ok) fileProblems.push(term.problem);

  const villages: RosterVillage[] = [];
  for (const town of towns) {
    const townName = electionInputSchema.shape.town.safeParse(town.town);
    if (!townName.success) fileProblems.push(`${town.townPath}: got ${shown(town.town)}; accepted: ${acceptedBy(townName.error.issues[0]!)}`);
    else if (townName.data.includes('/')) fileProblems.push(`${town.townPath}: got ${shown(town.town)}; accepted: a name without "/" (it separates the parts of the workflow id)`);
    const plan = cliPlan.ok && options.plan !== undefined ? { ok: true as const, plan: options.plan } : planOption(town.plan, town.planPath);
    if (!plan.ok) fileProblems.push(...plan.problems);
    if (!Array.isArray(town.villages) || !town.villages.length) {
      fileProblems.push(`${town.villagesPath}: got ${shown(town.villages)}; accepted: a list of at least one village {village, roster, ...}`);
      continue;
    }
    const prefix = town.villagesPath ? `${town.villagesPath}` : '';
    town.villages.forEach((entry, v) => {
      const at = prefix ? `${prefix}[${v}]` : '';
      villages.push(jsonVillage(entry, at, { town: town.town, term: term.ok ? term.term : PLACEHOLDER_TERM, method: method.ok ? method.method : undefined, plan: plan.ok ? plan.plan : undefined }));
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
    return { town: String(town.town), village: '?', where: whole, raw: {} as ElectionInputRaw, facts: {}, problems: [`${whole}: got ${shown(entry)}; accepted: a village {village, roster, method?, approvers?, representatives?, category?, stable?, seats?}`] };
  }
  const problems: string[] = [];
  const unknown = Object.keys(entry).filter((k) => !VILLAGE_KEYS.includes(k));
  if (unknown.length) problems.push(`${whole}: unknown field(s) ${unknown.join(', ')}; accepted: ${VILLAGE_KEYS.join(', ')}`);
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
  const name = typeof village === 'string' ? village : '?';
  const label = `${whole} (${name} of ${String(town.town)})`;

  const parsed = electionInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const top = issue.path[0];
      if (top === 'town' || top === 'term' || top === 'plan') continue; // reported once for the town or the file
      if (top === 'roster' && issue.path.length === 1 && issue.code === 'custom') continue; // reported below, from the standing alone
      if (top === 'roster' && issue.path[2] === 'id' && issue.code === 'custom') continue; // duplicates: reported below
      if (issue.code === 'unrecognized_keys') problems.push(`${path(issue.path)}: unknown field(s) ${issue.keys.join(', ')}; accepted: only the documented fields`);
      else problems.push(`${path(issue.path)}: got ${shown(valueAt(raw, issue.path))}; accepted: ${acceptedBy(issue)}`);
    }
  }
  if (typeof village === 'string' && village.includes('/')) problems.push(`${path(['village'])}: got ${shown(village)}; accepted: a name without "/" (it separates the parts of the workflow id)`);
  if (Array.isArray(roster)) {
    for (const { index, first } of duplicateIds(roster)) {
      problems.push(`${path(['roster', index, 'id'])}: got ${shown((roster[index] as Member).id)}; accepted: an id used once in the roster (roster[${first}] has it)`);
    }
  }
  const form = Array.isArray(roster) ? branchProblem(roster) : undefined;
  if (form) problems.push(`${label}: ${form}`);
  const factsInput = Object.fromEntries(Object.entries({ representatives, category, stable, seats }).filter(([, value]) => value !== undefined));
  const facts = villageFactsSchema.safeParse(factsInput);
  if (!facts.success) for (const issue of facts.error.issues) problems.push(`${path(issue.path)}: got ${shown(valueAt(factsInput, issue.path))}; accepted: ${acceptedBy(issue)}`);
  const seatsWrong = parsed.success && facts.success && facts.data.seats !== undefined ? seatsProblem(parsed.data.roster, facts.data.seats) : undefined;
  if (seatsWrong) problems.push(`${path(['seats'])}: got ${shown(seats)}; accepted: ${seatsWrong}`);

  const ok = parsed.success && facts.success && problems.length === 0;
  return {
    town: String(town.town),
    village: name,
    where: whole,
    raw,
    facts: facts.success ? facts.data : {},
    problems,
    ...(ok ? { input: parsed.data, workflowId: electionWorkflowId(parsed.data.term, parsed.data.town, parsed.data.village) } : {}),
  };
}

/** A village listed twice would start once and silently drop the other roster: both entries are refused, each naming the other. */
function markDuplicates(villages: RosterVillage[]): void {
  const byName = new Map<string, RosterVillage[]>();
  for (const v of villages) {
    if (v.village === '?') continue;
    const key = JSON.stringify([v.town.trim(), v.village.trim()]);
    byName.set(key, [...(byName.get(key) ?? []), v]);
  }
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    for (const v of same) {
      const others = same.filter((o) => o !== v).map((o) => o.where);
      v.problems.push(`${v.where}.village: got ${shown(v.village)}; accepted: each village once per town (${v.village} of ${v.town} is also at ${others.join(', ')})`);
      delete v.input;
      delete v.workflowId;
    }
  }
}

function termOption(value: unknown, accepted: string, name = '--term'): { ok: true; term: number } | { ok: false; problem: string } {
  if (value === undefined) return { ok: false, problem: `${name}: got nothing; accepted: ${accepted}` };
  const asNumber = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  const parsed = electionInputSchema.shape.term.safeParse(asNumber);
  return parsed.success ? { ok: true, term: parsed.data } : { ok: false, problem: `${name}: got ${shown(value)}; accepted: ${accepted}` };
}

function methodOption(value: string | undefined): { ok: true; method?: string } | { ok: false; problem: string } {
  if (value === undefined || electionMethodSchema.safeParse(value).success) return { ok: true, method: value };
  return { ok: false, problem: `--method: got ${shown(value)}; accepted: one of ${electionMethodSchema.options.join(', ')}` };
}

function planOption(value: unknown, at = '--plan'): { ok: true; plan?: unknown } | { ok: false; problems: string[] } {
  if (value === undefined) return { ok: true };
  const parsed = electionInputSchema.shape.plan.safeParse(value);
  if (parsed.success) return { ok: true, plan: value };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `${at}${issue.path.length ? `.${fieldPath(issue.path)}` : ''}: unknown field(s) ${issue.keys.join(', ')}; accepted: only the town plan's fields`
        : `${at}${issue.path.length ? `.${fieldPath(issue.path)}` : ''}: got ${shown(valueAt(value, issue.path))}; accepted: ${acceptedBy(issue)}`,
    ),
  };
}

/** Fewer than 3 full members cannot form a branch: judged from the standing alone, so it is reported even when other fields are wrong. */
function branchProblem(roster: unknown[]): string | undefined {
  const full = votingMembers(roster.filter(isObject) as Member[]).length;
  const form = committeeForm(full);
  return form.ok ? undefined : `${form.message}; accepted: at least 3 members with standing "full"`;
}

/** Members whose id an earlier member already has: judged on the ids alone, so reported even when other fields are wrong. */
function duplicateIds(roster: unknown[]): Array<{ index: number; first: number }> {
  const firstIndex = new Map<unknown, number>();
  const duplicates: Array<{ index: number; first: number }> = [];
  roster.forEach((member, index) => {
    const id = isObject(member) ? member.id : undefined;
    if (typeof id !== 'string' || id === '') return;
    if (firstIndex.has(id)) duplicates.push({ index, first: firstIndex.get(id)! });
    else firstIndex.set(id, index);
  });
  return duplicates;
}

/** The seats the roster gives must suit the branch, as APPROVE_START checks them. */
function seatsProblem(roster: Member[], seats: number): string | undefined {
  const verdict = seatsForBranch(seats, votingMembers(roster).length);
  return verdict.ok ? undefined : `seats that suit the branch (${verdict.message})`;
}

/** What a zod issue accepts, in words: the schema's own "accepted: ..." message, the allowed values, or the expected type. */
export function acceptedBy(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('accepted: ')) return issue.message.slice('accepted: '.length);
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => String(v)).join(', ')}`;
  if (issue.code === 'invalid_type') {
    const words: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'an object' };
    return words[issue.expected] ?? issue.expected;
  }
  if (issue.code === 'invalid_key' && issue.path[0] === 'approvers') return `a role among ${roleSchema.options.join(', ')}`;
  return issue.message;
}

const shown = (value: unknown) => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const villageName = (v: { town: string; village: string }) => `village ${v.village} of ${v.town}`;

/** `lines 2-5, 9`: a village's rows, runs of lines shortened. */
export function linesText(lines: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j += 1;
    runs.push(j > i ? `${lines[i]}-${lines[j]}` : `${lines[i]}`);
    i = j + 1;
  }
  return `${lines.length > 1 ? 'lines' : 'line'} ${runs.join(', ')}`;
}

const sortByLine = (problems: Array<{ line: number; text: string }>) =>
  problems
    .map((p, order) => ({ ...p, order }))
    .sort((a, b) => a.line - b.line || a.order - b.order)
    .map((p) => p.text);

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const TOWN_NAMES = ['Heluo', 'Qinglong', 'Baisha', 'Mapo', 'Shuikou', 'Yangzhuang', 'Gaocheng', 'Liangshui', 'Xinzhai', 'Huaishu', 'Taoyuan', 'Shimen'];
const VILLAGE_HEADS = ['Bei', 'Nan', 'Dong', 'Xi', 'Shang', 'Xia', 'Qian', 'Hou', 'Da', 'Xiao'];
const VILLAGE_TAILS = ['zhuang', 'cun', 'wan', 'po', 'gou', 'zhai', 'ling', 'qiao', 'ping', 'shan'];

/** The county file format: `{ county?, term, towns: [{ town, plan?, villages: [...] }] }`. */
export interface CountyRosterFile {
  county?: string;
  term: number;
  towns: Array<{ town: string; plan?: unknown; villages: Array<{ village: string; roster: Member[]; method?: string } & VillageFacts> }>;
}

/**
 * A valid county roster for tests and demos: `towns` names (or a count of made-up towns) ×
 * `villagesPerTown` villages of 20–45 members from {@link demoRoster}, with the investigation facts and
 * seats filled in. The same seed gives the same file.
 */
export function generateCountyRoster(options: { towns: number | readonly string[]; villagesPerTown: number; term: number; seed?: number; county?: string }): CountyRosterFile {
  const { villagesPerTown, term, seed = 1, county = 'Demo County' } = options;
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const townNames =
    typeof options.towns === 'number'
      ? Array.from({ length: options.towns }, (_, i) => `${TOWN_NAMES[i % TOWN_NAMES.length]}${i >= TOWN_NAMES.length ? ` ${Math.floor(i / TOWN_NAMES.length) + 1}` : ''}`)
      : [...options.towns];
  return {
    county,
    term,
    towns: townNames.map((town) => ({
      town,
      villages: Array.from({ length: villagesPerTown }, (_, v) => {
        const cycle = Math.floor(v / (VILLAGE_HEADS.length * VILLAGE_TAILS.length));
        const village = `${VILLAGE_HEADS[v % VILLAGE_HEADS.length]}${VILLAGE_TAILS[Math.floor(v / VILLAGE_HEADS.length) % VILLAGE_TAILS.length]}${cycle ? ` ${cycle + 1}` : ''}`;
        const size = 20 + Math.floor(next() * 26);
        const draw = next();
        return {
          village,
          roster: demoRoster(`${town}/${village}`, size, seed),
          ...(next() < 0.1 ? { method: 'two-recommendations-direct-election' } : {}),
          representatives: Math.round(size * 0.65),
          category: draw < 0.6 ? 'good' : draw < 0.9 ? 'medium' : 'poor',
          stable: next() >= 0.03,
          seats: size >= 35 ? 5 : 3,
        };
      }),
    })),
  };
}
