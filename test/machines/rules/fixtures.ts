import { defaultTownPlan, type Member, type TownPlan, type TownPlanInput, townPlanSchema } from '../../../machines/rules';

/** A full member born 1980, joined 2005, with any field overridden. */
export function member(id: string, overrides: Partial<Member> = {}): Member {
  return {
    id,
    name: `Member ${id}`,
    gender: 'male',
    birthDate: '1980-05-01',
    joinedParty: '2005-07-01',
    standing: 'full',
    education: 'high-school',
    ...overrides,
  };
}

/** `count` full members with ids m1..mN. */
export function fullMembers(count: number): Member[] {
  return Array.from({ length: count }, (_, i) => member(`m${i + 1}`));
}

/** The default town plan, or one with some settings changed. */
export function plan(overrides: TownPlanInput = {}): TownPlan {
  return Object.keys(overrides).length === 0 ? defaultTownPlan() : townPlanSchema.parse(overrides);
}
