import type { StoredNotice } from '../../activities/store';
import { CHANNELS, NOTICE_STATES, noticeState, type DeliveryRecord, type NoticeState } from '../../activities/delivery';
import { table, toJson } from '../format';
import { badInput, EXIT, JSON_OPTION, parse, say, type Command } from './common';
import { STORE_USAGE, withStore } from './store';

const listOptions = {
  ...JSON_OPTION,
  village: { type: 'string' },
  town: { type: 'string' },
  state: { type: 'string' },
  'count-failed': { type: 'boolean' },
  store: { type: 'string' },
} as const;

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

/** The deliveries a person should look at: given up, or tried and failed and still being retried, each with its reason. */
export function deliveryProblems(notice: StoredNotice): string[] {
  return notice.deliveries
    .filter((d) => d.state === 'failed' || (d.state === 'sending' && d.lastError !== null))
    .map((d) => {
      const tries = `${d.attempts} ${d.attempts === 1 ? 'try' : 'tries'}`;
      const what = d.state === 'failed' ? `failed after ${tries}` : `retrying after ${tries}`;
      return `notice ${notice.id} (${notice.kind}, ${notice.village}, ${notice.town}): ${d.channel} to ${d.recipient} ${what}: ${d.lastError}`;
    });
}

/** `election notices`: the outbox of the outcome store, with each notice's state and its delivery state per channel. */
export const noticesCommand: Command = {
  name: 'notices',
  summary: 'list the notices in the outbox (the outcome store) with their state (pending, delivered, failed) per channel',
  usage: `election notices [--village V] [--town T] [--state pending|delivered|failed] [--json]
election notices --count-failed [--village V] [--town T] [--json]

${STORE_USAGE}
  --state S       only the notices in state S: pending (a delivery is still being tried), delivered (every
                  delivery confirmed, or the town has only the outbox), failed (a delivery was given up)
  --count-failed  print the number of failed notices and exit 1 when there is any, 0 when none: for an alert;
                  with --json, the counts of every state ({"pending": N, "delivered": N, "failed": N})
  --json          print the notices, with their state, text and deliveries, as JSON

Delivery runs on its own, after the election has moved on: a failure that may pass (SMTP 4xx, HTTP 5xx, 408, 429,
no connection) is retried with backoff; a refusal for good (SMTP 5xx, other HTTP 4xx) or a receiver silent for the
whole retry window makes the delivery failed, with the reason shown below the table.`,
  async run(args) {
    const { values } = parse('notices', args, listOptions);
    const wanted = stateOption(values.state);
    const where = { village: values.village, town: values.town };
    if (values['count-failed']) {
      if (wanted) throw badInput('--state and --count-failed: got both; expected one of them');
      const counts = await withStore(values.store, (store) => store.noticeCounts(where));
      say(values.json ? toJson(counts) : String(counts.failed));
      return counts.failed > 0 ? EXIT.failed : EXIT.ok;
    }
    const all = await withStore(values.store, (store) => store.notices(where));
    const notices = all.map((n) => ({ ...n, state: noticeState(n.deliveries) })).filter((n) => !wanted || n.state === wanted);
    if (values.json) say(toJson(notices));
    else if (!notices.length) say(wanted ? `no ${wanted} notices` : 'no notices in the outbox yet');
    else {
      say(
        table(
          ['id', 'at', 'village', 'town', 'term', 'to', 'title', 'state', 'delivery'],
          notices.map((n) => [
            String(n.id),
            n.at,
            n.village,
            n.town,
            String(n.term),
            n.audience,
            n.title,
            n.state,
            deliverySummary(n.deliveries),
          ]),
        ),
      );
      const problems = notices.flatMap(deliveryProblems);
      if (problems.length) say(['', ...problems].join('\n'));
      const counts = NOTICE_STATES.map((state) => `${notices.filter((n) => n.state === state).length} ${state}`).join(', ');
      say(`${notices.length} notice(s): ${counts}; read one with: election notice show ID [--html]`);
    }
    return EXIT.ok;
  },
};

/** The --state option, checked against the notice states. */
function stateOption(value: string | undefined): NoticeState | undefined {
  if (value === undefined) return undefined;
  if ((NOTICE_STATES as readonly string[]).includes(value)) return value as NoticeState;
  throw badInput(`--state: got ${JSON.stringify(value)}; expected one of ${NOTICE_STATES.join(', ')}`);
}

const showOptions = { ...JSON_OPTION, html: { type: 'boolean' }, store: { type: 'string' } } as const;

const describe = (n: StoredNotice) =>
  `notice ${n.id} · ${n.kind} · to ${n.audience} · ${n.village}, ${n.town}, term ${n.term} · ${n.at} · ${noticeState(n.deliveries)} · ${deliverySummary(n.deliveries)}`;

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
      say(toJson({ ...notice, state: noticeState(notice.deliveries), facts: JSON.parse(notice.facts) as unknown }));
      return EXIT.ok;
    }
    process.stderr.write(`${[describe(notice), ...deliveryProblems(notice)].join('\n')}\n`);
    process.stdout.write(values.html ? notice.html : notice.markdown);
    return EXIT.ok;
  },
};
