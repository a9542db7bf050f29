import { EncryptionCodec } from '../../../common/codec';
import type { AssignmentRecord } from '../../../activities/store';
import { judgeDecode } from '../../../desk/codec';
import type { PersonScope } from '../../../desk/scope';
import { electionWorkflowId, noticeDeliveryId, villageOfWorkflowId } from '../../../workflows/contract';
import { freshKey, ring } from '../../common/codec/keys';

const codec = new EncryptionCodec(ring('k1', { k1: freshKey() }));
const plain = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"name":"王军"}') };
const sealedFor = async (workflowId?: string) =>
  (await codec.encode([plain], workflowId === undefined ? undefined : { type: 'workflow', namespace: 'default', workflowId }))[0]!;

const at = '2026-01-01T00:00:00.000Z';
const assignment = (scope: AssignmentRecord['scope']): AssignmentRecord => ({
  id: 1,
  personId: 'li',
  role: 'guidance-group',
  scope,
  validFrom: at,
  assignedAt: at,
  assignedBy: 'admin',
});
const scopeOf = (...scopes: AssignmentRecord['scope'][]): PersonScope => ({
  personId: 'li',
  assignments: scopes.map(assignment),
  countyTowns: new Map([['Yuxian', ['Heluo']]]),
});

const qilipu = electionWorkflowId(2026, 'Heluo', 'Qilipu');
const delivery = noticeDeliveryId(`${qilipu}/0193a2b4-run/12`);

describe('which village a workflow id belongs to', () => {
  it('reads an election’s id, and the id of a notice delivery started for it', () => {
    expect(villageOfWorkflowId(qilipu)).toEqual({ term: 2026, town: 'Heluo', village: 'Qilipu' });
    expect(villageOfWorkflowId(delivery)).toEqual({ term: 2026, town: 'Heluo', village: 'Qilipu' });
    expect(villageOfWorkflowId('ping-123')).toBeUndefined();
    expect(villageOfWorkflowId('reelection/2026/Heluo')).toBeUndefined();
  });
});

describe('who may have sealed payloads decoded', () => {
  it('lets a person whose assignment covers the village (its own, its town’s, its county’s) decode its payloads and its deliveries’', async () => {
    const payloads = [await sealedFor(qilipu), await sealedFor(delivery), plain];
    for (const scope of [scopeOf({ town: 'Heluo', village: 'Qilipu' }), scopeOf({ town: 'Heluo' }), scopeOf({ county: 'Yuxian' })])
      expect(judgeDecode(scope, payloads)).toEqual({ workflowIds: [qilipu, delivery].sort() });
  });

  it('refuses the whole call when one payload is of a village outside the person’s scope', async () => {
    const other = electionWorkflowId(2026, 'Heluo', 'Lucun');
    const verdict = judgeDecode(scopeOf({ town: 'Heluo', village: 'Qilipu' }), [await sealedFor(qilipu), await sealedFor(other)]);
    expect(verdict.refusal).toEqual({ reason: 'out-of-scope', index: 2, workflowId: other, town: 'Heluo', village: 'Lucun' });
    expect(judgeDecode(scopeOf(), [await sealedFor(qilipu)]).refusal?.reason).toBe('out-of-scope');
  });

  it('never decodes a sealed payload that names no workflow, or a workflow that is not a village’s, even for a county-wide role', async () => {
    const county = scopeOf({ county: 'Yuxian' });
    expect(judgeDecode(county, [await sealedFor()]).refusal).toEqual({ reason: 'unlabelled', index: 1 });
    expect(judgeDecode(county, [await sealedFor('ping-1')]).refusal).toEqual({ reason: 'not-a-village', index: 1, workflowId: 'ping-1' });
  });

  it('needs no scope for payloads that are not sealed: nothing is decrypted', () => {
    expect(judgeDecode(scopeOf(), [plain, plain])).toEqual({ workflowIds: [] });
  });
});
