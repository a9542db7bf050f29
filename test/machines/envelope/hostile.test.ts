import fc from 'fast-check';
import { LIMITS } from '../../../machines/limits';
import { verifyEnvelope, type Envelope, type Verification } from '../../../machines/envelope';
import { context, signed } from './keyring';

/** A verification that came back as a value, with a reason of bounded length when refused. */
function answered(verification: Verification): Verification {
  expect(typeof verification.ok).toBe('boolean');
  if (!verification.ok) {
    expect(verification.reason.length).toBeGreaterThan(0);
    expect(verification.reason.length).toBeLessThanOrEqual(LIMITS.refusalReasonLength);
  }
  return verification;
}

/** Every leaf of a value with its path: the fields a tamperer could change. */
function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, entry]) => leaves(entry, [...path, Array.isArray(value) ? Number(key) : key]));
  }
  return [{ path, value }];
}

/** A copy of a value with the leaf at `path` replaced. */
function replaced(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = replaced(copy[head!], rest, leaf);
  return copy;
}

/** A value a tamperer would choose to pass every check of form: one character of a text changed, a count moved a little. */
function near(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === 'number') return fc.integer({ min: 0, max: 60 });
  if (typeof value === 'boolean') return fc.constant(!value);
  const text = String(value);
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
  return fc
    .tuple(fc.nat({ max: Math.max(0, text.length - 1) }), fc.constantFrom(...letters))
    .map(([at, ch]) => `${text.slice(0, at)}${ch}${text.slice(at + 1)}`);
}

const envelope = signed('k-desk', {
  decision: {
    type: 'RECORD_ROUND',
    votersPresent: 38,
    ballotsIssued: 38,
    ballotsReturned: 38,
    validBallots: 37,
    invalidBallots: 1,
    votes: { m01: 30, m02: 29, m03: 7 },
    writeIns: { 张三: 1 },
  },
  actor: { personId: 'p-li', role: 'guidance-group' },
});
const text = JSON.stringify(envelope);
const fields = leaves(envelope);

describe('tampering and hostile envelopes', () => {
  it('accepts the untouched envelope these properties start from', () => {
    expect(answered(verifyEnvelope(JSON.parse(text), context())).ok).toBe(true);
  });

  it('refuses any change to any one character of the envelope as sent, never applying it', () => {
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.integer({ min: 0x20, max: 0x7e }), (at, code) => {
        fc.pre(text.charCodeAt(at) !== code);
        let raw: unknown;
        try {
          raw = JSON.parse(`${text.slice(0, at)}${String.fromCharCode(code)}${text.slice(at + 1)}`);
        } catch {
          return; // not JSON: the data converter refuses it before the workflow sees it
        }
        expect(answered(verifyEnvelope(raw, context())).ok).toBe(false);
      }),
      { numRuns: 1_500 },
    );
  });

  it('refuses any field set to any other value, a near one or not, never applying it', () => {
    const field = fc
      .constantFrom(...fields)
      .chain((leaf) => fc.tuple(fc.constant(leaf), fc.oneof(near(leaf.value), fc.jsonValue({ maxDepth: 2 }))));
    fc.assert(
      fc.property(field, ([{ path, value }, other]) => {
        fc.pre(JSON.stringify(other) !== JSON.stringify(value));
        const raw = JSON.parse(JSON.stringify(replaced(envelope, path, other))) as unknown;
        expect(answered(verifyEnvelope(raw, context())).ok).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses a field added anywhere, or one taken away', () => {
    for (const { path } of fields) {
      const parent = path.slice(0, -1);
      const withExtra = replaced(envelope, [...parent, 'extra'], 1);
      expect(answered(verifyEnvelope(withExtra, context())).ok).toBe(false);
      const key = path.at(-1)!;
      const owner = parent.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], envelope) as Record<
        string | number,
        unknown
      >;
      const without = replaced(envelope, parent, Array.isArray(owner) ? owner.filter((_, i) => i !== key) : { ...owner, [key]: undefined });
      expect(answered(verifyEnvelope(JSON.parse(JSON.stringify(without)), context())).ok).toBe(false);
    }
  });

  it('answers any value at all with a verdict, never an exception', () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withBigInt: true,
    });
    fc.assert(
      fc.property(anything, (raw) => {
        answered(verifyEnvelope(raw, context()));
      }),
      { numRuns: 500 },
    );
    // The same junk in each field of a signed envelope, where the checks go further before refusing.
    fc.assert(
      fc.property(fc.constantFrom(...fields), anything, ({ path }, junk) => {
        expect(answered(verifyEnvelope(replaced(envelope, path, junk), context())).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses hand-made hostile envelopes with a reason, quoting what was sent only cut short', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`) as unknown;
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        has: () => true,
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    const huge = 'x'.repeat(5_000_000);
    const hostile: [string, unknown][] = [
      ['toString keys', JSON.parse('{"toString":"x","valueOf":1,"signature":{"toString":"y"}}')],
      ['an own __proto__ key', JSON.parse(`{"__proto__":{"v":1},${text.slice(1)}`)],
      ['__proto__ as the decision type', { ...envelope, decision: { type: '__proto__' } }],
      ['constructor as the decision type', { ...envelope, decision: { type: 'constructor' } }],
      ['a decision nested 5,000 deep', { ...envelope, decision: deep }],
      ['the envelope nested 5,000 deep', deep],
      ['a 5 MB workflow id', { ...envelope, workflowId: huge }],
      ['a 5 MB reason in the decision', { ...envelope, decision: { type: 'CANCEL', reason: huge } }],
      ['a 5 MB signature', { ...envelope, signature: huge }],
      ['a million candidates', { ...envelope, decision: { type: 'APPROVE_SLATE', candidates: new Array(1_000_000).fill('m01') } }],
      ['a proxy whose traps throw', throwing],
      ['a proxy as the actor', { ...envelope, actor: throwing }],
      [
        'a getter that throws',
        Object.defineProperty({ ...envelope }, 'keyId', {
          get: () => {
            throw new Error('getter');
          },
          enumerable: true,
        }),
      ],
      ['bidi controls in the key id', { ...envelope, keyId: 'k-\u202Ewang' }],
    ];
    for (const [what, raw] of hostile) {
      const verification = answered(verifyEnvelope(raw, context()));
      expect([what, verification.ok]).toEqual([what, false]);
      if (!verification.ok) {
        expect(verification.reason).not.toContain('x'.repeat(LIMITS.echoLength + 1));
        expect(verification.reason).not.toContain('\u202E');
      }
    }
  });

  it('refuses every signed decision for another election, even one signed by the same key', () => {
    const envelopeFor = (village: string): Envelope => signed('k-wang', { workflowId: `reelection/2026/Heluo/${village}` });
    for (const village of ['Dongzhuang', 'Luokou', 'Qilipu ', 'qilipu']) {
      expect(answered(verifyEnvelope(envelopeFor(village), context()))).toMatchObject({ ok: false, code: 'WRONG_WORKFLOW' });
    }
  });
});
