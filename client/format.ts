import { displayWidth } from '../common/textWidth';
import { explainLines, type NameOf } from '../desk/i18n/explain';
import type { DecisionReceipt } from '../workflows/contract';
import { beijingTimeText } from '../machines/rules/isoDate';
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

/** An instant as people in China read it (Beijing time); a dash when there is none. */
export const beijing = (iso?: string, labelled = true) => (iso ? beijingTimeText(iso, labelled) : '-');

/** What an accepted decision changed, in one line, then why and what followed (members by `names`), then each warning it raised. */
export function formatReceipt(receipt: DecisionReceipt, names?: NameOf): string {
  const line = `accepted as decision #${receipt.seq}: now at ${stageText(receipt.stage, receipt.step)}; waiting for ${rolesText(receipt.awaitingRoles)}`;
  return [
    line,
    ...explainLines('en', receipt.explanation ?? [], names).map((why) => `  ${why}`),
    ...(receipt.warnings ?? []).map((w) => `  WARNING [${w.code}] ${w.message}`),
  ].join('\n');
}

/** A timer's deadline for people: Beijing time, the period's last day, and whether it is provisional or shortened. */
function deadlineText(t: PublicView['timers'][number]): string {
  const parts = [beijing(t.firesAt)];
  if (t.endsOn) parts.push(`end of ${t.endsOn}`);
  if (t.shortenedMs !== undefined) parts.push(`shortened to ${t.shortenedMs} ms`);
  return `${parts.join(', ')}${t.provisional ? `; PROVISIONAL: ${t.provisional}` : ''}`;
}

/** The status of one village's election, for a person at a terminal; `names` names members in what followed each decision. */
export function formatView(view: PublicView, options: { decisions?: number; names?: NameOf } = {}): string {
  const out: string[] = [];
  const version = view.machineVersion === undefined ? '' : ` · rules of machine version ${view.machineVersion}`;
  out.push(`${view.village}, ${view.town}, term ${view.term} · ${view.method} · ${view.status}${version}`);
  out.push(`Stage: ${stageText(view.stage, view.step)}${view.overdue ? ' · OVERDUE' : ''}`);
  if (view.shortenedPeriods) {
    const periods = Object.entries(view.shortenedPeriods.overridesMs)
      .map(([period, ms]) => `${period} ${ms} ms`)
      .join(', ');
    out.push(
      `SHORTENED PERIODS (${view.shortenedPeriods.mode === 'not checked' ? 'worker mode not checked' : `${view.shortenedPeriods.mode} mode`}): the town plan's durationOverridesMs replaces the statutory periods: ${periods}`,
    );
  }
  if (view.pending.length) {
    const choosing = view.pending.some((p) => p.choice);
    out.push(choosing ? 'Waiting for one of these ways on:' : 'Waiting for:');
    for (const p of view.pending) {
      const clock = [p.remindAt && `reminder ${beijing(p.remindAt)}`, p.escalateAt && `escalation ${beijing(p.escalateAt)}`]
        .filter(Boolean)
        .join(', ');
      const provisional = p.provisional ? `; PROVISIONAL: ${p.provisional}` : '';
      out.push(`  ${p.decision} from ${p.roles.join(' or ')}${p.choice ? `: ${p.choice}` : ''}${clock ? ` (${clock}${provisional})` : ''}`);
    }
  } else {
    out.push('Waiting for: no decision from people');
  }
  if (view.timers.length) {
    out.push('Timers:');
    for (const t of view.timers) out.push(`  ${t.id}: ${t.event} at ${deadlineText(t)}`);
  }
  const warnings = view.warnings ?? [];
  if (warnings.length) {
    out.push(`Warnings (${warnings.length}):`);
    for (const w of warnings) out.push(`  [${w.code}] ${w.message}`);
  }
  // While a call is awaited (again, after a quorum failure) the last call is history: the conference is still to be called.
  const conference = view.conference;
  if (conference && view.pending.some((p) => p.decision === 'CALL_CONFERENCE')) {
    out.push(`Conference: to be called for a date at least ${conference.leadDays} day(s) after the day of the call`);
  } else if (conference?.date) {
    out.push(
      `Conference: ${conference.date} ${conference.time ?? ''} Beijing time, at ${conference.place ?? ''} (called on ${conference.calledOn ?? ''})`,
    );
  }
  if (view.seats !== undefined) out.push(`Seats: ${view.seats}`);
  if (view.candidates.length) out.push(`Candidates: ${view.candidates.join(', ')}`);
  if (view.ballot) {
    const b = view.ballot;
    out.push(`Ballot: round ${b.round} (${b.kind}, ${b.purpose}) for ${b.seats} seat(s) among ${b.candidates.join(', ')}`);
  }
  if (view.elected.length) out.push(`Elected: ${view.elected.join(', ')}`);
  if (view.secretary) out.push(`Secretary: ${view.secretary}${view.deputy ? ` · deputy: ${view.deputy}` : ''}`);
  const objections = view.objections ?? [];
  if (objections.length) {
    out.push(`Objections (${objections.length}):`);
    for (const o of objections)
      out.push(`  against ${o.candidateId} (${o.status}): ${o.grounds}${o.reason ? ` · ruling: ${o.reason}` : ''}`);
  }
  if (view.postponement) {
    const p = view.postponement;
    const last = p.requests?.at(-1);
    const state = last?.decision === 'refused' ? 'refused' : p.approved ? 'approved' : 'requested';
    out.push(
      `Postponement: until ${p.until} (${state}): ${p.reason}${p.dueOn ? ` · one year at most from the original due date ${p.dueOn}` : ''}`,
    );
    for (const r of p.requests ?? []) {
      const decided = r.decision
        ? `, ${r.decision} on ${r.decidedOn} by ${r.decidedBy}${r.refusal ? `: ${r.refusal}` : ''}`
        : ', awaiting the county';
      out.push(`  requested on ${r.requestedOn} by ${r.by} until ${r.until}${decided}`);
    }
  }
  if (view.sentBack) out.push(`Sent back from ${view.sentBack.stage} by ${view.sentBack.by}: ${view.sentBack.reason}`);
  const shown = options.decisions ?? 8;
  const last = view.decisions.slice(-shown);
  out.push(`Decisions (${last.length} of ${view.decisions.length}, newest last):`);
  if (!last.length) out.push('  none yet');
  for (const d of last) {
    const who = d.by.name ? `${d.by.name} [${d.by.id}]` : d.by.id;
    out.push(`  #${d.seq} ${beijing(d.at)} ${d.type} by ${who} (${d.by.role}) at ${d.stage}: ${d.summary}`);
    for (const why of explainLines('en', d.followed ?? [], options.names)) out.push(`      → ${why}`);
  }
  if (view.refusals.length) {
    const count = view.refusalCount ?? view.refusals.length;
    out.push(`Refusals (${Math.min(shown, view.refusals.length)} of ${count}, newest last):`);
    for (const r of view.refusals.slice(-shown)) {
      const who = r.by ? `${r.by.id} (${r.by.role})` : 'unknown sender';
      out.push(`  ${beijing(r.at)} ${r.type} by ${who} via ${r.via}: [${r.code}] ${r.reason}`);
    }
  }
  return out.join('\n');
}
