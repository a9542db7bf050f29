import type { Client } from '@temporalio/client';
import { Counter, Gauge, type Registry } from 'prom-client';
import { approvalsInbox } from '../client/inbox';
import { electionQuery } from '../client/visibility';
import type { Role } from '../machines/roles';
import { searchAttributes } from '../workflows/searchAttributes';

/** What the fleet looked like at one collection: counts by town and stage, by town and role. */
export interface FleetSnapshot {
  at: number;
  /** Running villages per town and stage (visibility's ElectionStage). */
  villages: Map<string, number>;
  /** Running villages waiting on an approving role (visibility's AwaitingRole), per town and role. */
  pending: Map<string, number>;
  /** Of those, the overdue (the village's status view: marked overdue, or its escalation time passed), per town and role. */
  overdue: Map<string, number>;
  /** Villages visibility listed as waiting whose status query failed: the overdue count misses them. */
  unanswered: number;
}

/** How often the fleet is read at most: a scrape within this of the last collection is answered from it. */
export const FLEET_TTL_MS = 60_000;
/** How long one collection's status queries may take in all; a village that does not answer by then is unanswered. */
const QUERY_BUDGET_MS = 20_000;

const key = (...parts: string[]) => parts.join('\u0000');
const split = (k: string) => k.split('\u0000');
const bump = (map: Map<string, number>, k: string) => map.set(k, (map.get(k) ?? 0) + 1);

/**
 * The fleet-wide gauges, computed from Temporal's visibility (the project's search attributes), never from each
 * workflow's own metrics: one listing of the running elections gives the villages per stage and the approvals
 * pending; the villages waiting on an approving role are then asked their status (a few at a time, as the inbox
 * does) to count the overdue, since the deadlines live in the workflow, not in visibility. A collection is cached
 * for `ttlMs` and shared by concurrent scrapes, so a scraper every 15 s costs one collection a minute.
 */
export class FleetCollector {
  private cached?: FleetSnapshot;
  private running?: Promise<FleetSnapshot>;
  /** Collections that failed (visibility unreachable): the gauges then show the last good one, its timestamp ageing. */
  failures = 0;

  constructor(
    private readonly client: Client,
    private readonly approvingRoles: readonly Role[],
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  /**
   * The latest collection, collected again when older than the TTL. A failed collection is counted and the last good
   * one (or an empty one) served instead: the desk's own metrics must not fail with visibility.
   */
  async current(): Promise<FleetSnapshot> {
    try {
      return await this.snapshot();
    } catch {
      this.failures += 1;
      return this.cached ?? { at: 0, villages: new Map(), pending: new Map(), overdue: new Map(), unanswered: 0 };
    }
  }

  /** The latest collection, collected again when older than the TTL; rejects when the collection fails. */
  snapshot(): Promise<FleetSnapshot> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && now - this.cached.at < (this.options.ttlMs ?? FLEET_TTL_MS)) return Promise.resolve(this.cached);
    this.running ??= this.collect(now).then(
      (snapshot) => {
        this.cached = snapshot;
        this.running = undefined;
        return snapshot;
      },
      (err: unknown) => {
        this.running = undefined;
        throw err;
      },
    );
    return this.running;
  }

  private async collect(at: number): Promise<FleetSnapshot> {
    const villages = new Map<string, number>();
    const pending = new Map<string, number>();
    const latest = new Map<string, { town: string; stage: string; awaiting: string[] }>();
    for await (const info of this.client.workflow.list({ query: `${electionQuery({})} AND ExecutionStatus = "Running"` })) {
      const attrs = info.typedSearchAttributes;
      // A continued run may be listed beside its predecessor for a moment: one entry per workflow id.
      latest.set(info.workflowId, {
        town: attrs.get(searchAttributes.town) ?? 'unknown',
        stage: attrs.get(searchAttributes.stage) ?? 'unknown',
        awaiting: attrs.get(searchAttributes.awaitingRole) ?? [],
      });
    }
    for (const { town, stage, awaiting } of latest.values()) {
      bump(villages, key(town, stage));
      for (const role of awaiting) if (this.approvingRoles.includes(role as Role)) bump(pending, key(town, role));
    }
    const overdue = new Map<string, number>();
    let unanswered = 0;
    const deadline = Date.now() + QUERY_BUDGET_MS;
    for (const role of this.approvingRoles) {
      const inbox = await approvalsInbox(this.client, { role }, { deadline });
      for (const entry of inbox.entries) if (entry.overdue) bump(overdue, key(entry.town, role));
      unanswered += inbox.unreachable.length;
    }
    return { at, villages, pending, overdue, unanswered };
  }

  /** Registers the fleet gauges in a registry: each scrape reads the (cached) snapshot. */
  register(registry: Registry): void {
    const current = () => this.current();
    const failures = () => this.failures;
    const gauge = (name: string, help: string, labelNames: readonly string[], fill: (g: Gauge, s: FleetSnapshot) => void) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          fill(this, await current());
        },
      });
    const byKey = (map: (s: FleetSnapshot) => Map<string, number>, labels: [string, string]) => (g: Gauge, s: FleetSnapshot) => {
      for (const [k, n] of map(s)) {
        const [a, b] = split(k);
        g.set({ [labels[0]]: a!, [labels[1]]: b! }, n);
      }
    };
    gauge(
      'election_villages_running',
      'Running village elections per town and stage (from visibility)',
      ['town', 'stage'],
      byKey((s) => s.villages, ['town', 'stage']),
    );
    gauge(
      'election_approvals_pending',
      'Running villages waiting on an approving role, per town and role (from visibility)',
      ['town', 'role'],
      byKey((s) => s.pending, ['town', 'role']),
    );
    gauge(
      'election_approvals_overdue',
      'Villages whose approval by the role is overdue, per town and role (from the villages waiting, asked their status)',
      ['town', 'role'],
      byKey((s) => s.overdue, ['town', 'role']),
    );
    gauge(
      'election_fleet_unanswered_villages',
      'Villages waiting on an approval that did not answer the status query at the last collection',
      [],
      (g, s) => g.set(s.unanswered),
    );
    new Counter({
      name: 'election_fleet_collect_failures_total',
      help: 'Collections of the fleet gauges that failed (visibility or the status queries unreachable)',
      registers: [registry],
      collect: function (this: Counter) {
        this.reset();
        this.inc(failures());
      },
    });
    gauge('election_fleet_collected_timestamp_seconds', 'When the fleet gauges were last collected from visibility', [], (g, s) =>
      g.set(s.at / 1000),
    );
  }
}
