import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RegistryRefusal, type Scope } from '../../activities/store';
import { runningElectionsQuery } from '../../client/people/tellElections';
import { roleSchema } from '../../machines/roles';
import { keyringChangedSignal } from '../../workflows/contract';
import { pageContext, type DeskRouteKit } from '../context';
import { peoplePage } from '../pages/people';
import { keepsRegistry } from '../scope';
import { DeskError } from './errors';

const assignSchema = z.object({
  personId: z.string().trim().min(1).max(64),
  role: roleSchema,
  town: z.string().trim().min(1).max(64),
  village: z.string().trim().max(64).optional(),
});

/**
 * The people registry for the county organisation department: everyone, their assignments and keys; assigning a role
 * and revoking an assignment, each recorded in the registry's log as made by the signed-in person. The running
 * elections of the place are told, so they read their keyring again.
 */
export function registerPeopleRoutes(app: FastifyInstance, kit: DeskRouteKit): void {
  const registry = kit.deps.store.registry;
  const page = async (request: Parameters<typeof kit.viewer>[0], message?: { ok: boolean; text: string }) => {
    const viewer = await kit.viewer(request);
    if (!keepsRegistry(viewer.scope)) throw new DeskError(403, 'people.onlyCounty');
    const [people, assignments, keys] = await Promise.all([registry.people(), registry.assignments(), registry.keys()]);
    return peoplePage(pageContext(request, viewer), { people, assignments, keys, message });
  };

  app.get('/people', { preHandler: kit.guard }, async (request, reply) => reply.type('text/html; charset=utf-8').send(await page(request)));

  app.post<{ Body: Record<string, unknown> }>('/people/assign', { preHandler: kit.guard }, async (request, reply) => {
    const viewer = await kit.viewer(request);
    if (!keepsRegistry(viewer.scope)) throw new DeskError(403, 'people.onlyCounty');
    const body = request.body ?? {};
    const parsed = assignSchema.safeParse({ ...body, village: body.village === '' ? undefined : body.village });
    const at = new Date(kit.deps.now()).toISOString();
    if (!parsed.success) {
      const text = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return reply
        .status(422)
        .type('text/html; charset=utf-8')
        .send(await page(request, { ok: false, text }));
    }
    const { personId, role, town, village } = parsed.data;
    const scope: Scope = village ? { town, village } : { town };
    try {
      await registry.assign({ personId, role, scope, validFrom: at }, { by: viewer.person.personId, at });
    } catch (err) {
      if (!(err instanceof RegistryRefusal)) throw err;
      return reply
        .status(422)
        .type('text/html; charset=utf-8')
        .send(await page(request, { ok: false, text: err.message }));
    }
    await tellElections(kit, [{ town, ...(village ? { village } : {}) }]);
    const ctx = pageContext(request, viewer);
    return reply.type('text/html; charset=utf-8').send(await page(request, { ok: true, text: ctx.tr('people.assign.done') }));
  });

  app.post<{ Body: Record<string, unknown> }>('/people/revoke', { preHandler: kit.guard }, async (request, reply) => {
    const viewer = await kit.viewer(request);
    if (!keepsRegistry(viewer.scope)) throw new DeskError(403, 'people.onlyCounty');
    const id = Number(request.body?.assignment);
    if (!Number.isSafeInteger(id) || id <= 0) throw new DeskError(400, 'error.badRequest', { detail: 'assignment' });
    const at = new Date(kit.deps.now()).toISOString();
    let scope: Scope;
    try {
      scope = (await registry.revokeAssignment(id, { by: viewer.person.personId, at })).scope;
    } catch (err) {
      if (!(err instanceof RegistryRefusal)) throw err;
      return reply
        .status(422)
        .type('text/html; charset=utf-8')
        .send(await page(request, { ok: false, text: err.message }));
    }
    const places = 'county' in scope ? (await registry.countyTowns(scope.county)).map((town) => ({ town })) : [scope];
    await tellElections(kit, places);
    return reply.redirect('/people', 303);
  });
}

/** Tells the running elections of some places that the registry changed (best effort: the change stands either way). */
async function tellElections(kit: DeskRouteKit, places: { town: string; village?: string }[]): Promise<void> {
  if (!places.length) return;
  try {
    for await (const info of kit.deps.client.workflow.list({ query: runningElectionsQuery(places) })) {
      await kit.deps.client.workflow.getHandle(info.workflowId).signal(keyringChangedSignal);
    }
  } catch {
    // The registry change is made; an election not told now reads its keyring at the next signal or start.
  }
}
