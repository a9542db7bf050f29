import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition, StateValue } from 'xstate';
import { electionMachine } from './electionMachine';
import { TIMER_EVENT_TYPES } from './events';
import { HOST_EVENT_TYPES } from './hostEvents';
import { STAGE_IDS, stageLabel, STAGES, type StageId } from './stages';

/** Path of the generated page, relative to the repository root. */
export const STATECHART_DOC_PATH = 'docs/statechart.md';

/** A state to mark as current: a state value, or a path such as `conference.awaitingRound` or `slateApproval`. */
export type Highlight = string | StateValue;

/** One arrow of the chart: every transition between the same two states, one label each. */
interface Edge {
  from: AnyStateNode;
  to: AnyStateNode;
  labels: string[];
  /** Declared on the machine itself, so accepted in every state that is not final. */
  fromAnyState?: boolean;
}

const isStage = (node: AnyStateNode): boolean => (STAGE_IDS as string[]).includes(node.key);
const childrenOf = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states);

function descendants(node: AnyStateNode): AnyStateNode[] {
  return childrenOf(node).flatMap((child) => [child, ...descendants(child)]);
}

/** Mermaid ids: the state's key where it is unique in the machine, else its path joined by `_`. */
function mermaidIds(machine: AnyStateMachine): Map<AnyStateNode, string> {
  const nodes = descendants(machine.root);
  const keyCount = new Map<string, number>();
  for (const node of nodes) keyCount.set(node.key, (keyCount.get(node.key) ?? 0) + 1);
  return new Map(nodes.map((node) => [node, keyCount.get(node.key) === 1 ? node.key : node.path.join('_')]));
}

/** A guard's name as the machine's `setup` names it; `and`/`or`/`not` spelled out. */
function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const combinator = guard as { name: string; guards?: unknown[] };
    if (!combinator.guards) return combinator.name || 'inline guard';
    if (combinator.name === 'not') return `not ${guardName(combinator.guards[0])}`;
    return combinator.guards.map(guardName).join(` ${combinator.name} `);
  }
  if (guard && typeof guard === 'object' && 'type' in guard) return String(guard.type);
  return 'guard';
}

/** What a transition is triggered by: the event type, `after DELAY` for an `after` timer, `always` for an eventless one. */
function eventLabel(node: AnyStateNode, transition: AnyTransitionDefinition): string {
  const eventType = transition.eventType as string;
  if (eventType === '') return 'always';
  if (eventType.startsWith('xstate.after.')) {
    const delayed = node.after.find((t) => t.eventType === eventType);
    return `after ${String(delayed?.delay ?? eventType.split('.')[2])}`;
  }
  return eventType;
}

/** The transitions a state node declares, in document order, each with its label; `[else]` marks the fallback of guarded ones. */
function ownEdges(node: AnyStateNode): Edge[] {
  // The host's own events (the worker's facts, a loaded holiday notice) change the calendar, never the stage: no arrow.
  const drawn = [...node.transitions.values()].filter(
    (t) => !(HOST_EVENT_TYPES as readonly string[]).includes(String(t[0]?.eventType ?? '')),
  );
  const groups = [...drawn, ...(node.always?.length ? [node.always] : [])];
  return groups.flatMap((alternatives) =>
    alternatives.flatMap((transition, index) => {
      const guard = transition.guard ? ` [${guardName(transition.guard)}]` : index > 0 ? ' [else]' : '';
      const label = `${eventLabel(node, transition)}${guard}`;
      return (transition.target?.length ? transition.target : [node]).map((to) => ({ from: node, to, labels: [label] }));
    }),
  );
}

/**
 * Every edge of the chart. A transition that every child of a compound state declares alike
 * (PROPOSE_POSTPONEMENT from each preparation stage) is drawn once, from the compound state;
 * one declared on the machine itself (CANCEL) is drawn from each top-level state that is not final.
 */
function chartEdges(machine: AnyStateMachine): Edge[] {
  const signature = (edge: Edge) => `${edge.labels[0]}->${edge.to.id}`;
  const edges: Edge[] = [];
  const visit = (node: AnyStateNode) => {
    const children = childrenOf(node).filter((child) => child.type !== 'history');
    const childEdges = new Map(children.map((child) => [child, ownEdges(child)]));
    const shared = node === machine.root ? new Set<string>() : common([...childEdges.values()].map((list) => list.map(signature)));
    const hoisted = new Set<string>();
    for (const child of children) {
      for (const edge of childEdges.get(child)!) {
        if (!shared.has(signature(edge))) edges.push(edge);
        else if (!hoisted.has(signature(edge))) {
          hoisted.add(signature(edge));
          edges.push({ ...edge, from: node });
        }
      }
      visit(child);
    }
    if (node === machine.root) {
      for (const edge of ownEdges(node))
        for (const child of children.filter((c) => c.type !== 'final')) edges.push({ ...edge, from: child, fromAnyState: true });
    }
  };
  visit(machine.root);
  return merged(edges);
}

