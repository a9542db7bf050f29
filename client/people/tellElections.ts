import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { OutcomeStore, Scope } from '../../activities/store';
import type { KeyOwner } from '../../machines/keyring';
import { connectClient, connectionSettings } from '../../common/connection';
import { keyringChangedSignal, WORKFLOW_TYPE } from '../../workflows/contract';
import { searchAttributes } from '../../workflows/searchAttributes';
import { quoted } from '../visibility';

/**
 * A revocation reaches the elections already running: each reads its keyring at its start, and again only when told
 * with the `keyringChanged` signal. The registry change is made first and stands whatever happens here.
 */

/** Where the running elections a revocation concerns are: every election (a desk's key), some towns and villages, or none. */
export type Concerned = 'every election' | { town: string; village?: string }[];

/** The towns and villages an assignment covers now: a county's scope is the towns the registry puts in it. */
async function placesOf(store: OutcomeStore, scope: Scope): Promise<{ town: string; village?: string }[]> {
  if ('county' in scope) return (await store.registry.countyTowns(scope.county)).map((town) => ({ town }));
  return [scope.village === undefined ? { town: scope.town } : { town: scope.town, village: scope.village }];
}

/** The elections a revoked assignment concerns: those of the villages it covered. */
export const assignmentConcerns = (store: OutcomeStore, scope: Scope): Promise<Concerned> => placesOf(store, scope);

/**
 * The elections a revoked key concerns: a desk signs for every village; a person's key for the villages of every
 * assignment they hold or held (an election may have read its keyring before an assignment ended).
 */
export async function keyConcerns(store: OutcomeStore, owner: KeyOwner): Promise<Concerned> {
  if ('desk' in owner) return 'every election';
  const scopes = (await store.registry.assignments()).filter((a) => a.personId === owner.personId).map((a) => a.scope);
  const places = (await Promise.all(scopes.map((scope) => placesOf(store, scope)))).flat();
  return [...new Map(places.map((p) => [JSON.stringify(p), p])).values()];
}

/** The visibility query of the running elections concerned. */
export function runningElectionsQuery(concerned: Exclude<Concerned, []>): string {
  const running = `WorkflowType = ${quoted(WORKFLOW_TYPE)} AND ExecutionStatus = "Running"`;
  if (concerned === 'every election') return running;
  const place = (p: { town: string; village?: string }) =>
    p.village === undefined
      ? `${searchAttributes.town.name} = ${quoted(p.town)}`
      : `(${searchAttributes.town.name} = ${quoted(p.town)} AND ${searchAttributes.village.name} = ${quoted(p.village)})`;
  return `${running} AND (${concerned.map(place).join(' OR ')})`;
}

/** How telling the running elections went: how many were told, or why none could be, with the command that tells them by hand. */
export type Told = { told: number; query?: string } | { failed: string; query: string; byHand: string };

/** Sends `keyringChanged` to every running election concerned (found by their Town and Village search attributes). */
export async function tellRunningElections(connection: { address?: string; namespace?: string }, concerned: Concerned): Promise<Told> {
  if (concerned !== 'every election' && concerned.length === 0) return { told: 0 };
  const query = runningElectionsQuery(concerned);
  const { connectionOptions, namespace } = connectionSettings(connection);
  const byHand = `temporal workflow signal --address ${connectionOptions.address ?? 'localhost:7233'} --namespace ${namespace} --name ${keyringChangedSignal.name} --query '${query.replace(/'/g, `'\\''`)}' --yes`;
  let client: Client;
  try {
    client = await connectClient(connection);
  } catch (err) {
    return {
      failed: `cannot reach Temporal at ${connectionOptions.address ?? 'localhost:7233'} (${(err as Error).message})`,
      query,
      byHand,
    };
  }
  try {
    let told = 0;
    for await (const info of client.workflow.list({ query })) {
      try {
        await client.workflow.getHandle(info.workflowId).signal(keyringChangedSignal);
        told += 1;
      } catch (err) {
        // Ended between the listing and the signal: it verifies nothing any more.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    return { told, query };
  } catch (err) {
    return { failed: `the elections could not be listed or signalled (${(err as Error).message})`, query, byHand };
  } finally {
    await client.connection.close().catch(() => undefined);
  }
}

/** What a revocation command says about the running elections: on stdout when they were told, on stderr when they could not be. */
export function toldText(told: Told): string {
  if ('failed' in told)
    return `the running elections it concerns were NOT told: ${told.failed}. The registry change stands; an election verifies against it only once told. Tell them by hand:\n  ${told.byHand}`;
  return `${told.told} running election${told.told === 1 ? '' : 's'} told to read ${told.told === 1 ? 'its' : 'their'} keyring again (signal ${keyringChangedSignal.name})`;
}
