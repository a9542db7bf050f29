import { WorkflowNotFoundError } from '@temporalio/client';
import type { ElectionFacts } from '../../machines/facts';
import { NO_FACTS, PAPER_KINDS, PaperRefusal, printPaper, type PaperKind, type PaperRequest, type PrintedPaper } from '../../papers';
import { extname } from 'node:path';
import { htmlToPdf, htmlToPng } from '../../common/pdf';
import { factsQuery } from '../../workflows/contract';
import {
  badInput,
  CliError,
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
import { STORE_USAGE, withWritableStore } from './store';

const options = {
  ...CONNECTION_OPTIONS,
  town: { type: 'string' },
  village: { type: 'string' },
  term: { type: 'string' },
  round: { type: 'string' },
  out: { type: 'string' },
  store: { type: 'string' },
  by: { type: 'string' },
} as const;

const QUERY_DEADLINE_MS = 20_000;

/**
 * What a paper's HTML becomes in each format of `--out`, by file extension: the HTML itself, or an A4 PDF or a picture
 * of the sheet (with the paper's 20 mm page margin drawn around it) made by a headless Chromium (common/pdf; it throws
 * NoChromiumError naming scripts/install-browser.sh when there is none, before anything is written).
 */
const OUTPUT_FORMATS = new Map<string, (html: string) => string | Promise<Uint8Array>>([
  ['html', (html) => html],
  ['htm', (html) => html],
  ['pdf', htmlToPdf],
  ['png', (html) => htmlToPng(html, { margin: '20mm' })],
]);

/** `election print`: one of an election's papers, made from the outcome store, as print-ready HTML with its verification code. */
export const printCommand: Command = {
  name: 'print',
  summary: "print one of an election's papers (ballot, count sheet, notices, ...) from the outcome store, with its verification code",
  usage: `election print KIND --town T --village V --term YEAR [--round N] [--out FILE] [--by NAME]

  KIND            one of:
${PAPER_KINDS.map((kind) => `                    ${kind}`).join('\n')}
  --round N       the ballot round (ballot and count-sheet only): 1, 2, ... over the conference's rounds
  --out FILE      write the paper to FILE, .html, .pdf or .png (an A4 PDF, or a picture of the sheet, made by a
                  headless Chromium: bash scripts/install-browser.sh installs it and the Chinese fonts), and print
                  its verification code; without it the HTML goes to stdout and the code to stderr
  --by NAME       who prints it, kept with the paper's code
${STORE_USAGE}
${CONNECTION_USAGE}

The paper is made from the outcome store: the decisions recorded, the notices posted and the election's facts (the
roster by name, the ballots' candidates), which the worker keeps with each decision. An election recorded before the
papers existed has no facts in the store: then they are read from the running workflow through Temporal (--address).
Printing registers the paper's verification code (the same paper prints with the same code); \`election audit verify
--code CODE\` checks it against the record later. A ballot carries no code nor any other mark (it would be spoilt).
The file is written readable by its owner only: papers name people.`,
  async run(args) {
    const { values, positionals } = parse('print', args, options, true);
    if (positionals.length !== 1) {
      throw badInput(`KIND: got ${JSON.stringify(positionals.join(' '))}; expected one paper kind: ${PAPER_KINDS.join(', ')}`);
    }
    const request: PaperRequest = {
      kind: positionals[0] as PaperKind,
      town: required(values, 'town', 'the town'),
      village: required(values, 'village', 'the village'),
      term: wholeNumber('term', values.term, 'a year such as 2026'),
      ...(values.round !== undefined ? { round: wholeNumber('round', values.round, 'a round number such as 1') } : {}),
    };
    const output = values.out === undefined ? undefined : OUTPUT_FORMATS.get(extname(values.out).slice(1).toLowerCase());
    if (values.out !== undefined && !output) {
      throw badInput(`--out: got ${JSON.stringify(values.out)}; expected a file ending in .html, .pdf or .png`);
    }
    const paper = await withWritableStore(values.store, (store) =>
      refusedAsInput(() =>
        printPaper(store, request, {
          facts: (election) => liveFacts(values, election.workflow_id),
          ...(values.by ? { printedBy: values.by } : {}),
        }),
      ),
    );
    if (values.out === undefined) {
      process.stdout.write(paper.html);
      process.stderr.write(`${describe(paper)}\n`);
      return EXIT.ok;
    }
    writePrivateFile(values.out, await output!(paper.html));
    say(`${describe(paper)}; written to ${values.out}`);
    return EXIT.ok;
  },
};

const describe = (paper: PrintedPaper) =>
  `${paper.request.kind}${paper.request.round !== undefined ? ` round ${paper.request.round}` : ''} of ${paper.request.village} (${paper.request.town}, ${paper.request.term}): verification code ${paper.code}`;

/** A paper refused for its request is the person's input to correct (exit 2). */
async function refusedAsInput<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PaperRefusal) throw badInput(err.message);
    throw err;
  }
}

/** The election's facts from its workflow, for an election the store holds no facts of; refused when it is gone. */
async function liveFacts(values: { address?: string; namespace?: string }, workflowId: string): Promise<ElectionFacts> {
  try {
    return await queryFacts(values, workflowId);
  } catch (err) {
    if (err instanceof CliError && err.exitCode === EXIT.refused) throw err;
    throw new CliError(`${NO_FACTS}: ${explain(err)}`, EXIT.refused);
  }
}

function queryFacts(values: { address?: string; namespace?: string }, workflowId: string): Promise<ElectionFacts> {
  return withClient(values, async (client) => {
    try {
      return await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => client.workflow.getHandle(workflowId).query(factsQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        throw new CliError(
          `${workflowId}: the record of this election has no facts (recorded before papers existed) and Temporal no longer has the workflow; the paper cannot be made`,
          EXIT.refused,
        );
      }
      throw new CliError(`could not read the facts of ${workflowId}: ${explain(err)}`);
    }
  });
}
