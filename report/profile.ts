import { addYears, ageOn, TERM_YEARS } from '../machines/rules';
import type { OutcomeFacts, RecordedPerson } from '../machines/outcome';

/** A count with what it is a share of; `percent` has one decimal, null when there is nothing to share. */
export interface Share {
  count: number;
  of: number;
  percent: number | null;
}

/** A count as a share of `of`. */
export const share = (count: number, of: number): Share => ({ count, of, percent: of > 0 ? Math.round((count * 1000) / of) / 10 : null });

/** The age bands of the town summaries (35岁及以下, 36–45, 46–54, 55岁及以上): `max` is the oldest age in the band. */
export const AGE_BANDS = [
  { key: '35-and-under', label: '35 and under', max: 35 },
  { key: '36-45', label: '36–45', max: 45 },
  { key: '46-54', label: '46–54', max: 54 },
  { key: '55-and-over', label: '55 and over', max: Infinity },
] as const;

export const GENDERS = [
  { key: 'male', label: 'Men' },
  { key: 'female', label: 'Women' },
] as const;

export const EDUCATION_LEVELS = [
  { key: 'college', label: 'College and above' },
  { key: 'high-school', label: 'High school or technical secondary' },
  { key: 'junior-high-or-below', label: 'Junior high and below' },
] as const;

export type AgeBand = (typeof AGE_BANDS)[number]['key'];
export type Gender = (typeof GENDERS)[number]['key'];
export type Education = (typeof EDUCATION_LEVELS)[number]['key'];
export type Post = 'secretary' | 'deputy' | 'member';

/** A member of a new committee as the report counts them: age on the village's completion date. */
export interface NewMember {
  village: string;
  id: string;
  name?: string;
  post: Post;
  gender?: Gender;
  age?: number;
  education?: Education;
  outgoingPost?: RecordedPerson['outgoingPost'];
  villageCommitteePost?: RecordedPerson['villageCommitteePost'];
}

/**
 * Counts of one attribute over the new members. `missing` lists those the record gives no value for: they are
 * in no group, so the groups then add up to fewer than the members elected (a consistency check reports it).
 */
export interface Breakdown<K extends string> {
  groups: Record<K, Share>;
  missing: string[];
  total: number;
}

/**
 * What the previous term's average age is computed from: the whole outgoing committee when the outcome records
 * it, else only the outgoing members who were elected again (the other outgoing members are not in the facts).
 */
export type PreviousTermBasis = 'outgoing-committee' | 're-elected-members-only' | 'mixed' | 'none';

export const PREVIOUS_TERM_BASIS_TEXT: Record<PreviousTermBasis, string> = {
  'outgoing-committee': `the outgoing committee's average age when it was elected, one term (${TERM_YEARS} years) before this election`,
  're-elected-members-only': `only the re-elected members' average age one term (${TERM_YEARS} years) before this election: the outcome records do not hold the rest of the outgoing committee`,
  mixed: `the outgoing committee where its records hold it, else the re-elected members, aged one term (${TERM_YEARS} years) before this election`,
  none: 'no outgoing committee member is on record',
};

/** The composition figures of the new committees of a village, or of a whole town. */
export interface CommitteeProfile {
  elected: number;
  /** Secretaries and deputies as recorded; members are the elected who hold neither post. */
  posts: { secretaries: number; deputies: number; members: number };
  gender: Breakdown<Gender>;
  ageBands: Breakdown<AgeBand>;
  averageAge: number | null;
  previousTerm: { averageAge: number | null; change: number | null; basis: PreviousTermBasis; people: number };
  education: Breakdown<Education>;
  /** Secretaries whose outgoing post was secretary. */
  reelectedSecretaries: Share;
  /** New members who were on the outgoing committee in any post. */
  reelectedMembers: Share;
  /** New members who also hold a post on the villagers' committee (交叉任职). */
  crossPostHolders: Share;
  /** Secretaries who also chair the villagers' committee (一肩挑). */
  secretariesChairingVillageCommittee: Share;
}

