import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendDecision, takesSignedDecisions } from '../../client/sendDecision';
import { signDecision } from '../../client/signing';
import { DECISION_TYPES, type DecisionType } from '../../machines/events';
import type { Role } from '../../machines/roles';
import type { DecisionReceipt } from '../../workflows/contract';
import { pageContext, type Viewer, type DeskRouteKit } from '../context';
import { loadVillage, temporalFailure, type Village } from '../data';
import { readDecisionForm, readPaths, refusalErrors, withMemberNames, type FieldError, type FormBody } from '../forms';
import { explainLines } from '../i18n/explain';
import { memberName } from '../pages/village';
import { decisionPage, receiptPage } from '../pages/decide';
import { actingRole, maySee } from '../scope';
import { DeskError } from './errors';
import { placeOf } from './params';

const SEND_DEADLINE_MS = 30_000;

/** The decision a path names, or a page not found. */
function decisionOf(params: unknown): DecisionType {
  const type = (params as { type?: unknown }).type;
  if (typeof type !== 'string' || !(DECISION_TYPES as string[]).includes(type)) throw new DeskError(404, 'error.notFound');
  return type as DecisionType;
}

/**
 * Whether the person may make this decision here now: their roles over the village (re-read from the registry on every
 * request), and the village's stage. A person without the role sees no form, and their hand-made POST is refused the same.
 */
async function admitted(
  kit: DeskRouteKit,
  request: FastifyRequest,
): Promise<{ viewer: Viewer; village: Village; type: DecisionType; role: Role }> {
  const place = placeOf(request.params);
  const type = decisionOf(request.params);
  const viewer = await kit.viewer(request);
  if (!maySee(viewer.scope, place)) throw new DeskError(404, 'error.notFound');
  const role = actingRole(viewer.scope, place, type);
  const ctx = pageContext(request, viewer);
  if (!role) throw new DeskError(403, 'decide.notAllowed', { decision: ctx.tr(`decision.${type}`) });
  const village = await loadVillage(kit.deps, place);
  const open = village.view.open ?? village.view.pending.map((p) => p.decision);
  if (village.view.status !== 'running' || !open.includes(type))
    throw new DeskError(409, 'decide.notNow', { decision: ctx.tr(`decision.${type}`) });
  return { viewer, village, type, role };
}

/** One form per decision: shown to those who may make it, checked, signed on the person's behalf and sent as the `decide` update. */
export function registerDecisionRoutes(app: FastifyInstance, kit: DeskRouteKit): void {
  const path = '/v/:term/:town/:village/decide/:type';

  app.get(path, { preHandler: kit.guard }, async (request, reply) => {
    const { viewer, village, type, role } = await admitted(kit, request);
    const page = decisionPage(pageContext(request, viewer), { ...village, type, role, now: kit.deps.now() });
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.post<{ Body: FormBody }>(path, { preHandler: kit.guard }, async (request, reply) => {
    const { viewer, village, type, role } = await admitted(kit, request);
    const ctx = pageContext(request, viewer);
    const body = request.body ?? {};
    const refused = (errors: FieldError[]) =>
      reply
        .status(422)
        .type('text/html; charset=utf-8')
        .send(decisionPage(ctx, { ...village, type, role, values: body, errors, now: kit.deps.now() }));

    const options = { tr: ctx.tr, now: kit.deps.now() };
    const read = readDecisionForm(type, body, village.facts, options);
    if (!read.ok) return refused(read.errors);
    const decision = read.decision;
    const refusalOf = (reason: string) => refusalErrors(reason, type, ctx.tr, readPaths(type, body, village.facts, options));
    let receipt: DecisionReceipt;
    try {
      const signed = await takesSignedDecisions(kit.deps.client, village.workflowId);
      const message = signed
        ? signDecision({
            workflowId: village.workflowId,
            decision,
            actor: { personId: viewer.person.personId, role },
            signer: { keyId: kit.deps.deskKey.keyId, secretKey: kit.deps.deskKey.secretKey },
          })
        : { ...decision, by: { id: viewer.person.personId, name: viewer.person.name, role } };
      const handle = kit.deps.client.workflow.getHandle(village.workflowId);
      receipt = await sendDecision(kit.deps.client, handle, message, { deadline: Date.now() + SEND_DEADLINE_MS });
    } catch (err) {
      const metrics = kit.deps.metrics;
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        metrics?.decisionSent(type, 'refused', err.cause.type ?? undefined);
        return refused(refusalOf(withMemberNames(err.cause.message, village.facts.roster)));
      }
      if (err instanceof Error && err.message.startsWith('the decision cannot be signed:')) {
        metrics?.decisionSent(type, 'unsigned');
        return refused(refusalOf(err.message));
      }
      metrics?.decisionSent(type, 'unavailable');
      return temporalFailure(err);
    }
    kit.deps.metrics?.decisionSent(type, 'accepted');
    // The receipt carries the stage and what followed; the roster that names the members does not change with a decision.
    const why = explainLines(ctx.locale, receipt.explanation ?? [], (id) => memberName(village.facts, id));
    return reply.type('text/html; charset=utf-8').send(receiptPage(ctx, { ...village, type, role, receipt, why }));
  });
}
