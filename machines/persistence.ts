import type { ElectionSnapshot } from './admission';
import type { ElectionMachine } from './electionMachine';

/** The snapshot as plain JSON, for carrying an election across continue-as-new. */
export const persistSnapshot = (machine: ElectionMachine, snapshot: ElectionSnapshot): unknown =>
  JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot)));

/**
 * A persisted snapshot back to a machine snapshot. `resolveState` takes the value and context, but the
 * history of the preparation stages comes back from JSON as `{ id }` and must be turned into state
 * nodes, or a refused postponement could not return to the stage it came from.
 */
export function restoreSnapshot(machine: ElectionMachine, persisted: unknown): ElectionSnapshot {
  const value = persisted as { historyValue?: Record<string, { id: string }[]> } & Record<string, unknown>;
  const historyValue = Object.fromEntries(
    Object.entries(value.historyValue ?? {}).map(([id, nodes]) => [id, nodes.map((node) => machine.getStateNodeById(node.id))]),
  );
  return machine.resolveState({ ...value, historyValue } as never);
}
