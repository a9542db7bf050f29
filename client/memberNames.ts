import type { Client } from '@temporalio/client';
import type { NameOf } from '../desk/i18n/explain';
import type { Member } from '../machines/rules';
import { factsQuery } from '../workflows/contract';

const NAMES_DEADLINE_MS = 5_000;

/** How the CLI names a member in a sentence: "Name (id)", or the id alone for one not on the roster. */
export function namesFrom(roster: readonly Pick<Member, 'id' | 'name'>[]): NameOf {
  const byId = new Map(roster.map((m) => [m.id, m.name]));
  return (id) => {
    const name = byId.get(id);
    return name === undefined ? id : `${name} (${id})`;
  };
}

/**
 * The village's members by name, read from the election's facts query, for sentences that name them. Best effort: an
 * election that cannot answer (no worker, a worker from before the query) leaves the ids as they are.
 */
export async function memberNames(client: Client, workflowId: string): Promise<NameOf> {
  try {
    const facts = await client.withDeadline(Date.now() + NAMES_DEADLINE_MS, () => client.workflow.getHandle(workflowId).query(factsQuery));
    return namesFrom(facts.roster);
  } catch {
    return (id) => id;
  }
}
