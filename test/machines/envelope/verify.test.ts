import {
  CLOCK_SKEW_MS,
  signingBytes,
  signMessage,
  toBase64url,
  fromBase64url,
  verifyEnvelope,
  type Envelope,
  type Verification,
} from '../../../machines/envelope';
import { approveSlate, context, keyring, NOW, secretKeyOf, signed, WORKFLOW_ID } from './keyring';

const MINUTE = 60_000;

/** The envelope re-signed by a key after a change, as someone holding that key could. */
function resigned(envelope: Envelope, change: Partial<Envelope>, key: Parameters<typeof secretKeyOf>[0] = 'k-wang'): Envelope {
  const { signature: _old, ...body } = { ...envelope, ...change };
  const secret = fromBase64url(secretKeyOf(key), 32)!;
  return { ...body, signature: toBase64url(signMessage(signingBytes(body), secret)) };
}

function refusal(verification: Verification) {
  expect(verification.ok).toBe(false);
  return verification.ok ? { code: 'ACCEPTED', reason: '' } : verification;
}

describe('verifying a signed decision against the village keyring', () => {
  it("accepts a decision signed with the person's own key, and takes `by` from the keyring", () => {
    const envelope = signed();
    const verification = verifyEnvelope(envelope, context());
    expect(verification).toEqual({
      ok: true,
      event: { ...approveSlate, candidates: [...approveSlate.candidates], by: { id: 'p-wang', name: 'Wang Fang', role: 'town-committee' } },
      decisionId: envelope.decisionId,
      keyId: 'k-wang',
    });
  });

  it('accepts the desk signing for a person assigned to the role', () => {
    const verification = verifyEnvelope(signed('k-desk', { actor: { personId: 'p-li', role: 'guidance-group' } }), context());
    expect(verification).toMatchObject({
      ok: true,
      keyId: 'k-desk',
      event: { by: { id: 'p-li', name: 'Li Wei', role: 'guidance-group' } },
    });
  });

  it('takes the envelope as it travels: through JSON, with keys in another order', () => {
    const envelope = signed();
    const travelled = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(envelope).reverse()))) as unknown;
    expect(verifyEnvelope(travelled, context()).ok).toBe(true);
  });

  describe('UNSIGNED', () => {
    it.each([
      ['nothing', undefined, 'envelope: got nothing'],
      ['null', null, 'envelope: got nothing'],
      ['a bare decision', { ...approveSlate, by: { id: 'p-wang', role: 'town-committee' } }, 'a bare decision (type "APPROVE_SLATE")'],
      ['an envelope without its signature', (({ signature: _s, ...rest }) => rest)(signed()), 'an object with no signature'],
    ])('refuses %s as unsigned', (_what, raw, reason) => {
      const refused = refusal(verifyEnvelope(raw, context()));
      expect(refused.code).toBe('UNSIGNED');
      expect(refused.reason).toContain(reason);
      expect(refused.reason).toContain('accepted: a signed decision envelope');
    });
  });

  describe('MALFORMED_ENVELOPE', () => {
    const envelope = signed();
    it.each([
      ['text', 'APPROVE_SLATE', 'envelope: got "APPROVE_SLATE"; accepted'],
      ['a list', [envelope], 'envelope: got [{'],
      ['version 2', { ...envelope, v: 2 }, 'v: got 2 (accepted: the envelope version 1)'],
      ['an unknown field', { ...envelope, by: { id: 'p-wang' } }, 'unknown field(s) by'],
      ['a missing field', (({ actor: _a, ...rest }) => rest)(envelope), 'actor: got nothing'],
      [
        'an object for a string',
        { ...envelope, keyId: { toString: 'k-wang' } },
        'keyId: got {"toString":"k-wang"} (accepted: a key id as text)',
      ],
      ['an unknown decision', { ...envelope, decision: { type: 'APPROVE_EVERYTHING' } }, 'decision.type: got "APPROVE_EVERYTHING"'],
      [
        'a decision naming its own author',
        { ...envelope, decision: { ...approveSlate, by: { id: 'x' } } },
        'decision: unknown field(s) by',
      ],
      [
        'a decision with a bad payload',
        { ...envelope, decision: { type: 'APPROVE_SLATE', candidates: 'm01' } },
        'decision.candidates: got "m01"',
      ],
      ['a date not of the calendar', { ...envelope, issuedAt: '2026-02-30T08:00:00.000Z' }, 'issuedAt: got "2026-02-30T08:00:00.000Z"'],
      [
        'a signature too short',
        { ...envelope, signature: 'abc' },
        'signature: got "abc" (accepted: an Ed25519 signature: 64 bytes in base64url',
      ],
      ['text not in NFC', { ...envelope, decision: { ...approveSlate, candidates: ['m01', 'Cafe\u0301'] } }, 'decision.candidates[1]'],
    ])('refuses %s, naming the field and what is accepted', (_what, raw, reason) => {
      const refused = refusal(verifyEnvelope(raw, context()));
      expect(refused.code).toBe('MALFORMED_ENVELOPE');
      expect(refused.reason).toContain(reason);
    });

    it('refuses an envelope valid for more than seven days, or expiring before it is issued', () => {
      const long = signed('k-wang', { ttlMs: 7 * 24 * 60 * MINUTE });
      expect(verifyEnvelope(long, context()).ok).toBe(true);
      const longer = resigned(long, { expiresAt: '2026-12-09T08:00:00.001Z' });
      expect(refusal(verifyEnvelope(longer, context()))).toMatchObject({
        code: 'MALFORMED_ENVELOPE',
        reason: expect.stringContaining('accepted: after issuedAt, by at most 7 days') as string,
      });
      const backwards = resigned(long, { expiresAt: '2026-12-02T07:00:00.000Z' });
      expect(refusal(verifyEnvelope(backwards, context())).code).toBe('MALFORMED_ENVELOPE');
    });
  });

  it("refuses another workflow's envelope, whichever village it was signed for", () => {
    const other = signed('k-wang', { workflowId: 'reelection/2026/Heluo/Dongzhuang' });
    const refused = refusal(verifyEnvelope(other, context()));
    expect(refused.code).toBe('WRONG_WORKFLOW');
    expect(refused.reason).toContain(`workflowId: got "reelection/2026/Heluo/Dongzhuang"; accepted: "${WORKFLOW_ID}"`);
  });

  it('refuses a key the keyring does not hold, without listing the keys it holds', () => {
    const refused = refusal(verifyEnvelope(signed('k-stranger'), context()));
    expect(refused.code).toBe('UNKNOWN_KEY');
    expect(refused.reason).toContain('keyId: got "k-stranger"; accepted: a key the registry trusts for Qilipu');
    expect(refused.reason).not.toContain('k-wang');
  });

  describe('BAD_SIGNATURE', () => {
    const envelope = signed();
    it.each([
      ['the payload', { decision: { ...approveSlate, candidates: ['m01', 'm02', 'm04'] } }],
      ['the role', { actor: { personId: 'p-wang', role: 'guidance-group' } }],
      ['the person', { actor: { personId: 'p-li', role: 'town-committee' } }],
      ['the issue date', { issuedAt: '2026-12-02T08:00:01.000Z' }],
      ['the expiry', { expiresAt: '2026-12-09T08:00:00.000Z' }],
      ['the key id', { keyId: 'k-desk' }],
      ['the decision id', { decisionId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
      ['the signature', { signature: signed().signature }],
    ])('refuses an envelope whose %s was changed after signing', (_what, change) => {
      const refused = refusal(verifyEnvelope({ ...envelope, ...change }, context()));
      expect(refused.code).toBe('BAD_SIGNATURE');
      expect(refused.reason).toContain('signature: got "');
      expect(refused.reason).toContain('not key "');
    });

    it('refuses a signature written with non-zero spare bits, which decodes to the valid one', () => {
      const last = envelope.signature.at(-1)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const twin = `${envelope.signature.slice(0, 85)}${alphabet[alphabet.indexOf(last) + 1]}`;
      expect(Buffer.from(twin, 'base64url').equals(Buffer.from(envelope.signature, 'base64url'))).toBe(true);
      expect(refusal(verifyEnvelope({ ...envelope, signature: twin }, context())).code).toBe('BAD_SIGNATURE');
    });

    it('refuses a forged envelope before looking at its decision id, dates or actor', () => {
      const asked: string[] = [];
      const forged = { ...signed(), decision: { type: 'CANCEL', reason: 'forged' }, expiresAt: '2026-12-02T08:00:01.000Z' };
      const refused = refusal(verifyEnvelope(forged, { ...context(), decisionIdsUsed: (id) => (asked.push(id), true) }));
      expect(refused.code).toBe('BAD_SIGNATURE');
      expect(asked).toEqual([]);
    });
  });

  describe('dates, by workflow time', () => {
    it(`refuses an envelope issued later than the election's time, beyond ${CLOCK_SKEW_MS / MINUTE} minutes of clock difference`, () => {
      const early = signed('k-wang', { now: NOW + CLOCK_SKEW_MS + 1 });
      const refused = refusal(verifyEnvelope(early, context()));
      expect(refused.code).toBe('NOT_YET_VALID');
      expect(refused.reason).toContain(
        'issuedAt: got "2026-12-02T08:05:00.001Z"; accepted: an envelope issued by 2026-12-02T08:00:00.000Z',
      );
      expect(verifyEnvelope(signed('k-wang', { now: NOW + CLOCK_SKEW_MS }), context()).ok).toBe(true);
    });

    it('refuses an envelope past its expiry by the workflow time, not by any clock of this machine', () => {
      const envelope = signed('k-wang', { ttlMs: 10 * MINUTE });
      const expiry = NOW + 10 * MINUTE;
      expect(verifyEnvelope(envelope, context([], expiry + CLOCK_SKEW_MS - 1)).ok).toBe(true);
      const refused = refusal(verifyEnvelope(envelope, context([], expiry + CLOCK_SKEW_MS)));
      expect(refused.code).toBe('EXPIRED');
      expect(refused.reason).toContain('expiresAt: got "2026-12-02T08:10:00.000Z"; accepted: an envelope not yet expired');
      expect(refused.reason).toContain('sign the decision again');
    });
  });

  describe('the standing of the key', () => {
    it('refuses a revoked key, even for an envelope signed before it was revoked', () => {
      const before = signed('k-revoked', { now: Date.parse('2026-10-31T12:00:00.000Z'), ttlMs: 7 * 24 * 60 * MINUTE });
      const refused = refusal(verifyEnvelope(before, context([], Date.parse('2026-11-01T00:00:00.000Z'))));
      expect(refused.code).toBe('KEY_REVOKED');
      expect(refused.reason).toContain('keyId: got "k-revoked", revoked at 2026-11-01T00:00:00.000Z');
      expect(verifyEnvelope(before, context([], Date.parse('2026-10-31T23:59:59.999Z'))).ok).toBe(true);
    });

    it('refuses a key not yet valid and a key whose validity ended', () => {
      expect(refusal(verifyEnvelope(signed('k-future'), context()))).toMatchObject({
        code: 'KEY_NOT_VALID',
        reason: expect.stringContaining('keyId: got "k-future", valid from 2027-01-01T00:00:00.000Z') as string,
      });
      expect(refusal(verifyEnvelope(signed('k-old'), context()))).toMatchObject({
        code: 'KEY_NOT_VALID',
        reason: expect.stringContaining('until 2026-06-01T00:00:00.000Z; accepted: a key valid at') as string,
      });
    });

    it('refuses a key whose registered validity cannot be read, rather than trusting it', () => {
      const broken = { ...keyring, keys: keyring.keys.map((key) => (key.keyId === 'k-wang' ? { ...key, revokedAt: 'soon' } : key)) };
      expect(refusal(verifyEnvelope(signed(), { ...context(), keyring: broken })).code).toBe('KEY_REVOKED');
    });
  });

  it('refuses a decision id the election already took: the same signed decision replayed', () => {
    const envelope = signed();
    const refused = refusal(verifyEnvelope(envelope, context([envelope.decisionId])));
    expect(refused.code).toBe('DECISION_ID_USED');
    expect(refused.reason).toContain(`decisionId: got "${envelope.decisionId}", which this election has already received`);
  });

  describe('who may sign for whom', () => {
    it('refuses a person the keyring does not assign to this village', () => {
      const refused = refusal(verifyEnvelope(signed('k-desk', { actor: { personId: 'p-nobody', role: 'town-committee' } }), context()));
      expect(refused.code).toBe('ACTOR_NOT_ASSIGNED');
      expect(refused.reason).toContain(`actor.personId: got "p-nobody"; accepted: a person assigned to Qilipu's election`);
    });

    it('refuses the desk signing for a person in a role they do not hold now (a forged role, a lapsed or future assignment)', () => {
      for (const actor of [
        { personId: 'p-wang', role: 'guidance-group' },
        { personId: 'p-li', role: 'town-committee' },
        { personId: 'p-zhao', role: 'scrutineer' },
      ] as const) {
        const refused = refusal(verifyEnvelope(signed('k-desk', { actor }), context()));
        expect(refused.code).toBe('ACTOR_NOT_ASSIGNED');
        expect(refused.reason).toContain(`actor.role: got "${actor.role}"; accepted: a role "${actor.personId}" holds for Qilipu`);
      }
    });

    it("refuses a person's key signing for another person", () => {
      const refused = refusal(
        verifyEnvelope(resigned(signed('k-li'), { actor: { personId: 'p-wang', role: 'town-committee' } }, 'k-li'), context()),
      );
      expect(refused.code).toBe('KEY_NOT_ALLOWED');
      expect(refused.reason).toContain('keyId: got "k-li", the key of "p-li"; accepted: a key of "p-wang" (actor.personId) or of the desk');
    });

    it("refuses a person's key signing in a role its owner does not hold", () => {
      const envelope = signed('k-li', { actor: { personId: 'p-li', role: 'town-committee' } });
      const refused = refusal(verifyEnvelope(envelope, context()));
      expect(refused.code).toBe('KEY_NOT_ALLOWED');
      expect(refused.reason).toContain('actor.role: got "town-committee"; key "k-li" signs only in the roles its owner "p-li" holds');
      expect(refused.reason).toContain(': guidance-group');
    });
  });

  it('refuses, rather than throws, when the check itself fails', () => {
    const refused = refusal(
      verifyEnvelope(signed(), {
        ...context(),
        decisionIdsUsed: () => {
          throw new Error('ledger unavailable');
        },
      }),
    );
    expect(refused).toMatchObject({ code: 'UNCHECKABLE', reason: expect.stringContaining('ledger unavailable') as string });
    expect(refusal(verifyEnvelope(signed(), { ...context(), now: NaN })).code).toBe('UNCHECKABLE');
  });
});
