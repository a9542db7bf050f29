import type { PaperKind } from '../../papers';
import { html, type Html } from '../html';
import type { PageContext } from './layout';
import { printHref } from './links';

/** A paper the village's record can print now, as `availablePapers` (papers/) lists it. */
export interface PrintablePaper {
  kind: PaperKind;
  round?: number;
  title: string;
}

/** The village page's print section: one line per paper (each round its own), printed as a page or downloaded as PDF. */
export function printSection(
  ctx: PageContext,
  place: { term: number; town: string; village: string },
  papers: readonly PrintablePaper[],
): Html {
  const list = papers.length
    ? html`<ul class="papers">
        ${papers.map((paper) => {
          const title = paper.round !== undefined ? `${paper.title} · ${ctx.tr('print.round', { round: paper.round })}` : paper.title;
          return html`<li>
            <span class="paper-title" lang="zh-CN">${title}</span>
            <a href="${printHref(place, paper)}" target="_blank" rel="noopener" aria-label="${ctx.tr('print.openLabel', { title })}"
              >${ctx.tr('print.open')}</a
            >
            ·
            <a href="${printHref(place, paper, 'pdf')}" aria-label="${ctx.tr('print.pdfLabel', { title })}">${ctx.tr('print.pdf')}</a>
          </li>`;
        })}
      </ul>`
    : html`<p>${ctx.tr('print.none')}</p>`;
  return html`<section aria-labelledby="h-print">
    <h2 id="h-print">${ctx.tr('print.heading')}</h2>
    <p class="hint">${ctx.tr('print.intro')}</p>
    ${list}
  </section>`;
}
