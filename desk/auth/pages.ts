import { html, type Html } from '../html';
import { csrfField, layout, type PageContext } from '../pages/layout';
import { beijingDateTime } from '../i18n';
import { groupedSecret } from './totp';

/** A notice above a sign-in form: an error (announced at once to a screen reader) or a plain message. */
export type FormNotice = { error: string } | { info: string } | undefined;

const notice = (n: FormNotice): Html | '' =>
  n === undefined
    ? ''
    : 'error' in n
      ? html`<p class="notice error" role="alert">${n.error}</p>`
      : html`<p class="notice" role="status">${n.info}</p>`;

const nextField = (next: string) => (next === '/' ? '' : html`<input type="hidden" name="next" value="${next}" />`);

/** The sign-in page: login name and password, and the office's identity provider when one is configured. */
export function signInPage(ctx: PageContext, view: { next: string; login?: string; notice?: FormNotice; oidcLabel?: string }): string {
  const { tr } = ctx;
  const oidc =
    view.oidcLabel === undefined
      ? ''
      : html`<p class="alt-signin">
          <a class="button" href="/oidc/login${view.next === '/' ? '' : `?next=${encodeURIComponent(view.next)}`}"
            >${tr('auth.signIn.oidc', { provider: view.oidcLabel || tr('auth.signIn.oidcDefault') })}</a
          >
        </p>`;
  return layout(
    ctx,
    tr('auth.signIn.title'),
    html`${notice(view.notice)}
      <form method="post" action="/login" class="signin">
        ${csrfField(ctx)}${nextField(view.next)}
        <p>
          <label for="login">${tr('auth.signIn.login')}</label>
          <input
            id="login"
            name="login"
            autocomplete="username"
            autocapitalize="none"
            spellcheck="false"
            required
            value="${view.login ?? ''}"
          />
        </p>
        <p>
          <label for="password">${tr('auth.signIn.password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </p>
        <p><button type="submit" class="primary">${tr('auth.signIn.submit')}</button></p>
      </form>
      ${oidc}`,
  );
}

/** The second step: the code of the person's authenticator app. */
export function codePage(ctx: PageContext, view: { next: string; notice?: FormNotice }): string {
  const { tr } = ctx;
  return layout(
    ctx,
    tr('auth.code.title'),
    html`${notice(view.notice)}
      <p>${tr('auth.code.intro')}</p>
      <form method="post" action="/login/code" class="signin">
        ${csrfField(ctx)}${nextField(view.next)}
        <p>
          <label for="code">${tr('auth.code.label')}</label>
          <input id="code" name="code" inputmode="numeric" pattern="[0-9 ]*" maxlength="7" autocomplete="one-time-code" required />
        </p>
        <p><button type="submit" class="primary">${tr('auth.code.submit')}</button></p>
      </form>`,
  );
}

/** Enrolment: the secret to type into an app, grouped in fours, the otpauth link, and a code to confirm. */
export function enrolPage(ctx: PageContext, view: { next: string; secret: string; uri: string; notice?: FormNotice }): string {
  const { tr } = ctx;
  return layout(
    ctx,
    tr('auth.enrol.title'),
    html`${notice(view.notice)}
      <p>${tr('auth.enrol.intro')}</p>
      <dl class="enrol">
        <dt>${tr('auth.enrol.secret')}</dt>
        <dd><code class="secret">${groupedSecret(view.secret)}</code></dd>
        <dt>${tr('auth.enrol.uri')}</dt>
        <dd><a href="${view.uri}">${view.uri}</a></dd>
      </dl>
      <p>${tr('auth.enrol.details')}</p>
      <form method="post" action="/login/enrol" class="signin">
        ${csrfField(ctx)}${nextField(view.next)}
        <p>
          <label for="code">${tr('auth.code.label')}</label>
          <input id="code" name="code" inputmode="numeric" pattern="[0-9 ]*" maxlength="7" autocomplete="one-time-code" required />
        </p>
        <p><button type="submit" class="primary">${tr('auth.code.submit')}</button></p>
      </form>`,
  );
}

/** A request refused (a form without its token, from another site, or without a session), saying why. */
export function refusedPage(ctx: PageContext, why: string): string {
  return layout(
    ctx,
    ctx.tr('auth.refused.title'),
    html`<p class="notice error" role="alert">${why}</p>
      <p><a href="/login">${ctx.tr('auth.refused.back')}</a></p>`,
  );
}

/**
 * The page the identity provider's redirect lands on: it sends the browser on to the desk by a meta refresh (no
 * script), so that the session cookie, SameSite=Strict, goes with the next request, which starts on the desk's own site.
 */
export function continuePage(ctx: PageContext, next: string): string {
  const body = html`<p><a href="${next}">${ctx.tr('auth.signIn.continue')}</a></p>`;
  return layout(ctx, ctx.tr('auth.signIn.title'), body).replace(
    '<meta charset="utf-8" />',
    html`<meta charset="utf-8" /><meta http-equiv="refresh" content="0;url=${next}" />`.value,
  );
}

/** The lock's end as the page says it: Beijing time. */
export const lockedText = (ctx: PageContext, until: string) => ctx.tr('auth.signIn.locked', { until: beijingDateTime(ctx.locale, until) });
