import type { InboxEntry } from '../../client/inbox';
import { STAGE_IDS } from '../../machines/stages';
import { html, type Html } from '../html';
import { beijingDate, beijingDateTime, isMessageKey } from '../i18n';
import { workingDaysUntil } from '../workingDays';
import { layout, type PageContext } from './layout';
import { decideHref, villageHref } from './links';

/** What the inbox page shows: the entries for the person's roles in their scope, the filters, and what could not be asked. */
export interface InboxPage {
  entries: InboxEntry[];
  towns: string[];
  filter: { town?: string; stage?: string };
  unreachable: number;
  now: number;
}

/** A stage's or role's name from the catalogue, or the id itself when the catalogue lacks it. */
export function named(ctx: PageContext, prefix: 'stage' | 'role' | 'decision', id: string): string {
  const key = `${prefix}.${id}`;
  return isMessageKey(key) ? ctx.tr(key) : id;
}

function deadline(ctx: PageContext, entry: InboxEntry, now: number): Html | '' {
  const at = entry.escalateAt ?? entry.remindAt;
  if (!at) return '';
  const days = workingDaysUntil(now, at);
  const when = beijingDate(ctx.locale, at);
  const text =
    days > 0
      ? ctx.tr('inbox.deadline.ahead', { when, days })
      : days === 0
        ? ctx.tr('inbox.deadline.today', { when })
        : ctx.tr('inbox.deadline.passed', { when, days: -days });
  return html`<p class="deadline">${text}</p>`;
}

function entryCard(ctx: PageContext, entry: InboxEntry, now: number): Html {
  const reminded = entry.remindAt !== undefined && Date.parse(entry.remindAt) <= now;
  const badges = [
    entry.overdue ? html`<span class="badge overdue">${ctx.tr('inbox.overdue')}</span>` : '',
    !entry.overdue && reminded ? html`<span class="badge reminded">${ctx.tr('inbox.reminded')}</span>` : '',
  ];
  return html`<li class="card${entry.overdue ? ' is-overdue' : ''}">
    <h2><a href="${villageHref(entry)}">${entry.village}</a> <span class="town">${entry.town} · ${entry.term}</span> ${badges}</h2>
    <p class="stage">${named(ctx, 'stage', entry.stage)} · ${ctx.tr('inbox.asRole', { role: named(ctx, 'role', entry.role) })}</p>
    <ul class="actions">
      ${entry.decisions.map(
        (d) =>
          html`<li>
            <a class="button" href="${decideHref(entry, d)}">${named(ctx, 'decision', d)}</a>${
              entry.choices?.[d] ? html` <span class="hint">${entry.choices[d]}</span>` : ''
            }
          </li>`,
      )}
    </ul>
    <p class="since">${ctx.tr('inbox.waitingSince', { when: beijingDateTime(ctx.locale, entry.waitingSince) })}</p>
    ${deadline(ctx, entry, now)}
    ${entry.provisional ? html`<p class="hint">${ctx.tr('inbox.provisional', { note: entry.provisional })}</p>` : ''}
    ${
      entry.warnings.length
        ? html`<ul class="warnings">
            ${entry.warnings.map((w) => html`<li>${w}</li>`)}
          </ul>`
        : ''
    }
  </li>`;
}

function filters(ctx: PageContext, page: InboxPage): Html {
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}" ${selected ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/">
    <fieldset>
      <legend>${ctx.tr('inbox.filter')}</legend>
      <label for="f-town">${ctx.tr('inbox.filter.town')}</label>
      <select id="f-town" name="town">
        ${option('', ctx.tr('inbox.filter.all'), !page.filter.town)}${page.towns.map((t) => option(t, t, page.filter.town === t))}
      </select>
      <label for="f-stage">${ctx.tr('inbox.filter.stage')}</label>
      <select id="f-stage" name="stage">
        ${option('', ctx.tr('inbox.filter.all'), !page.filter.stage)}${STAGE_IDS.map((s) =>
          option(s, named(ctx, 'stage', s), page.filter.stage === s),
        )}
      </select>
      <button type="submit">${ctx.tr('inbox.filter.apply')}</button>
    </fieldset>
  </form>`;
}

/** The person's work (待办): the villages waiting for them, oldest first, with deadlines in working days. */
export function inboxPage(ctx: PageContext, page: InboxPage): string {
  const body = html`<p>${ctx.tr('inbox.intro')}</p>
    ${filters(ctx, page)}
    ${page.unreachable ? html`<p class="notice" role="status">${ctx.tr('inbox.unreachable', { count: page.unreachable })}</p>` : ''}
    <p class="count" role="status">${ctx.tr('inbox.count', { count: page.entries.length })}</p>
    ${
      page.entries.length
        ? html`<ol class="cards">
            ${page.entries.map((e) => entryCard(ctx, e, page.now))}
          </ol>`
        : html`<p>${ctx.tr('inbox.empty')}</p>`
    }`;
  return layout(ctx, ctx.tr('inbox.title'), body);
}
