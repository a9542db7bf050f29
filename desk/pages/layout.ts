import { html, type Html } from '../html';
import type { Locale, Translate } from '../i18n';

/** Who is signed in, as a page shows them. */
export interface PagePerson {
  personId: string;
  name: string;
}

/** What every page renders with: the language, the person (absent on the sign-in pages), the form token, where it is. */
export interface PageContext {
  locale: Locale;
  tr: Translate;
  person?: PagePerson;
  /** The session's CSRF token, put in every form the page holds. */
  csrf?: string;
  /** The request's path and query, for the language switch to come back to. */
  path: string;
  /** Navigation entries the person may use (the people registry only for the county organisation department). */
  nav?: { href: string; label: string; current?: boolean }[];
}

/** The hidden field every POST form carries; the server refuses a form without it. */
export const csrfField = (ctx: Pick<PageContext, 'csrf'>): Html => html`<input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}" />`;

/** The link that shows the same page in the other language. */
function languageLink(ctx: PageContext): Html {
  const other: Locale = ctx.locale === 'zh' ? 'en' : 'zh';
  const url = new URL(ctx.path, 'http://desk.invalid');
  url.searchParams.set('lang', other);
  return html`<a
    class="lang"
    href="${url.pathname}${url.search}"
    lang="${other === 'zh' ? 'zh-CN' : 'en'}"
    hreflang="${other === 'zh' ? 'zh-CN' : 'en'}"
    >${ctx.tr('lang.switch')}</a
  >`;
}

/**
 * A whole page: the document in the person's language, a skip link, the header with navigation and sign-out, the
 * main content. No inline script or style (the desk's content security policy forbids both): /static holds them.
 */
export function layout(ctx: PageContext, title: string, body: Html | Html[]): string {
  const nav = ctx.nav?.length
    ? html`<nav aria-label="${ctx.tr('nav.label')}">
        <ul>
          ${ctx.nav.map(
            (item) => html`<li><a href="${item.href}" ${item.current ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
          )}
        </ul>
      </nav>`
    : '';
  const person = ctx.person
    ? html`<div class="who">
        <span>${ctx.person.name}</span>
        <form method="post" action="/logout">${csrfField(ctx)}<button type="submit" class="link">${ctx.tr('auth.signOut')}</button></form>
      </div>`
    : '';
  return `<!doctype html>\n${html`<html lang="${ctx.locale === 'zh' ? 'zh-CN' : 'en'}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} · ${ctx.tr('app.title')}</title>
      <link rel="stylesheet" href="/static/desk.css" />
      <script src="/static/desk.js" defer></script>
      <script src="/static/forms.js" defer></script>
    </head>
    <body>
      <a class="skip" href="#content">${ctx.tr('app.skip')}</a>
      <header>
        <p class="app"><a href="/">${ctx.tr('app.title')}</a></p>
        ${nav}
        <div class="tools">${languageLink(ctx)}${person}</div>
      </header>
      <main id="content" tabindex="-1">
        <h1>${title}</h1>
        ${body}
      </main>
    </body>
  </html>`}\n`;
}
