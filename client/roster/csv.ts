import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { electionMethodSchema } from '../../machines/events';
import { electionInputSchema, type ElectionInputRaw } from '../../machines/input';
import { ROLES } from '../../machines/roles';
import { fieldPath, memberSchema, type Member } from '../../machines/rules';
import { electionWorkflowId } from '../../workflows/contract';
import { unquoted } from '../../machines/personal';
import {
  PLACEHOLDER_TERM,
  type RosterCheck,
  type RosterOptions,
  type RosterVillage,
  type VillageFacts,
  acceptedBy,
  branchProblem,
  duplicateIds,
  investigation,
  linesText,
  methodOption,
  planOption,
  seatsProblem,
  shown,
  shownAt,
  sortByLine,
  startRequest,
  termOption,
  valueAt,
  villageName,
} from './shared';

/** One CSV record: the file line it starts on, its cells, and what is wrong with its quoting. */
export interface CsvRecord {
  line: number;
  cells: string[];
  problem?: string;
}

/**
 * Parses CSV text as RFC 4180 has it (commas, double-quoted fields with "" for a quote, line breaks
 * inside quotes), accepting CRLF, LF or CR and a leading byte-order mark, with csv-parse. Blank lines are
 * skipped. A stray quote does not stop the reading: its record carries the problem. An unclosed quote swallows
 * the rest of the file, so it is reported as `unclosed` with the line its record starts on.
 */
export function parseCsv(text: string): { records: CsvRecord[]; unclosed?: number } {
  const records: CsvRecord[] = [];
  let lastLine = 0;
  let emptyLinesBefore = 0;
  let cells: string[] = [];
  let problem: string | undefined;
  const flag = (line: number, field: number, what: string) => {
    problem ??= `line ${line}, field ${field + 1}: ${what}`;
  };
  try {
    parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      raw: true,
      cast: (value, { quoting, raw, index, lines }) => {
        if (!quoting && value.includes('"')) {
          flag(
            lines,
            index,
            `got ${shown(value)}, a double quote inside an unquoted field; accepted: the whole field in double quotes, with each inner quote doubled ("")`,
          );
        } else if (quoting && !(raw ?? '').replace(/(,|\r\n|\n|\r)$/, '').endsWith(`"${value.replace(/"/g, '""')}"`)) {
          // Relaxed, csv-parse keeps a field with text after its closing quote as `"inner"text`.
          flag(
            lines,
            index,
            `got ${shown(value.slice(value.indexOf('"', 1) + 1))} after the closing quote; accepted: a comma or the end of the line after a quoted field`,
          );
        }
        cells.push(value.replace(/\r\n?/g, '\n'));
        return value;
      },
      // The cells come from `cast` (with `raw` on, csv-parse hands this hook the record wrapped); here the record ends.
      on_record: (_record, { lines, empty_lines }) => {
        const breaks = cells.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
        if (cells.length > 1 || cells[0]!.trim() !== '' || problem)
          records.push({ line: lines - breaks, cells, ...(problem ? { problem } : {}) });
        [lastLine, emptyLinesBefore, cells, problem] = [lines, empty_lines, [], undefined];
        return null;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError && err.code === 'CSV_QUOTE_NOT_CLOSED')) throw err;
    return { records, unclosed: lastLine + 1 + (Number(err.empty_lines) - emptyLinesBefore) };
  }
  return { records };
}

