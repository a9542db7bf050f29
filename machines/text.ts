import { z } from 'zod';
import { LIMITS } from './limits';
import { recordById } from './rules/recordById';

/**
 * What a piece of text in a message, a start input or a roster may be, built once for every field: a length limit
 * (machines/limits.ts), no character that hides or reorders what a reader sees, Unicode NFC. And how a value is
 * quoted back to its sender: cut short, with what would hide it escaped.
 */

/** The kinds of text a field holds: each has its length limit. */
export type TextKind = 'id' | 'name' | 'text';

const MAX_LENGTH: Record<TextKind, number> = { id: LIMITS.idLength, name: LIMITS.nameLength, text: LIMITS.textLength };

// Tab and line feed are refused in one-line text only; the rest everywhere (\r too: a bare carriage return rewrites a terminal line).
const LINE_BREAKS = '\\t\\n';
const HIDDEN = '\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF';
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const REFUSED_IN_TEXT = new RegExp(`[${HIDDEN}]|${LONE_SURROGATE}`);
const REFUSED_IN_LINE = new RegExp(`[${LINE_BREAKS}${HIDDEN}]|${LONE_SURROGATE}`);
const ESCAPED = new RegExp(`[${LINE_BREAKS}${HIDDEN}]|${LONE_SURROGATE}`, 'g');

/** What a refused character is, in words a sender can act on. */
function characterKind(code: number): string {
  if (code >= 0xd800 && code <= 0xdfff) return 'a lone surrogate (half of a character)';
  if (code === 0x2028 || code === 0x2029) return 'a line or paragraph separator';
  if (code === 0x061c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))
    return 'a bidi control';
  if (code >= 0x200b || code === 0xfeff) return 'a zero-width character';
  return code === 0 ? 'NUL, a control character' : 'a control character';
}

const hex = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

/** The first character a text refuses, as `U+202E, a bidi control, at character 5`. */
export function refusedCharacter(value: string, kind: TextKind): string | undefined {
  const found = (kind === 'text' ? REFUSED_IN_TEXT : REFUSED_IN_LINE).exec(value);
  if (!found) return undefined;
  const code = found[0].charCodeAt(0);
  return `U+${hex(code)}, ${characterKind(code)}, at character ${found.index + 1}`;
}

/** 1900000 as 1,900,000. */
export const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Characters as a person counts them: a pair of surrogates is one. */
function characters(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff || i === 0 || value.charCodeAt(i - 1) < 0xd800 || value.charCodeAt(i - 1) > 0xdbff) n += 1;
  }
  return n;
}

/** Text cut to `max` characters with an ellipsis and the original length; never splits a surrogate pair. */
export function cut(text: string, max: number, length = text.length): string {
  if (text.length <= max) return text;
  const note = `… (${thousands(length)} characters)`;
  let keep = Math.max(0, max - note.length);
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep -= 1;
  return `${text.slice(0, keep)}${note}`;
}

/**
 * A value as a message quotes it: JSON, cut short, with control, bidi and zero-width characters and lone surrogates
 * written as \uXXXX escapes so that they neither hide nor reorder the message. Never throws: an object with a
 * `toString` key, a null prototype or nesting too deep to write is described, not run.
 */
export function echo(value: unknown, max: number = LIMITS.echoLength): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return 'a value that cannot be shown (nested too deep, or not JSON)';
  }
  if (text === undefined) return value === undefined ? 'nothing' : `a ${typeof value}`;
  const shown = text.replace(ESCAPED, (ch) => `\\u${hex(ch.charCodeAt(0)).toLowerCase()}`);
  return cut(shown, max, typeof value === 'string' ? value.length : shown.length);
}

/** Options of a text field: the fewest characters (default 1; 0 for free text) and characters refused for a reason of its own. */
export interface TextOptions {
  min?: number;
  forbid?: { characters: string[]; why: string };
}

