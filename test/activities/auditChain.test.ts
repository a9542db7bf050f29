import { sql, type Kysely } from 'kysely';
import { createActivities } from '../../activities';
import type { DecisionInput, RefusalInput } from '../../activities/contract';
import { recordHash, type DecisionRow, type OutcomeStore, type StoreSchema } from '../../activities/store';
import { auditDecisions } from '../../client/audit/verify';
import { signDecision } from '../../client/signing';
import { publicKeyOf, toBase64url } from '../../machines/envelope';
import { decisionSchemas } from '../../machines/events';
import { useActivityRuns } from '../support/activityRuns';
import { STORE_KINDS, tempStore } from '../support/stores';

const WORKFLOW_ID = 'reelection/2026/Heluo/Nanwan';
const OTHER_ID = 'reelection/2026/Heluo/Beiling';
const FIRST_RUN = 'run-A';
const SINCE = '2026-01-05T08:00:00.000Z';
const TOWN_PERSON = { id: 'wang.li', name: 'Wang Li', role: 'town-committee' } as const;
const secret = (n: number) => toBase64url(new Uint8Array(32).fill(n));
const publicKey = (n: number) => toBase64url(publicKeyOf(new Uint8Array(32).fill(n)));
const hour = (h: number) => `2026-11-24T${String(h).padStart(2, '0')}:00:00.000Z`;

const keyed = (workflowId: string, step: string, at: string) => ({
  key: `${workflowId}/${FIRST_RUN}/${step}`,
  workflowId,
  town: 'Heluo',
  village: workflowId.split('/').at(-1)!,
  term: 2026,
  at,
});

const decision = (workflowId: string, seq: number, at = hour(8), seats = 5): DecisionInput => ({
  ...keyed(workflowId, `decision/${seq}`, at),
  seq,
  type: 'APPROVE_START',
  by: TOWN_PERSON,
  stage: 'startApproval',
  payload: { seats, electsDeputy: true, method: 'two-recommendations-one-election' },
});

const refusal = (workflowId: string, n: number, at = hour(8)): RefusalInput => ({
  ...keyed(workflowId, `refusal/${n}`, at),
  type: 'APPROVE_START',
  code: 'UNSIGNED',
  reason: 'signature: got a bare decision',
  via: 'signal',
});

/** A decision as an election with signed decisions records it: the envelope as sent, the payload as its schema reads it. */
function signedDecision(seq: number, at: string, keyId: string, seed: number, seats = 5): DecisionInput {
  const body = { type: 'APPROVE_START', seats, electsDeputy: true, method: 'two-recommendations-one-election' };
  const envelope = signDecision({
    workflowId: WORKFLOW_ID,
    decision: body,
    actor: { personId: TOWN_PERSON.id, role: TOWN_PERSON.role },
    signer: { keyId, secretKey: secret(seed) },
    now: Date.parse(at) - 60_000,
  });
  const { type, by, at: _at, ...payload } = decisionSchemas.APPROVE_START.parse({ ...body, by: TOWN_PERSON, at: Date.parse(at) });
  return { ...keyed(WORKFLOW_ID, `decision/${seq}`, at), seq, type, by, stage: 'startApproval', payload, envelope };
}

const dbOf = (store: OutcomeStore) => (store as unknown as { db: Kysely<StoreSchema> }).db;

async function chainOf(store: OutcomeStore, workflowId: string): Promise<DecisionRow[]> {
  const { rows } = await store.auditTrail();
  return rows.filter((row) => row.workflow_id === workflowId).sort((a, b) => Number(a.chain_pos) - Number(b.chain_pos));
}

