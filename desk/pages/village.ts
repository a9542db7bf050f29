import type { StoredNotice } from '../../activities/store';
import { stageMapSvg } from '../../client/commands/diagram';
import { stageMap } from '../../machines/diagram';
import type { DecisionType } from '../../machines/events';
import type { ElectionFacts } from '../../machines/facts';
import type { Role } from '../../machines/roles';
import type { PublicView } from '../../machines/view';
import { html, trusted, type Html } from '../html';
import { beijingDate, beijingDateTime } from '../i18n';
import { named } from './inbox';
import { layout, type PageContext } from './layout';
import { decideHref, temporalHref } from './links';
import { printSection, type PrintablePaper } from './print';

/** Everything a village's page shows, gathered by its route. */
export interface VillagePage {
  workflowId: string;
  view: PublicView;
  facts: ElectionFacts;
  notices: StoredNotice[];
  /** The names of the people assigned to each role over the village. */
  assigned: Partial<Record<Role, string[]>>;
  /** The decisions the signed-in person may make here now, each with the role they would act in. */
  actions: { decision: DecisionType; role: Role }[];
  temporal?: { ui: string; namespace: string };
  /** The rendered explanation of each decision record, by its sequence number (what followed it). */
  followed?: Map<number, string>;
  /** The papers its record can print now (absent: no print section). */
  papers?: readonly PrintablePaper[];
}

/** A member's name from the roster (the id itself when the roster lacks it). */
export const memberName = (facts: Pick<ElectionFacts, 'roster'>, id: string): string => facts.roster.find((m) => m.id === id)?.name ?? id;

const names = (facts: ElectionFacts, ids: readonly string[]) => ids.map((id) => memberName(facts, id)).join('、');

function waits(ctx: PageContext, page: VillagePage): Html {
  const pending = page.view.pending.filter((p) => !p.optional);
  if (!pending.length) return html`<p>${ctx.tr('village.waitsNothing')}</p>`;
  return html`<ul class="waits">
    ${pending.map((p) => {
      const people = p.roles.flatMap((r) => page.assigned[r] ?? []);
      const until = p.escalateAt ?? p.remindAt;
      return html`<li>
        <strong>${named(ctx, 'decision', p.decision)}</strong>
        ${ctx.tr('village.from', { roles: p.roles.map((r) => named(ctx, 'role', r)).join(' / ') })} ·
        ${people.length ? ctx.tr('village.who', { names: [...new Set(people)].join('、') }) : ctx.tr('village.nobodyAssigned')}
        ${until ? html`· ${ctx.tr('village.until', { when: beijingDateTime(ctx.locale, until) })}` : ''}
        ${p.choice ? html`<br /><span class="hint">${p.choice}</span>` : ''}
      </li>`;
    })}
  </ul>`;
}

function actions(ctx: PageContext, page: VillagePage): Html {
  const v = page.view;
  if (!page.actions.length) return html`<p>${ctx.tr('village.noActions')}</p>`;
  return html`<ul class="actions">
    ${page.actions.map(
      (a) =>
        html`<li>
          <a class="button${a.decision === 'CANCEL' ? ' danger' : ''}" href="${decideHref(v, a.decision)}"
            >${named(ctx, 'decision', a.decision)}</a
          >
          <span class="hint">${ctx.tr('inbox.asRole', { role: named(ctx, 'role', a.role) })}</span>
        </li>`,
    )}
  </ul>`;
}

function committee(ctx: PageContext, page: VillagePage): Html {
  const { view, facts } = page;
  const rows: Html[] = [];
  if (view.candidates.length)
    rows.push(
      html`<dt>${ctx.tr('village.slate')}</dt>
        <dd>${names(facts, view.candidates)}</dd>`,
    );
  if (view.elected.length)
    rows.push(
      html`<dt>${ctx.tr('village.elected')}</dt>
        <dd>${names(facts, view.elected)}</dd>`,
    );
  if (view.secretary) rows.push(html`<dd>${ctx.tr('village.secretary', { name: memberName(facts, view.secretary) })}</dd>`);
  if (view.deputy) rows.push(html`<dd>${ctx.tr('village.deputy', { name: memberName(facts, view.deputy) })}</dd>`);
  return rows.length ? html`<dl class="committee">${rows}</dl>` : html``;
}

function objections(ctx: PageContext, page: VillagePage): Html {
  const list = page.view.objections ?? [];
  if (!list.length) return html``;
  return html`<section aria-labelledby="h-objections">
    <h2 id="h-objections">${ctx.tr('village.objections')}</h2>
    <ul>
      ${list.map(
        (o) =>
          html`<li>
            ${ctx.tr('village.objection', {
              name: memberName(page.facts, o.candidateId),
              grounds: o.grounds,
              status: ctx.tr(`village.objection.${o.status}`),
            })}
          </li>`,
      )}
    </ul>
  </section>`;
}

function timeline(ctx: PageContext, page: VillagePage): Html {
  const records = page.view.decisions;
  if (!records.length) return html`<p>${ctx.tr('village.timeline.empty')}</p>`;
  return html`<ol class="timeline">
    ${records.map((r) => {
      const followed = page.followed?.get(r.seq);
      return html`<li>
        <p>
          ${ctx.tr('village.timeline.entry', {
            when: beijingDateTime(ctx.locale, r.at),
            role: named(ctx, 'role', r.by.role),
            name: r.by.name ?? r.by.id,
            what: named(ctx, 'decision', r.type),
          })} <span class="hint">${ctx.tr('village.timeline.stage', { stage: named(ctx, 'stage', r.stage) })}</span>
        </p>
        ${followed ? html`<p class="followed">${followed}</p>` : ''}
        ${
          r.summary && r.summary !== '{}'
            ? html`<details class="summary">
                <summary>${ctx.tr('village.timeline.recorded')}</summary>
                <code>${r.summary}</code>
              </details>`
            : ''
        }
      </li>`;
    })}
  </ol>`;
}

