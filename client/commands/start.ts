import { eachAtMost } from '../../common/concurrency';
import { LATEST_MACHINE_VERSION } from '../../machines/versions';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { describeZodIssues, electionInputSchema, type ElectionInput, type ElectionInputRaw } from '../../machines/input';
import { electionMethodSchema } from '../../machines/events';
import { electionWorkflowId, TASK_QUEUE, WORKFLOW_TYPE } from '../../workflows/contract';
import { searchAttributes } from '../../workflows/searchAttributes';
import type { villageElection } from '../../workflows/villageElection';
import { toJson } from '../format';
import { readKeyFile, signStart, type Signer } from '../signing';
import { inputDifferences, runningInput } from './startInputs';
import { startProgress, type StartProgress } from '../progress';
import { readRoster, rosterProblems, validVillages, type RosterCheck, type RosterOptions, type VillageFacts } from '../roster';
import {
  badInput,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  EXIT,
  explain,
  JSON_OPTION,
  parse,
  readJsonFile,
  say,
  wholeNumber,
  withClient,
  type Command,
} from './common';

/** What starting one village's election came to. */
export interface StartResult {
  village: string;
  workflowId: string;
  /**
   * `started` now, or found already there with the same input (running, or closed with its status), or with a
   * `different-input` (its `differences` say where).
   */
  outcome: 'started' | 'already-started' | 'different-input';
  status?: string;
  differences?: string[];
}

/** Every problem with one start input (field, value, accepted), empty when it may start. */
export function inputProblems(raw: unknown): { problems: string[]; input?: ElectionInput } {
  // Checked as the version it will start on (startElection adds the latest), so the latest rules' safeguards apply here.
  const versioned =
    raw !== null && typeof raw === 'object' && (raw as { machineVersion?: unknown }).machineVersion === undefined
      ? { ...raw, machineVersion: LATEST_MACHINE_VERSION }
      : raw;
  const parsed = electionInputSchema.safeParse(versioned);
  if (!parsed.success) return { problems: describeZodIssues(parsed.error, raw) };
  return { problems: [], input: parsed.data };
}

/** Where and with what a village starts: tests pass their worker's task queue; a roster's village facts go in the memo. */
export interface StartOptions {
  taskQueue?: string;
  facts?: VillageFacts;
  /** Signs the start of an election with signed decisions (a town Party committee member's key file, or the desk's key). */
  signer?: Signer;
  /** Who the desk's key starts for (a person's key file names its owner). */
  personId?: string;
}

/**
 * The workflow's argument: the input on the statechart version of its start (the latest unless it names one), signed
 * when the election takes signed decisions. An input signed already is sent as it is (any change would break it).
 */
export function startArgument(raw: ElectionInputRaw, input: ElectionInput, options: StartOptions = {}): ElectionInputRaw {
  if (raw.startSignature !== undefined && !options.signer) return raw;
  const versioned = { ...raw, machineVersion: raw.machineVersion ?? LATEST_MACHINE_VERSION };
  if (input.signedDecisions !== true) return versioned;
  if (!options.signer) {
    throw new Error(
      `signedDecisions: ${input.village} of ${input.town} takes signed decisions, so its start must be signed too; accepted: a town Party committee member's key (election start --key FILE, or the signer option)`,
    );
  }
  return signStart({ input: versioned, signer: options.signer, personId: options.personId });
}

/**
 * Starts one village's election under its stable workflow id. Idempotent: a village already started with the same
 * input (running or finished) is reported as such, one started with another input as `different-input` with the
 * differences; only a failed, terminated or timed-out run may be started again.
 */
export async function startElection(
  client: Client,
  raw: ElectionInputRaw,
  input: ElectionInput,
  options: StartOptions = {},
): Promise<StartResult> {
  const workflowId = electionWorkflowId(input.term, input.town, input.village);
  const argument = startArgument(raw, input, options);
  try {
    await client.workflow.start<typeof villageElection>(WORKFLOW_TYPE, {
      // The election runs on the statechart version of its start, to its end.
      args: [argument],
      workflowId,
      taskQueue: options.taskQueue ?? TASK_QUEUE,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      staticSummary: `Re-election of ${input.village}, ${input.town}, term ${input.term} (${input.method})`,
      typedSearchAttributes: [
        { key: searchAttributes.town, value: input.town },
        { key: searchAttributes.village, value: input.village },
        { key: searchAttributes.term, value: input.term },
      ],
      ...(options.facts && Object.keys(options.facts).length ? { memo: { rosterFacts: options.facts } } : {}),
    });
    return { village: input.village, workflowId, outcome: 'started' };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const description = await client.workflow.getHandle(workflowId).describe();
    const status = description.status.name;
    const differences = inputDifferences(await runningInput(client, workflowId), argument);
    if (differences.length) return { village: input.village, workflowId, outcome: 'different-input', status, differences };
    return { village: input.village, workflowId, outcome: 'already-started', status };
  }
}

