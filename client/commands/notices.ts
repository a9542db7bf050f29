import { OutcomeStore, type NoticeRow } from '../../activities/store';
import { table, toJson } from '../format';
import { badInput, EXIT, JSON_OPTION, parse, say, type Command } from './common';

const STORE_USAGE = `  --store FILE    the outcome store (default: ELECTION_DB, else data/outcomes.sqlite of the project)`;

/** Opens the outcome store, runs fn, closes it. */
function withStore<T>(file: string | undefined, fn: (store: OutcomeStore) => T): T {
  const store = file ? new OutcomeStore(file) : new OutcomeStore();
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

const listOptions = { ...JSON_OPTION, village: { type: 'string' }, town: { type: 'string' }, store: { type: 'string' } } as const;

/** `election notices`: the outbox of the outcome store. */
export const noticesCommand: Command = {
  name: 'notices',
  summary: 'list the notices in the outbox (the outcome store)',
  usage: `election notices [--village V] [--town T] [--json]

${STORE_USAGE}
  --json          print the notices, with their text, as JSON`,
  async run(args) {
    const { values } = parse('notices', args, listOptions);
    const notices = withStore(values.store, (store) => store.notices({ village: values.village, town: values.town }));
    if (values.json) say(toJson(notices));
    else if (!notices.length) say('no notices in the outbox yet');
    else {
      say(table(['id', 'at', 'village', 'town', 'term', 'to', 'title'], notices.map((n) => [String(n.id), n.at, n.village, n.town, String(n.term), n.audience, n.title])));
      say(`${notices.length} notice(s); read one with: election notice show ID`);
    }
    return EXIT.ok;
  },
};

const showOptions = { ...JSON_OPTION, store: { type: 'string' } } as const;

const formatNotice = (n: NoticeRow) =>
  [`Notice ${n.id} · ${n.kind} · to ${n.audience} · ${n.state}`, `${n.village}, ${n.town}, term ${n.term} · ${n.at}`, `Title: ${n.title}`, '', n.body].join('\n');

/** `election notice show ID`: one notice with its text. */
export const noticeCommand: Command = {
  name: 'notice',
  summary: 'show one notice of the outbox with its text',
  usage: `election notice show ID [--json]

${STORE_USAGE}`,
  async run(args) {
    const { values, positionals } = parse('notice', args, showOptions, true);
    const [action, id] = positionals;
    if (action !== 'show' || positionals.length !== 2) {
      throw badInput(`got ${JSON.stringify(positionals.join(' '))}; expected "show ID"`);
    }
    if (!/^\d+$/.test(id!)) throw badInput(`notice id: got ${JSON.stringify(id)}; expected a number from \`election notices\``);
    const notice = withStore(values.store, (store) => store.notice(Number(id)));
    if (!notice) throw badInput(`notice id: got ${id}; no such notice in the outbox (see \`election notices\`)`);
    say(values.json ? toJson(notice) : formatNotice(notice));
    return EXIT.ok;
  },
};