/** What is wrong with a text for a field, as `accepted: ...`, or nothing. */
export function textProblem(value: string, kind: TextKind, what: string, options: TextOptions = {}): string | undefined {
  const max = MAX_LENGTH[kind];
  const min = options.min ?? (kind === 'text' ? 0 : 1);
  const length = value.length > max ? characters(value) : value.length;
  const range = min > 0 ? `${what} of ${min} to ${thousands(max)} characters` : `${what} of at most ${thousands(max)} characters`;
  if (length > max) return `accepted: ${range} (this one has ${thousands(length)})`;
  if (length < min) return `accepted: ${range}`;
  const refused = refusedCharacter(value, kind);
  if (refused) {
    const allowed = kind === 'text' ? 'control characters other than tab and line feed' : 'control characters';
    return `accepted: ${what} without ${allowed}, bidi or zero-width characters (this one has ${refused})`;
  }
  const forbidden = options.forbid?.characters.find((ch) => value.includes(ch));
  if (forbidden) return `accepted: ${what} without "${forbidden}" (${options.forbid!.why})`;
  if (kind === 'id' && value === '__proto__') return `accepted: ${what} other than "__proto__"`;
  return undefined;
}

/**
 * The schema of a text field: a string of its kind's length, without hidden characters, in Unicode NFC (so that two
 * spellings of one name are one name). Names and free text are trimmed first; ids are taken as written.
 */
export function text(kind: TextKind, what: string, options: TextOptions = {}) {
  const string = z.string({ error: `accepted: ${what} as text` });
  return (kind === 'id' ? string : string.trim())
    .superRefine((value, ctx) => {
      const problem = textProblem(value, kind, what, options);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .normalize('NFC');
}

/**
 * A list of at most `max` entries (by default the most members a roster may have). The length is checked before
 * any entry, so a list of a million entries is refused at once, not entry by entry.
 */
export function listOf<T extends z.ZodType>(
  entry: T,
  what: string,
  options: { max?: number; min?: number; minMessage?: string } = {},
): z.ZodType<z.output<T>[], z.input<T>[]> {
  const max = options.max ?? LIMITS.rosterMembers;
  const entries = z.array(entry);
  return z
    .array(z.unknown(), { error: `accepted: a list of ${what}` })
    .max(max, `accepted: a list of at most ${thousands(max)} ${what}`)
    .pipe(options.min ? entries.min(options.min, options.minMessage ?? `accepted: at least ${options.min} ${what}`) : entries) as never;
}

/**
 * A record keyed by text of a kind (member ids, written names), at most as many keys as a roster may have members.
 * Keys are checked as they arrive (an own `__proto__` key included) and normalised to NFC; two keys that are one
 * name in NFC are refused rather than merged.
 */
export function recordOf<V extends z.ZodType>(
  value: V,
  key: { kind: TextKind; what: string; personal?: boolean },
  what: string,
): z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>> {
  // A key that is personal data (a written-in name) is described by its place and size, never quoted back.
  const keyShown = (name: string) =>
    key.personal ? `key of ${[...name].length} characters (not quoted: personal data)` : `key ${echo(name)}`;
  const max = LIMITS.rosterMembers;
  const keysChecked = z.unknown().superRefine((raw, ctx) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      ctx.addIssue({ code: 'custom', message: `accepted: an object of ${what}` });
      return;
    }
    const keys = Object.keys(raw);
    if (keys.length > max) {
      ctx.addIssue({ code: 'custom', message: `accepted: at most ${thousands(max)} ${what} (this one has ${thousands(keys.length)})` });
      return;
    }
    for (const name of keys) {
      const problem = textProblem(name, key.kind, key.what);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `${problem}; the ${keyShown(name)} is not` });
        return;
      }
    }
  });
  return keysChecked.pipe(recordById(z.string(), value, `accepted: an object of ${what}`)).transform((record, ctx) => {
    const entries: [string, z.output<V>][] = [];
    const seen = new Map<string, string>();
    for (const [name, entryValue] of Object.entries(record)) {
      const normal = name.normalize('NFC');
      const earlier = seen.get(normal);
      if (earlier !== undefined) {
        ctx.issues.push({
          code: 'custom',
          input: record,
          message: key.personal
            ? 'accepted: keys that differ once written in Unicode NFC; two of these keys are one name written two ways (not quoted: personal data)'
            : `accepted: keys that differ once written in Unicode NFC; the keys ${echo(earlier)} and ${echo(name)} are one name written two ways`,
        });
      }
      seen.set(normal, name);
      entries.push([normal, entryValue]);
    }
    return Object.fromEntries(entries);
  }) as never;
}
