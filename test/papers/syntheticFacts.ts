import type { ElectionFacts } from '../../machines/facts';
import type { ElectionRecord, RecordedDecision } from '../../papers/record';
import { townPlanSchema, type Member } from '../../machines/rules';

/** A full member of a village roster, by id and name. */
export const member = (id: string, name: string): Member => ({
  id,
  name,
  gender: 'male',
  birthDate: '1980-01-01',
  joinedParty: '2005-07-01',
  standing: 'full',
  education: 'high-school',
});

/** The facts of an election written by hand (the ones a paper reads), with `overrides` on top. */
export function syntheticFacts(roster: Member[], overrides: Partial<ElectionFacts> = {}): ElectionFacts {
  return {
    town: '河洛镇',
    village: '七里铺村',
    term: 2026,
    machineVersion: 2,
    method: 'two-recommendations-one-election',
    stage: 'conference',
    roster,
    plan: townPlanSchema.parse({}),
    form: 'committee',
    seats: 5,
    electsDeputy: true,
    nominees: [],
    inspectionPassed: [],
    candidates: [],
    objections: [],
    objectionQueue: [],
    quorumFailures: 0,
    scrutineers: [],
    rounds: [],
    elected: [],
    ...overrides,
  };
}

/** A record of a running election of 七里铺村 made of these facts and decisions, as the store would give it. */
export function syntheticRecord(facts: ElectionFacts, decisions: RecordedDecision[] = []): ElectionRecord {
  return {
    election: {
      id: 'term-1',
      workflow_id: 'reelection-test',
      first_run_id: 'run-1',
      town: '河洛镇',
      village: '七里铺村',
      term: 2026,
      started_at: '2026-11-01T00:00:00.000Z',
      status: 'running',
      status_at: '2026-11-01T00:00:00.000Z',
    },
    facts,
    factsFrom: 'record',
    decisions,
    notices: [],
  };
}
