import {
  buildTownReport,
  readTownOutcomes,
  renderReport,
  REPORT_FORMATS,
  runningElectionSchema,
  type ReportFormat,
  type RunningElection,
} from '../../report';
import { plural } from '../../machines/rules';
import { searchAttributes } from '../../workflows/searchAttributes';
import {
  badInput,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  EXIT,
  explain,
  parse,
  required,
  say,
  wholeNumber,
  withClient,
  writePrivateFile,
  type Command,
} from './common';
import { electionQuery } from '../visibility';
import { STORE_USAGE, withStore } from './store';

const options = {
  ...CONNECTION_OPTIONS,
  town: { type: 'string' },
  term: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  store: { type: 'string' },
  offline: { type: 'boolean' },
} as const;

/** The town's elections still running in Temporal (a postponed village's election is one), from visibility. */
export async function runningElections(
  values: { address?: string; namespace?: string },
  town: string,
  term: number,
): Promise<RunningElection[]> {
  const query = `${electionQuery({ town, term })} AND ExecutionStatus = "Running"`;
  return withClient(values, async (client) => {
    const found: RunningElection[] = [];
    for await (const info of client.workflow.list({ query })) {
      const attrs = info.typedSearchAttributes;
      found.push(
        runningElectionSchema.parse({
          workflowId: info.workflowId,
          village: attrs.get(searchAttributes.village) ?? info.workflowId,
          stage: attrs.get(searchAttributes.stage),
        }),
      );
    }
    return found;
  });
}

/** `election report`: the town's summary report (the figures of a 工作总结) from the outcome store. */
export const reportCommand: Command = {
  name: 'report',
  summary: "the town's summary report from the outcome store, as Markdown, HTML with charts, or JSON",
  usage: `election report --town T [--term YEAR] [--format md|html|json] [--out FILE] [--store FILE] [--offline]

  --town T        the town
  --term YEAR     the term (default: the latest term recorded for the town)
  --format F      md (default), html (one self-contained file with charts) or json
  --out FILE      write the report to FILE instead of printing it
${STORE_USAGE}
  --offline       do not ask Temporal which elections are still running (the report then says it does not know)
${CONNECTION_USAGE}

Every format lists the inconsistencies among the records, if any, before the figures: the outcomes against
themselves and against the committee tables, and any step recorded twice with different content (a Temporal
reset). The report is written either way; the exit code is ${EXIT.inconsistent} when it lists any, so that a script
notices. The file written with --out is readable by its owner only (mode 0600).`,
  async run(args) {
    const { values } = parse('report', args, options);
    const town = required(values, 'town', 'the name of a town, for example --town Heluo');
    const format = (values.format ?? 'md') as ReportFormat;
    if (!REPORT_FORMATS.includes(format))
      throw badInput(`--format: got ${JSON.stringify(values.format)}; expected one of ${REPORT_FORMATS.join(', ')}`);
    const askedTerm = values.term === undefined ? undefined : wholeNumber('term', values.term, 'a year such as 2026');
    const { term, outcomes, committees, conflicts, location } = await withStore(values.store, async (store) => ({
      ...(await readTownOutcomes(store, { town, term: askedTerm })),
      location: store.location,
    }));
    if (term === undefined)
      throw badInput(
        `--town: no outcome is recorded for ${JSON.stringify(town)} in ${location}; give --term YEAR to report on elections still running`,
      );

    let running: RunningElection[] | undefined;
    if (!values.offline) {
      try {
        running = await runningElections(values, town, term);
      } catch (err) {
        process.stderr.write(
          `election report: running elections not known (${explain(err)}); the report says so. Use --offline to skip asking.\n`,
        );
      }
    }
    const report = buildTownReport({ town, term, outcomes, running, committees, conflicts });
    const text = renderReport(report, format);
    if (values.out) {
      try {
        writePrivateFile(values.out, text);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        throw badInput(`--out: cannot write ${JSON.stringify(values.out)} (${code}); expected a path in a folder you can write to`);
      }
      say(`${format} report of ${town}, term ${term}, written to ${values.out}`);
    } else {
      process.stdout.write(text);
    }
    if (report.inconsistencies.length) {
      process.stderr.write(
        `election report: ${plural(report.inconsistencies.length, 'inconsistency', 'inconsistencies')} among the records; they head the report (exit ${EXIT.inconsistent})\n`,
      );
      return EXIT.inconsistent;
    }
    return EXIT.ok;
  },
};
