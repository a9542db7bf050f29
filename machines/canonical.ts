import { fieldPath } from './rules/issues';
import { echo, thousands } from './text';

/**
 * The canonical JSON a signed decision is signed over: one text for one value, whoever writes it and in whatever order
 * its keys were set, so that the signer (Node) and the verifier (the workflow sandbox) hash the same bytes. Keys are
 * sorted by UTF-16 code units, there is no whitespace, and only what JSON says one way is accepted: text in Unicode
 * NFC (checked, never rewritten, since rewriting would sign something other than what was sent), finite numbers
 * other than -0, plain objects and arrays without holes.
 */

/** How deep and how long a value may be to be encoded: past them it is refused before it is read any further. */
export const CANONICAL_LIMITS = {
  /** Nesting of objects and arrays: a decision envelope needs 5 levels. */
  depth: 32,
  /** Characters of the canonical text: Temporal refuses a payload past 2 MB anyway. */
  length: 2_000_000,
} as const;

/** A value's canonical JSON, or why it has none (naming the field, the value and what is accepted). */
export type Canonical = { ok: true; json: string } | { ok: false; problem: string };

// A lone surrogate is half a character: UTF-8 cannot carry it, and encoders replace it, so two texts would sign alike.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Thrown inside the writer to stop at the first problem; encodeCanonical turns it into an answer. */
class Refused extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }
}

/** What a value that JSON cannot hold is, without running any of its code. */
function kindOf(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return 'a bigint';
  if (typeof value === 'symbol') return 'a symbol';
  if (value === undefined) return 'undefined';
  return echo(value);
}

/** An object JSON reads back as itself: `{}` of any realm, or one without prototype. */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || (Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]');
}

class Writer {
  private readonly parts: string[] = [];
  private length = 0;

  text(): string {
    return this.parts.join('');
  }

  private push(part: string, path: PropertyKey[]): void {
    this.length += part.length;
    if (this.length > CANONICAL_LIMITS.length) this.tooLong(path);
    this.parts.push(part);
  }

  private tooLong(path: PropertyKey[]): never {
    throw new Refused(
      `${fieldPath(path)}: the value is too long; accepted: at most ${thousands(CANONICAL_LIMITS.length)} characters of JSON in all`,
    );
  }

  /** Refuses a part that cannot fit before building it: a string, an array or an object needs at least `size` characters. */
  private room(size: number, path: PropertyKey[]): void {
    if (this.length + size > CANONICAL_LIMITS.length) this.tooLong(path);
  }

  private string(value: string, path: PropertyKey[], what: string): string {
    this.room(value.length + 2, path);
    const lone = LONE_SURROGATE.exec(value);
    if (lone) {
      throw new Refused(
        `${fieldPath(path)}: ${what} has a lone surrogate at character ${lone.index + 1}; accepted: well-formed Unicode text`,
      );
    }
    if (value.normalize('NFC') !== value) {
      throw new Refused(
        `${fieldPath(path)}: ${what} ${echo(value)} is not in Unicode NFC (it has characters NFC would compose); accepted: text normalised to NFC before signing`,
      );
    }
    return JSON.stringify(value);
  }

  value(value: unknown, path: PropertyKey[], depth: number): void {
    if (value === null || value === true || value === false) return this.push(String(value), path);
    if (typeof value === 'string') return this.push(this.string(value, path, 'the text'), path);
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || Object.is(value, -0)) {
        throw new Refused(`${fieldPath(path)}: got ${String(value)}; accepted: a finite number other than -0`);
      }
      return this.push(String(value), path);
    }
    if (typeof value !== 'object') {
      throw new Refused(`${fieldPath(path)}: got ${kindOf(value)}; accepted: null, true, false, a number, text, a list or an object`);
    }
    if (depth >= CANONICAL_LIMITS.depth) {
      throw new Refused(`${fieldPath(path)}: nested too deep; accepted: at most ${CANONICAL_LIMITS.depth} levels of lists and objects`);
    }
    if (Array.isArray(value)) return this.array(value as unknown[], path, depth);
    if (!isPlainObject(value)) {
      throw new Refused(`${fieldPath(path)}: got ${Object.prototype.toString.call(value)}; accepted: a plain object or a list`);
    }
    this.object(value as Record<string, unknown>, path, depth);
  }

  private array(list: unknown[], path: PropertyKey[], depth: number): void {
    // Every entry takes at least one character and a comma: a list too long to fit is refused before it is walked.
    this.room(2 * list.length + 1, path);
    this.push('[', path);
    for (let i = 0; i < list.length; i += 1) {
      if (!Object.prototype.hasOwnProperty.call(list, i)) {
        throw new Refused(`${fieldPath([...path, i])}: a hole in the list; accepted: a list with a value at every position`);
      }
      if (i > 0) this.push(',', path);
      this.value(list[i], [...path, i], depth + 1);
    }
    this.push(']', path);
  }

  private object(record: Record<string, unknown>, path: PropertyKey[], depth: number): void {
    if (Object.getOwnPropertySymbols(record).length > 0) {
      throw new Refused(`${fieldPath(path)}: an object with symbol keys; accepted: an object with text keys only`);
    }
    const keys = Object.keys(record);
    // `"":0` and a comma: the least one key takes.
    this.room(5 * keys.length + 1, path);
    keys.sort();
    this.push('{', path);
    keys.forEach((key, i) => {
      const descriptor = Object.getOwnPropertyDescriptor(record, key);
      if (!descriptor || !('value' in descriptor)) {
        throw new Refused(`${fieldPath([...path, key])}: a computed property; accepted: plain data`);
      }
      if (i > 0) this.push(',', path);
      this.push(`${this.string(key, [...path, key], 'the key')}:`, path);
      this.value(descriptor.value, [...path, key], depth + 1);
    });
    this.push('}', path);
  }
}

/** A value's canonical JSON, or the first reason it has none; never throws. */
export function encodeCanonical(value: unknown): Canonical {
  const writer = new Writer();
  try {
    writer.value(value, [], 0);
    return { ok: true, json: writer.text() };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, problem: err.problem };
    return { ok: false, problem: `the value cannot be encoded (${err instanceof Error ? err.message : kindOf(err)})` };
  }
}

/** A value's canonical JSON; throws naming the field when the value has none (for signers, who built the value). */
export function canonicalJson(value: unknown): string {
  const encoded = encodeCanonical(value);
  if (!encoded.ok) throw new Error(`not canonical JSON: ${encoded.problem}`);
  return encoded.json;
}

/**
 * Text as UTF-8 bytes, written here rather than by TextEncoder: the sandbox's TextEncoder is the host's, whose arrays
 * belong to another realm, and a lone surrogate (which TextEncoder quietly replaces) must not reach a signature.
 */
export function utf8(text: string): Uint8Array {
  let size = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.codePointAt(i)!;
    if (code >= 0xd800 && code <= 0xdfff) throw new Error(`utf8: a lone surrogate at character ${i + 1}`);
    size += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (code >= 0x10000) i += 1;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.codePointAt(i)!;
    if (code < 0x80) {
      bytes[at++] = code;
    } else if (code < 0x800) {
      bytes[at++] = 0xc0 | (code >> 6);
      bytes[at++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      bytes[at++] = 0xe0 | (code >> 12);
      bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[at++] = 0x80 | (code & 0x3f);
    } else {
      bytes[at++] = 0xf0 | (code >> 18);
      bytes[at++] = 0x80 | ((code >> 12) & 0x3f);
      bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
      bytes[at++] = 0x80 | (code & 0x3f);
      i += 1;
    }
  }
  return bytes;
}
