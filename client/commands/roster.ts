import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { votingMembers } from '../../machines/rules';
import { factsQuery } from '../../workflows/contract';
import { searchAttributes } from '../../workflows/searchAttributes';
import { table, toJson } from '../format';
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
  selectorText,
  withClient,
  WORKFLOW_SELECTOR_OPTIONS,
  workflowIdFrom,
  type Command,
} from './common';
import { noRunningElection } from './notFound';

const QUERY_DEADLINE_MS = 20_000;

const options = { ...CONNECTION_OPTIONS, ...JSON_OPTION, ...WORKFLOW_SELECTOR_OPTIONS } as const;

type Selector = { 'workflow-id'?: string; village?: string; town?: string; term?: string };

/**
 * The election the options name: --workflow-id, or --town and --village with --term; without --term, the village's
 * latest term that Temporal lists (a running one before a closed one of the same term).
 */
async function electionNamed(client: Client, values: Selector): Promise<string> {
  if (values['workflow-id'] || values.term !== undefined) return workflowIdFrom(values);
  const missing = (['town', 'village'] as const).filter((k) => !values[k]);
  if (missing.length) {
    throw badInput(
      `${missing.map((m) => `--${m}`).join(', ')}: got nothing; expected --town T --village V [--term YEAR] (or --workflow-id ID)`,
    );
  }
  const { town, village } = values as { town: string; village: string };
  const found: { workflowId: string; term: number; running: boolean }[] = [];
  for await (const info of client.workflow.list({ query: electionQuery({ town, village }) })) {
    found.push({
      workflowId: info.workflowId,
      term: info.typedSearchAttributes.get(searchAttributes.term) ?? 0,
      running: info.status.name === 'RUNNING',
    });
  }
  const latest = found.sort((a, b) => b.term - a.term || Number(b.running) - Number(a.running))[0];
  if (!latest) {
    throw badInput(
      `--town ${JSON.stringify(town)} --village ${JSON.stringify(village)}: no election of this village is known to Temporal; check the names with \`election list --town T\` (a village's name is spelt as in its roster), or give --term YEAR`,
    );
  }
  return latest.workflowId;
}

/** `election roster`: the members of a village's election by id and name, from its facts query. */
export const rosterCommand: Command = {
  name: 'roster',
  summary: "list a village's members with id, name (and pinyin where the roster gives it), standing and outgoing post",
  usage: `election roster --town T --village V [--term YEAR] [--json]
election roster --workflow-id ID [--json]

  --term YEAR   the election's term; without it, the village's latest election that Temporal lists
  --json        print the members as JSON
${CONNECTION_USAGE}

Member ids are what decisions name (candidates, present, votes); this is where to look them up.`,
  async run(args) {
    const { values } = parse('roster', args, options);
    const { workflowId, facts } = await withClient(values, async (client) => {
      const workflowId = await electionNamed(client, values);
      try {
        const facts = await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
          client.workflow.getHandle(workflowId).query(factsQuery),
        );
        return { workflowId, facts };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw await noRunningElection(client, workflowId, selectorText(values));
        throw new CliError(`could not query ${workflowId}: ${explain(err)} (is an election worker running? \`election dev\` starts one)`);
      }
    });
    const members = facts.roster.map((m) => ({
      id: m.id,
      name: m.name,
      ...(m.pinyin ? { pinyin: m.pinyin } : {}),
      standing: m.standing,
      ...(m.outgoingPost ? { outgoingPost: m.outgoingPost } : {}),
    }));
    if (values.json) {
      say(toJson({ workflowId, town: facts.town, village: facts.village, term: facts.term, members }));
      return EXIT.ok;
    }
    say(
      `${facts.village}, ${facts.town}, term ${facts.term}: ${members.length} members, ${votingMembers(facts.roster).length} of them full members who vote`,
    );
    // The pinyin column only when the roster gives one: it helps whoever cannot type the characters find a member.
    const pinyin = members.some((m) => m.pinyin !== undefined);
    say(
      table(
        ['id', 'name', ...(pinyin ? ['pinyin'] : []), 'standing', 'outgoing post'],
        members.map((m) => [m.id, m.name, ...(pinyin ? [m.pinyin ?? '-'] : []), m.standing, m.outgoingPost ?? '-']),
      ),
    );
    return EXIT.ok;
  },
};
