import { html, type Html } from '../html';
import { objectionRulingSchema } from '../../machines/events';
import { figures, memberLabel, memberText, radioGroup, section, selectField, textArea, textField } from './fields';
import { REASON_MIN } from './reasons';
import type { DecisionForm, FormContext } from './types';

/** The objection being dealt with, as filed (and investigated), for the inspection team and the town committee: its grounds, not who filed it. */
function objectionShown(ctx: FormContext): Html {
  const o = ctx.facts.objection;
  if (!o) return html`<p>${ctx.tr('form.objection.none')}</p>`;
  return figures([
    [ctx.tr('form.objection.candidate'), memberLabel(ctx.facts, o.candidateId)],
    [ctx.tr('form.objection.grounds'), o.grounds],
    ...(o.findings !== undefined ? [[ctx.tr('form.findings'), o.findings] as [string, string]] : []),
  ]);
}

/** An objection against a candidate on the slate during the publicity (公示期间的异议). */
export const fileObjectionForm: DecisionForm<'FILE_OBJECTION'> = {
  render: (ctx) =>
    section(
      ctx.tr('form.objection.legend'),
      html`${selectField(ctx, {
        name: 'candidateId',
        label: ctx.tr('form.objection.candidate'),
        required: true,
        options: ctx.facts.candidates.map((id) => ({ value: id, text: memberText(ctx.facts, id) })),
      })}
      ${textArea(ctx, { name: 'grounds', label: ctx.tr('form.objection.grounds'), required: true, rows: 4 })}
      ${textField(ctx, {
        name: 'filedBy',
        label: ctx.tr('form.objection.filedBy'),
        hint: ctx.tr('form.objection.filedByHint'),
        required: true,
      })}`,
    ),
  read: (r, facts) => ({
    candidateId: r.oneOf('candidateId', facts.candidates, { required: true }),
    grounds: r.text('grounds', { required: true, min: REASON_MIN }),
    filedBy: r.text('filedBy', { required: true }),
  }),
  values: (d) => ({ candidateId: d.candidateId, grounds: d.grounds, filedBy: d.filedBy }),
};

export const objectionFindingsForm: DecisionForm<'RECORD_OBJECTION_FINDINGS'> = {
  render: (ctx) =>
    section(
      ctx.tr('form.objection.findingsLegend'),
      html`${objectionShown(ctx)}
      ${textArea(ctx, { name: 'findings', label: ctx.tr('form.findings'), hint: ctx.tr('form.objection.findingsHint'), required: true, rows: 5 })}`,
    ),
  read: (r) => ({ findings: r.text('findings', { required: true, min: REASON_MIN }) }),
  values: (d) => ({ findings: d.findings }),
};

export const objectionRulingForm: DecisionForm<'RULE_OBJECTION'> = {
  render: (ctx) =>
    section(
      ctx.tr('form.objection.rulingLegend'),
      html`${objectionShown(ctx)}
      ${radioGroup(ctx, {
        name: 'ruling',
        label: ctx.tr('form.objection.ruling'),
        required: true,
        options: objectionRulingSchema.options.map((value) => ({
          value,
          label: ctx.tr(`form.objection.ruling.${value}`),
          hint: ctx.tr(`form.objection.ruling.${value}Hint`),
        })),
      })}
      ${textArea(ctx, { name: 'reason', label: ctx.tr('form.reason'), required: true, rows: 4 })}`,
    ),
  read: (r) => ({
    ruling: r.oneOf('ruling', objectionRulingSchema.options, { required: true }),
    reason: r.text('reason', { required: true, min: REASON_MIN }),
  }),
  values: (d) => ({ ruling: d.ruling, reason: d.reason }),
};