function timers(ctx: PageContext, page: VillagePage): Html {
  const list = page.view.timers;
  if (!list.length) return html`<p>${ctx.tr('village.timers.empty')}</p>`;
  return html`<ul>
    ${list.map(
      (t) =>
        html`<li>
          ${ctx.tr('village.timer.fires', { event: t.event, when: beijingDateTime(ctx.locale, t.firesAt) })}${
            t.shortenedMs !== undefined ? html` <span class="hint">${ctx.tr('village.timer.shortened')}</span>` : ''
          }${t.provisional ? html` <span class="hint">${t.provisional}</span>` : ''}
        </li>`,
    )}
  </ul>`;
}

function notices(ctx: PageContext, page: VillagePage): Html {
  if (!page.notices.length) return html`<p>${ctx.tr('village.notices.empty')}</p>`;
  return html`<ul class="notices">
    ${page.notices.map(
      (n) =>
        html`<li>
          <details>
            <summary>${n.title} <span class="hint">${beijingDateTime(ctx.locale, n.at)}</span></summary>
            <pre class="notice-text">${n.markdown}</pre>
          </details>
        </li>`,
    )}
  </ul>`;
}

function roster(ctx: PageContext, page: VillagePage): Html {
  return html`<div class="table-wrap">
    <table>
      <caption class="visually-hidden">
        ${ctx.tr('village.people')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${ctx.tr('village.people.name')}</th>
          <th scope="col">${ctx.tr('village.people.id')}</th>
          <th scope="col">${ctx.tr('village.people.standing')}</th>
          <th scope="col">${ctx.tr('village.people.post')}</th>
        </tr>
      </thead>
      <tbody>
        ${page.facts.roster.map(
          (m) =>
            html`<tr>
              <th scope="row">${m.name}</th>
              <td>${m.id}</td>
              <td>${ctx.tr(`village.standing.${m.standing}`)}</td>
              <td>${m.outgoingPost ? ctx.tr(`village.post.${m.outgoingPost}`) : ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function diagram(ctx: PageContext, page: VillagePage): Html {
  const v = page.view;
  const visited = [...new Set(v.decisions.map((d) => d.stage))];
  const svg = stageMapSvg(stageMap(), {
    title: `${v.village} · ${named(ctx, 'stage', v.stage)}`,
    current: [v.stage],
    step: v.step,
    visited,
  });
  return html`<figure class="diagram" role="group" aria-labelledby="diagram-caption">
    <div class="svg-wrap" role="img" aria-label="${ctx.tr('village.diagram.desc')}">${trusted(svg)}</div>
    <figcaption id="diagram-caption">${ctx.tr('village.diagram.desc')}</figcaption>
  </figure>`;
}

/** A village: its stage and what it waits for, the people, the papers to print, the timeline, notices, timers and the statechart. */
export function villagePage(ctx: PageContext, page: VillagePage): string {
  const v = page.view;
  const status = ctx.tr(`village.status.${v.status}`);
  const temporal = page.temporal ? temporalHref(page.temporal.ui, page.temporal.namespace, page.workflowId) : undefined;
  const body = html`<p class="subtitle">${v.town} · ${v.term} · ${status}</p>
    <section aria-labelledby="h-stage">
      <h2 id="h-stage">${ctx.tr('village.stage')}</h2>
      <p class="stage-now">
        <strong>${named(ctx, 'stage', v.stage)}</strong>${v.step ? html` · ${v.step}` : ''}${
          v.overdue ? html` <span class="badge overdue">${ctx.tr('inbox.overdue')}</span>` : ''
        }${
          v.postponement && v.stage === 'postponed'
            ? html` · ${ctx.tr('village.postponedUntil', { date: beijingDate(ctx.locale, v.postponement.until) })}`
            : ''
        }
      </p>
      ${temporal ? html`<p><a href="${temporal}" rel="noopener">${ctx.tr('village.temporal')}</a></p>` : ''}
      <h3>${ctx.tr('village.waitsFor')}</h3>
      ${waits(ctx, page)}
      <h3>${ctx.tr('village.yourActions')}</h3>
      ${actions(ctx, page)}
      ${
        v.warnings?.length
          ? html`<h3>${ctx.tr('village.warnings')}</h3>
              <ul class="warnings">
                ${v.warnings.map((w) => html`<li>${w.message}</li>`)}
              </ul>`
          : ''
      }
      ${committee(ctx, page)}
    </section>
    ${objections(ctx, page)} ${page.papers ? printSection(ctx, v, page.papers) : ''}
    <section aria-labelledby="h-timeline">
      <h2 id="h-timeline">${ctx.tr('village.timeline')}</h2>
      ${timeline(ctx, page)}
    </section>
    <section aria-labelledby="h-timers">
      <h2 id="h-timers">${ctx.tr('village.timers')}</h2>
      ${timers(ctx, page)}
    </section>
    <section aria-labelledby="h-notices">
      <h2 id="h-notices">${ctx.tr('village.notices')}</h2>
      ${notices(ctx, page)}
    </section>
    <section aria-labelledby="h-people">
      <h2 id="h-people">${ctx.tr('village.people')}</h2>
      ${roster(ctx, page)}
    </section>
    <section aria-labelledby="h-diagram">
      <h2 id="h-diagram">${ctx.tr('village.diagram')}</h2>
      ${diagram(ctx, page)}
    </section>`;
  return layout(ctx, `${v.village}`, body);
}
