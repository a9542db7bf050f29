import { html, type Html } from '../html';
import type { MessageKey } from '../i18n';
import { figures, memberLabel, section, textArea } from './fields';
import type { DecisionForm, FormContext } from './types';

/** The fewest characters of a reason or findings, as the decision's schema has it. */
export const REASON_MIN = 2;

/** A form whose only field is a reason (or findings): a refusal, a sending back, a cancellation. */
function reasonForm<K extends 'CANCEL' | 'SEND_BACK_START' | 'SEND_BACK_SLATE' | 'REFUSE_POSTPONEMENT' | 'REJECT_RESULT'>(
  legend: MessageKey,
  label: MessageKey,
  hint: MessageKey,
  before?: (ctx: FormContext) => Html,
): DecisionForm<K> {
  return {
    render: (ctx) => [
      before?.(ctx) ?? html``,
      section(ctx.tr(legend), textArea(ctx, { name: 'reason', label: ctx.tr(label), hint: ctx.tr(hint), required: true, rows: 4 })),
    ],
    read: (r) => ({ reason: r.text('reason', { required: true, min: REASON_MIN }) }),
    values: (d) => ({ reason: (d as { reason: string }).reason }),
  };
}

/** The elected committee as the town committee sees it before approving or rejecting the result. */
export const electedSummary = (ctx: FormContext) =>
  figures([
    [
      ctx.tr('form.result.elected'),
      html`<ul>
        ${ctx.facts.elected.map((id) => html`<li>${memberLabel(ctx.facts, id)}</li>`)}
      </ul>`,
    ],
    [ctx.tr('form.result.secretary'), ctx.facts.secretary ? memberLabel(ctx.facts, ctx.facts.secretary) : ctx.tr('form.none')],
    ...(ctx.facts.electsDeputy || ctx.facts.deputy
      ? [
          [ctx.tr('form.result.deputy'), ctx.facts.deputy ? memberLabel(ctx.facts, ctx.facts.deputy) : ctx.tr('form.none')] as [
            string,
            Html | string,
          ],
        ]
      : []),
  ]);

export const cancelForm = reasonForm<'CANCEL'>('form.cancel.legend', 'form.reason', 'form.cancel.hint');
export const sendBackStartForm = reasonForm<'SEND_BACK_START'>('form.sendBack.legend', 'form.reason', 'form.sendBackStart.hint');
export const sendBackSlateForm = reasonForm<'SEND_BACK_SLATE'>('form.sendBack.legend', 'form.reason', 'form.sendBackSlate.hint');
export const refusePostponementForm = reasonForm<'REFUSE_POSTPONEMENT'>(
  'form.refusePostponement.legend',
  'form.reason',
  'form.refusePostponement.hint',
);
export const rejectResultForm = reasonForm<'REJECT_RESULT'>(
  'form.rejectResult.legend',
  'form.reason',
  'form.rejectResult.hint',
  electedSummary,
);

/** Approving the result: nothing to type, the elected committee shown for the town committee to check. */
export const approveResultForm: DecisionForm<'APPROVE_RESULT'> = {
  render: (ctx) => section(ctx.tr('form.result.legend'), electedSummary(ctx)),
  read: () => ({}),
  values: () => ({}),
};
