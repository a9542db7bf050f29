import { displayWidth } from '../common/textWidth';
import type { DecisionReceipt } from '../workflows/contract';
import { stageLabel } from '../machines/stages';
import type { PublicView } from '../machines/view';

/** Pads to a display width (see {@link displayWidth}). */
export function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** A plain aligned table: a header row, then one row per entry. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Pretty JSON for `--json` output. */
export const toJson = (value: unknown) => JSON.stringify(value, null, 2);

/** Roles joined for a "waiting for" column; a dash when the election waits on nobody. */
export const rolesText = (roles: readonly string[]) => (roles.length ? roles.join(', ') : '-');

/** "Start request (请示) · awaitingApproval" */
export const stageText = (stage: string, step?: string) => `${stageLabel(stage)}${step ? ` · ${step}` : ''}`;

/** What an accepted decision changed, in one line. */
export function formatReceipt(receipt: DecisionReceipt): string {
  return `accepted as decision #${receipt.seq}: now at ${stageText(receipt.stage, receipt.step)}; waiting for ${rolesText(receipt.awaitingRoles)}`;
}

/** The status of one village's election, for a person at a terminal. */
export function formatView(view: PublicView, options: { decisions?: number } = {}): string {
  const out: string[] = [];
  out.push(`${view.village}, ${view.town}, term ${view.term} · ${view.method} · ${view.status}`);
  out.push(`Stage: ${stageText(view.stage, view.step)}${view.overdue ? ' · OVERDUE' : ''}`);
  if (view.pending.length) {
    out.push('Waiting for:');
    for (const p of view.pending) {
      const clock = [p.remindAt && `reminder ${p.remindAt}`, p.escalateAt && `escalation ${p.escalateAt}`].filter(Boolean).join(', ');
      out.push(`  ${p.decision} from ${p.roles.join(' or ')}${clock ? ` (${clock})` : ''}`);
    }
  } else {
    out.push('Waiting for: no decision from people');
  }
  if (view.timers.length) {
    out.push('Timers:');
    for (const t of view.timers) out.push(`  ${t.id}: ${t.event} at ${t.firesAt}`);
  }
  if (view.seats !== undefined) out.push(`Seats: ${view.seats}`);
  if (view.candidates.length) out.push(`Candidates: ${view.candidates.join(', ')}`);
  if (view.ballot) {
    const b = view.ballot;
    out.push(`Ballot: round ${b.round} (${b.kind}, ${b.purpose}) for ${b.seats} seat(s) among ${b.candidates.join(', ')}`);
  }
  if (view.elected.length) out.push(`Elected: ${view.elected.join(', ')}`);
  if (view.secretary) out.push(`Secretary: ${view.secretary}${view.deputy ? ` · deputy: ${view.deputy}` : ''}`);
  if (view.postponement) {
    const p = view.postponement;
    out.push(`Postponement: until ${p.until} (${p.approved ? 'approved' : 'requested'}): ${p.reason}`);
  }
  if (view.sentBack) out.push(`Sent back from ${view.sentBack.stage} by ${view.sentBack.by}: ${view.sentBack.reason}`);
  const shown = options.decisions ?? 8;
  const last = view.decisions.slice(-shown);
  out.push(`Decisions (${last.length} of ${view.decisions.length}, newest last):`);
  if (!last.length) out.push('  none yet');
  for (const d of last) {
    const who = d.by.name ? `${d.by.name} [${d.by.id}]` : d.by.id;
    out.push(`  #${d.seq} ${d.at} ${d.type} by ${who} (${d.by.role}) at ${d.stage}: ${d.summary}`);
  }
  if (view.refusals.length) {
    const count = view.refusalCount ?? view.refusals.length;
    out.push(`Refusals (${Math.min(shown, view.refusals.length)} of ${count}, newest last):`);
    for (const r of view.refusals.slice(-shown)) {
      const who = r.by ? `${r.by.id} (${r.by.role})` : 'unknown sender';
      out.push(`  ${r.at} ${r.type} by ${who} via ${r.via}: [${r.code}] ${r.reason}`);
    }
  }
  return out.join('\n');
}
