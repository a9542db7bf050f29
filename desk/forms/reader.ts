import type { MessageKey, Params, Translate } from '../i18n';
import type { FieldError, FormBody } from './types';

/** A whole number as people type it: ASCII or full-width digits (a Chinese keyboard gives ０-９), nothing else. */
export function parseCount(raw: string): number | undefined {
  const digits = raw.normalize('NFKC').trim();
  if (!/^[0-9]+$/.test(digits)) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `{ key: value }`, or nothing when the value is absent: an empty optional field is left out of the payload. */
export const optional = <T>(key: string, value: T | undefined): Record<string, T> => (value === undefined ? {} : { [key]: value });

/** The value of a field as the form sent it: the first of a repeated name. */
export function valueOf(body: FormBody | undefined, name: string): string | undefined {
  if (!body || !Object.hasOwn(body, name)) return undefined;
  const value = body[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Every value a name was sent with (checkboxes of one group share a name). */
export function valuesOf(body: FormBody | undefined, name: string): string[] {
  if (!body || !Object.hasOwn(body, name)) return [];
  const value = body[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Reads a submitted form field by field: each reader method parses one field strictly, notes a problem beside the
 * field in the person's language, and remembers which payload path the field fills, so that a later refusal naming
 * the path (`tally.votes.m07`, `verdicts.2.reason`) is shown beside the field it came from.
 */
export class FormReader {
  readonly errors: FieldError[] = [];
  /** Payload path (dot-joined, list indexes as numbers) → the form field it was read from. */
  readonly paths = new Map<string, string>();
  /** Every field name the form's reader looked at, sent or not: a rendered field it never reads would be lost. */
  readonly consulted = new Set<string>();

  constructor(
    readonly body: FormBody,
    readonly tr: Translate,
    /** The desk's clock (ms): the day a form is read on decides ages and dates. */
    readonly now: number = Date.now(),
  ) {}

  fail(field: string, key: MessageKey, params?: Params): void {
    this.errors.push({ field, message: this.tr(key, params) });
  }

  private note(path: string | undefined, field: string): void {
    this.consulted.add(field);
    if (path !== undefined) this.paths.set(path, field);
  }

  /** Trimmed text, or undefined when empty; `min` counts characters after trimming. */
  text(name: string, options: { path?: string; required?: boolean; min?: number } = {}): string | undefined {
    this.note(options.path ?? name, name);
    const value = (valueOf(this.body, name) ?? '').trim();
    if (value === '') {
      if (options.required) this.fail(name, 'form.error.required');
      return undefined;
    }
    if (options.min !== undefined && [...value].length < options.min) this.fail(name, 'form.error.tooShort', { min: options.min });
    return value;
  }

  /** A whole number, 0 or more. */
  count(name: string, options: { path?: string; required?: boolean } = {}): number | undefined {
    this.note(options.path ?? name, name);
    const raw = (valueOf(this.body, name) ?? '').trim();
    if (raw === '') {
      if (options.required) this.fail(name, 'form.error.countRequired');
      return undefined;
    }
    const n = parseCount(raw);
    if (n === undefined) this.fail(name, 'form.error.notCount', { value: raw });
    return n;
  }

  /** One of the offered values; anything else is a form tampered with or out of date. */
  oneOf<T extends string>(name: string, allowed: readonly T[], options: { path?: string; required?: boolean } = {}): T | undefined {
    this.note(options.path ?? name, name);
    const raw = valueOf(this.body, name) ?? '';
    if (raw === '') {
      if (options.required) this.fail(name, 'form.error.choose');
      return undefined;
    }
    if (!(allowed as readonly string[]).includes(raw)) {
      this.fail(name, 'form.error.notOffered', { value: raw });
      return undefined;
    }
    return raw as T;
  }

  /** Yes or no, sent as the radio values `true` and `false`. */
  yesNo(name: string, options: { path?: string; required?: boolean } = {}): boolean | undefined {
    const answer = this.oneOf(name, ['true', 'false'] as const, options);
    return answer === undefined ? undefined : answer === 'true';
  }

  /** A day written YYYY-MM-DD, as a date field sends it. */
  date(name: string, options: { path?: string; required?: boolean } = {}): string | undefined {
    this.note(options.path ?? name, name);
    const raw = (valueOf(this.body, name) ?? '').normalize('NFKC').trim();
    if (raw === '') {
      if (options.required) this.fail(name, 'form.error.dateRequired');
      return undefined;
    }
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
    const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
    if (!day || day.toISOString().slice(0, 10) !== raw) {
      this.fail(name, 'form.error.notDate', { value: raw });
      return undefined;
    }
    return raw;
  }

  /** The ticked boxes of a group, in the order offered; a value not offered is refused. */
  picked(name: string, offered: readonly string[], options: { path?: string } = {}): string[] {
    this.note(options.path ?? name, name);
    const sent = valuesOf(this.body, name);
    const stranger = sent.find((v) => !offered.includes(v));
    if (stranger !== undefined) this.fail(name, 'form.error.notOffered', { value: stranger });
    return offered.filter((id) => sent.includes(id));
  }

  /** Whether a single box was ticked. */
  ticked(name: string): boolean {
    this.consulted.add(name);
    return valuesOf(this.body, name).length > 0;
  }

  /** Names the payload path a field fills, for values read outside the methods above. */
  fills(path: string, field: string): void {
    this.note(path, field);
  }
}
