import { html, type Html, type HtmlValue } from '../html';
import type { MessageKey } from '../i18n';
import type { ElectionFacts } from '../../machines/facts';
import type { Member } from '../../machines/rules';
import { valueOf, valuesOf } from './reader';
import type { FormContext } from './types';

/**
 * The element id of a field: `f-` and its name, every character but ASCII letters, digits and hyphens written as
 * `_hex_`, so that any member id makes a valid id and two names never share one.
 */
export const fieldId = (name: string): string => `f-${name.replace(/[^A-Za-z0-9-]/g, (ch) => `_${ch.codePointAt(0)!.toString(16)}_`)}`;
const hintId = (name: string) => `${fieldId(name)}-hint`;
const errorId = (name: string) => `${fieldId(name)}-error`;

/** The messages shown beside a field. */
const errorsOf = (ctx: FormContext, name: string) => (ctx.errors ?? []).filter((e) => e.field === name).map((e) => e.message);

/** A member as every form shows one: the name, with the roster id small beside it. */
export function memberLabel(facts: Pick<ElectionFacts, 'roster'>, id: string): Html {
  const member = facts.roster.find((m) => m.id === id);
  return member ? html`${member.name} <small class="id">${id}</small>` : html`<span class="id">${id}</span>`;
}

/** A member's name as plain text (for option labels, which hold no markup): name (id). */
export function memberText(facts: Pick<ElectionFacts, 'roster'>, id: string): string {
  const member = facts.roster.find((m) => m.id === id);
  return member ? `${member.name} (${id})` : id;
}

export const memberOf = (facts: Pick<ElectionFacts, 'roster'>, id: string): Member | undefined => facts.roster.find((m) => m.id === id);

