import { STAGE_IDS } from '../../machines/stages';
import { rolesText, stageText, table, toJson } from '../format';
import { electionQuery } from '../visibility';
import { searchAttributes } from '../../workflows/searchAttributes';
import {
  badInput,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  EXIT,
  JSON_OPTION,
  parse,
  say,
  wholeNumber,
  withClient,
  type Command,
} from './common';

const options = {
  ...CONNECTION_OPTIONS,
  ...JSON_OPTION,
  town: { type: 'string' },
  stage: { type: 'string' },
  term: { type: 'string' },
} as const;

/** `election list`: villages found by the visibility query on the custom search attributes. */
export const listCommand: Command = {
  name: 'list',
  summary: 'list villages with their stage and whom they wait for',
  usage: `election list [--town T] [--term YEAR] [--stage STAGE] [--json]

  --stage STAGE   one of: ${STAGE_IDS.join(', ')}
  --json          print the rows as JSON
${CONNECTION_USAGE}`,
  async run(args) {
    const { values } = parse('list', args, options);
    if (values.stage && !STAGE_IDS.includes(values.stage as never)) {
      throw badInput(`--stage: got ${JSON.stringify(values.stage)}; expected one of ${STAGE_IDS.join(', ')}`);
    }
    const term = values.term === undefined ? undefined : wholeNumber('term', values.term, 'a year such as 2026');
    const query = electionQuery({ town: values.town, stage: values.stage, term });
    const rows = await withClient(values, async (client) => {
      const found = [];
      for await (const info of client.workflow.list({ query })) {
        const attrs = info.typedSearchAttributes;
        found.push({
          workflowId: info.workflowId,
          town: attrs.get(searchAttributes.town) ?? '',
          village: attrs.get(searchAttributes.village) ?? '',
          term: attrs.get(searchAttributes.term),
          stage: attrs.get(searchAttributes.stage) ?? '',
          awaitingRoles: attrs.get(searchAttributes.awaitingRole) ?? [],
          postponed: attrs.get(searchAttributes.postponed) ?? false,
          status: info.status.name,
          startTime: info.startTime.toISOString(),
        });
      }
      return found.sort((a, b) => `${a.town}/${a.village}`.localeCompare(`${b.town}/${b.village}`));
    });
    if (values.json) {
      say(toJson(rows));
      return EXIT.ok;
    }
    if (!rows.length) {
      say(`no elections match: ${query}`);
      return EXIT.ok;
    }
    say(
      table(
        ['village', 'town', 'term', 'stage', 'waiting for', 'workflow'],
        rows.map((r) => [r.village, r.town, String(r.term ?? ''), stageText(r.stage), rolesText(r.awaitingRoles), r.status]),
      ),
    );
    say(`${rows.length} election(s) · query: ${query}`);
    return EXIT.ok;
  },
};
