import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { checkCsvRoster } from './csv';
import { checkJsonRosterText } from './json';
import { type RosterCheck, type RosterOptions, fileOnly } from './shared';

/**
 * Rosters for `election start --roster`: a town's or a county's villages as CSV (one row per member)
 * or JSON, checked row by row with the machine module's zod schemas before anything starts. Every
 * problem names where it is (a CSV file line, or a JSON path), the field, the value and what is accepted.
 */

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

/** UTF-8 with or without a byte-order mark; anything else (a GBK export, say) is named with its line. */
export function decodeUtf8(bytes: Buffer): { ok: true; text: string } | { ok: false; problem: string } {
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

export {
  acceptedBy,
  linesText,
  rosterProblems,
  validVillages,
  villageFactsSchema,
  type RosterCheck,
  type RosterOptions,
  type RosterVillage,
  type VillageFacts,
} from './shared';
export { checkCsvRoster, CSV_COLUMNS, MEMBER_COLUMNS, parseCsv, type CsvRecord } from './csv';
export { checkJsonRoster, checkJsonRosterText } from './json';
export { generateCountyRoster, type CountyRosterFile } from './generate';