/** The attributes that tie a control to its hint and its error, and mark it invalid. */
function described(ctx: FormContext, name: string, hint: boolean): Html {
  const ids = [hint ? hintId(name) : '', errorsOf(ctx, name).length ? errorId(name) : ''].filter(Boolean).join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${errorsOf(ctx, name).length ? html` aria-invalid="true"` : ''}`;
}

function hintAndError(ctx: FormContext, name: string, hint?: HtmlValue): Html {
  const errors = errorsOf(ctx, name);
  return html`${hint ? html`<p class="hint" id="${hintId(name)}">${hint}</p>` : ''}${
    errors.length ? html`<p class="error" id="${errorId(name)}">${errors.map((e, i) => html`${i ? html`<br />` : ''}${e}`)}</p>` : ''
  }`;
}

interface Field {
  name: string;
  label: HtmlValue;
  hint?: HtmlValue;
  /** The value when the form was not sent before. */
  initial?: string;
  required?: boolean;
  /** data- attributes for the arithmetic checked as one types (desk/static/forms.js). */
  data?: Html;
}

const current = (ctx: FormContext, field: Field) => (ctx.values ? (valueOf(ctx.values, field.name) ?? '') : (field.initial ?? ''));
const requiredMark = (ctx: FormContext, field: Field) =>
  field.required ? html` <span class="required">${ctx.tr('form.required')}</span>` : '';

/** A one-line text or date field with its label, hint and error. */
export function textField(
  ctx: FormContext,
  field: Field & {
    type?: 'text' | 'date' | 'time';
    autocomplete?: string;
    /** The earliest date the browser lets one pick. */ min?: string;
  },
): Html {
  return html`<div class="field">
    <label for="${fieldId(field.name)}">${field.label}${requiredMark(ctx, field)}</label>
    ${hintAndError(ctx, field.name, field.hint)}
    <input
      type="${field.type ?? 'text'}"
      id="${fieldId(field.name)}"
      name="${field.name}"
      value="${current(ctx, field)}"
      autocomplete="${field.autocomplete ?? 'off'}"
      ${field.min ? html` min="${field.min}"` : ''}
      ${field.required ? html` required` : ''}${described(ctx, field.name, !!field.hint)}
    />
  </div>`;
}

/** The attributes of a whole-number input: a numeric keyboard on a phone, without the spinner of type=number. */
function countAttributes(ctx: FormContext, field: Field): Html {
  return html`type="text" inputmode="numeric" pattern="[0-9０-９]*" id="${fieldId(field.name)}" name="${field.name}"
  value="${current(ctx, field)}" autocomplete="off"${field.required ? html` required` : ''}${field.data ?? ''}`;
}

/** A whole-number field with its label, hint and error. */
export function countField(ctx: FormContext, field: Field): Html {
  return html`<div class="field">
    <label for="${fieldId(field.name)}">${field.label}${requiredMark(ctx, field)}</label>
    ${hintAndError(ctx, field.name, field.hint)}
    <input class="count" ${countAttributes(ctx, field)}${described(ctx, field.name, !!field.hint)} />
  </div>`;
}

/** A whole-number input in a table row, named by the row's and the column's headers (aria-labelledby). */
export function countCell(ctx: FormContext, field: Omit<Field, 'label'> & { labelledBy: string }): Html {
  const errors = errorsOf(ctx, field.name);
  return html`<td>
    <input
      class="count"
      ${countAttributes(ctx, { ...field, label: '' })}
      aria-labelledby="${field.labelledBy}"
      ${described(ctx, field.name, false)}
    />${errors.length ? html`<p class="error" id="${errorId(field.name)}">${errors.join(' ')}</p>` : ''}
  </td>`;
}

/** A text area with its label, hint and error. */
export function textArea(ctx: FormContext, field: Field & { rows?: number }): Html {
  return html`<div class="field">
    <label for="${fieldId(field.name)}">${field.label}${requiredMark(ctx, field)}</label>
    ${hintAndError(ctx, field.name, field.hint)}
    <textarea
      id="${fieldId(field.name)}"
      name="${field.name}"
      rows="${field.rows ?? 3}"
      ${field.required ? html` required` : ''}${described(ctx, field.name, !!field.hint)}
    >
${current(ctx, field)}</textarea>
  </div>`;
}

/** A select of options (value, text) with an empty first choice, its label, hint and error. */
export function selectField(
  ctx: FormContext,
  field: Field & { options: readonly { value: string; text: string }[]; empty?: string },
): Html {
  const chosen = current(ctx, field);
  return html`<div class="field">
    <label for="${fieldId(field.name)}">${field.label}${requiredMark(ctx, field)}</label>
    ${hintAndError(ctx, field.name, field.hint)}
    <select
      id="${fieldId(field.name)}"
      name="${field.name}"
      ${field.required ? html` required` : ''}${described(ctx, field.name, !!field.hint)}
    >
      <option value="">${field.empty ?? ctx.tr('form.choose')}</option>
      ${field.options.map((o) => html`<option value="${o.value}" ${o.value === chosen ? html` selected` : ''}>${o.text}</option>`)}
    </select>
  </div>`;
}

/** A group of radio buttons in a fieldset whose legend asks the question. */
export function radioGroup(
  ctx: FormContext,
  field: Field & { options: readonly { value: string; label: HtmlValue; hint?: HtmlValue }[] },
): Html {
  const chosen = current(ctx, field);
  return html`<fieldset class="field" id="${fieldId(field.name)}" tabindex="-1" ${described(ctx, field.name, !!field.hint)}>
    <legend>${field.label}${requiredMark(ctx, field)}</legend>
    ${hintAndError(ctx, field.name, field.hint)}
    ${field.options.map((o, i) => {
      const id = `${fieldId(field.name)}-${i}`;
      return html`<div class="choice">
        <input
          type="radio"
          id="${id}"
          name="${field.name}"
          value="${o.value}"
          ${o.value === chosen ? html` checked` : ''}${
            field.required ? html` required` : ''
          }${o.hint ? html` aria-describedby="${id}-hint"` : ''}
        />
        <label for="${id}">${o.label}</label>${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
      </div>`;
    })}
  </fieldset>`;
}

/** Yes / no as two radio buttons sending `true` and `false`. */
export function yesNo(ctx: FormContext, field: Field & { yes?: MessageKey; no?: MessageKey }): Html {
  return radioGroup(ctx, {
    ...field,
    options: [
      { value: 'true', label: ctx.tr(field.yes ?? 'form.yes') },
      { value: 'false', label: ctx.tr(field.no ?? 'form.no') },
    ],
  });
}

/** Whether a box of a group is ticked: as sent, or as the form starts. */
export function isTicked(ctx: FormContext, name: string, value: string, initially = false): boolean {
  return ctx.values ? valuesOf(ctx.values, name).includes(value) : initially;
}

/** A checkbox of a group (many boxes, one name), labelled by its own label element. */
export function checkbox(
  ctx: FormContext,
  box: { name: string; value: string; id: string; label: HtmlValue; initially?: boolean; data?: Html; describedBy?: string },
): Html {
  return html`<input
      type="checkbox"
      id="${box.id}"
      name="${box.name}"
      value="${box.value}"
      ${
        isTicked(ctx, box.name, box.value, box.initially) ? html` checked` : ''
      }${box.data ?? ''}${box.describedBy ? html` aria-describedby="${box.describedBy}"` : ''}
    /><label for="${box.id}">${box.label}</label>`;
}

/** A group of checkboxes, one per member, in a fieldset whose legend says what a tick means. */
export function memberChecklist(
  ctx: FormContext,
  group: { name: string; legend: HtmlValue; hint?: HtmlValue; members: readonly string[]; initially?: readonly string[]; data?: Html },
): Html {
  return html`<fieldset class="field checklist" id="${fieldId(group.name)}" tabindex="-1" ${described(ctx, group.name, !!group.hint)}>
    <legend>${group.legend}</legend>
    ${hintAndError(ctx, group.name, group.hint)}
    <ul class="grid">
      ${group.members.map(
        (id) =>
          html`<li>
            ${checkbox(ctx, {
              name: group.name,
              value: id,
              id: fieldId(`${group.name}.${id}`),
              label: memberLabel(ctx.facts, id),
              initially: group.initially?.includes(id),
              data: group.data,
            })}
          </li>`,
      )}
    </ul>
  </fieldset>`;
}

/** A fieldset of a form with its legend. */
export const section = (legend: HtmlValue, body: HtmlValue, attributes?: Html): Html =>
  html`<fieldset${attributes ?? ''}>
    <legend>${legend}</legend>
    ${body}
  </fieldset>`;

/** Figures shown as a definition list (read-only, for the person to check against the paper). */
export const figures = (rows: readonly [HtmlValue, HtmlValue][]): Html =>
  html`<dl class="figures">
    ${rows.map(
      ([term, value]) =>
        html`<dt>${term}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;

/** Where desk/static/forms.js writes the result of its arithmetic; a screen reader reads it out when it changes. */
export const liveFigures = (text: HtmlValue): Html => html`<p class="figures" data-live role="status" aria-live="polite">${text}</p>`;

/** A message template for desk/static/forms.js, as a data- attribute (placeholders filled in the browser). */
export const dataMessage = (name: string, text: string): Html => html` data-msg-${name}="${text}"`;

/**
 * A fieldset that stands for one payload field made of many inputs (votes per member, a list of members): its id is
 * the field's, so that the error summary links to it, and its errors show under the legend.
 */
export function group(
  ctx: FormContext,
  field: { name: string; legend: HtmlValue; hint?: HtmlValue; body: HtmlValue; data?: Html; className?: string },
): Html {
  return html`<fieldset
    class="${field.className ?? 'field'}"
    id="${fieldId(field.name)}"
    tabindex="-1"
    ${described(ctx, field.name, !!field.hint)}${field.data ?? ''}
  >
    <legend>${field.legend}</legend>
    ${hintAndError(ctx, field.name, field.hint)} ${field.body}
  </fieldset>`;
}
