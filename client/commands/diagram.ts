import { highlightedStages, stageMap, statechartMermaid, type StageMap } from '../../machines/diagram';
import { electionMachine } from '../../machines/electionMachine';
import type { PublicView } from '../../machines/view';
import { escapeHtml } from '../../common/html';
import { isWide } from '../../common/textWidth';
import { toJson } from '../format';
import { badInput, writePrivateFile } from './common';

/** Help lines of `election status --diagram`. */
export const DIAGRAM_USAGE = `  --diagram       print the statechart as Mermaid text (stateDiagram-v2) with the village's current state
                  highlighted: the full chart, every state, event and guard (paste it into any Mermaid viewer);
                  with --json: {workflowId, stage, step, mermaid, svg}
  --svg FILE      also write FILE as SVG (implies --diagram): a simplified stage map, the stages in order with
                  arrows between them and the current stage marked; the Mermaid text is the full chart`;

/** The machine state a public view names, e.g. `conference.awaitingRound` or `slateApproval`. */
export const viewState = (view: Pick<PublicView, 'stage' | 'step'>) => (view.step ? `${view.stage}.${view.step}` : view.stage);

/** `election status --diagram [--svg FILE]`: the chart text (or JSON) to print; writes the SVG stage map when asked. */
export function villageDiagram(workflowId: string, view: PublicView, options: { svg?: string; json?: boolean }): string {
  const state = viewState(view);
  const mermaid = statechartMermaid(electionMachine, { highlight: state });
  if (options.svg !== undefined) {
    const svg = stageMapSvg(stageMap(electionMachine), {
      title: `${view.town} ${view.village} ${view.term}: ${view.stageLabel}${view.step ? ` · ${view.step}` : ''}`,
      current: highlightedStages(electionMachine, state),
      step: view.step,
    });
    writeSvg(options.svg, svg);
  }
  if (options.json) return toJson({ workflowId, stage: view.stage, step: view.step, mermaid, svg: options.svg });
  return mermaid.trimEnd();
}

function writeSvg(file: string, svg: string): void {
  if (file.trim() === '') throw badInput('--svg: got nothing; expected a file path such as xishan.svg');
  try {
    writePrivateFile(file, svg);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw badInput(`--svg: cannot write ${JSON.stringify(file)} (${code}); expected a path in a folder you can write to`);
  }
  process.stderr.write(`wrote ${file} (simplified stage map; the Mermaid text is the full chart)\n`);
}

const ROW = 46;
const BOX = { width: 280, height: 34 };
const LANE = 11;
const TOP = 88;
const GROUP_LABEL = 22;

const HEADER = [
  'Simplified stage map: the steps within a stage are folded away;',
  'hover an arrow for its events. The full chart is the Mermaid text.',
];

/** A generous estimate of a line's width: wide (CJK) characters are square, others about half as wide. */
const textWidth = (text: string, size: number) => [...text].reduce((sum, ch) => sum + (isWide(ch) ? 1 : 0.6), 0) * size;

interface Arrow {
  labels: string[];
  side: 'down' | 'right' | 'left';
  from: { row: number; y?: number };
  to: { row: number; y?: number };
  lane: number;
}

/** Lanes beside the boxes: shorter arrows nearer the boxes, no two overlapping arrows in one lane. */
function assignLanes(arrows: Arrow[], span: (a: Arrow) => [number, number]): void {
  const taken: [number, number][][] = [];
  const bySpan = [...arrows].sort((a, b) => span(a)[1] - span(a)[0] - (span(b)[1] - span(b)[0]));
  for (const arrow of bySpan) {
    const [top, bottom] = span(arrow);
    let lane = 0;
    while (taken[lane]?.some(([t, b]) => top <= b + 4 && bottom >= t - 4)) lane++;
    (taken[lane] ??= []).push([top, bottom]);
    arrow.lane = lane;
  }
}

