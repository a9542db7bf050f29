import type { AssignmentRecord, KeyRecord, Person } from '../../activities/store';
import { ROLES } from '../../machines/roles';
import { html, type Html } from '../html';
import { beijingDateTime } from '../i18n';
import { named } from './inbox';
import { csrfField, layout, type PageContext } from './layout';

/** What the people page shows: the registry, and the outcome of the change just made. */
export interface PeoplePage {
  people: Person[];
  assignments: AssignmentRecord[];
  keys: KeyRecord[];
  message?: { ok: boolean; text: string };
}

const scopeText = (a: AssignmentRecord) =>
  'county' in a.scope ? a.scope.county : a.scope.village ? `${a.scope.town} · ${a.scope.village}` : a.scope.town;

function assignForm(ctx: PageContext, people: Person[]): Html {
  return html`<form method="post" action="/people/assign" class="stack">
    ${csrfField(ctx)}
    <fieldset>
      <legend>${ctx.tr('people.assign')}</legend>
      <div class="field">
        <label for="a-person">${ctx.tr('people.person')}</label>
        <select id="a-person" name="personId" required>
          ${people.map((p) => html`<option value="${p.id}">${p.name} (${p.id})</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="a-role">${ctx.tr('people.role')}</label>
        <select id="a-role" name="role" required>
          ${ROLES.map((r) => html`<option value="${r}">${named(ctx, 'role', r)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="a-town">${ctx.tr('people.assign.town')}</label><input id="a-town" name="town" required maxlength="64" />
      </div>
      <div class="field">
        <label for="a-village">${ctx.tr('people.assign.village')}</label><input id="a-village" name="village" maxlength="64" />
      </div>
      <button type="submit">${ctx.tr('people.assign.submit')}</button>
    </fieldset>
  </form>`;
}

/** The people registry as the county organisation department keeps it. */
export function peoplePage(ctx: PageContext, page: PeoplePage): string {
  const now = new Date().toISOString();
  const current = (a: AssignmentRecord) => a.revokedAt === undefined && (a.validUntil === undefined || now < a.validUntil);
  const rows = page.people.map((p) => {
    const mine = page.assignments.filter((a) => a.personId === p.id);
    return html`<tr>
      <th scope="row">${p.name}<br /><span class="hint">${p.id}</span></th>
      <td>
        <ul class="plain">
          ${mine.map(
            (a) =>
              html`<li>
                ${named(ctx, 'role', a.role)} · ${scopeText(a)} ·
                ${beijingDateTime(ctx.locale, a.validFrom)}${
                  current(a)
                    ? html` <form method="post" action="/people/revoke" class="inline">
                        ${csrfField(ctx)}<input type="hidden" name="assignment" value="${a.id}" /><button type="submit" class="link">
                          ${ctx.tr('people.revoke')}
                        </button>
                      </form>`
                    : html` <span class="badge">${ctx.tr('people.revoked')}</span>`
                }
              </li>`,
          )}
        </ul>
      </td>
    </tr>`;
  });
  const keys = page.keys.map(
    (k) =>
      html`<tr>
        <th scope="row">${k.keyId}</th>
        <td>${'desk' in k.owner ? ctx.tr('people.key.desk', { name: k.owner.desk }) : k.owner.personId}</td>
        <td>${beijingDateTime(ctx.locale, k.validFrom)}</td>
        <td>${k.revokedAt ? html`<span class="badge">${ctx.tr('people.revoked')}</span>` : ''}</td>
      </tr>`,
  );
  const body = html`${page.message ? html`<p class="${page.message.ok ? 'ok' : 'error'}" role="${page.message.ok ? 'status' : 'alert'}">${page.message.text}</p>` : ''}
    ${assignForm(ctx, page.people)}
    <section aria-labelledby="h-people-list">
      <h2 id="h-people-list">${ctx.tr('people.assignments')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">${ctx.tr('people.person')}</th>
              <th scope="col">${ctx.tr('people.assignments')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </div>
    </section>
    <section aria-labelledby="h-keys">
      <h2 id="h-keys">${ctx.tr('people.keys')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">${ctx.tr('people.key.owner')}</th>
              <th scope="col">${ctx.tr('people.from')}</th>
              <th scope="col">${ctx.tr('people.state')}</th>
            </tr>
          </thead>
          <tbody>
            ${keys}
          </tbody>
        </table>
      </div>
    </section>`;
  return layout(ctx, ctx.tr('people.title'), body);
}
