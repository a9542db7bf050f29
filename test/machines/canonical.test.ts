import fc from 'fast-check';
import { CANONICAL_LIMITS, canonicalJson, encodeCanonical, utf8 } from '../../machines/canonical';
import { fromBase64url, toBase64url } from '../../machines/envelope/base64url';

/** A JSON value as a signer has it: parsed from JSON (so no -0), its text in NFC. */
const jsonValue = fc
  .jsonValue({ stringUnit: 'grapheme', maxDepth: 6 })
  .map((value) => JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : v)) as unknown)
  .filter((value) => JSON.stringify(value).normalize('NFC') === JSON.stringify(value));

/** The same value with every object's keys set in another order. */
function reordered(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((entry) => reordered(entry, seed));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const shift = entries.length > 0 ? seed % entries.length : 0;
  const turned = [...entries.slice(shift), ...entries.slice(0, shift)].reverse();
  return Object.fromEntries(turned.map(([key, entry]) => [key, reordered(entry, seed + 1)]));
}

/** A straightforward reference: keys sorted at every level, then JSON.stringify. */
function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((key) => [key, sort((v as Record<string, unknown>)[key])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

const problemOf = (value: unknown) => {
  const encoded = encodeCanonical(value);
  return encoded.ok ? `encoded as ${encoded.json}` : encoded.problem;
};

describe('the canonical encoding of a signed decision', () => {
  it('writes one text for one value, whatever order its keys were set in', () => {
    fc.assert(
      fc.property(jsonValue, fc.nat(), (value, seed) => {
        expect(canonicalJson(reordered(value, seed))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('reads back as the same value and writes the same text again', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('is JSON with every level of keys sorted and no whitespace', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        expect(canonicalJson(value)).toBe(sortedJson(value));
      }),
      { numRuns: 300 },
    );
    expect(canonicalJson({ b: [1, { d: true, c: null }], a: 'x y' })).toBe('{"a":"x y","b":[1,{"c":null,"d":true}]}');
  });

  it('sorts keys by UTF-16 code units, not by code points or locale', () => {
    // U+FF5A is above U+1F600 by code point, below its first surrogate (U+D83D) by code unit.
    expect(canonicalJson({ '\uFF5A': 1, '\u{1F600}': 2, Z: 3, a: 4, é: 5 })).toBe('{"Z":3,"a":4,"é":5,"\u{1F600}":2,"\uFF5A":1}');
  });

  it.each([
    ['NaN', NaN, 'got NaN'],
    ['Infinity', { seats: Infinity }, 'seats: got Infinity'],
    ['-0', [1, -0], '[1]: got 0; accepted: a finite number other than -0'],
    ['undefined', { notes: undefined }, 'notes: got undefined'],
    ['a function', { run: () => 1 }, 'run: got a function'],
    ['a bigint', 10n, 'got a bigint'],
    ['a symbol', Symbol('x'), 'got a symbol'],
    ['a date', { at: new Date(0) }, 'at: got [object Date]'],
    ['a map', new Map([['a', 1]]), 'got [object Map]'],
    ['a class instance', new (class Tally {})(), 'got [object Object]'],
    ['a boxed string', { name: Object('x') as object }, 'name: got [object String]'],
    ['symbol keys', { [Symbol('k')]: 1 }, 'an object with symbol keys'],
    ['a hole in a list', Object.assign(new Array<number>(3), { 0: 1, 2: 3 }), '[1]: a hole in the list'],
    ['a getter', Object.defineProperty({}, 'x', { get: () => 1, enumerable: true }), 'x: a computed property'],
    ['a lone surrogate', { name: 'a\uD800b' }, 'name: the text has a lone surrogate at character 2'],
    ['a key with a lone surrogate', { ['\uDC00']: 1 }, 'the key has a lone surrogate'],
    ['text not in NFC', { name: 'Cafe\u0301' }, 'name: the text "Cafe\u0301" is not in Unicode NFC'],
  ])('refuses %s, naming where it is and what is accepted', (_what, value, problem) => {
    expect(problemOf(value)).toContain(problem);
    expect(() => canonicalJson(value)).toThrow(problem);
  });

  it('accepts an object without prototype, as JSON.parse of untrusted text may be rebuilt', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: 2 });
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
  });

  it(`refuses nesting past ${CANONICAL_LIMITS.depth} levels, and a long value before reading it`, () => {
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    expect(problemOf(deep)).toContain(`accepted: at most ${CANONICAL_LIMITS.depth} levels`);
    expect(encodeCanonical(JSON.parse('['.repeat(32) + ']'.repeat(32))).ok).toBe(true);
    expect(encodeCanonical(JSON.parse('['.repeat(33) + ']'.repeat(33))).ok).toBe(false);

    const started = Date.now();
    expect(problemOf({ reason: 'x'.repeat(CANONICAL_LIMITS.length) })).toContain('reason: the value is too long');
    expect(problemOf(new Array(CANONICAL_LIMITS.length))).toContain('the value is too long');
    expect(problemOf(Object.fromEntries(Array.from({ length: CANONICAL_LIMITS.length / 4 }, (_, i) => [`k${i}`, 0])))).toContain(
      'too long',
    );
    expect(problemOf({ a: 'x'.repeat(CANONICAL_LIMITS.length - 10) })).toMatch(/^encoded/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('writes UTF-8 as the platform does, and refuses a lone surrogate', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(Buffer.from(utf8(text)).equals(Buffer.from(new TextEncoder().encode(text)))).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect([...utf8('a\u00e9\u4e2d\u{1F600}')]).toEqual([0x61, 0xc3, 0xa9, 0xe4, 0xb8, 0xad, 0xf0, 0x9f, 0x98, 0x80]);
    expect(() => utf8('a\uDC00')).toThrow('lone surrogate at character 2');
  });
});

describe('base64url of keys and signatures', () => {
  it('writes what Node writes and reads it back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 80 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64url(text, bytes.length)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('reads one text only for given bytes: wrong length, padding, other alphabets and non-zero spare bits are refused', () => {
    const key = toBase64url(new Uint8Array(32).fill(7));
    expect(fromBase64url(key, 32)).toBeDefined();
    expect(fromBase64url(`${key}=`, 32)).toBeUndefined();
    expect(fromBase64url(key.slice(1), 32)).toBeUndefined();
    expect(fromBase64url(`+${key.slice(1)}`, 32)).toBeUndefined();
    // 43 characters carry 258 bits: the last character's two low bits are spare, and "Bw" differs from "Bz" only there.
    const spare = `${key.slice(0, 42)}${String.fromCharCode(key.charCodeAt(42) + 1)}`;
    expect(Buffer.from(spare, 'base64url').equals(Buffer.from(key, 'base64url'))).toBe(true);
    expect(fromBase64url(spare, 32)).toBeUndefined();
  });
});
