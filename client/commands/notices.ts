import type { StoredNotice } from '../../activities/store';
import { CHANNELS, type DeliveryRecord } from '../../activities/delivery';
import { table, toJson } from '../format';
import { badInput, EXIT, JSON_OPTION, parse, say, type Command } from './common';
import { STORE_USAGE, withStore } from './store';

const listOptions = { ...JSON_OPTION, village: { type: 'string' }, town: { type: 'string' }, store: { type: 'string' } } as const;

/**
 * Where a notice stands on each channel: the outbox holds every stored notice; other channels show their
 * deliveries' states, counted when a channel has several recipients ("email: 2 confirmed, 1 failed").
 */
export function deliverySummary(deliveries: DeliveryRecord[]): string {
  const parts = CHANNELS.flatMap((channel) => {
    const onChannel = deliveries.filter((d) => d.channel === channel);
    if (!onChannel.length) return channel === 'outbox' ? ['outbox: posted'] : [];
    const counts = new Map<string, number>();
    for (const d of onChannel) counts.set(d.state, (counts.get(d.state) ?? 0) + 1);
    const states = [...counts].map(([state, n]) => (onChannel.length === 1 ? state : `${n} ${state}`));
    return [`${channel}: ${states.join(', ')}`];
  });
  return parts.join('; ');
}

/** `election notices`: the outbox of the outcome store, with each notice's delivery state per channel. */
export const noticesCommand: Command = {
  name: 'notices',
  summary: 'list the notices in the outbox (the outcome store) with their delivery state per channel',
  usage: `election notices [--village V] [--town T] [--json]

${STORE_USAGE}
  --json          print the notices, with their text and deliveries, as JSON`,
  async run(args) {
    const { values } = parse('notices', args, listOptions);
    const notices = await withStore(values.store, (store) => store.notices({ village: values.village, town: values.town }));
    if (values.json) say(toJson(notices));
    else if (!notices.length) say('no notices in the outbox yet');
    else {
      say(
        table(
          ['id', 'at', 'village', 'town', 'term', 'to', 'title', 'delivery'],
          notices.map((n) => [String(n.id), n.at, n.village, n.town, String(n.term), n.audience, n.title, deliverySummary(n.deliveries)]),
        ),
      );
      say(`${notices.length} notice(s); read one with: election notice show ID [--html]`);
    }
    return EXIT.ok;
  },
};

const showOptions = { ...JSON_OPTION, html: { type: 'boolean' }, store: { type: 'string' } } as const;

const describe = (n: StoredNotice) =>
  `notice ${n.id} · ${n.kind} · to ${n.audience} · ${n.village}, ${n.town}, term ${n.term} · ${n.at} · ${deliverySummary(n.deliveries)}`;

/** `election notice show ID`: one notice as the village board would post it (Markdown, or HTML with --html). */
export const noticeCommand: Command = {
  name: 'notice',
  summary: 'show one notice of the outbox as the board would post it',
  usage: `election notice show ID [--html] [--json]

  --html          print the notice's HTML page instead of its Markdown
  --json          print the notice with its facts and deliveries as JSON
${STORE_USAGE}

The notice itself goes to standard output, a line about it (kind, audience, delivery) to standard error.`,
  async run(args) {
    const { values, positionals } = parse('notice', args, showOptions, true);
    const [action, id] = positionals;
    if (action !== 'show' || positionals.length !== 2) {
      throw badInput(`got ${JSON.stringify(positionals.join(' '))}; expected "show ID"`);
    }
    if (!/^\d+$/.test(id!)) throw badInput(`notice id: got ${JSON.stringify(id)}; expected a number from \`election notices\``);
    if (values.html && values.json) throw badInput('--html and --json: got both; expected one of them');
    const notice = await withStore(values.store, (store) => store.notice(Number(id)));
    if (!notice) throw badInput(`notice id: got ${id}; no such notice in the outbox (see \`election notices\`)`);
    if (values.json) {
      say(toJson({ ...notice, facts: JSON.parse(notice.facts) as unknown }));
      return EXIT.ok;
    }
    process.stderr.write(`${describe(notice)}\n`);
    process.stdout.write(values.html ? notice.html : notice.markdown);
    return EXIT.ok;
  },
};
