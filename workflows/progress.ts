import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { ElectionSnapshot } from '../machines/admission';
import type { ElectionInput } from '../machines/input';
import { beijingTimeText } from '../machines/rules';
import { stageLabel } from '../machines/stages';
import { publicView, type DecisionRecord, type PublicView } from '../machines/view';
import { searchAttributes } from './searchAttributes';
import type { RefusalLog } from './refusals';
import type { DurableTimers } from './timers';

/** The host's records the public view lists: live lists, appended to as decisions and refusals come. */
export interface ElectionRecords {
  decisions: DecisionRecord[];
  refusals: Pick<RefusalLog, 'kept' | 'total'>;
}

/**
 * What people see of the village's progress: the public view (the status query), the search attributes
 * and the Temporal UI's current details. The view is built once per change of the snapshot or of the
 * running timers and shared by all three; the records in it are the live lists, so a refusal only updates its count.
 */
export class Progress {
  private built?: { snapshot: ElectionSnapshot; timers: number; view: PublicView };

  constructor(
    private readonly input: ElectionInput,
    private readonly timers: DurableTimers,
    private readonly records: ElectionRecords,
  ) {}

  /** The public view of `snapshot` with the running timers and the records. */
  view(snapshot: ElectionSnapshot): PublicView {
    const built = this.built;
    if (built && built.snapshot === snapshot && built.timers === this.timers.revision) {
      built.view.refusalCount = this.records.refusals.total;
      return built.view;
    }
    const { decisions, refusals } = this.records;
    const view = publicView(snapshot, { timers: this.timers.list(), decisions, refusals: refusals.kept, refusalCount: refusals.total });
    this.built = { snapshot, timers: this.timers.revision, view };
    return view;
  }

  /** The search attributes that never change during the election: filters by town, village and term. */
  announce(): void {
    upsertSearchAttributes([
      { key: searchAttributes.town, value: this.input.town },
      { key: searchAttributes.village, value: this.input.village },
      { key: searchAttributes.term, value: this.input.term },
    ]);
  }

  /** Follows a transition: the stage's search attributes and the current details, from the one view. */
  publish(snapshot: ElectionSnapshot): PublicView {
    const view = this.view(snapshot);
    upsertSearchAttributes([
      { key: searchAttributes.stage, value: view.stage },
      { key: searchAttributes.awaitingRole, value: view.awaitingRoles },
      { key: searchAttributes.category, value: snapshot.context.investigation?.category ?? null },
      { key: searchAttributes.postponed, value: view.stage === 'postponed' },
    ]);
    setCurrentDetails(currentDetails(this.input, view));
    return view;
  }
}

/** Names listed in one line of the current details at most; the rest are counted. */
const NAMES_LISTED = 12;

/**
 * The Markdown the Temporal UI shows as the workflow's current details: the village, its stage and whom it waits for,
 * then what an operator needs at a glance by name: the slate, an open objection (the candidate and its status, never
 * who filed it), the ballot, the elected committee and the secretary and deputy awaiting approval, a postponement; its
 * timers in Beijing time (provisional or shortened said so), and the warnings recorded.
 */
export function currentDetails(input: ElectionInput, view: PublicView): string {
  const byId = new Map(input.roster.map((m) => [m.id, m.name]));
  const name = (id: string) => `${byId.get(id) ?? id} (${id})`;
  const names = (ids: readonly string[]) =>
    ids.length <= NAMES_LISTED
      ? ids.map(name).join(', ')
      : `${ids.slice(0, NAMES_LISTED).map(name).join(', ')} and ${ids.length - NAMES_LISTED} more`;
  const waits = view.pending.length
    ? view.pending.map((p) => `- **${p.decision}** from ${p.roles.join(' / ')}${p.choice ? `: ${p.choice}` : ''}`).join('\n')
    : '- nothing from people';
  const clock = view.timers
    .map(
      (t) =>
        `- ${t.event} at ${beijingTimeText(t.firesAt)}${t.shortenedMs !== undefined ? ' (shortened)' : ''}${t.provisional ? ` (**${t.provisional}**)` : ''}`,
    )
    .join('\n');
  const warnings = (view.warnings ?? []).map((w) => `- ${w.message}`).join('\n');
  const shortened = view.shortenedPeriods ? `**Shortened periods** (${view.shortenedPeriods.mode} mode): not the statutory ones` : '';
  const open = (view.objections ?? []).filter((o) => o.status !== 'upheld' && o.status !== 'dismissed');
  const objections = open.map((o) => `- against ${name(o.candidateId)}: ${o.status}`).join('\n');
  const seats = view.seats !== undefined ? ` for ${view.seats} seats` : '';
  const ballot = view.ballot
    ? `**Ballot:** ${view.ballot.kind}, round ${view.ballot.round} (${view.ballot.purpose}), ${view.ballot.seats} seat(s) among ${names(view.ballot.candidates)}`
    : '';
  const awaitingApproval = view.stage === 'resultApproval';
  const posts = [view.secretary && `secretary ${name(view.secretary)}`, view.deputy && `deputy ${name(view.deputy)}`]
    .filter(Boolean)
    .join(', ');
  return [
    `**${input.village}**, ${input.town}, term ${input.term}`,
    `**Stage:** ${stageLabel(view.stage)}${view.step ? ` · ${view.step}` : ''}${view.overdue ? ' · **overdue**' : ''}`,
    `**Waiting for:**\n${waits}`,
    view.candidates.length ? `**Slate** (${view.candidates.length}${seats}): ${names(view.candidates)}` : '',
    objections ? `**Open objection${open.length > 1 ? 's' : ''}:**\n${objections}` : '',
    ballot,
    view.elected.length ? `**Elected committee${awaitingApproval ? ', awaiting approval' : ''}:** ${names(view.elected)}` : '',
    posts ? `**${awaitingApproval ? 'Awaiting approval' : 'Elected'}:** ${posts}` : '',
    view.postponement
      ? `**Postponement** until ${view.postponement.until}${view.postponement.approved ? ' (approved)' : ' (requested)'}`
      : '',
    clock ? `**Timers:**\n${clock}` : '',
    shortened,
    warnings ? `**Warnings:**\n${warnings}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
