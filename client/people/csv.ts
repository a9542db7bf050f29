import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { countyNameSchema, personSchema, type ImportLine } from '../../activities/store';
import { electionInputSchema } from '../../machines/input';
import { roleSchema, ROLES } from '../../machines/roles';
import { thousands } from '../../machines/text';
import { acceptedBy, decodeUtf8, parseCsv } from '../roster';
import { shown } from '../roster/shared';
import { beijingDayStart, DAY_ACCEPTED, isRegistryDay } from './options';

/**
 * The people file `election people import` reads: CSV, one line per person and assignment, read with the roster
 * reader's CSV parser and its care (UTF-8 only, quotes checked, every value quoted back cut short with hidden
 * characters escaped). Each problem names its line, field, value and what is accepted.
 */

/** The file's columns: a person's on every line; a role and its scope (county, or town and maybe village) when the line assigns one. */
export const PEOPLE_CSV_COLUMNS = {
  required: ['person_id', 'name'],
  optional: ['contact', 'role', 'county', 'town', 'village', 'valid_from', 'valid_until'],
} as const;

/** The most lines a people file may hold: a county's people with room to spare. */
export const MAX_PEOPLE_LINES = 10_000;

/** A people file checked: its lines ready to import, or the problems that refuse it. */
export interface PeopleFile {
  lines: ImportLine[];
  problems: string[];
}

const ALL_COLUMNS: readonly string[] = [...PEOPLE_CSV_COLUMNS.required, ...PEOPLE_CSV_COLUMNS.optional];
const SCOPE_COLUMNS = ['county', 'town', 'village', 'valid_from', 'valid_until'] as const;

/** Reads and checks a people file. */
export function readPeopleFile(file: string): PeopleFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { lines: [], problems: [`FILE: cannot read ${JSON.stringify(file)} (${code}); accepted: a readable CSV file`] };
  }
  const text = decodeUtf8(bytes);
  return text.ok ? checkPeopleCsv(text.text) : { lines: [], problems: [text.problem] };
}

/** Checks the text of a people file, line by line; any problem refuses the whole file. */
export function checkPeopleCsv(text: string): PeopleFile {
  const { records, unclosed } = parseCsv(text);
  const problems: string[] = [];
  if (unclosed !== undefined)
    problems.push(`line ${unclosed}: a quoted field is never closed; accepted: a closing double quote (inner quotes doubled as "")`);
  const [header, ...body] = records;
  if (!header) return { lines: [], problems: ['the CSV file is empty; accepted: a header row, then one row per person and assignment'] };
  if (body.length > MAX_PEOPLE_LINES)
    return {
      lines: [],
      problems: [`the file has ${thousands(body.length)} rows after its header; accepted: at most ${thousands(MAX_PEOPLE_LINES)}`],
    };

  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const before = problems.length;
  for (const missing of PEOPLE_CSV_COLUMNS.required.filter((c) => !columns.includes(c)))
    problems.push(
      `line ${header.line}, header: no column ${missing}; accepted: a header with ${PEOPLE_CSV_COLUMNS.required.join(', ')}, and optionally ${PEOPLE_CSV_COLUMNS.optional.join(', ')}`,
    );
  columns.forEach((column, index) => {
    if (columns.indexOf(column) !== index)
      problems.push(`line ${header.line}, header: got the column ${shown(column)} twice; accepted: each column once`);
    else if (!ALL_COLUMNS.includes(column))
      problems.push(`line ${header.line}, header: got the column ${shown(header.cells[index])}; accepted: ${ALL_COLUMNS.join(', ')}`);
  });
  if (problems.length > before) return { lines: [], problems };
  if (!body.length)
    return {
      lines: [],
      problems: [`line ${header.line}: the header is the last row; accepted: one row per person and assignment after it`],
    };

  const lines: ImportLine[] = [];
  for (const record of body) {
    const line = record.line;
    if (record.problem) {
      problems.push(record.problem);
      continue;
    }
    if (record.cells.length !== columns.length) {
      problems.push(
        `line ${line}: got ${record.cells.length} fields; accepted: ${columns.length}, one per header column (a value with a comma needs double quotes)`,
      );
      continue;
    }
    const cell = (column: string) => (columns.includes(column) ? record.cells[columns.indexOf(column)]!.trim() : '');
    const wrong: string[] = [];
    const field = <S extends z.ZodType>(column: string, schema: S): z.output<S> | undefined => {
      const parsed = schema.safeParse(cell(column));
      if (parsed.success) return parsed.data;
      wrong.push(`line ${line}, field ${column}: got ${shown(cell(column))}; accepted: ${acceptedBy(parsed.error.issues[0]!)}`);
      return undefined;
    };
    const person = {
      id: field('person_id', personSchema.shape.id),
      name: field('name', personSchema.shape.name),
      ...(cell('contact') !== '' ? { contact: field('contact', personSchema.shape.contact.unwrap()) } : {}),
    };
    const assignment = cell('role') === '' ? noAssignment(line, cell, wrong) : assignmentOf(line, cell, field, wrong);
    problems.push(...wrong);
    if (!wrong.length) lines.push({ line, person: person as ImportLine['person'], ...(assignment ? { assignment } : {}) });
  }
  return problems.length ? { lines: [], problems: byLine(problems) } : { lines, problems };
}

