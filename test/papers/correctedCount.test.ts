import { BUILDERS } from '../../papers/builders';
import type { ElectionRecord, RecordedDecision } from '../../papers/record';
import { member, syntheticFacts, syntheticRecord } from './syntheticFacts';

const roster = ['李明', '张伟', '刘洋', '白雪', '王芳', '马强'].map((name, i) => member(`m0${i + 1}`, name));
const candidates = roster.map((m) => m.id);
const figures = (valid: number) => ({
  votersPresent: 33,
  ballotsIssued: 33,
  ballotsReturned: 33,
  validBallots: valid,
  invalidBallots: 33 - valid,
  votes: Object.fromEntries(candidates.map((id) => [id, 20])),
});
const decision = (seq: number, type: string, byName: string, payload: Record<string, unknown>): RecordedDecision => ({
  seq,
  type,
  byId: `p${seq}`,
  byName,
  byRole: type === 'CONFIRM_COUNT' ? 'scrutineer' : 'guidance-group',
  stage: 'conference',
  payload,
  at: `2026-12-0${seq - 8}T02:00:00.000Z`,
});

/** A conference whose first round was recorded, recorded again corrected, then confirmed by the scrutineers. */
function recordWithCorrectedCount(): ElectionRecord {
  const ballot = { kind: 'committee' as const, seats: 5, candidates, round: 1, purpose: 'first' as const };
  const facts = syntheticFacts(roster, {
    candidates,
    scrutineers: [],
    rounds: [{ ...ballot, ...figures(32), status: 'elected', elected: candidates.slice(0, 5) }],
  });
  return syntheticRecord(facts, [
    decision(10, 'RECORD_ROUND', '张指导', figures(30)),
    decision(11, 'RECORD_ROUND', '张指导', figures(32)),
    decision(12, 'CONFIRM_COUNT', '赵监票', {}),
  ]);
}

describe('a count sheet of a round recorded again before the scrutineers confirmed it', () => {
  it('prints the corrected figures the scrutineers confirmed, not the first recording', () => {
    const model = BUILDERS['count-sheet'](recordWithCorrectedCount(), 1);
    const rows = model.blocks.flatMap((block) => (block.type === 'fields' ? block.rows : []));
    expect(rows).toContainEqual(['有效票', '32']);
    expect(rows).toContainEqual(['无效票', '1']);
    expect(model.signatures.slice(0, 2).map((s) => [s.role, s.name])).toEqual([
      ['计票人（包村指导组）', '张指导'],
      ['监票人（确认计票）', '赵监票'],
    ]);
  });
});
