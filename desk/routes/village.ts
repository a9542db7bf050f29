import type { FastifyInstance } from 'fastify';
import { actionsFor } from '../actions';
import { pageContext, type DeskRouteKit } from '../context';
import { assignedNames, loadVillage } from '../data';
import { villagePage } from '../pages/village';
import { maySee } from '../scope';
import { DeskError } from './errors';
import { placeOf } from './params';

/** A village's page, for people whose assignments cover it. */
export function registerVillageRoutes(app: FastifyInstance, kit: DeskRouteKit): void {
  app.get('/v/:term/:town/:village', { preHandler: kit.guard }, async (request, reply) => {
    const place = placeOf(request.params);
    const viewer = await kit.viewer(request);
    if (!maySee(viewer.scope, place)) throw new DeskError(404, 'error.notFound');
    const village = await loadVillage(kit.deps, place);
    const [notices, assigned] = await Promise.all([
      kit.deps.store.notices({ workflowId: village.workflowId }),
      assignedNames(kit.deps, place),
    ]);
    const page = villagePage(pageContext(request, viewer), {
      ...village,
      notices,
      assigned,
      actions: actionsFor(viewer.scope, village.view),
      ...(kit.deps.temporalUi ? { temporal: { ui: kit.deps.temporalUi, namespace: kit.deps.client.options.namespace } } : {}),
    });
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
