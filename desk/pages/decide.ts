import type { DecisionType } from '../../machines/events';
import type { ElectionFacts } from '../../machines/facts';
import type { Role } from '../../machines/roles';
import type { PublicView } from '../../machines/view';
import type { DecisionReceipt } from '../../workflows/contract';
import { renderDecisionFields, type FieldError, type FormBody } from '../forms';
import { html } from '../html';
import { named } from './inbox';
import { csrfField, layout, type PageContext } from './layout';
import { decideHref, villageHref } from './links';

/** A decision's form page: what the form needs and, after a refusal, what was sent and what was wrong. */
export interface DecisionPage {
  workflowId: string;
  view: PublicView;
  facts: ElectionFacts;
  type: DecisionType;
  role: Role;
  values?: FormBody;
  errors?: FieldError[];
  /** The desk's clock, for the dates a form proposes (today in Beijing). */
  now?: number;
}

/** A decision's form, shaped like the paper it replaces, for the person acting in one role. */
export function decisionPage(ctx: PageContext, page: DecisionPage): string {
  const v = page.view;
  const title = `${named(ctx, 'decision', page.type)} · ${v.village}`;
  const body = html`<p class="subtitle">${v.town} · ${v.term} · ${named(ctx, 'stage', v.stage)}</p>
    <p>${ctx.tr('decide.as', { role: named(ctx, 'role', page.role), name: ctx.person?.name ?? '' })}</p>
    <form method="post" action="${decideHref(v, page.type)}" class="decision" novalidate data-decision="${page.type}">
      ${csrfField(ctx)}
      ${renderDecisionFields({ type: page.type, role: page.role, facts: page.facts, view: v, tr: ctx.tr, locale: ctx.locale, values: page.values, errors: page.errors, now: page.now })}
      <p class="hint">${ctx.tr('decide.signedNote')}</p>
      <div class="buttons">
        <button type="submit" class="primary">${ctx.tr('decide.submit')}</button> <a href="${villageHref(v)}">${ctx.tr('decide.back')}</a>
      </div>
    </form>`;
  return layout(ctx, title, body);
}

/** What the receipt page shows: the decision and its receipt. */
export interface ReceiptPage extends DecisionPage {
  receipt: DecisionReceipt;
  /** The receipt's explanation in the person's language (what happened and why). */
  why?: string[];
}

/** The receipt: what happened and why, where the village is now, and whom it waits for (the explanation says it, else the receipt's stage). */
export function receiptPage(ctx: PageContext, page: ReceiptPage): string {
  const v = page.view;
  const r = page.receipt;
  const roles = r.awaitingRoles.map((role) => named(ctx, 'role', role)).join('、');
  const body = html`<div role="status" class="receipt">
      <p>${ctx.tr('receipt.accepted', { decision: named(ctx, 'decision', page.type), seq: r.seq })}</p>
      ${
        page.why?.length
          ? html`<ul class="why">
              ${page.why.map((line) => html`<li>${line}</li>`)}
            </ul>`
          : html`<p>
              ${ctx.tr('receipt.now', { stage: named(ctx, 'stage', r.stage) })}
              ${roles ? ctx.tr('receipt.waits', { roles }) : ctx.tr('receipt.waitsNobody')}
            </p>`
      }
      ${
        r.warnings?.length
          ? html`<ul class="warnings">
              ${r.warnings.map((w) => html`<li>${w.message}</li>`)}
            </ul>`
          : ''
      }
    </div>
    <p><a class="button" href="${villageHref(v)}">${ctx.tr('decide.back')}</a> <a href="/">${ctx.tr('nav.inbox')}</a></p>`;
  return layout(ctx, ctx.tr('receipt.title'), body);
}
