import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { openStore, resolveTarget, type OutcomeStore } from '../../activities/store';
import { OFFICIAL_CALENDAR_YEARS, plural, PROVISIONAL_CALENDAR_YEARS, type CalendarYear } from '../../machines/rules';
import { calendarSignal } from '../../workflows/contract';
import { NOTICE_FILE_EXAMPLE, readCalendarNotice } from '../calendarNotice';
import { toJson } from '../format';
import { electionQuery } from '../visibility';
import {
  badInput,
  CliError,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  EXIT,
  explain,
  JSON_OPTION,
  parse,
  say,
  withClient,
  type Command,
} from './common';
import { STORE_USAGE, withStore } from './store';

const options = {
  ...CONNECTION_OPTIONS,
  ...JSON_OPTION,
  store: { type: 'string' },
  town: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

/** What loading a notice did: stored, and told to the elections running. */
export interface CalendarLoad {
  year: CalendarYear;
  stored: boolean;
  signalled: string[];
  failed: { workflowId: string; reason: string }[];
}

/**
 * Keeps a validated notice in the outcome store (the worker gives the stored years to every election it starts) and
 * sends it to every running election as the `calendar` signal. Loading the same notice again is harmless.
 */
export async function loadCalendarNotice(
  store: OutcomeStore,
  client: Client,
  year: CalendarYear,
  options: { town?: string; now?: Date } = {},
): Promise<CalendarLoad> {
  const now = options.now ?? new Date();
  await store.saveCalendarNotice(year, now.toISOString());
  const signalled: string[] = [];
  const failed: CalendarLoad['failed'] = [];
  const query = `${electionQuery({ town: options.town })} AND ExecutionStatus = "Running"`;
  for await (const info of client.workflow.list({ query })) {
    try {
      await client.workflow.getHandle(info.workflowId, info.runId).signal(calendarSignal, year);
      signalled.push(info.workflowId);
    } catch (err) {
      failed.push({ workflowId: info.workflowId, reason: explain(err) });
    }
  }
  return { year, stored: true, signalled: signalled.sort(), failed };
}

function readNoticeFile(file: string): CalendarYear {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw badInput(
      `FILE: cannot read ${JSON.stringify(file)} (${(err as NodeJS.ErrnoException).code ?? String(err)}); expected a notice file`,
    );
  }
  const read = readCalendarNotice(text);
  if (!read.ok) throw badInput(`${file}: the notice was not loaded (nothing was changed)`, read.problems);
  return read.year;
}

async function writableStore(file: string | undefined): Promise<OutcomeStore> {
  let target: ReturnType<typeof resolveTarget>;
  try {
    target = resolveTarget(file === undefined ? {} : { file });
  } catch (err) {
    throw badInput((err as Error).message);
  }
  return openStore(target.dialect === 'sqlite' ? { file: target.file } : { url: target.url });
}

const summary = (year: CalendarYear) =>
  `${year.year}: ${year.notice.title} (${year.notice.number}, issued ${year.notice.issuedOn}): ${plural(year.holidays.length, 'holiday')}, ${plural(year.makeUpWorkdays.length, 'make-up working day')}`;