/** CSV column of each member field; the compiler holds it to the member schema's fields. */
export const MEMBER_COLUMNS = {
  id: 'member_id',
  name: 'name',
  pinyin: 'pinyin',
  gender: 'gender',
  birthDate: 'birth_date',
  joinedParty: 'joined_party',
  standing: 'standing',
  education: 'education',
  outgoingPost: 'outgoing_post',
  villageCommitteePost: 'village_committee_post',
  fullMemberSince: 'full_member_since',
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
    fileProblems.push({
      line: unclosed,
      text: `line ${unclosed}: a quoted field is never closed; accepted: a closing double quote (inner quotes doubled as "")`,
    });
  }
  const [header, ...body] = records;
  if (!header) return { ...fail(), fileProblems: ['--roster: the CSV file is empty; accepted: a header row, then one row per member'] };

  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const known = [...CSV_COLUMNS.required, ...CSV_COLUMNS.optional];
  const headerProblem = (text: string) => fileProblems.push({ line: header.line, text: `line ${header.line}, header: ${text}` });
  for (const missing of CSV_COLUMNS.required.filter((c) => !columns.includes(c))) {
    headerProblem(
      `no column ${missing}; accepted: a header row with ${CSV_COLUMNS.required.join(', ')}, and optionally ${CSV_COLUMNS.optional.join(', ')}`,
    );
  }
  columns.forEach((column, index) => {
    if (columns.indexOf(column) !== index) headerProblem(`got the column ${shown(column)} twice; accepted: each column once`);
    else if (column.startsWith(APPROVER_PREFIX) && !known.includes(column)) {
      headerProblem(`got ${shown(header.cells[index])}; accepted: ${APPROVER_PREFIX}<role> with a role among ${ROLES.join(', ')}`);
    } else if (!known.includes(column)) headerProblem(`got the column ${shown(header.cells[index])}; accepted: ${known.join(', ')}`);
  });

  const term = termOption(options.term, 'a year such as 2026 (a CSV roster carries no term)');
  if (!term.ok) fileProblems.push({ line: 0, text: term.problem });
  const plan = planOption(options.plan);
  if (!plan.ok) fileProblems.push(...plan.problems.map((text) => ({ line: 0, text })));
  const method = methodOption(options.method);
  if (!method.ok) fileProblems.push({ line: 0, text: method.problem });
  for (const flag of ['town', 'village'] as const) {
    if (options[flag] !== undefined)
      fileProblems.push({ line: 0, text: `--${flag}: not accepted with a CSV roster; its rows name their ${flag}` });
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
  if (!body.length)
    fileProblems.push({
      line: header.line,
      text: `line ${header.line}: the header is the last row; accepted: one row per member after the header`,
    });

  const checked = [...villages.values()].map((v) =>
    csvVillage(v, term.ok ? term.term : PLACEHOLDER_TERM, method.ok ? method.method : undefined, plan.ok ? plan.plan : undefined),
  );
  return { format: 'csv', fileProblems: sortByLine(fileProblems), villages: checked };
}

/** The town and village a row belongs to, or a file-level problem when --skip-invalid could not tell which village it would change. */
function csvRowOwner(record: CsvRecord, row: CsvRow, width: number, fileProblems: Array<{ line: number; text: string }>) {
  const unowned = (text: string) => {
    fileProblems.push({
      line: row.line,
      text: `${text}; the row's village cannot be told, so nothing in the file starts (even with --skip-invalid)`,
    });
    return undefined;
  };
  if (record.cells.length !== width) {
    if (record.problem) return unowned(record.problem);
    return unowned(
      `line ${row.line}: got ${record.cells.length} fields; accepted: ${width} fields, one per header column (a value with a comma needs double quotes)`,
    );
  }
  const names = { town: '', village: '' };
  for (const column of ['town', 'village'] as const) {
    const value = row.cell(column);
    if (!value) return unowned(`line ${row.line}, field ${column}: got ""; accepted: the ${column} name`);
    // The input schema's own check ("/" would let two villages share a workflow id, hidden characters, length).
    const name = electionInputSchema.shape[column].safeParse(value);
    if (!name.success)
      return unowned(`line ${row.line}, field ${column}: got ${shown(value)}; accepted: ${acceptedBy(name.error.issues[0]!)}`);
    names[column] = name.data;
  }
  return names;
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
      // An approvers cell names people: described by its size, never quoted.
      const given = column.startsWith(APPROVER_PREFIX) ? unquoted(text) : shown(text);
      village.problems.push({ line: row.line, text: `line ${row.line}, field ${column}: got ${given}; accepted: ${accepted}` });
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
  const people = text
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean);
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
    [...values]
      .filter(([column]) => column.startsWith(APPROVER_PREFIX))
      .map(([column, { value }]) => [column.slice(APPROVER_PREFIX.length), value]),
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
        problems.push({
          line: row.line,
          text: `line ${row.line}, field ${column}: got ${shownAt(issue.path, row.cell(column))}; accepted: ${acceptedBy(issue)}`,
        });
      } else if (top === 'roster' && issue.path.length === 1 && issue.code === 'custom') {
        // Reported below from the rows' standing, also when other rows are invalid.
      } else if (top === 'approvers' || top === 'method') {
        const column = top === 'method' ? 'method' : `${APPROVER_PREFIX}${String(index)}`;
        const given = values.get(column);
        problems.push({
          line: given?.line ?? lines[0]!,
          text: `${given ? `line ${given.line}` : '--method'}, field ${column}: got ${top === 'approvers' ? unquoted(given?.text) : shown(given?.text ?? chosenMethod)}; accepted: ${acceptedBy(issue)}`,
        });
      } else
        villageProblem(`${fieldPath(issue.path)}: got ${shownAt(issue.path, valueAt(raw, issue.path))}; accepted: ${acceptedBy(issue)}`);
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
  if (seatsWrong)
    problems.push({ line: seats!.line, text: `line ${seats!.line}, field seats: got ${shown(seats!.text)}; accepted: ${seatsWrong}` });

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