/** The ages of the people the previous term's average is computed from, and on what basis. */
export interface PreviousTermAges {
  ages: number[];
  basis: PreviousTermBasis;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const mean = (values: number[]) => (values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null);

function breakdown<K extends string>(
  people: NewMember[],
  keys: readonly { key: K }[],
  valueOf: (p: NewMember) => K | undefined,
): Breakdown<K> {
  const groups = Object.fromEntries(
    keys.map(({ key }) => [key, share(people.filter((p) => valueOf(p) === key).length, people.length)]),
  ) as Record<K, Share>;
  const missing = people.filter((p) => valueOf(p) === undefined).map((p) => `${p.id} (${p.village})`);
  return { groups, missing, total: people.length };
}

/** The age band an age falls in; none for an unknown age. */
export const ageBandOf = (age: number | undefined): AgeBand | undefined =>
  age === undefined ? undefined : AGE_BANDS.find((b) => age <= b.max)!.key;

/** A birth date's age on a date, or undefined when the date is not a calendar date. */
function safeAge(birthDate: string | undefined, onIso: string): number | undefined {
  try {
    return birthDate === undefined ? undefined : ageOn(birthDate, onIso);
  } catch {
    return undefined;
  }
}

/** The new committee of one completed village, each member with the post the record gives them. */
export function newMembersOf(facts: OutcomeFacts, decidedOn: string): NewMember[] {
  return facts.elected.map((person) => ({
    village: facts.village,
    id: person.id,
    name: person.name,
    post: person.id === facts.secretary ? 'secretary' : person.id === facts.deputy ? 'deputy' : 'member',
    gender: person.gender,
    age: safeAge(person.birthDate, decidedOn),
    education: person.education,
    outgoingPost: person.outgoingPost,
    villageCommitteePost: person.villageCommitteePost,
  }));
}

/** The ages, one term before `decidedOn`, of the people the previous term's average age is computed from. */
export function previousTermAges(facts: OutcomeFacts, decidedOn: string): PreviousTermAges {
  const previousElection = addYears(decidedOn, -TERM_YEARS);
  const recorded = facts.outgoingCommittee;
  const people = recorded ?? facts.elected.filter((p) => p.outgoingPost !== undefined);
  const ages = people.map((p) => safeAge(p.birthDate, previousElection)).filter((a): a is number => a !== undefined);
  const basis: PreviousTermBasis = recorded ? 'outgoing-committee' : people.length ? 're-elected-members-only' : 'none';
  return { ages, basis };
}

/** The basis of figures pooled from several villages: one name when they agree, else 'mixed'. */
export function pooledBasis(bases: PreviousTermBasis[]): PreviousTermBasis {
  const used = [...new Set(bases.filter((b) => b !== 'none'))];
  if (used.length === 0) return 'none';
  return used.length === 1 ? used[0]! : 'mixed';
}

/** The composition figures of a group of new members (one village's, or a town's pooled). */
export function committeeProfile(input: {
  people: NewMember[];
  secretaries: number;
  deputies: number;
  previous: PreviousTermAges;
}): CommitteeProfile {
  const { people, secretaries, previous } = input;
  const ages = people.map((p) => p.age).filter((a): a is number => a !== undefined);
  const averageAge = mean(ages);
  const previousAverage = mean(previous.ages);
  const secretaryPeople = people.filter((p) => p.post === 'secretary');
  return {
    elected: people.length,
    posts: { secretaries, deputies: input.deputies, members: people.filter((p) => p.post === 'member').length },
    gender: breakdown(people, GENDERS, (p) => p.gender),
    ageBands: breakdown(people, AGE_BANDS, (p) => ageBandOf(p.age)),
    averageAge,
    previousTerm: {
      averageAge: previousAverage,
      change: averageAge !== null && previousAverage !== null ? round1(averageAge - previousAverage) : null,
      basis: previous.basis,
      people: previous.ages.length,
    },
    education: breakdown(people, EDUCATION_LEVELS, (p) => p.education),
    reelectedSecretaries: share(secretaryPeople.filter((p) => p.outgoingPost === 'secretary').length, secretaries),
    reelectedMembers: share(people.filter((p) => p.outgoingPost !== undefined).length, people.length),
    crossPostHolders: share(people.filter((p) => p.villageCommitteePost !== undefined).length, people.length),
    secretariesChairingVillageCommittee: share(secretaryPeople.filter((p) => p.villageCommitteePost === 'chair').length, secretaries),
  };
}