/** Problems in file order: each begins with its line (a stable sort keeps a line's own problems in their order). */
const byLine = (problems: string[]) =>
  [...problems].sort((a, b) => Number(/^line (\d+)/.exec(a)?.[1] ?? 0) - Number(/^line (\d+)/.exec(b)?.[1] ?? 0));

type Cell = (column: string) => string;

/** A line without a role adds its person only: it may not give a scope or dates. */
function noAssignment(line: number, cell: Cell, wrong: string[]): undefined {
  const given = SCOPE_COLUMNS.find((c) => cell(c) !== '');
  if (given)
    wrong.push(`line ${line}, field role: got ""; accepted: one of ${ROLES.join(', ')} (the line gives ${given} ${shown(cell(given))})`);
  return undefined;
}

/** A line's assignment: its role, its scope (a county, or a town and maybe a village) and its Beijing days. */
function assignmentOf(
  line: number,
  cell: Cell,
  field: <S extends z.ZodType>(column: string, schema: S) => z.output<S> | undefined,
  wrong: string[],
): ImportLine['assignment'] {
  const role = field('role', roleSchema);
  const [county, town, village] = [cell('county'), cell('town'), cell('village')];
  let scope: NonNullable<ImportLine['assignment']>['scope'] | undefined;
  if (county !== '' && (town !== '' || village !== ''))
    wrong.push(
      `line ${line}, field county: got ${shown(county)} beside town ${shown(town || village)}; accepted: a county, or a town (and a village), not both`,
    );
  else if (county !== '') scope = { county: field('county', countyNameSchema)! };
  else if (town === '')
    wrong.push(`line ${line}, field town: got ""; accepted: the town the role is over (or a county, or a town and a village)`);
  else {
    const townName = field('town', electionInputSchema.shape.town);
    const villageName = village === '' ? undefined : field('village', electionInputSchema.shape.village);
    scope = village === '' ? { town: townName! } : { town: townName!, village: villageName! };
  }
  const day = (column: 'valid_from' | 'valid_until') => {
    const text = cell(column);
    if (text === '') return undefined;
    if (isRegistryDay(text)) return beijingDayStart(text);
    wrong.push(`line ${line}, field ${column}: got ${shown(text)}; accepted: ${DAY_ACCEPTED}`);
    return undefined;
  };
  // A start is required, not taken as "now", so that importing the file again finds its assignments recorded.
  if (cell('valid_from') === '')
    wrong.push(`line ${line}, field valid_from: got ""; accepted: the Beijing day the role starts, YYYY-MM-DD, such as 2026-03-02`);
  const validFrom = day('valid_from');
  const validUntil = day('valid_until');
  if (validFrom !== undefined && validUntil !== undefined && validUntil <= validFrom)
    wrong.push(
      `line ${line}, field valid_until: got ${shown(cell('valid_until'))}; accepted: a day after valid_from (${cell('valid_from')})`,
    );
  if (!role || !scope || validFrom === undefined) return undefined;
  return { role, scope, validFrom, ...(validUntil !== undefined ? { validUntil } : {}) };
}
