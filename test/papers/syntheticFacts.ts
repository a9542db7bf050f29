import type { ElectionFacts } from '../../machines/facts';
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