/**
 * A simplified stage map as SVG, laid out without a browser: the stages top to bottom in the order of
 * STAGES, an arrow down the middle to the next stage, forward jumps on the right, returns on the left,
 * grouping states as bands. Steps within a stage are folded away; hovering an arrow shows its events.
 */
export function stageMapSvg(map: StageMap, options: { title: string; current?: string[]; step?: string; visited?: string[] }): string {
  const rowOf = new Map(map.stages.map((stage, i) => [stage.id as string, i]));
  const yOf = (row: number) => TOP + row * ROW;
  const bands = map.groups.map((group) => {
    const rows = group.stages.map((id) => rowOf.get(id)!);
    return { id: group.id, top: yOf(Math.min(...rows)) - 8, bottom: yOf(Math.max(...rows)) + BOX.height + 8 };
  });
  const endpoint = (place: string, other: number) => {
    const band = bands.find((b) => b.id === place);
    if (!band) return { row: rowOf.get(place)! };
    return other > band.bottom ? { row: -1, y: band.bottom } : { row: -1, y: band.top };
  };
  const centre = (row: number) => yOf(row) + BOX.height / 2;

  const arrows: Arrow[] = [];
  const fromAnywhere = new Map<string, string[]>();
  for (const edge of map.edges) {
    if (edge.from === '*') {
      fromAnywhere.set(edge.to, [
        ...(fromAnywhere.get(edge.to) ?? []),
        ...edge.labels.filter((e) => !fromAnywhere.get(edge.to)?.includes(e)),
      ]);
      continue;
    }
    const fromRow = rowOf.get(edge.from);
    const toRow = rowOf.get(edge.to);
    const from = endpoint(edge.from, toRow !== undefined ? centre(toRow) : 0);
    const to = endpoint(edge.to, fromRow !== undefined ? centre(fromRow) : 0);
    const y1 = from.y ?? centre(from.row);
    const y2 = to.y ?? centre(to.row);
    const side = fromRow !== undefined && toRow === fromRow + 1 ? 'down' : y2 > y1 ? 'right' : 'left';
    arrows.push({ labels: edge.labels, side, from, to, lane: 0 });
  }
  const span = (a: Arrow): [number, number] => {
    const ys = [a.from.y ?? centre(a.from.row), a.to.y ?? centre(a.to.row)];
    return [Math.min(...ys), Math.max(...ys)];
  };
  const right = arrows.filter((a) => a.side === 'right');
  const left = arrows.filter((a) => a.side === 'left');
  assignLanes(right, span);
  assignLanes(left, span);
  const lanes = (list: Arrow[]) => (list.length ? Math.max(...list.map((a) => a.lane)) + 1 : 0);
  const boxLeft = GROUP_LABEL + 14 + lanes(left) * LANE;
  const boxRight = boxLeft + BOX.width;
  const width = Math.ceil(
    Math.max(
      boxRight + 14 + lanes(right) * LANE + 10,
      textWidth(options.title, 14) + 20,
      ...HEADER.map((line) => textWidth(line, 10.5) + 20),
    ),
  );
  const height = yOf(map.stages.length) + 30;

  /** Where several arrows meet one side of a box they are spread along it, ordered by where their other end is. */
  const portYs = new Map<Arrow['from'], number>();
  const atSide = new Map<string, { end: Arrow['from']; other: number }[]>();
  for (const arrow of arrows.filter((a) => a.side !== 'down')) {
    for (const [end, other] of [
      [arrow.from, arrow.to],
      [arrow.to, arrow.from],
    ] as const) {
      if (end.row < 0) continue;
      const key = `${end.row}:${arrow.side}`;
      atSide.set(key, [...(atSide.get(key) ?? []), { end, other: other.y ?? centre(other.row) }]);
    }
  }
  for (const ends of atSide.values()) {
    ends.sort((a, b) => a.other - b.other);
    ends.forEach(({ end }, i) => portYs.set(end, centre(end.row) + (i - (ends.length - 1) / 2) * 6));
  }

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#475569"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold" fill="#0f172a">${escapeHtml(options.title)}</text>`,
    ...HEADER.map((line, i) => `<text x="10" y="${38 + i * 14}" font-size="10.5" fill="#475569">${escapeHtml(line)}</text>`),
  ];
  for (const band of bands) {
    out.push(
      `<rect x="6" y="${band.top}" width="${width - 12}" height="${band.bottom - band.top}" rx="8" fill="#f1f5f9" stroke="#cbd5e1"/>`,
    );
    const middle = (band.top + band.bottom) / 2;
    out.push(
      `<text x="${GROUP_LABEL - 4}" y="${middle}" font-size="11" fill="#64748b" text-anchor="middle" transform="rotate(-90 ${GROUP_LABEL - 4} ${middle})">${escapeHtml(band.id)}</text>`,
    );
  }
  for (const arrow of arrows) {
    let d: string;
    if (arrow.side === 'down') {
      const x = boxLeft + BOX.width / 2;
      d = `M${x},${yOf(arrow.from.row) + BOX.height} V${yOf(arrow.to.row) - 1}`;
    } else {
      const edgeX = arrow.side === 'right' ? boxRight : boxLeft;
      const laneX = arrow.side === 'right' ? boxRight + 14 + arrow.lane * LANE : boxLeft - 14 - arrow.lane * LANE;
      const start = arrow.from.row >= 0 ? `M${edgeX},${portYs.get(arrow.from)} H${laneX}` : `M${laneX},${arrow.from.y}`;
      const end = arrow.to.row >= 0 ? `V${portYs.get(arrow.to)} H${edgeX + (arrow.side === 'right' ? 1 : -1)}` : `V${arrow.to.y}`;
      d = `${start} ${end}`;
    }
    out.push(
      `<g><title>${escapeHtml(arrow.labels.join(', '))}</title><path d="${d}" fill="none" stroke="#475569" stroke-width="1.3" marker-end="url(#arrow)"/></g>`,
    );
  }
  const initialY = yOf(rowOf.get(map.initial)!);
  const startX = boxLeft + BOX.width / 2;
  out.push(`<circle cx="${startX}" cy="${initialY - 20}" r="4" fill="#0f172a"><title>start</title></circle>`);
  out.push(`<path d="M${startX},${initialY - 16} V${initialY - 1}" stroke="#475569" stroke-width="1.3" marker-end="url(#arrow)"/>`);
  for (const [row, stage] of map.stages.entries()) {
    const y = yOf(row);
    const current = options.current?.includes(stage.id) ?? false;
    // The path taken: stages the election passed through (before the current one) are outlined in blue.
    const visited = !current && (options.visited?.includes(stage.id) ?? false);
    const fill = current ? '#fde68a' : visited ? '#dbeafe' : stage.final ? '#e2e8f0' : '#ffffff';
    const stroke = current ? '#b45309' : visited ? '#1d4ed8' : '#334155';
    out.push(
      `<rect x="${boxLeft}" y="${y}" width="${BOX.width}" height="${BOX.height}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${current ? 3 : visited ? 2 : 1.2}"/>`,
    );
    if (stage.final)
      out.push(
        `<rect x="${boxLeft + 3}" y="${y + 3}" width="${BOX.width - 6}" height="${BOX.height - 6}" rx="4" fill="none" stroke="${stroke}"/>`,
      );
    const notes = [
      stage.term,
      ...(current && options.step ? [`now: ${options.step}`] : []),
      ...(fromAnywhere.has(stage.id) ? [`${fromAnywhere.get(stage.id)!.join(', ')} from any unfinished stage`] : []),
    ];
    out.push(
      `<text x="${boxLeft + 10}" y="${y + 14}" font-size="12" fill="#0f172a"${current ? ' font-weight="bold"' : ''}>${escapeHtml(stage.label)}</text>`,
    );
    out.push(`<text x="${boxLeft + 10}" y="${y + 28}" font-size="10.5" fill="#475569">${escapeHtml(notes.join(' · '))}</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