describe.each(STORE_KINDS)('the hash chain over each election’s decisions, on %s', (kind) => {
  const { inRun } = useActivityRuns(WORKFLOW_ID);
  let store: OutcomeStore;
  beforeEach(async () => {
    store = await tempStore(kind);
  });
  afterEach(() => store?.close());

  it('links every row an election writes, decisions and refusals, in the order written; each election has its own chain', async () => {
    await store.addDecision(decision(WORKFLOW_ID, 1));
    await store.addRefusal(refusal(WORKFLOW_ID, 1));
    await store.addDecision(decision(OTHER_ID, 1));
    await store.addDecision(decision(WORKFLOW_ID, 2));
    const chain = await chainOf(store, WORKFLOW_ID);
    expect(chain.map((row) => [row.key.split('/').slice(-2).join('/'), Number(row.chain_pos)])).toEqual([
      ['decision/1', 1],
      ['refusal/1', 2],
      ['decision/2', 3],
    ]);
    expect(chain.map((row) => row.prev_hash)).toEqual([null, chain[0]!.hash, chain[1]!.hash]);
    for (const row of chain) expect(row.hash).toBe(recordHash(row));
    const other = await chainOf(store, OTHER_ID);
    expect(other.map((row) => [Number(row.chain_pos), row.prev_hash])).toEqual([[1, null]]);
  });

  it('leaves the chain as it was when a write is retried, and puts a reset branch’s record at the next position', async () => {
    await store.addDecision(decision(WORKFLOW_ID, 1));
    await store.addDecision(decision(WORKFLOW_ID, 2));
    const before = await chainOf(store, WORKFLOW_ID);
    await expect(store.addDecision(decision(WORKFLOW_ID, 2))).resolves.toEqual({ duplicate: true });
    expect(await chainOf(store, WORKFLOW_ID)).toEqual(before);

    const activities = createActivities(store);
    await inRun('run-B').run(activities.recordDecision, decision(WORKFLOW_ID, 2, hour(9), 7));
    await inRun('run-B').run(activities.recordDecision, decision(WORKFLOW_ID, 2, hour(9), 7));
    const after = await chainOf(store, WORKFLOW_ID);
    expect(after.slice(0, 2)).toEqual(before);
    expect(after).toHaveLength(3);
    expect(after[2]).toMatchObject({ key: `${decision(WORKFLOW_ID, 2).key}@run-B`, chain_pos: 3, prev_hash: before[1]!.hash });
    expect((await auditDecisions(store)).failures).toEqual([]);
  });

  it('keeps one chain when many writers record decisions of one election at once', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.addDecision(decision(WORKFLOW_ID, i + 1))));
    const chain = await chainOf(store, WORKFLOW_ID);
    expect(chain.map((row) => Number(row.chain_pos))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const report = await auditDecisions(store);
    expect(report.failures).toEqual([]);
    expect(report.elections).toEqual([expect.objectContaining({ workflowId: WORKFLOW_ID, decisions: 12, unsigned: 12, signed: 0 })]);
  });

  it('names exactly the row whose payload was altered by hand, and the row after one deleted from the middle', async () => {
    for (let seq = 1; seq <= 4; seq += 1) await store.addDecision(decision(WORKFLOW_ID, seq));
    await store.addRefusal(refusal(WORKFLOW_ID, 1));
    expect((await auditDecisions(store)).failures).toEqual([]);
    const db = dbOf(store);
    const second = decision(WORKFLOW_ID, 2).key;
    await sql`UPDATE decisions SET payload = ${JSON.stringify({ seats: 9, electsDeputy: true, method: 'two-recommendations-one-election' })} WHERE key = ${second}`.execute(
      db,
    );
    const altered = await auditDecisions(store);
    expect(altered.failures).toEqual([
      expect.objectContaining({ key: second, seq: 2, chainPos: 2, problems: [expect.stringMatching(/^hash: does not match the row/)] }),
    ]);
    await sql`DELETE FROM decisions WHERE key = ${decision(WORKFLOW_ID, 3).key}`.execute(db);
    const deleted = await auditDecisions(store);
    expect(deleted.failures.map((f) => f.key)).toEqual([second, decision(WORKFLOW_ID, 4).key]);
    expect(deleted.failures[1]!.problems).toEqual(['chain: position 4 follows 2: the row at position 3 is missing (deleted)']);
  });

  describe('with signed decisions', () => {
    beforeEach(async () => {
      const { registry } = store;
      const as = { by: 'org', at: SINCE };
      await registry.addPerson({ id: 'org', name: 'Li Na' }, as);
      await registry.addPerson({ id: TOWN_PERSON.id, name: TOWN_PERSON.name }, as);
      await registry.assign(
        { personId: TOWN_PERSON.id, role: 'town-committee', scope: { town: 'Heluo', village: 'Nanwan' }, validFrom: SINCE },
        as,
      );
      await registry.registerKey({ keyId: 'k-old', publicKey: publicKey(1), owner: { personId: TOWN_PERSON.id }, validFrom: SINCE }, as);
      await registry.registerKey({ keyId: 'k-new', publicKey: publicKey(2), owner: { personId: TOWN_PERSON.id }, validFrom: SINCE }, as);
    });

    it('verifies each envelope against the registry as it stood when the decision was taken', async () => {
      await store.addDecision(signedDecision(1, hour(8), 'k-old', 1));
      await store.addDecision(signedDecision(2, hour(10), 'k-new', 2));
      // Revoked between the two decisions: the first, taken before, still verifies; one taken after it fails.
      await store.registry.revokeKey('k-old', { by: 'org', at: hour(9) });
      await store.addDecision(signedDecision(3, hour(11), 'k-old', 1));
      const report = await auditDecisions(store);
      expect(report.elections).toEqual([expect.objectContaining({ decisions: 3, signed: 3, unsigned: 0, failures: 1 })]);
      expect(report.failures).toEqual([
        expect.objectContaining({
          key: signedDecision(3, hour(11), 'k-old', 1).key,
          problems: [expect.stringMatching(/^envelope: KEY_REVOKED/)],
        }),
      ]);
    });

    it('names a signed decision recorded twice in an election, unless the second is a reset branch’s record', async () => {
      const first = signedDecision(1, hour(8), 'k-new', 2);
      await store.addDecision(first);
      // The same envelope again at the next step, as a replayed decision would be recorded.
      const again = { ...first, ...keyed(WORKFLOW_ID, 'decision/2', '2026-11-24T08:20:00.000Z'), seq: 2 };
      await store.addDecision(again);
      // A reset branch may take the earlier branch's decision again, under its run's key.
      await store.addDecision({
        ...first,
        ...keyed(WORKFLOW_ID, 'decision/1', '2026-11-24T08:40:00.000Z'),
        key: `${first.key}@run-B`,
        seq: 1,
      });
      const report = await auditDecisions(store);
      expect(report.failures).toEqual([
        expect.objectContaining({ key: again.key, problems: [expect.stringMatching(/^envelope: DECISION_ID_USED: /)] }),
      ]);
    });

    it('names a row whose envelope’s signature was altered, or whose record no longer says what was signed', async () => {
      await store.addDecision(signedDecision(1, hour(8), 'k-new', 2));
      await store.addDecision(signedDecision(2, hour(9), 'k-new', 2, 6));
      await store.addDecision(decision(WORKFLOW_ID, 3, hour(10)));
      expect((await auditDecisions(store)).failures.map((f) => f.key)).toEqual([decision(WORKFLOW_ID, 3).key]);
      const db = dbOf(store);
      const [first, second, third] = await chainOf(store, WORKFLOW_ID);
      // Another key's signature over the same decision: well-formed, but not the signature of the key this envelope names.
      const envelope = JSON.parse(first!.envelope!) as Record<string, unknown>;
      const other = signedDecision(1, hour(8), 'k-old', 1).envelope as { signature: string };
      await sql`UPDATE decisions SET envelope = ${JSON.stringify({ ...envelope, signature: other.signature })} WHERE key = ${first!.key}`.execute(
        db,
      );
      // A payload changed by someone who also writes the row's new hash: the chain breaks at the next row, the envelope at this one.
      const payload = JSON.stringify({ seats: 9, electsDeputy: true, method: 'two-recommendations-one-election' });
      await sql`UPDATE decisions SET payload = ${payload}, hash = ${recordHash({ ...second!, payload })} WHERE key = ${second!.key}`.execute(
        db,
      );
      const byKey = Object.fromEntries((await auditDecisions(store)).failures.map((f) => [f.key, f.problems]));
      expect(byKey).toEqual({
        [first!.key]: [expect.stringMatching(/^hash: /), expect.stringMatching(/^envelope: BAD_SIGNATURE/)],
        [second!.key]: ["payload: not the signed envelope's decision"],
        [third!.key]: [
          expect.stringMatching(/^chain: prev_hash \w+ is not the hash of the row before it/),
          expect.stringMatching(/^envelope: none, in an election whose other decisions are signed/),
        ],
      });
    });
  });
});
