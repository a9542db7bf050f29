import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { describeZodIssues, electionInputSchema, type ElectionInput, type ElectionInputRaw } from '../../machines/input';
import { electionMethodSchema } from '../../machines/events';
import { electionWorkflowId, TASK_QUEUE, WORKFLOW_TYPE } from '../../workflows/contract';
import { searchAttributes } from '../../workflows/searchAttributes';
import type { villageElection } from '../../workflows/villageElection';
import { toJson } from '../format';
import {
  badInput,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  EXIT,
  JSON_OPTION,
  parse,
  readJsonFile,
  say,
  withClient,
  type Command,
} from './common';

/** What starting one village's election came to. */
export interface StartResult {
  village: string;
  workflowId: string;
  /** `started` now, or found already there (running, or closed with its status). */
  outcome: 'started' | 'already-started';
  status?: string;
}

/** Every problem with one start input (field, value, accepted), empty when it may start. */
export function inputProblems(raw: unknown): { problems: string[]; input?: ElectionInput } {
  const parsed = electionInputSchema.safeParse(raw);
  if (!parsed.success) return { problems: describeZodIssues(parsed.error, raw) };
  return { problems: [], input: parsed.data };
}

/**
 * Starts one village's election under its stable workflow id. Idempotent: a village already started
 * (running or finished) is reported as such; only a failed, terminated or timed-out run may be started again.
 */
export async function startElection(client: Client, raw: ElectionInputRaw, input: ElectionInput): Promise<StartResult> {
  const workflowId = electionWorkflowId(input.term, input.town, input.village);
  try {
    await client.workflow.start<typeof villageElection>(WORKFLOW_TYPE, {
      args: [raw],
      workflowId,
      taskQueue: TASK_QUEUE,
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      staticSummary: `Re-election of ${input.village}, ${input.town}, term ${input.term} (${input.method})`,
      typedSearchAttributes: [
        { key: searchAttributes.town, value: input.town },
        { key: searchAttributes.village, value: input.village },
        { key: searchAttributes.term, value: input.term },
      ],
    });
    return { village: input.village, workflowId, outcome: 'started' };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const description = await client.workflow.getHandle(workflowId).describe();
    return { village: input.village, workflowId, outcome: 'already-started', status: description.status.name };
  }
}

const TOWN_FILE_KEYS = ['town', 'term', 'villages', 'plan'];

/** The start inputs named by the command line: one village, or each village of a town roster file. */
function inputsFrom(values: Record<string, string | boolean | undefined>): ElectionInputRaw[] {
  const rosterFile = values.roster as string | undefined;
  if (!rosterFile) {
    throw badInput('--roster: got nothing; expected a JSON file: an array of members, or {town, term, villages: [...], plan?}');
  }
  const file = readJsonFile('roster', rosterFile);
  const method = values.method as string | undefined;
  if (method !== undefined && !electionMethodSchema.safeParse(method).success) {
    throw badInput(`--method: got ${JSON.stringify(method)}; expected one of ${electionMethodSchema.options.join(', ')}`);
  }
  const plan = values.plan ? readJsonFile('plan', values.plan as string) : undefined;
  const term = values.term === undefined ? undefined : /^\d+$/.test(values.term as string) ? Number(values.term) : values.term;
  const common = (fromFile: { town?: unknown; term?: unknown; plan?: unknown }) => ({
    town: values.town ?? fromFile.town,
    term: term ?? fromFile.term,
    ...(method ? { method } : {}),
    ...((plan ?? fromFile.plan) !== undefined ? { plan: plan ?? fromFile.plan } : {}),
  });

  if (Array.isArray(file)) {
    if (!values.village) throw badInput('--village: got nothing; expected the village name (the roster file is one village\'s members)');
    return [{ ...common({}), village: values.village, roster: file } as ElectionInputRaw];
  }
  if (!file || typeof file !== 'object' || !Array.isArray((file as { villages?: unknown }).villages)) {
    throw badInput(
      `--roster: ${rosterFile} holds ${JSON.stringify(file)?.slice(0, 60)}; expected a JSON array of members, or an object {town, term, villages: [{village, roster, method?, approvers?}], plan?}`,
    );
  }
  const town = file as { town?: unknown; term?: unknown; plan?: unknown; villages: unknown[] };
  const unknownKeys = Object.keys(town).filter((k) => !TOWN_FILE_KEYS.includes(k));
  if (unknownKeys.length) throw badInput(`--roster: ${rosterFile} has unknown keys ${unknownKeys.join(', ')}; accepted: ${TOWN_FILE_KEYS.join(', ')}`);
  if (values.village) throw badInput('--village: not accepted with a town roster file (it names its villages)');
  if (!town.villages.length) throw badInput(`--roster: ${rosterFile} lists no villages; expected at least one in "villages"`);
  return town.villages.map((entry) => ({ ...common(town), ...(entry as object) }) as ElectionInputRaw);
}

const options = {
  ...CONNECTION_OPTIONS,
  ...JSON_OPTION,
  town: { type: 'string' },
  village: { type: 'string' },
  term: { type: 'string' },
  roster: { type: 'string' },
  method: { type: 'string' },
  plan: { type: 'string' },
} as const;

/** `election start`: validates every input, then starts each village idempotently. */
export const startCommand: Command = {
  name: 'start',
  summary: "start one village's election, or every village of a town roster file",
  usage: `election start --town T --village V --term YEAR --roster MEMBERS.json [--method M] [--plan PLAN.json]
election start --roster TOWN.json [--plan PLAN.json]

  --roster FILE   one village: a JSON array of members; a town: {town, term, villages: [{village, roster, method?, approvers?}], plan?}
  --method M      ${electionMethodSchema.options.join(' | ')} (default two-recommendations-one-election)
  --plan FILE     the town plan (JSON); for a town file, overrides its "plan"
  --json          print the results as JSON
${CONNECTION_USAGE}

Every input is checked before anything starts; problems are listed (field, value, accepted) and the
command exits 2. Re-running is safe: a village already started is reported as such.`,
  async run(args) {
    const { values } = parse('start', args, options);
    const raws = inputsFrom(values);
    const checked = raws.map((raw) => ({ raw, ...inputProblems(raw) }));
    const problems = checked.flatMap((c, i) =>
      c.problems.map((p) => (raws.length > 1 ? `villages[${i}] (${String((c.raw as { village?: unknown }).village)}): ${p}` : p)),
    );
    if (problems.length) throw badInput(`the election input has ${problems.length} problem(s); nothing was started`, problems);

    const results = await withClient(values, async (client) => {
      const done: StartResult[] = [];
      for (const c of checked) done.push(await startElection(client, c.raw, c.input!));
      return done;
    });
    if (values.json) say(toJson(results));
    else
      for (const r of results) {
        say(r.outcome === 'started' ? `started   ${r.village}  (${r.workflowId})` : `already started: ${r.village}  (${r.workflowId}, ${r.status})`);
      }
    return EXIT.ok;
  },
};
