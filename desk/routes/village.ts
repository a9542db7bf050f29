import type { FastifyInstance } from 'fastify';
import { availablePapers, PaperRefusal } from '../../papers';
import { actionsFor } from '../actions';
import { pageContext, type DeskRouteKit } from '../context';
import { assignedNames, loadVillage } from '../data';
import { followedBySeq } from '../i18n/explain';
import { memberName, villagePage } from '../pages/village';
import { maySee } from '../scope';
import { DeskError } from './errors';
import { placeOf } from './params';

/** A village's page, for people whose assignments cover it (its papers to print among it: routes/print.ts). */
export function registerVillageRoutes(app: FastifyInstance, kit: DeskRouteKit): void {
  app.get('/v/:term/:town/:village', { preHandler: kit.guard }, async (request, reply) => {
    const place = placeOf(request.params);
    const viewer = await kit.viewer(request);
    if (!maySee(viewer.scope, place)) throw new DeskError(404, 'error.notFound');
    const village = await loadVillage(kit.deps, place);
    const [notices, assigned, papers] = await Promise.all([
      kit.deps.store.notices({ workflowId: village.workflowId }),
      assignedNames(kit.deps, place),
      // A village whose election the store does not hold yet has no paper to print.
      availablePapers(kit.deps.store, place, { facts: village.facts }).catch((err: unknown) => {
        if (err instanceof PaperRefusal) return [];
        throw err;
      }),
    ]);
    const ctx = pageContext(request, viewer);
    const page = villagePage(ctx, {
      ...village,
      followed: followedBySeq(ctx.locale, village.view.decisions, (id) => memberName(village.facts, id)),
      notices,
      assigned,
      papers,
      actions: actionsFor(viewer.scope, village.view),
      ...(kit.deps.temporalUi ? { temporal: { ui: kit.deps.temporalUi, namespace: kit.deps.client.options.namespace } } : {}),
    });
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
