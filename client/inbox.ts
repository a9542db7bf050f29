import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { eachAtMost } from '../common/concurrency';
import type { DecisionType } from '../machines/events';
import { ROLES, roleSchema, type Role } from '../machines/roles';
import type { StageId } from '../machines/stages';
import type { PublicView } from '../machines/view';
import { statusQuery } from '../workflows/contract';
import { searchAttributes } from '../workflows/searchAttributes';
import { electionQuery, quoted } from './visibility';

/** One village waiting on a role: the decisions it accepts from that role (any one clears the entry) and its clock. */
export interface InboxEntry {
  /** Position in this listing, oldest first; it shifts as entries clear, so act by `workflowId`. */
  number: number;
  workflowId: string;
  town: string;
  village: string;
  term: number;
  stage: StageId;
  stageLabel: string;
  step?: string;
  role: Role;
  decisions: DecisionType[];
  /** When the last decision was recorded, or the workflow started if none was. */
  waitingSince: string;
  remindAt?: string;
  escalateAt?: string;
  /** The workflow marked it overdue, or its escalation time has passed. */
  overdue: boolean;
  /** Set when the reminder or escalation counts working days of a year without a State Council notice. */
  provisional?: string;
  /** Where the stage offers several ways on (an unstable village: postpone or proceed), what each decision does. */
  choices?: Partial<Record<DecisionType, string>>;
  /** The election's warnings (targets not met, exceptions granted), as the town committee should see them with the decision. */
  warnings: string[];
}

/** A role's pending decisions across villages, and what visibility listed that the workflows did not confirm. */
export interface Inbox {
  role: Role;
  query: string;
  entries: InboxEntry[];
  /** Listed by visibility but no longer waiting on the role when queried (visibility lags by about a second). */
  movedOn: string[];
  /** Listed by visibility but the status query failed: the inbox is incomplete by these. */
  unreachable: { workflowId: string; reason: string }[];
}

/** Whose inbox, optionally narrowed to one town and one term. */
export interface InboxFilter {
  role: Role;
  town?: string;
  /** Only these towns (the desk's person's scope): the listing asks visibility for them alone. */
  towns?: readonly string[];
  term?: number;
}

/** How many status queries run at once, so a county's inbox does not flood the frontend. */
export const INBOX_CONCURRENCY = 8;
const QUERY_DEADLINE_MS = 15_000;

/** The visibility query for running villages whose AwaitingRole search attribute holds the role. */
export function inboxQuery(filter: InboxFilter): string {
  const role = roleSchema.safeParse(filter.role);
  if (!role.success) throw new TypeError(`role: got ${JSON.stringify(filter.role)}; expected one of ${ROLES.join(', ')}`);
  if (filter.towns?.length === 0) throw new TypeError('towns: got none; expected at least one town, or no list at all for every town');
  return [
    electionQuery({ town: filter.town, term: filter.term }),
    ...(filter.towns ? [`${searchAttributes.town.name} IN (${filter.towns.map(quoted).join(', ')})`] : []),
    'ExecutionStatus = "Running"',
    `${searchAttributes.awaitingRole.name} = ${JSON.stringify(role.data)}`,
  ].join(' AND ');
}

/**
 * The inbox entry of one village for a role, from its status view; undefined when the village does not
 * (or no longer) wait on that role. Optional decisions (an objection that may come, or not) are no entry.
 */
export function inboxEntry(
  found: { workflowId: string; startTime: Date },
  view: PublicView,
  role: Role,
  now: Date = new Date(),
): Omit<InboxEntry, 'number'> | undefined {
  if (view.status !== 'running') return undefined;
  const pending = view.pending.filter((p) => !p.optional && p.roles.includes(role));
  if (!pending.length) return undefined;
  const remindAt = pending.find((p) => p.remindAt)?.remindAt;
  const escalateAt = pending.find((p) => p.escalateAt)?.escalateAt;
  const provisional = pending.find((p) => p.provisional)?.provisional;
  const choices = Object.fromEntries(pending.filter((p) => p.choice).map((p) => [p.decision, p.choice!]));
  const lastDecision = view.decisions[view.decisions.length - 1];
  return {
    workflowId: found.workflowId,
    town: view.town,
    village: view.village,
    term: view.term,
    stage: view.stage,
    stageLabel: view.stageLabel,
    step: view.step,
    role,
    decisions: pending.map((p) => p.decision),
    waitingSince: lastDecision?.at ?? found.startTime.toISOString(),
    remindAt,
    escalateAt,
    overdue: view.overdue || (escalateAt !== undefined && Date.parse(escalateAt) <= now.getTime()),
    ...(provisional ? { provisional } : {}),
    ...(Object.keys(choices).length ? { choices } : {}),
    warnings: (view.warnings ?? []).map((w) => w.message),
  };
}

/** Oldest first; villages waiting since the same moment in town and village order. */
export function oldestFirst(a: Omit<InboxEntry, 'number'>, b: Omit<InboxEntry, 'number'>): number {
  return Date.parse(a.waitingSince) - Date.parse(b.waitingSince) || `${a.town}/${a.village}`.localeCompare(`${b.town}/${b.village}`);
}

/**
 * A role's approvals inbox: visibility (search attributes) finds the villages that wait on the role,
 * then each one's status query, a few at a time, gives the decisions, deadlines and waiting time.
 */
export async function approvalsInbox(
  client: Client,
  filter: InboxFilter,
  options: { concurrency?: number; now?: Date; deadline?: number } = {},
): Promise<Inbox> {
  const query = inboxQuery(filter);
  const found: { workflowId: string; runId: string; startTime: Date }[] = [];
  for await (const info of client.workflow.list({ query })) {
    found.push({ workflowId: info.workflowId, runId: info.runId, startTime: info.startTime });
  }
  const entries: Omit<InboxEntry, 'number'>[] = [];
  const movedOn: string[] = [];
  const unreachable: Inbox['unreachable'] = [];
  await eachAtMost(found, options.concurrency ?? INBOX_CONCURRENCY, async (candidate) => {
    let view: PublicView;
    try {
      const handle = client.workflow.getHandle(candidate.workflowId, candidate.runId);
      // Each query has its own deadline; a caller's overall deadline (a page) caps them all.
      const deadline = Math.min(Date.now() + QUERY_DEADLINE_MS, options.deadline ?? Infinity);
      view = await client.withDeadline(deadline, () => handle.query(statusQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) movedOn.push(candidate.workflowId);
      else unreachable.push({ workflowId: candidate.workflowId, reason: err instanceof Error ? err.message : String(err) });
      return;
    }
    const entry = inboxEntry(candidate, view, filter.role, options.now);
    if (entry) entries.push(entry);
    else movedOn.push(candidate.workflowId);
  });
  return {
    role: filter.role,
    query,
    entries: entries.sort(oldestFirst).map((entry, i) => ({ number: i + 1, ...entry })),
    movedOn: movedOn.sort(),
    unreachable: unreachable.sort((a, b) => a.workflowId.localeCompare(b.workflowId)),
  };
}

/**
 * The `election decide` arguments that act on an entry with one of its decisions. They name the
 * workflow id, never the entry's number, which shifts as other entries clear.
 */
export function decideArgs(entry: Pick<InboxEntry, 'workflowId' | 'role'>, type: DecisionType, byId?: string): string[] {
  return ['decide', '--workflow-id', entry.workflowId, '--type', type, '--by-role', entry.role, ...(byId ? ['--by-id', byId] : [])];
}