/** `election calendar`: load a State Council holiday notice, or show the calendar years the system knows. */
export const calendarCommand: Command = {
  name: 'calendar',
  summary: "load a State Council holiday notice (国务院办公厅关于…部分节假日安排的通知), or show each year's calendar and its source",
  usage: `election calendar load FILE [--town T] [--dry-run] [--store FILE] [--json]
election calendar show [--store FILE] [--json]

  load FILE   reads the notice file, validates every line (a wrong date is refused with its line number and
              nothing is changed), keeps it in the outcome store, and sends it to every running election
  --town T    send it only to this town's running elections (default: every running election; elections
              started later read it from the store whatever their town)
  --dry-run   only validate the file
  show        lists the years: official (with their notice) or provisional (assumed)
${STORE_USAGE}
  --json      machine-readable output
${CONNECTION_USAGE}

The notice file, one fact per line ("#" starts a comment; text after the dates is a note):

${NOTICE_FILE_EXAMPLE.split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}

How running elections learn of it: the worker gives the stored notices to each election when it starts (an
activity, so history keeps the answer), and this command sends the notice to every running election as the
\`calendar\` signal, which the workflow validates again. An election on machine version 2 or later counts every
period from then on with it, and a running timer counted over that year is counted again from its start (a
publicity ending on a new holiday moves on); one on version 1 keeps its town plan's calendar and records the
notice as refused. A deadline counted over a year without a notice is marked provisional wherever it is shown.
Loading the same notice again is harmless: re-run the command if a running election was not reached.`,
  async run(args) {
    const { values, positionals } = parse('calendar', args, options, true);
    const [action, file, ...rest] = positionals;
    if (rest.length) throw badInput(`unexpected arguments ${rest.map((r) => JSON.stringify(r)).join(' ')} (see: election calendar --help)`);
    if (action === 'show') {
      const loaded = await withStore(values.store, (store) => store.calendarNotices());
      const years = calendarYears(loaded.years);
      if (values.json) say(toJson({ ...years, unreadable: loaded.unreadable }));
      else say(formatCalendarYears(years, loaded.unreadable));
      return EXIT.ok;
    }
    if (action !== 'load')
      throw badInput(`got ${JSON.stringify(action ?? '')}; expected "load FILE" or "show" (see: election calendar --help)`);
    if (!file) throw badInput('load: got no FILE; expected the notice file to load (see: election calendar --help)');
    const year = readNoticeFile(file);
    if (values['dry-run']) {
      say(values.json ? toJson({ year, stored: false }) : `valid: ${summary(year)} (dry run: nothing stored or sent)`);
      return EXIT.ok;
    }
    const store = await writableStore(values.store);
    let load: CalendarLoad;
    try {
      load = await withClient(values, (client) => loadCalendarNotice(store, client, year, { town: values.town })).catch((err: unknown) => {
        throw new CliError(
          `the notice for ${year.year} is stored (elections started from now on use it), but the running elections were not told: ${explain(err)}; run the command again when Temporal is reachable`,
        );
      });
    } finally {
      await store.close();
    }
    if (values.json) say(toJson(load));
    else {
      say(`loaded ${summary(year)}`);
      say(`stored in ${store.location}; sent to ${plural(load.signalled.length, 'running election')}`);
      for (const f of load.failed) say(`  NOT SENT to ${f.workflowId}: ${f.reason}`);
    }
    return load.failed.length ? EXIT.failed : EXIT.ok;
  },
};

/** Each known year with its status and source: the official years (carried by the release or loaded), then the provisional ones. */
export function calendarYears(loaded: readonly (CalendarYear & { loadedAt: string })[]) {
  const official = new Map<number, { year: number; source: string; notice: CalendarYear['notice']; loadedAt?: string }>();
  for (const y of OFFICIAL_CALENDAR_YEARS) official.set(y.year, { year: y.year, source: 'this release', notice: y.notice });
  for (const y of loaded) official.set(y.year, { year: y.year, source: 'loaded', notice: y.notice, loadedAt: y.loadedAt });
  const provisional = PROVISIONAL_CALENDAR_YEARS.filter((y) => !official.has(y.year)).map((y) => ({ year: y.year, basis: y.basis }));
  return { official: [...official.values()].sort((a, b) => a.year - b.year), provisional };
}

function formatCalendarYears(years: ReturnType<typeof calendarYears>, unreadable: { year: number; problem: string }[]): string {
  const out = ['Official years (from their State Council notice):'];
  for (const y of years.official) {
    out.push(
      `  ${y.year}: ${y.notice.title} (${y.notice.number}, issued ${y.notice.issuedOn}); ${y.loadedAt ? `loaded ${y.loadedAt}` : y.source}`,
    );
  }
  out.push('Provisional years (deadlines over them are marked provisional):');
  for (const y of years.provisional) out.push(`  ${y.year}: ${y.basis}`);
  out.push('  any other year: Saturdays and Sundays only');
  for (const u of unreadable) out.push(`UNREADABLE stored notice for ${u.year}: ${u.problem}`);
  return out.join('\n');
}
