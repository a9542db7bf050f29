import * as fs from 'fs';
import * as path from 'path';
import type { AnyStateNode } from 'xstate';
import { stageMapSvg, villageDiagram, viewState } from '../../client/commands/diagram';
import { renderStatechartDoc, resolveHighlight, stageMap, STATECHART_DOC_PATH, statechartMermaid } from '../../machines/diagram';
import { DECISION_TYPES, TIMER_EVENT_TYPES } from '../../machines/events';
import { STAGE_IDS } from '../../machines/stages';
import { publicView } from '../../machines/view';
import { atStage, driveTo, electionMachine } from './fixtures';

const chart = statechartMermaid(electionMachine);

function allStates(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states).flatMap((child) => [child, ...allStates(child)]);
}

/** The event names on the chart's arrows, without their `[guard]`. */
const arrowEvents = (text: string) =>
  new Set(
    text
      .split('\n')
      .filter((line) => line.includes(' --> ') && line.includes(' : '))
      .flatMap((line) => line.split(' : ')[1]!.split(', '))
      .map((label) => label.replace(/ \[.*\]$/, '')),
  );

describe('the statechart diagram', () => {
  it('is committed up to date in docs/statechart.md', () => {
    const onDisk = fs.readFileSync(path.join(__dirname, '../..', STATECHART_DOC_PATH), 'utf8');
    if (onDisk !== renderStatechartDoc()) {
      throw new Error(
        `${STATECHART_DOC_PATH} is stale: the machine changed since it was generated; run \`npm run build && npm run docs\` and commit it`,
      );
    }
  });

  it('declares every state of the machine, by its id', () => {
    const declared = new Set([...chart.matchAll(/^\s*state (?:"[^"]*" as )?(\w+)/gm)].map((m) => m[1]));
    for (const node of allStates(electionMachine.root))
      expect({ state: node.key, declared: declared.has(node.key) }).toEqual({ state: node.key, declared: true });
  });

  it('names every decision a person can send on some arrow', () => {
    const events = arrowEvents(chart);
    for (const type of DECISION_TYPES) expect({ type, onAnArrow: events.has(type) }).toEqual({ type, onAnArrow: true });
  });

  it('names every durable timer event on some arrow', () => {
    const events = arrowEvents(chart);
    for (const type of TIMER_EVENT_TYPES) expect({ type, onAnArrow: events.has(type) }).toEqual({ type, onAnArrow: true });
  });

  it('labels guarded transitions with their guard and the fallback with [else]', () => {
    expect(chart).toContain('investigation --> unstable : RECORD_INVESTIGATION [villageUnstable]');
    expect(chart).toContain('investigation --> startRequest : RECORD_INVESTIGATION [else]');
    expect(chart).toContain('attendance --> scrutineers : RECORD_ATTENDANCE [ruleSatisfied and quorumMet]');
  });

  it('draws eventless transitions as always, and the history state as H', () => {
    expect(chart).toContain('dismissed --> resumed : always');
    expect(chart).toContain('state "H" as hist');
    expect(chart).toContain('postponementRequested --> hist : REFUSE_POSTPONEMENT');
  });

  it('draws a postponement request once from preparation, since every preparation stage accepts it alike', () => {
    expect(chart).toContain('preparation --> postponementRequested : PROPOSE_POSTPONEMENT [ruleSatisfied]');
    expect(chart).not.toMatch(/investigation --> postponementRequested/);
  });

  it('groups the transitions between the same two states into one label', () => {
    expect(chart).toContain('startApproval --> startApproval : APPROVAL_REMINDER, APPROVAL_ESCALATION');
    expect(chart.match(/^\s*startApproval --> startApproval/gm)).toHaveLength(1);
  });

  it('describes each stage by its label and Chinese term', () => {
    expect(chart).toContain('state "Slate approval (确定候选人)" as slateApproval');
    expect(chart).toContain('state "Party member conference (党员大会)" as conference {');
  });

  it('starts in preparation and ends in completed or cancelled', () => {
    expect(chart).toMatch(/^ {2}\[\*\] --> preparation$/m);
    expect(chart).toContain('completed --> [*]');
    expect(chart).toContain('cancelled --> [*]');
  });
});

describe('highlighting the current state', () => {
  it('marks the active step as current and its stage as the current stage', () => {
    const text = statechartMermaid(electionMachine, { highlight: 'conference.awaitingRound' });
    expect(text).toContain('classDef current ');
    expect(text).toContain('class awaitingRound current');
    expect(text).toContain('class conference currentStage');
  });

  it('marks a stage without steps as current, whether named by path or by state value', () => {
    expect(statechartMermaid(electionMachine, { highlight: 'slateApproval' })).toContain('class slateApproval current');
    expect(statechartMermaid(electionMachine, { highlight: { preparation: 'investigation' } })).toContain('class investigation current');
  });

  it('leaves the chart unmarked without a highlight', () => {
    expect(chart).not.toContain('classDef');
  });

  it('refuses a state the machine does not have, naming it', () => {
    expect(() => statechartMermaid(electionMachine, { highlight: 'conference.lunchBreak' })).toThrow(
      /"conference.lunchBreak" \(no such state\)/,
    );
  });

  it('resolves every stage and step a village rests in on its way to completion', () => {
    const run = driveTo((snapshot) => snapshot.status === 'done');
    for (const where of new Set(run.visited)) expect(() => resolveHighlight(electionMachine, where.replace('/', '.'))).not.toThrow();
  });

  it('highlights the state of the public view the status command shows', () => {
    const run = driveTo(atStage('conference', 'awaitingRound'));
    const view = publicView(run.snapshot, { timers: [], decisions: [], refusals: [] });
    expect(viewState(view)).toBe('conference.awaitingRound');
    expect(villageDiagram('reelection/2026/Heluo/Qilipu', view, {})).toContain('class awaitingRound current');
  });
});

describe('the stage map (the SVG is drawn from it)', () => {
  const map = stageMap(electionMachine);
  const places = new Set<string>([...STAGE_IDS, ...map.groups.map((g) => g.id), '*']);

  it('lists every stage in the order of STAGES, starting at investigation', () => {
    expect(map.stages.map((s) => s.id)).toEqual(STAGE_IDS);
    expect(map.initial).toBe('investigation');
    expect(map.stages.filter((s) => s.final).map((s) => s.id)).toEqual(['completed', 'cancelled']);
  });

  it('joins only stages and groups, never a stage to itself', () => {
    for (const edge of map.edges) {
      expect(places.has(edge.from) && places.has(edge.to)).toBe(true);
      expect(edge.from).not.toBe(edge.to);
    }
  });

  it('shows cancellation as possible from any unfinished stage', () => {
    expect(map.edges).toContainEqual({ from: '*', to: 'cancelled', labels: ['CANCEL'] });
  });

  it('draws every stage as a box and marks the current one', () => {
    const svg = stageMapSvg(map, { title: 'Heluo Qilipu 2026', current: ['conference'], step: 'awaitingRound' });
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const stage of map.stages) expect(svg).toContain(`>${stage.label}</text>`);
    expect(svg).toMatch(/stroke="#b45309" stroke-width="3"/);
    expect(svg).toContain('now: awaitingRound');
    expect(svg.match(/stroke-width="3"/g)).toHaveLength(1);
  });
});
