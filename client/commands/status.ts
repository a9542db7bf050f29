import { WorkflowNotFoundError } from '@temporalio/client';
import { statusQuery } from '../../workflows/contract';
import { formatView, toJson } from '../format';
import { memberNames } from '../memberNames';
import {
  CliError,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  EXIT,
  explain,
  JSON_OPTION,
  parse,
  say,
  selectorText,
  wholeNumber,
  withClient,
  WORKFLOW_SELECTOR_OPTIONS,
  workflowIdFrom,
  type Command,
} from './common';
import { DIAGRAM_USAGE, villageDiagram } from './diagram';
import { noRunningElection } from './notFound';

const QUERY_DEADLINE_MS = 20_000;

const options = {
  ...CONNECTION_OPTIONS,
  ...JSON_OPTION,
  ...WORKFLOW_SELECTOR_OPTIONS,
  decisions: { type: 'string' },
  diagram: { type: 'boolean' },
  svg: { type: 'string' },
} as const;

/** `election status`: the public view of one village's election. */
export const statusCommand: Command = {
  name: 'status',
  summary: "show a village's election: stage, who is awaited, deadlines, timers, decisions, refusals",
  usage: `election status --village V --town T --term YEAR [--decisions N] [--json]
election status --workflow-id ID [--json]
election status (--village V --town T --term YEAR | --workflow-id ID) --diagram [--svg FILE] [--json]

  --decisions N   how many of the latest decisions and refusals to show (default 8)
${DIAGRAM_USAGE}
  --json          print the public view as JSON
${CONNECTION_USAGE}`,
  async run(args) {
    const { values } = parse('status', args, options);
    const workflowId = workflowIdFrom(values);
    const decisions = wholeNumber('decisions', values.decisions, 'a whole number such as 8', 8);
    const { view, names } = await withClient(values, async (client) => {
      try {
        const view = await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
          client.workflow.getHandle(workflowId).query(statusQuery),
        );
        return {
          view,
          names: values.json || values.diagram || values.svg !== undefined ? undefined : await memberNames(client, workflowId),
        };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw await noRunningElection(client, workflowId, selectorText(values));
        throw new CliError(`could not query ${workflowId}: ${explain(err)} (is an election worker running? \`election dev\` starts one)`);
      }
    });
    if (values.diagram || values.svg !== undefined) {
      say(villageDiagram(workflowId, view, { svg: values.svg, json: values.json }));
      return EXIT.ok;
    }
    say(values.json ? toJson({ workflowId, ...view }) : `${workflowId}\n${formatView(view, { decisions, names })}`);
    return EXIT.ok;
  },
};
