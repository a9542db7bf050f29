import type { AnyStateNode, SnapshotFrom } from 'xstate';
import { electionMachine, type ElectionMachine, type StageMeta } from './electionMachine';

type StateValue = SnapshotFrom<ElectionMachine>['value'];
type KeysOf<V> = V extends string ? V : V extends object ? keyof V & string : never;
type ChildrenOf<V, K extends string> = V extends { [P in K]: infer C } ? KeysOf<C> : never;

/** A stage's id: a state of the machine that carries a stage's meta (the preparation stages are inside `preparation`). */
export type StageId = Exclude<KeysOf<StateValue>, 'preparation'> | Exclude<ChildrenOf<StateValue, 'preparation'>, 'hist'>;

/** A stage of a village's re-election, with the names cadres use. */
export interface Stage extends StageMeta {
  id: StageId;
}

const childrenOf = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states);
const isStageNode = (node: AnyStateNode) => (node.meta as StageMeta | undefined)?.label !== undefined;

function stageNodes(node: AnyStateNode): AnyStateNode[] {
  return childrenOf(node).flatMap((child) => (isStageNode(child) ? [child] : stageNodes(child)));
}

/** The stages in the machine's order, read from each state's meta: the one list the CLI, diagram and docs show. */
export const STAGES: readonly Stage[] = stageNodes(electionMachine.root).map((node) => {
  const meta = node.meta as StageMeta;
  return { id: node.key as StageId, label: meta.label, term: meta.term };
});

export const STAGE_IDS: StageId[] = STAGES.map((s) => s.id);

/** Grouping states that are not stages themselves (`preparation`): their active child is the stage. */
const GROUPS = new Set(
  [electionMachine.root, ...childrenOf(electionMachine.root)]
    .filter((node) => node !== electionMachine.root && !isStageNode(node) && childrenOf(node).some(isStageNode))
    .map((node) => node.key),
);

/** The stage and the step within it of a state value such as `{ conference: 'awaitingRound' }`. */
export function stageOf(value: unknown): { stage: StageId; step?: string } {
  let current = value;
  while (current && typeof current === 'object') {
    const [key, child] = Object.entries(current as Record<string, unknown>)[0]!;
    if (!GROUPS.has(key)) return { stage: key as StageId, step: typeof child === 'string' ? child : Object.keys(child as object)[0] };
    current = child;
  }
  return { stage: current as StageId };
}

/** The human label of a stage id. */
export const stageLabel = (id: string) => {
  const stage = STAGES.find((s) => s.id === id);
  return stage ? `${stage.label} (${stage.term})` : id;
};
