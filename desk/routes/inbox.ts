import type { FastifyInstance } from 'fastify';
import { approvalsInbox, type InboxEntry } from '../../client/inbox';
import { STAGE_IDS } from '../../machines/stages';
import { pageContext, type DeskRouteKit } from '../context';
import { inboxPage } from '../pages/inbox';
import { allRoles, rolesAt, townsOf } from '../scope';
import { LIST_PAGE_QUERY_BUDGET_MS, temporalFailure } from '../data';

/** My work (待办): what waits for each of the person's roles in their scope, oldest first, filtered by town and stage. */
export function registerInboxRoutes(app: FastifyInstance, kit: DeskRouteKit): void {
  app.get<{ Querystring: { town?: string; stage?: string } }>('/', { preHandler: kit.guard }, async (request, reply) => {
    const viewer = await kit.viewer(request);
    const towns = townsOf(viewer.scope);
    const town = request.query.town && towns.includes(request.query.town) ? request.query.town : undefined;
    const stage = request.query.stage && (STAGE_IDS as string[]).includes(request.query.stage) ? request.query.stage : undefined;
    const now = kit.deps.now();
    const entries: InboxEntry[] = [];
    let unreachable = 0;
    const deadline = Date.now() + LIST_PAGE_QUERY_BUDGET_MS;
    try {
      // Visibility is asked for the person's towns only (or the one chosen); the scope check below narrows to villages.
      for (const role of towns.length ? allRoles(viewer.scope) : []) {
        const inbox = await approvalsInbox(kit.deps.client, town ? { role, town } : { role, towns }, { now: new Date(now), deadline });
        unreachable += inbox.unreachable.length;
        entries.push(...inbox.entries.filter((e) => rolesAt(viewer.scope, e).includes(role) && (!stage || e.stage === stage)));
      }
    } catch (err) {
      temporalFailure(err);
    }
    entries.sort((a, b) => Date.parse(a.waitingSince) - Date.parse(b.waitingSince) || a.village.localeCompare(b.village));
    const page = inboxPage(pageContext(request, viewer), {
      entries: entries.map((e, i) => ({ ...e, number: i + 1 })),
      towns,
      filter: { town, stage },
      unreachable,
      now,
    });
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
