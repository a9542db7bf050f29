import { publicKeyOf, toBase64url } from '../../../machines/envelope';
import type { VillageKeyring } from '../../../machines/keyring';
import { signDecision, type DecisionToSign } from '../../../client/signing';

/** Keys from fixed seeds, so a failing test signs the same bytes again. */
const secretOf = (n: number) => toBase64url(new Uint8Array(32).fill(n));
const publicOf = (n: number) => toBase64url(publicKeyOf(new Uint8Array(32).fill(n)));

export const WORKFLOW_ID = 'reelection/2026/Heluo/Qilipu';
/** The election's workflow time in these tests. */
export const NOW = Date.parse('2026-12-02T08:00:00.000Z');

/** The seed of each key id below. */
export const SEEDS = { 'k-wang': 1, 'k-li': 2, 'k-desk': 3, 'k-revoked': 4, 'k-future': 5, 'k-old': 6, 'k-stranger': 7 } as const;
export type KeyName = keyof typeof SEEDS;

/**
 * Qilipu's keyring: Wang Fang of the town committee, Li Wei of the guidance group (and of the town committee until June),
 * Zhao Min a scrutineer from next year; each with a key of their own, and the town's desk.
 */
export const keyring: VillageKeyring = {
  town: 'Heluo',
  village: 'Qilipu',
  resolvedAt: '2026-12-01T00:00:00.000Z',
  people: [
    { personId: 'p-wang', name: 'Wang Fang', assignments: [{ role: 'town-committee', validFrom: '2026-01-01T00:00:00.000Z' }] },
    {
      personId: 'p-li',
      name: 'Li Wei',
      assignments: [
        { role: 'guidance-group', validFrom: '2026-01-01T00:00:00.000Z' },
        { role: 'town-committee', validFrom: '2025-01-01T00:00:00.000Z', validUntil: '2026-06-01T00:00:00.000Z' },
      ],
    },
    { personId: 'p-zhao', name: 'Zhao Min', assignments: [{ role: 'scrutineer', validFrom: '2027-01-01T00:00:00.000Z' }] },
  ],
  keys: [
    { keyId: 'k-wang', publicKey: publicOf(1), owner: { personId: 'p-wang' }, validFrom: '2026-01-01T00:00:00.000Z' },
    { keyId: 'k-li', publicKey: publicOf(2), owner: { personId: 'p-li' }, validFrom: '2026-01-01T00:00:00.000Z' },
    { keyId: 'k-desk', publicKey: publicOf(3), owner: { desk: 'heluo-desk' }, validFrom: '2026-01-01T00:00:00.000Z' },
    {
      keyId: 'k-revoked',
      publicKey: publicOf(4),
      owner: { personId: 'p-wang' },
      validFrom: '2026-01-01T00:00:00.000Z',
      revokedAt: '2026-11-01T00:00:00.000Z',
    },
    { keyId: 'k-future', publicKey: publicOf(5), owner: { personId: 'p-wang' }, validFrom: '2027-01-01T00:00:00.000Z' },
    {
      keyId: 'k-old',
      publicKey: publicOf(6),
      owner: { personId: 'p-wang' },
      validFrom: '2025-01-01T00:00:00.000Z',
      validUntil: '2026-06-01T00:00:00.000Z',
    },
  ],
};

/** The town committee approving the slate: a decision with a list in it. */
export const approveSlate = { type: 'APPROVE_SLATE', candidates: ['m01', 'm02', 'm03'] } as const;

/** An envelope signed with one of the keys above (by default Wang Fang's own, for her, at NOW, for Qilipu). */
export function signed(key: KeyName = 'k-wang', overrides: Partial<DecisionToSign> = {}) {
  return signDecision({
    workflowId: WORKFLOW_ID,
    decision: approveSlate,
    actor: { personId: 'p-wang', role: 'town-committee' },
    signer: { keyId: key, secretKey: secretOf(SEEDS[key]) },
    now: NOW,
    ...overrides,
  });
}

/** The context of Qilipu's election at NOW that has taken the given decision ids. */
export function context(used: string[] = [], now = NOW) {
  return { workflowId: WORKFLOW_ID, now, keyring, decisionIdsUsed: (id: string) => used.includes(id) };
}

/** The secret key of a named key, for tests that sign by hand. */
export const secretKeyOf = (key: KeyName) => secretOf(SEEDS[key]);
