import type { StoredNotice } from '../../activities/store';
import { STAGE_IDS, type StageId } from '../../machines/stages';
import type { PublicView } from '../../machines/view';
import { html, type Html } from '../html';
import { beijingDate, beijingDateTime } from '../i18n';
import { named } from './inbox';
import { layout, type PageContext } from './layout';
import { temporalHref, townHref, villageHref } from './links';

/** One village of a town as its page lists it. */
export interface TownVillage {
  workflowId: string;
  village: string;
  term: number;
  status: 'running' | 'completed' | 'cancelled' | 'unknown';
  stage: StageId | string;
  view?: PublicView;
}

/** What a town's page shows. */
export interface TownPage {
  town: string;
  villages: TownVillage[];
  notices: StoredNotice[];
  hasReport: boolean;
  temporal?: { ui: string; namespace: string };
}

/** The towns a person's assignments reach. */
export function townsPage(ctx: PageContext, towns: string[]): string {
  const body = towns.length
    ? html`<ul class="towns">
        ${towns.map((t) => html`<li><a href="${townHref(t)}">${t}</a></li>`)}
      </ul>`
    : html`<p>${ctx.tr('towns.empty')}</p>`;
  return layout(ctx, ctx.tr('towns.title'), body);
}

function byStage(ctx: PageContext, villages: TownVillage[]): Html {
  const counts = STAGE_IDS.map((s) => [s, villages.filter((v) => v.stage === s).length] as const).filter(([, n]) => n > 0);
  return html`<div class="table-wrap">
    <table class="compact">
      <caption>
        ${ctx.tr('town.byStage')}
      </caption>
      <tbody>
        ${counts.map(
          ([s, n]) =>
            html`<tr>
              <th scope="row">${named(ctx, 'stage', s)}</th>
              <td>${n}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function villageRows(ctx: PageContext, page: TownPage): Html {
  return html`<div class="table-wrap">
    <table>
      <caption>
        ${ctx.tr('town.villages')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${ctx.tr('town.village')}</th>
          <th scope="col">${ctx.tr('town.stage')}</th>
          <th scope="col">${ctx.tr('town.waits')}</th>
          ${page.temporal ? html`<th scope="col">${ctx.tr('town.workflow')}</th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${page.villages.map((v) => {
          const waits = v.view?.awaitingRoles.map((r) => named(ctx, 'role', r)).join('、') ?? '';
          return html`<tr${v.view?.overdue ? html` class="is-overdue"` : ''}><th scope="row"><a href="${villageHref({ ...v, town: page.town })}">${v.village}</a></th>
<td>${named(ctx, 'stage', v.stage)}${v.view?.overdue ? html` <span class="badge overdue">${ctx.tr('inbox.overdue')}</span>` : ''}</td>
<td>${waits}</td>${
            page.temporal
              ? html`<td>
                  <a href="${temporalHref(page.temporal.ui, page.temporal.namespace, v.workflowId)}" rel="noopener"
                    >${ctx.tr('town.open')}</a
                  >
                </td>`
              : ''
          }</tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

/** A town: villages per stage, the overdue, the postponed with their dates, links to the Temporal UI, the report and notice board. */
export function townPage(ctx: PageContext, page: TownPage): string {
  const overdue = page.villages.filter((v) => v.view?.overdue);
  const postponed = page.villages.filter((v) => v.stage === 'postponed' || v.stage === 'postponementRequested');
  const list = (items: TownVillage[], extra: (v: TownVillage) => string) =>
    items.length
      ? html`<ul>
          ${items.map((v) => html`<li><a href="${villageHref({ ...v, town: page.town })}">${v.village}</a> ${extra(v)}</li>`)}
        </ul>`
      : html`<p>${ctx.tr('town.none')}</p>`;
  const unreachable = page.villages.filter((v) => v.status === 'unknown').length;
  const body = html`${unreachable ? html`<p class="notice" role="status">${ctx.tr('town.unreachable', { count: unreachable })}</p>` : ''}
    ${byStage(ctx, page.villages)}
    <section aria-labelledby="h-overdue">
      <h2 id="h-overdue">${ctx.tr('town.overdue')}</h2>
      ${list(overdue, (v) => named(ctx, 'stage', v.stage))}
    </section>
    <section aria-labelledby="h-postponed">
      <h2 id="h-postponed">${ctx.tr('town.postponed')}</h2>
      ${list(postponed, (v) =>
        v.view?.postponement
          ? ctx.tr('village.postponedUntil', { date: beijingDate(ctx.locale, v.view.postponement.until) })
          : named(ctx, 'stage', v.stage),
      )}
    </section>
    <section aria-labelledby="h-villages">
      <h2 id="h-villages">${ctx.tr('town.villages')}</h2>
      ${villageRows(ctx, page)}
    </section>
    <section aria-labelledby="h-report">
      <h2 id="h-report">${ctx.tr('town.report')}</h2>
      ${
        page.hasReport
          ? html`<p><a href="${townHref(page.town)}/report">${ctx.tr('town.report')}</a></p>`
          : html`<p>${ctx.tr('town.noReport')}</p>`
      }
    </section>
    <section aria-labelledby="h-board">
      <h2 id="h-board">${ctx.tr('town.noticeBoard')}</h2>
      ${
        page.notices.length
          ? html`<ul class="notices">
              ${page.notices.map(
                (n) =>
                  html`<li>
                    <details>
                      <summary>${n.village} · ${n.title} <span class="hint">${beijingDateTime(ctx.locale, n.at)}</span></summary>
                      <pre class="notice-text">${n.markdown}</pre>
                    </details>
                  </li>`,
              )}
            </ul>`
          : html`<p>${ctx.tr('village.notices.empty')}</p>`
      }
    </section>`;
  return layout(ctx, page.town, body);
}
