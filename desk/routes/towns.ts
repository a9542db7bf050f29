import type { FastifyInstance } from 'fastify';
import { WorkflowNotFoundError } from '@temporalio/client';
import { electionQuery } from '../../client/visibility';
import { eachAtMost } from '../../common/concurrency';
import { buildTownReport, readTownOutcomes, renderReport } from '../../report';
import { statusQuery } from '../../workflows/contract';
import { searchAttributes } from '../../workflows/searchAttributes';
import { pageContext, type DeskRouteKit } from '../context';
import { LIST_PAGE_QUERY_BUDGET_MS, temporalFailure } from '../data';
import { townPage, townsPage, type TownVillage } from '../pages/town';
import { maySee, townsOf } from '../scope';
import { DeskError } from './errors';

const NOTICES_SHOWN = 50;

/** The towns a person may see, and each town's page and report. */
export function registerTownRoutes(app: FastifyInstance, kit: DeskRouteKit): void {
  app.get('/towns', { preHandler: kit.guard }, async (request, reply) => {
    const viewer = await kit.viewer(request);
    return reply.type('text/html; charset=utf-8').send(townsPage(pageContext(request, viewer), townsOf(viewer.scope)));
  });

  app.get<{ Params: { town: string } }>('/towns/:town', { preHandler: kit.guard }, async (request, reply) => {
    const viewer = await kit.viewer(request);
    const { town } = request.params;
    if (!maySee(viewer.scope, { town })) throw new DeskError(404, 'error.notFound');
    const villages = await townVillages(kit, town);
    const notices = (await kit.deps.store.notices({ town })).slice(-NOTICES_SHOWN).reverse();
    const hasReport = (await kit.deps.store.latestTerm(town)) !== undefined;
    const page = townPage(pageContext(request, viewer), {
      town,
      villages,
      notices,
      hasReport,
      ...(kit.deps.temporalUi ? { temporal: { ui: kit.deps.temporalUi, namespace: kit.deps.client.options.namespace } } : {}),
    });
    return reply.type('text/html; charset=utf-8').send(page);
  });

  app.get<{ Params: { town: string } }>('/towns/:town/report', { preHandler: kit.guard }, async (request, reply) => {
    const viewer = await kit.viewer(request);
    const { town } = request.params;
    if (!maySee(viewer.scope, { town })) throw new DeskError(404, 'error.notFound');
    const records = await readTownOutcomes(kit.deps.store, { town });
    if (records.term === undefined) throw new DeskError(404, 'error.notFound');
    const running = (await townVillages(kit, town, { views: false }))
      .filter((v) => v.status === 'running' && v.term === records.term)
      .map((v) => ({ workflowId: v.workflowId, village: v.village, stage: v.stage }));
    const report = buildTownReport({
      town,
      term: records.term,
      outcomes: records.outcomes,
      running,
      committees: records.committees,
      conflicts: records.conflicts,
    });
    // The report is a document of its own (inline styles and charts): it is shown sandboxed, with no script and no cookies.
    return reply.type('text/html; charset=utf-8').header('x-desk-csp', 'report').send(renderReport(report, 'html'));
  });
}

/** A town's villages from visibility (the latest run of each), each with its status view when it runs (unless `views` is false). */
async function townVillages(kit: DeskRouteKit, town: string, options: { views?: boolean } = {}): Promise<TownVillage[]> {
  const found: TownVillage[] = [];
  try {
    for await (const info of kit.deps.client.workflow.list({ query: electionQuery({ town }) })) {
      const attrs = info.typedSearchAttributes;
      found.push({
        workflowId: info.workflowId,
        village: attrs.get(searchAttributes.village) ?? info.workflowId,
        term: Number(attrs.get(searchAttributes.term) ?? 0),
        status: info.status.name === 'RUNNING' ? 'running' : info.status.name === 'COMPLETED' ? 'completed' : 'unknown',
        stage: attrs.get(searchAttributes.stage) ?? 'unknown',
      });
    }
  } catch (err) {
    temporalFailure(err);
  }
  // A continued run is listed once per run: keep the latest (visibility lists newest first).
  const latest = [...new Map(found.reverse().map((v) => [v.workflowId, v])).values()];
  const deadline = Date.now() + LIST_PAGE_QUERY_BUDGET_MS;
  await eachAtMost(options.views === false ? [] : latest.filter((v) => v.status === 'running'), 8, async (v) => {
    try {
      // All the town's queries share one deadline: a village whose worker does not answer is shown from visibility.
      v.view = await kit.deps.client.withDeadline(deadline, () => kit.deps.client.workflow.getHandle(v.workflowId).query(statusQuery));
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) v.status = 'unknown';
    }
  });
  return latest.sort((a, b) => b.term - a.term || a.village.localeCompare(b.village, 'zh'));
}
