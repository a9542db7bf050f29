import { escapeHtml } from '../common/html';

/** Markup that is safe as it is: built by {@link html}, so every value in it was escaped. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a page may interpolate: text (escaped), markup built by `html`, lists of either; nothing at all for null, undefined and false. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/** A template of markup whose values are escaped: `html\`<p>${name}</p>\`` can never inject markup from a name. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup from a trusted source (an SVG the project drew), taken as it is. */
export const trusted = (markup: string): Html => new Html(markup);
