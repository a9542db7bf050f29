import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { signDecision } from '../../client/signing';
import { publicKeyOf, toBase64url } from '../../machines/envelope';
import type { VillageKeyring } from '../../machines/keyring';
import { testConnection, testNativeConnection, uniqueId, testDataConverter } from '../support/temporal';
import type { EnvelopeTrial, TrialVerdict } from './envelopeSandbox/workflows';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const secret = (n: number) => toBase64url(new Uint8Array(32).fill(n));
const publicKey = (n: number) => toBase64url(publicKeyOf(new Uint8Array(32).fill(n)));

/** A keyring valid around the present: the workflow verifies by its own time, which is the server's. */
function keyringAround(now: number): VillageKeyring {
  const since = iso(now - 24 * HOUR);
  return {
    town: 'Heluo',
    village: 'Qilipu',
    resolvedAt: since,
    people: [
      { personId: 'p-wang', name: 'Wang Fang', assignments: [{ role: 'town-committee', validFrom: since }] },
      { personId: 'p-li', name: 'Li Wei', assignments: [{ role: 'guidance-group', validFrom: since }] },
    ],
    keys: [
      { keyId: 'k-wang', publicKey: publicKey(1), owner: { personId: 'p-wang' }, validFrom: since },
      { keyId: 'k-desk', publicKey: publicKey(3), owner: { desk: 'heluo-desk' }, validFrom: since },
      { keyId: 'k-revoked', publicKey: publicKey(4), owner: { personId: 'p-wang' }, validFrom: since, revokedAt: iso(now - HOUR) },
    ],
  };
}

describe('verifying signed decisions inside the workflow sandbox', () => {
  it('verifies by workflow time in the real sandbox, and replays its history to the same verdicts', async () => {
    // Preloaded as the election worker preloads machines/: evaluated once, then frozen and shared by every workflow.
    const { code } = await bundleWorkflowCode({
      workflowsPath: join(__dirname, 'envelopeSandbox', 'workflows.ts'),
      preloadModules: [join(__dirname, '..', '..', 'machines', 'envelope')],
    });
    const { connection, client } = await testConnection();
    const nativeConnection = await testNativeConnection();
    const taskQueue = uniqueId('envelope-sandbox');
    const workflowId = uniqueId('reelection/2026/Heluo/Qilipu');
    const now = Date.now();
    const sign = (key: string, seed: number, actor: { personId: string; role: 'town-committee' | 'guidance-group' }, at = now) =>
      signDecision({
        workflowId,
        decision: { type: 'CANCEL', reason: 'the village merges with Luokou' },
        actor,
        signer: { keyId: key, secretKey: secret(seed) },
        now: at,
      });
    const wang = { personId: 'p-wang', role: 'town-committee' } as const;
    const first = sign('k-wang', 1, wang);
    const trial: EnvelopeTrial = {
      keyring: keyringAround(now),
      envelopes: [
        first,
        { ...first, decision: { type: 'CANCEL', reason: 'forged' } },
        first,
        sign('k-wang', 1, wang, now - 2 * HOUR),
        sign('k-desk', 3, { personId: 'p-li', role: 'guidance-group' }),
        sign('k-revoked', 4, wang),
        { ...sign('k-wang', 1, wang), workflowId: 'reelection/2026/Heluo/Dongzhuang' },
        { type: 'CANCEL', reason: 'unsigned', by: { id: 'p-wang', role: 'town-committee' } },
      ],
    };

    const worker = await Worker.create({
      dataConverter: testDataConverter(),
      connection: nativeConnection,
      taskQueue,
      workflowBundle: { code },
    });
    const handle = await client.workflow.start('verifyEnvelopes', { taskQueue, workflowId, args: [trial] });
    const verdicts: TrialVerdict[] = await worker.runUntil(handle.result());

    expect(verdicts).toMatchObject([
      { code: 'OK', by: { id: 'p-wang', name: 'Wang Fang', role: 'town-committee' } },
      { code: 'BAD_SIGNATURE' },
      { code: 'DECISION_ID_USED' },
      { code: 'EXPIRED' },
      { code: 'OK', by: { id: 'p-li', name: 'Li Wei', role: 'guidance-group' } },
      { code: 'KEY_REVOKED' },
      { code: 'WRONG_WORKFLOW' },
      { code: 'UNSIGNED' },
    ]);
    const history = await handle.fetchHistory();
    expect(history.events?.filter((event) => event.timerStartedEventAttributes)).toHaveLength(2);
    await Worker.runReplayHistory({ dataConverter: testDataConverter(), workflowBundle: { code } }, history, workflowId);

    await nativeConnection.close();
    await connection.close();
  });
});
