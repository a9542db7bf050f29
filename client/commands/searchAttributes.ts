import { ensureSearchAttributes } from '../registerSearchAttributes';
import { SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { toJson } from '../format';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, EXIT, JSON_OPTION, parse, say, withClient, type Command } from './common';

const options = { ...CONNECTION_OPTIONS, ...JSON_OPTION } as const;

/** `election search-attributes`: registers the custom search attributes on a cluster (once per namespace). */
export const searchAttributesCommand: Command = {
  name: 'search-attributes',
  summary: 'register the custom search attributes on a Temporal cluster (production set-up, once per namespace)',
  usage: `election search-attributes [--address HOST:PORT] [--namespace NS] [--json]

Registers ${Object.entries(SEARCH_ATTRIBUTES)
    .map(([name, type]) => `${name} (${type})`)
    .join(', ')}.
Attributes already registered are left alone; one registered with another type is an error.
The embedded dev server (election dev / demo) registers them by itself.
${CONNECTION_USAGE}`,
  async run(args) {
    const { values } = parse('search-attributes', args, options);
    const added = await withClient(values, (client) =>
      ensureSearchAttributes(client.connection, values.namespace ?? client.options.namespace),
    );
    if (values.json) say(toJson({ added, all: Object.keys(SEARCH_ATTRIBUTES) }));
    else say(added.length ? `registered: ${added.join(', ')}` : 'all search attributes were already registered');
    return EXIT.ok;
  },
};
