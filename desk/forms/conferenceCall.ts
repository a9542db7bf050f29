import { html } from '../html';
import { beijingDate } from '../i18n';
import { checkConferenceCall } from '../../machines/rules';
import { section, textField } from './fields';
import { todayOf } from './start';
import type { DecisionForm, FormContext } from './types';

/** The earliest day a conference called today may be held, as the workflow's rule counts it (today in Beijing plus the lead time). */
const earliestDay = (ctx: FormContext): string =>
  String(
    checkConferenceCall({ calledOn: todayOf(ctx), date: todayOf(ctx), time: '00:00', leadDays: ctx.facts.plan.conferenceNoticeDays })
      .figures.earliest,
  );

/**
 * The call of the Party member conference (from machine version 3): its date, time and place, which the notice to every
 * member with a vote gives. The desk's check of the lead time is the workflow's own rule (machines/rules/conference.ts),
 * run by `readDecisionForm` on the village's facts.
 */
export const callConferenceForm: DecisionForm<'CALL_CONFERENCE'> = {
  render: (ctx) =>
    section(
      ctx.tr('conferenceCall.legend'),
      html`${ctx.facts.quorumFailures > 0 ? html`<p class="hint">${ctx.tr('conferenceCall.renotice')}</p>` : ''}
        <p>${ctx.tr('conferenceCall.intro')}</p>
        ${textField(ctx, {
          name: 'date',
          type: 'date',
          label: ctx.tr('conferenceCall.date'),
          hint: ctx.tr('conferenceCall.dateHint', {
            leadDays: ctx.facts.plan.conferenceNoticeDays,
            earliest: beijingDate(ctx.locale, earliestDay(ctx)),
          }),
          required: true,
          min: earliestDay(ctx),
        })}
        ${textField(ctx, { name: 'time', type: 'time', label: ctx.tr('conferenceCall.time'), hint: ctx.tr('conferenceCall.timeHint'), required: true })}
        ${textField(ctx, { name: 'place', label: ctx.tr('conferenceCall.place'), hint: ctx.tr('conferenceCall.placeHint'), required: true })}`,
    ),
  read: (r) => ({
    date: r.date('date', { required: true }),
    // A time typed with full-width digits or colon (０９：００) is the same time.
    time: r.text('time', { required: true })?.normalize('NFKC'),
    place: r.text('place', { required: true, min: 2 }),
  }),
  values: (d) => ({ date: d.date, time: d.time, place: d.place }),
};