/** Starts at once by default: enough to keep a dev server busy without swamping a shared cluster. */
export const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 100;

/** What a roster start came to; `--json` prints it. Invalid villages are listed only with --skip-invalid (else nothing starts). */
export interface RosterStartSummary {
  total: number;
  started: number;
  alreadyStarted: number;
  /** Villages whose election already runs (or ran) with another input: nothing was started for them. */
  differentInput: Array<{ town: string; village: string; workflowId: string; status?: string; differences: string[] }>;
  failed: Array<{ town: string; village: string; workflowId: string; error: string }>;
  invalid: Array<{ town: string; village: string; where: string; problems: string[] }>;
}

/** How a roster is started. */
export interface RosterStartOptions extends RosterOptions {
  file: string;
  /** Start the valid villages and list the others, instead of starting nothing. */
  skipInvalid?: boolean;
  concurrency?: number;
  taskQueue?: string;
  /** Signs each start (required when the villages take signed decisions). */
  signer?: Signer;
  /** Progress of the starts, given how many villages will start; none when left out or undefined. */
  progress?: (total: number) => StartProgress | undefined;
}

/**
 * Reads and checks a roster for starting: a problem the file itself has, or (without skipInvalid) any
 * invalid village, is an exit-2 error listing every problem, and nothing starts.
 */
export function checkRosterForStart(options: RosterStartOptions): RosterCheck {
  const check = readRoster(options.file, options);
  const problems = rosterProblems(check);
  const valid = validVillages(check).length;
  if (check.fileProblems.length) {
    throw badInput(`--roster: ${options.file} has ${plural(problems.length, 'problem')}; nothing was started`, problems);
  }
  if (!valid) {
    throw badInput(
      `--roster: no village of ${options.file} is valid (${plural(problems.length, 'problem')}); nothing was started`,
      problems,
    );
  }
  if (problems.length && !options.skipInvalid) {
    const invalid = check.villages.length - valid;
    throw badInput(
      `--roster: ${options.file} has ${plural(problems.length, 'problem')} in ${invalid} of ${plural(check.villages.length, 'village')}; nothing was started (fix them, or pass --skip-invalid to start the ${valid} valid ones)`,
      problems,
    );
  }
  return check;
}

/** Starts the valid villages of a checked roster, `concurrency` at a time; a village that fails to start does not stop the others. */
export async function startCheckedRoster(
  client: Client,
  check: RosterCheck,
  options: Pick<RosterStartOptions, 'concurrency' | 'taskQueue' | 'progress' | 'signer'> = {},
): Promise<{ summary: RosterStartSummary; results: StartResult[] }> {
  const villages = validVillages(check);
  const summary: RosterStartSummary = {
    total: check.villages.length,
    started: 0,
    alreadyStarted: 0,
    differentInput: [],
    failed: [],
    invalid: check.villages.filter((v) => !v.input).map(({ town, village, where, problems }) => ({ town, village, where, problems })),
  };
  const results: Array<StartResult | undefined> = [];
  const failed: Array<RosterStartSummary['failed'][number] | undefined> = [];
  const different: Array<RosterStartSummary['differentInput'][number] | undefined> = [];
  const progress = options.progress?.(villages.length);
  const startOne = async (village: (typeof villages)[number], index: number): Promise<void> => {
    try {
      const result = await startElection(client, village.raw, village.input, {
        taskQueue: options.taskQueue,
        facts: village.facts,
        signer: options.signer,
      });
      results[index] = result;
      if (result.outcome === 'started') summary.started += 1;
      else if (result.outcome === 'already-started') summary.alreadyStarted += 1;
      else {
        const { status, differences = [] } = result;
        different[index] = { town: village.town, village: village.village, workflowId: result.workflowId, status, differences };
        progress?.note(`a different input is already running for ${village.village} of ${village.town} (${result.workflowId})`);
      }
      progress?.record(result.outcome === 'started' ? 'started' : 'already');
    } catch (err) {
      failed[index] = { town: village.town, village: village.village, workflowId: village.workflowId!, error: explain(err) };
      progress?.record('failed');
      progress?.note(`failed to start ${village.village} of ${village.town}: ${explain(err)}`);
    }
  };
  try {
    await eachAtMost(villages, options.concurrency ?? DEFAULT_CONCURRENCY, startOne);
  } finally {
    progress?.finish();
  }
  // In file order, whatever order the starts finished in.
  summary.failed = failed.filter((f) => f !== undefined);
  summary.differentInput = different.filter((d) => d !== undefined);
  return { summary, results: results.filter((r) => r !== undefined) };
}

