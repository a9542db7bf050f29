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

/**
 * The Markdown the Temporal UI shows as the workflow's current details: stage, whom it waits for, its timers in
 * Beijing time (provisional or shortened said so), and the warnings recorded.
 */
export function currentDetails(input: ElectionInput, view: PublicView): string {
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
  return [
    `**${input.village}**, ${input.town}, term ${input.term}`,
    `**Stage:** ${stageLabel(view.stage)}${view.step ? ` · ${view.step}` : ''}${view.overdue ? ' · **overdue**' : ''}`,
    `**Waiting for:**\n${waits}`,
    clock ? `**Timers:**\n${clock}` : '',
    shortened,
    warnings ? `**Warnings:**\n${warnings}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