/** The signatures every list holds; none unless there are at least two lists. */
function common(lists: string[][]): Set<string> {
  if (lists.length < 2) return new Set();
  return new Set(lists[0]!.filter((signature) => lists.every((list) => list.includes(signature))));
}

/** Several transitions between the same two states become one edge with all their labels. */
function merged(edges: Edge[]): Edge[] {
  const byPair = new Map<string, Edge>();
  for (const edge of edges) {
    const pair = `${edge.from.id}->${edge.to.id}${edge.fromAnyState ? ' (any state)' : ''}`;
    const existing = byPair.get(pair);
    if (!existing) byPair.set(pair, { ...edge, labels: [...edge.labels] });
    else for (const label of edge.labels) if (!existing.labels.includes(label)) existing.labels.push(label);
  }
  return [...byPair.values()];
}

/** The state nodes a highlight names: each leaf of a state value, or the one state a path ends with. */
export function resolveHighlight(machine: AnyStateMachine, highlight: Highlight): AnyStateNode[] {
  const all = descendants(machine.root);
  if (typeof highlight !== 'string') {
    const leaves = (value: StateValue, prefix: string[]): string[][] =>
      typeof value === 'string'
        ? [[...prefix, value]]
        : Object.entries(value).flatMap(([key, child]) => (child ? leaves(child, [...prefix, key]) : [[...prefix, key]]));
    return leaves(highlight, []).flatMap((path) => resolveHighlight(machine, path.join('.')));
  }
  const wanted = highlight.replace(/^#/, '').split('.').filter(Boolean);
  const matches = all.filter((node) => {
    const path = [machine.root.key, ...node.path];
    return wanted.length > 0 && wanted.length <= path.length && wanted.every((part, i) => part === path[path.length - wanted.length + i]);
  });
  if (matches.length !== 1) {
    const why =
      matches.length === 0 ? 'no such state' : `${matches.length} states end with it: ${matches.map((m) => m.path.join('.')).join(', ')}`;
    throw new Error(
      `highlight: got ${JSON.stringify(highlight)} (${why}); expected a state path such as conference.awaitingRound or a state such as slateApproval`,
    );
  }
  return matches;
}

/** The stage a state belongs to: its outermost ancestor (or itself) that is a stage. */
function stageNodeOf(node: AnyStateNode): AnyStateNode | undefined {
  let stage: AnyStateNode | undefined;
  for (let current: AnyStateNode | undefined = node; current; current = current.parent) if (isStage(current)) stage = current;
  return stage;
}

const quoted = (text: string) => `"${text.replace(/"/g, "'")}"`;

/**
 * The statechart as Mermaid `stateDiagram-v2` text, walked from the machine's own state nodes:
 * stages carry their label and Chinese term, edges their event and `[guard]`, the history state shows as H.
 * With `highlight`, the named state and its stage get the `current` class.
 */
export function statechartMermaid(machine: AnyStateMachine, options: { highlight?: Highlight } = {}): string {
  const ids = mermaidIds(machine);
  const id = (node: AnyStateNode) => ids.get(node)!;
  const edges = chartEdges(machine);
  const placed = new Set<Edge>();
  const lines = ['stateDiagram-v2'];
  const edgeLine = (edge: Edge, indent: string) => `${indent}${id(edge.from)} --> ${id(edge.to)} : ${edge.labels.join(', ')}`;

  /** Edges between two children of `parent` go inside its block; Mermaid would move a state into the block that names it. */
  const block = (parent: AnyStateNode, indent: string) => {
    const children = childrenOf(parent);
    for (const child of children) declare(child, indent);
    const initial = parent.initial?.target?.[0];
    if (initial) lines.push(`${indent}[*] --> ${id(initial)}`);
    for (const edge of edges) {
      if (edge.from.parent === parent && edge.to.parent === parent) {
        lines.push(edgeLine(edge, indent));
        placed.add(edge);
      }
    }
    for (const child of children) if (child.type === 'final') lines.push(`${indent}${id(child)} --> [*]`);
  };
  const declare = (node: AnyStateNode, indent: string) => {
    const name = node.type === 'history' ? (node.history === 'deep' ? 'H*' : 'H') : isStage(node) ? stageLabel(node.key) : undefined;
    const head = name ? `state ${quoted(name)} as ${id(node)}` : `state ${id(node)}`;
    if (node.type !== 'compound' && node.type !== 'parallel') {
      lines.push(`${indent}${head}`);
      return;
    }
    lines.push(`${indent}${head} {`);
    block(node, `${indent}  `);
    lines.push(`${indent}}`);
  };

  block(machine.root, '  ');
  for (const edge of edges) if (!placed.has(edge)) lines.push(edgeLine(edge, '  '));

  if (options.highlight !== undefined) {
    const current = resolveHighlight(machine, options.highlight);
    const stages = current.map((node) => stageNodeOf(node)).filter((stage): stage is AnyStateNode => !!stage && !current.includes(stage));
    lines.push('  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px,font-weight:bold');
    lines.push(`  class ${current.map(id).join(',')} current`);
    if (stages.length > 0) {
      lines.push('  classDef currentStage fill:#fffbeb,stroke:#b45309,stroke-width:3px');
      lines.push(`  class ${[...new Set(stages.map(id))].join(',')} currentStage`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The page under docs/: an intro line and the chart, regenerated by scripts/gen-docs.ts and checked by a test. */
export function renderStatechartDoc(machine: AnyStateMachine = electionMachine): string {
  return [
    '# The statechart of a village re-election',
    '',
    '<!-- Generated from machines/electionMachine.ts by scripts/gen-docs.ts: do not edit by hand. -->',
    '<!-- Regenerate: npm run build && npm run docs -->',
    '',
    'Every state and transition of `electionMachine`: each arrow names the event (and `[guard]`) that takes it;',
    `${TIMER_EVENT_TYPES.join(', ')} come from the workflow's durable timers; \`always\` arrows are taken at once.`,
    `The host's own ${HOST_EVENT_TYPES.join(' and ')} (the worker's facts at the start, a loaded holiday notice) change no stage and are not drawn.`,
    '`election status … --diagram` prints this chart with the village’s current state highlighted.',
    '',
    '```mermaid',
    statechartMermaid(machine).trimEnd(),
    '```',
    '',
  ].join('\n');
}

/** One stage (or grouping state such as `preparation`) of the stage map. */
export interface StageMapStage {
  id: StageId;
  label: string;
  term: string;
  final: boolean;
}

/** The machine reduced to its stages: which stage can lead to which, and by which events. */
export interface StageMap {
  stages: StageMapStage[];
  /** Grouping states that are not stages, with the stages inside them. */
  groups: { id: string; stages: StageId[] }[];
  initial: StageId;
  /** `from` is a stage, a group, or `*` for a transition the machine accepts in any unfinished stage; labels as in the chart. */
  edges: { from: string; to: string; labels: string[] }[];
}

/** The stages of the machine in the order of `STAGES`, with the stage-to-stage transitions (steps within a stage folded away). */
export function stageMap(machine: AnyStateMachine = electionMachine): StageMap {
  const all = descendants(machine.root);
  const present = STAGES.filter((stage) => all.some((node) => node.key === stage.id));
  const stages = present.map((s) => ({ id: s.id, label: s.label, term: s.term, final: all.find((n) => n.key === s.id)!.type === 'final' }));
  const groups = all
    .filter((node) => !isStage(node) && !stageNodeOf(node) && childrenOf(node).some(isStage))
    .map((node) => ({
      id: node.key,
      stages: childrenOf(node)
        .filter(isStage)
        .map((n) => n.key as StageId),
    }));
  const placeOf = (node: AnyStateNode): string => {
    const stage = stageNodeOf(node);
    if (stage) return stage.key;
    const group = node.type === 'history' ? node.parent! : node;
    return groups.some((g) => g.id === group.key) ? group.key : '*';
  };
  const edges: StageMap['edges'] = [];
  for (const edge of chartEdges(machine)) {
    const from = edge.fromAnyState ? '*' : placeOf(edge.from);
    const to = placeOf(edge.to);
    if (from === to) continue;
    const existing = edges.find((e) => e.from === from && e.to === to);
    if (existing) existing.labels.push(...edge.labels.filter((label) => !existing.labels.includes(label)));
    else edges.push({ from, to, labels: [...edge.labels] });
  }
  let initial: AnyStateNode = machine.root;
  while (!isStage(initial) && initial.initial?.target?.[0]) initial = initial.initial.target[0];
  return { stages, groups, initial: initial.key as StageId, edges };
}

/** The stage a highlight falls in (for the stage map). */
export function highlightedStages(machine: AnyStateMachine, highlight: Highlight): string[] {
  return [...new Set(resolveHighlight(machine, highlight).map((node) => stageNodeOf(node)?.key ?? node.key))];
}