/** Checks a roster, then starts it: what `election start --roster` does, with a client the caller owns. */
export async function startRoster(client: Client, options: RosterStartOptions) {
  return startCheckedRoster(client, checkRosterForStart(options), options);
}

/**
 * Exit code of a roster start: 3 when a village already runs with another input (a person must look), else 1 when a
 * valid village failed to start (re-running retries it), else 0.
 */
export const rosterExitCode = (summary: RosterStartSummary) =>
  summary.differentInput.length ? EXIT.refused : summary.failed.length ? EXIT.failed : EXIT.ok;

/** The summary as people read it. */
export function summaryText(summary: RosterStartSummary, results: StartResult[]): string[] {
  const only = summary.total === 1 ? results[0] : undefined;
  const lines = only
    ? [
        only.outcome === 'started'
          ? `started   ${only.village}  (${only.workflowId})`
          : only.outcome === 'already-started'
            ? `already started: ${only.village}  (${only.workflowId}, ${only.status})`
            : `NOT STARTED: A DIFFERENT INPUT IS ALREADY ${only.status === 'RUNNING' ? 'RUNNING' : `THERE (${only.status})`} for ${only.village}  (${only.workflowId})`,
      ]
    : [
        `${plural(summary.total, 'village')}: ${summary.started} started, ${summary.alreadyStarted} already running or finished, ${summary.differentInput.length ? `${summary.differentInput.length} ALREADY RUNNING WITH A DIFFERENT INPUT, ` : ''}${summary.failed.length} failed${summary.invalid.length ? `, ${summary.invalid.length} invalid (skipped)` : ''}`,
      ];
  if (summary.differentInput.length) {
    lines.push(
      '',
      'a different input is already running, so nothing was started for these villages (check who started it: `election status`; a run you did not start may be forged):',
    );
    for (const d of summary.differentInput) {
      lines.push(`  ${d.village} of ${d.town} (${d.workflowId}, ${d.status}):`);
      for (const difference of d.differences) lines.push(`    - ${difference}`);
    }
  }
  if (summary.failed.length) {
    lines.push('', 'failed to start (re-run the same command to retry them; started villages are not duplicated):');
    for (const f of summary.failed) lines.push(`  ${f.village} of ${f.town} (${f.workflowId}): ${f.error}`);
  }
  if (summary.invalid.length) {
    lines.push('', 'invalid, not started (--skip-invalid):');
    for (const v of summary.invalid) {
      lines.push(`  ${v.village} of ${v.town} (${v.where}):`);
      for (const problem of v.problems) lines.push(`    - ${problem}`);
    }
  }
  return lines;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const options = {
  ...CONNECTION_OPTIONS,
  ...JSON_OPTION,
  town: { type: 'string' },
  village: { type: 'string' },
  term: { type: 'string' },
  roster: { type: 'string' },
  method: { type: 'string' },
  plan: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  concurrency: { type: 'string' },
  'signed-decisions': { type: 'boolean' },
  key: { type: 'string' },
} as const;

/** `election start`: checks every village of the roster, then starts them idempotently, a few at a time. */
export const startCommand: Command = {
  name: 'start',
  summary: "start one village's election, or every village of a town's or a county's roster (CSV or JSON)",
  usage: `election start --roster FILE [--term YEAR] [--skip-invalid] [--concurrency N] [--method M] [--plan PLAN.json] [--json]
election start --town T --village V --term YEAR --roster MEMBERS.json
election start --roster FILE --signed-decisions --key KEY.json ...

  --roster FILE     CSV (.csv): a header row, then one row per member:
                      town,village,member_id,name,gender,birth_date,joined_party,standing,education,
                      pinyin (the name in pinyin, beside the name in characters),
                      outgoing_post,village_committee_post,full_member_since (the day probation ended;
                      without it Party standing counts from one year after joined_party)
                    and optionally, repeated on each row of a village (a blank cell takes the other rows' value):
                      method,representatives,category,stable,seats,approver_<role> (id:name;id:name)
                    UTF-8 with or without BOM, CRLF or LF, fields with commas or quotes in "double quotes".
                    JSON: a town {town, term, plan?, villages: [{village, roster, method?, approvers?,
                    representatives?, category?, stable?, seats?}]}, a county {county?, term, towns: [{town,
                    plan?, villages}]}, or one village's array of members (with --town, --village, --term)
  --term YEAR       the term; required with CSV, overrides the file's with JSON
  --skip-invalid    start the valid villages and list the others with their problems
  --concurrency N   starts at once, 1 to ${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY})
  --method M        for villages that name none: ${electionMethodSchema.options.join(' | ')} (default two-recommendations-one-election)
  --plan FILE       the town plan (JSON) for every village, replacing the file's "plan"
  --signed-decisions  the elections take only signed decisions, and their starts are signed (requires --key)
  --key FILE        a town Party committee member's key file (election keys create): signs each start, over its whole
                    input (roster, approvers, plan...); the workflow refuses a start it cannot verify, recording nothing
  --json            print the summary as JSON: {total, started, alreadyStarted, differentInput: [{town, village,
                    workflowId, status, differences}], failed: [{town, village, workflowId, error}], invalid: [...]}
${CONNECTION_USAGE}

Every row is checked before anything starts. A bad file starts nothing: every problem is listed with its
line (CSV) or JSON path, the field, the value and what is accepted, and the command exits 2. A problem
outside any village (the file, its header, the term, a town's plan, a row without its town or village)
stops the file even with --skip-invalid.
Re-running is safe: workflow ids are reelection/<term>/<town>/<village>, and a village already started with the
same input is counted as already running or finished. One already running (or finished) with a DIFFERENT input
is not started: its differences are listed and the command exits 3. Progress goes to stderr: a bar on a terminal, a line every 2 s otherwise.
Exit codes: 0 every valid village started or was already there (with --skip-invalid, invalid ones are
listed); 1 some villages failed to start (the rest did; re-run to retry); 2 bad input, nothing started;
3 some villages already run with a different input.`,
  async run(args) {
    const { values } = parse('start', args, options);
    if (!values.roster) throw badInput('--roster: got nothing; accepted: a roster file, CSV or JSON (see: election start --help)');
    const concurrency = wholeNumber('concurrency', values.concurrency, `a whole number from 1 to ${MAX_CONCURRENCY}`, DEFAULT_CONCURRENCY);
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw badInput(`--concurrency: got ${concurrency}; expected a whole number from 1 to ${MAX_CONCURRENCY}`);
    }
    const signer = startSigner(values['signed-decisions'], values.key);
    const check = checkRosterForStart({
      file: values.roster,
      term: values.term,
      town: values.town,
      village: values.village,
      method: values.method,
      plan: values.plan ? readJsonFile('plan', values.plan) : undefined,
      skipInvalid: values['skip-invalid'],
    });
    const { summary, results } = await withClient(values, (client) =>
      startCheckedRoster(client, signer ? withSignedDecisions(check) : check, {
        concurrency,
        signer,
        progress: (total) => (total > 1 ? startProgress(total, process.stderr) : undefined),
      }),
    );
    if (values.json) say(toJson(summary));
    else for (const line of summaryText(summary, results)) say(line);
    return rosterExitCode(summary);
  },
};

/** The key that signs the starts: both --signed-decisions and --key, or neither. */
function startSigner(signedDecisions: boolean | undefined, key: string | undefined): Signer | undefined {
  if (signedDecisions && key === undefined) {
    throw badInput(
      "--key: got nothing; accepted: with --signed-decisions, a town Party committee member's key file (election keys create), which signs each start; nothing was started",
    );
  }
  if (key === undefined) return undefined;
  if (!signedDecisions) {
    throw badInput(
      `--key: got ${key} without --signed-decisions; accepted: --key with --signed-decisions (only an election with signed decisions checks its start's signature); nothing was started`,
    );
  }
  try {
    return { keyFile: readKeyFile(key) };
  } catch (err) {
    throw badInput(`--key: ${explain(err)}; nothing was started`);
  }
}

/** The roster's villages as elections that take only signed decisions. */
function withSignedDecisions(check: RosterCheck): RosterCheck {
  return {
    ...check,
    villages: check.villages.map((v) => ({
      ...v,
      raw: { ...v.raw, signedDecisions: true },
      ...(v.input ? { input: { ...v.input, signedDecisions: true } } : {}),
    })),
  };
}
