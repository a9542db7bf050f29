import type { DecisionType } from '../../machines/events';
import { ROLES, type Role } from '../../machines/roles';
import { beijing, table, toJson } from '../format';
import { approvalsInbox, decideArgs, type Inbox, type InboxEntry } from '../inbox';
import { payloadFields } from './decide';
import {
  badInput,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  EXIT,
  JSON_OPTION,
  parse,
  required,
  say,
  wholeNumber,
  withClient,
  type Command,
} from './common';

/** A command-line word as a POSIX shell reads it back: quoted only when it has to be. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * The `election decide` line for one decision of an entry. The payload's required fields are left as
 * `…`, which is not JSON, and `--by-id` is left out unless given: run unchanged, `decide` refuses
 * with exit 2 naming what is missing, so a template is never sent as a decision.
 */
export function decideLine(entry: InboxEntry, type: DecisionType, byId?: string): string {
  const fields = payloadFields(type).filter((f) => !f.endsWith('?'));
  const payload = fields.length ? ` --payload '{${fields.map((f) => `"${f}": …`).join(', ')}}'` : '';
  return `election ${decideArgs(entry, type, byId).map(shellWord).join(' ')}${payload}`;
}

/** "3d 4h", "2h 5m", "40s": how long an entry has waited. */
function age(fromIso: string, now: Date): string {
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / 1000));
  const [d, h, m] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60)];
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

/** The inbox for a person at a terminal: a numbered table, then the decide lines of each entry. */
export function formatInbox(inbox: Inbox, options: { byId?: string; now?: Date } = {}): string {
  const now = options.now ?? new Date();
  const out: string[] = [];
  const { entries } = inbox;
  if (!entries.length) {
    out.push(`nothing waits on ${inbox.role}`);
  } else {
    const overdue = entries.filter((e) => e.overdue).length;
    out.push(`${inbox.role}: ${entries.length} village(s) waiting, oldest first${overdue ? `, ${overdue} OVERDUE` : ''}`, '');
    out.push(
      table(
        [
          '#',
          'village',
          'town',
          'term',
          'stage',
          'decision',
          'waiting since (Beijing)',
          'reminder (Beijing)',
          'escalation (Beijing)',
          'overdue',
        ],
        entries.map((e) => [
          String(e.number),
          e.village,
          e.town,
          String(e.term),
          e.stageLabel,
          e.decisions.join(' | '),
          `${beijing(e.waitingSince, false)} (${age(e.waitingSince, now)})`,
          beijing(e.remindAt, false),
          beijing(e.escalateAt, false),
          e.overdue ? 'OVERDUE' : '',
        ]),
      ),
    );
    out.push('', `To act on an entry, run one of its lines${options.byId ? '' : ' with --by-id YOUR_ID'}, the payload filled in:`);
    for (const e of entries) {
      out.push(`${String(e.number).padStart(3)}  ${e.workflowId}`);
      if (e.provisional) out.push(`     PROVISIONAL deadlines: ${e.provisional}`);
      for (const warning of e.warnings ?? []) out.push(`     WARNING: ${warning}`);
      if (e.choices) out.push('     one of these ways on:');
      for (const type of e.decisions) {
        if (e.choices?.[type]) out.push(`     ${type}: ${e.choices[type]}`);
        out.push(`     ${decideLine(e, type, options.byId)}`);
      }
    }
  }
  if (inbox.unreachable.length) {
    out.push('', `INCOMPLETE: ${inbox.unreachable.length} village(s) listed by visibility did not answer the status query:`);
    for (const u of inbox.unreachable) out.push(`  ${u.workflowId}: ${u.reason}`);
  }
  out.push('', `query: ${inbox.query}`);
  return out.join('\n');
}

const options = {
  ...CONNECTION_OPTIONS,
  ...JSON_OPTION,
  role: { type: 'string' },
  town: { type: 'string' },
  term: { type: 'string' },
  'by-id': { type: 'string' },
} as const;

/** `election inbox`: what a role has to decide across villages, oldest first, each with its decide lines. */
export const inboxCommand: Command = {
  name: 'inbox',
  summary: "a role's pending decisions across villages, oldest first, with deadlines and the lines that act on them",
  usage: `election inbox --role ROLE [--town T] [--term YEAR] [--by-id ID] [--json]

  --role ROLE   whose inbox: ${ROLES.join(', ')}
  --town T      only this town's villages; --term YEAR only this term
  --by-id ID    your person id, written into the printed decide lines
  --json        print the entries as JSON, each with its decide lines
${CONNECTION_USAGE}

Lists every decision the role must make, one numbered entry per village, oldest first: waiting
since the village's last recorded decision (or its start), with the reminder and escalation times
and OVERDUE once escalated or past the escalation time.

Acting on an entry: each entry prints its workflow id and one ready-made line per decision it
accepts, e.g.
  election decide --workflow-id reelection/2026/Heluo/Qilipu --type APPROVE_START --by-role town-committee --by-id ID --payload '{"seats": …, ...}'
Fill in the payload (\`election decide --help\` lists every field) and run it; \`--json\` gives the
same workflow id, decision types, payload fields and lines to scripts. Lines name the workflow id,
not the entry number, because numbers shift as entries clear. A template run unchanged is refused
(exit 2), and a decision the village no longer waits for is refused by the workflow (exit 3).

Villages are found with Temporal visibility (the AwaitingRole search attribute), then each is asked
for its status. Visibility is eventually consistent: a village that has just moved on may take a
second to leave or enter the inbox; one that has left by the time it is asked is not shown.
Exit 1 (after printing the rest) when a listed village did not answer its status query.`,
  async run(args) {
    const { values } = parse('inbox', args, options);
    const role = required(values, 'role', `a role: ${ROLES.join(', ')}`);
    if (!ROLES.includes(role as Role)) throw badInput(`--role: got ${JSON.stringify(role)}; expected one of ${ROLES.join(', ')}`);
    const term = values.term === undefined ? undefined : wholeNumber('term', values.term, 'a year such as 2026');
    const byId = values['by-id'];
    const inbox = await withClient(values, (client) => approvalsInbox(client, { role: role as Role, town: values.town, term }));
    if (values.json) {
      const entries = inbox.entries.map((e) => ({
        ...e,
        actions: e.decisions.map((type) => ({ type, payloadFields: payloadFields(type), command: decideLine(e, type, byId) })),
      }));
      say(toJson({ ...inbox, entries }));
    } else {
      say(formatInbox(inbox, { byId }));
    }
    return inbox.unreachable.length ? EXIT.failed : EXIT.ok;
  },
};
