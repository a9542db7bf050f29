import { isGrpcServiceError, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { ElectionFacts } from '../machines/facts';
import { ROLES, type Role } from '../machines/roles';
import type { PublicView } from '../machines/view';
import { electionWorkflowId, factsQuery, statusQuery } from '../workflows/contract';
import type { DeskDeps } from './context';
import { DeskError } from './routes/errors';
import { inForce } from './scope';

const QUERY_DEADLINE_MS = 15_000;

/**
 * How long a page that lists many villages (my work, a town) waits for their workflows' answers in all.
 * A village whose worker does not answer in time is shown from visibility alone and counted as not answering,
 * so one stalled worker never holds a page past this.
 */
export const LIST_PAGE_QUERY_BUDGET_MS = 8_000;

/** A village's election as the desk reads it: its public view and its facts, from the workflow's queries. */
export interface Village {
  workflowId: string;
  view: PublicView;
  facts: ElectionFacts;
}

/** Turns Temporal's failures into the desk's pages: no such village (404) or the service unreachable (503). */
export function temporalFailure(err: unknown): never {
  if (err instanceof WorkflowNotFoundError) throw new DeskError(404, 'error.notFound');
  const cause = err instanceof ServiceError ? err.cause : err;
  if (isGrpcServiceError(cause) && cause.code === 5) throw new DeskError(404, 'error.notFound');
  if (err instanceof ServiceError || isGrpcServiceError(cause)) throw new DeskError(503, 'error.unavailable');
  throw err;
}

/** Reads a village's view and facts (both queries of its current run). */
export async function loadVillage(deps: DeskDeps, place: { term: number; town: string; village: string }): Promise<Village> {
  const workflowId = electionWorkflowId(place.term, place.town, place.village);
  const handle = deps.client.workflow.getHandle(workflowId);
  try {
    const [view, facts] = await deps.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
      Promise.all([handle.query(statusQuery), handle.query(factsQuery)]),
    );
    return { workflowId, view, facts };
  } catch (err) {
    return temporalFailure(err);
  }
}

/** The names of the people assigned to each role over a village now, from the registry. */
export async function assignedNames(deps: DeskDeps, place: { town: string; village: string }): Promise<Partial<Record<Role, string[]>>> {
  const registry = deps.store.registry;
  const county = await registry.townCounty(place.town);
  const at = new Date(deps.now()).toISOString();
  const assignments = (await registry.assignments({ town: place.town, village: place.village, county })).filter((a) => inForce(a, at));
  const people = new Map((await registry.peopleByIds([...new Set(assignments.map((a) => a.personId))])).map((p) => [p.id, p.name]));
  const out: Partial<Record<Role, string[]>> = {};
  for (const role of ROLES) {
    const names = assignments.filter((a) => a.role === role).map((a) => people.get(a.personId) ?? a.personId);
    // A town-wide scrutineer assignment covers every roster member who may be appointed: they are not who the village waits for.
    if (names.length && role !== 'scrutineer') out[role] = [...new Set(names)];
  }
  return out;
}
