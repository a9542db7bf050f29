import { plural } from '../machines/rules';
import { AGE_BANDS, EDUCATION_LEVELS, GENDERS, type Breakdown, type CommitteeProfile } from './profile';
import type { OutcomeFacts, OutcomeStatus } from '../machines/outcome';
import type { RecordConflict, StoredCommittee } from './records';

/** The consistency checks every report runs; a failure is listed under "Inconsistencies" in every format. */
export const CONSISTENCY_CHECKS = [
  { code: 'RECORD_READABLE', rule: 'every outcome record can be read and belongs to the town, village and term it is filed under' },
  {
    code: 'FIGURES_RECORDED',
    rule: 'every completed village records its members, representatives, participants, nominees, candidates, seats and secretary',
  },
  {
    code: 'PARTICIPANTS_WITHIN_ELECTORATE',
    rule: 'participants are no more than the Party members, and no more than the villager representatives',
  },
  {
    code: 'SLATE_FUNNEL',
    rule: 'nominees passing ≤ nominees recommended, candidates ≤ nominees passing, members elected = seats, nobody elected twice',
  },
  { code: 'POSTS_ADD_UP', rule: 'secretaries + deputies + members = members elected' },
  { code: 'BANDS_ADD_UP', rule: 'the age bands, men and women, and education levels each add up to the members elected' },
  { code: 'STATUS_AGREES', rule: 'a village whose election completed or was cancelled is not also running' },
  {
    code: 'COMMITTEE_AGREES',
    rule: 'the committee table holds exactly the members and posts the completed outcome elected, and no committee for a village that did not complete',
  },
  {
    code: 'NO_RECORD_CONFLICTS',
    rule: 'no step of an election was recorded twice with different content (after a Temporal reset both versions are kept and listed)',
  },
] as const;

export type CheckCode = (typeof CONSISTENCY_CHECKS)[number]['code'];

/** One disagreement among the report's inputs: which check, where (a village; none for the town's totals), and what. */
export interface Inconsistency {
  check: CheckCode;
  village?: string;
  message: string;
}

/** Each check with how many disagreements it found. */
export interface CheckResult {
  code: CheckCode;
  rule: string;
  failures: number;
}

/** Every check with its count of disagreements, for the report's list of checks run. */
export function checkResults(found: Inconsistency[]): CheckResult[] {
  return CONSISTENCY_CHECKS.map(({ code, rule }) => ({ code, rule, failures: found.filter((i) => i.check === code).length }));
}

/** The record is filed under this town, village and term, and says so itself. */
export function recordBelongs(facts: OutcomeFacts, filed: { town: string; village: string; term: number }): string[] {
  return (['town', 'village', 'term'] as const)
    .filter((field) => facts[field] !== filed[field])
    .map(
      (field) => `facts.${field} is ${JSON.stringify(facts[field])} but the record is filed under ${field} ${JSON.stringify(filed[field])}`,
    );
}

/** The figures a completed village must record for the town's totals to be whole. */
export function missingFigures(facts: OutcomeFacts): string[] {
  const required = [
    'members',
    'representatives',
    'memberParticipants',
    'representativeParticipants',
    'nomineesRecommended',
    'nomineesPassing',
    'candidates',
    'seats',
    'secretary',
  ] as const;
  return required
    .filter((field) => facts[field] === undefined)
    .map(
      (field) => `facts.${field} is not recorded; expected ${field === 'secretary' ? 'the id of the elected secretary' : 'a whole number'}`,
    );
}

/** Participants against the electorate they come from. */
export function participationProblems(figures: {
  members?: number;
  memberParticipants?: number;
  representatives?: number;
  representativeParticipants?: number;
}): string[] {
  const problems: string[] = [];
  const { members, memberParticipants, representatives, representativeParticipants } = figures;
  if (members !== undefined && memberParticipants !== undefined && memberParticipants > members) {
    problems.push(`${memberParticipants} Party members took part, more than the ${members} Party members; expected at most ${members}`);
  }
  if (representatives !== undefined && representativeParticipants !== undefined && representativeParticipants > representatives) {
    problems.push(
      `${representativeParticipants} villager representatives took part, more than the ${representatives} representatives; expected at most ${representatives}`,
    );
  }
  return problems;
}

/** From recommendation to election: each step keeps or narrows the field. */
export function funnelProblems(facts: OutcomeFacts): string[] {
  const problems: string[] = [];
  const { nomineesRecommended, nomineesPassing, candidates, seats } = facts;
  if (nomineesRecommended !== undefined && nomineesPassing !== undefined && nomineesPassing > nomineesRecommended) {
    problems.push(`${nomineesPassing} nominees passed the threshold, more than the ${nomineesRecommended} recommended`);
  }
  if (nomineesPassing !== undefined && candidates !== undefined && candidates > nomineesPassing) {
    problems.push(`${candidates} candidates, more than the ${nomineesPassing} nominees who passed the threshold`);
  }
  if (seats !== undefined && facts.elected.length !== seats) {
    problems.push(`${facts.elected.length} members elected for ${seats} seats; expected as many elected as seats`);
  }
  const ids = facts.elected.map((p) => p.id);
  const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (twice.length) problems.push(`elected lists ${twice.join(', ')} more than once`);
  return problems;
}

/** Secretaries + deputies + members against the members elected, naming a post holder who is not among them. */
export function postProblems(profile: CommitteeProfile, facts?: OutcomeFacts): string[] {
  const { secretaries, deputies, members } = profile.posts;
  const sum = secretaries + deputies + members;
  if (sum === profile.elected) return [];
  const elected = new Set(facts?.elected.map((p) => p.id) ?? []);
  const why: string[] = [];
  if (facts?.secretary !== undefined && !elected.has(facts.secretary)) why.push(`secretary ${facts.secretary} is not among the elected`);
  if (facts?.deputy !== undefined && !elected.has(facts.deputy)) why.push(`deputy ${facts.deputy} is not among the elected`);
  if (facts?.deputy !== undefined && facts.deputy === facts.secretary) why.push(`${facts.deputy} is recorded as both secretary and deputy`);
  return [
    `${plural(secretaries, 'secretary', 'secretaries')} + ${plural(deputies, 'deputy', 'deputies')} + ${plural(members, 'member')} = ${sum}, against ${profile.elected} members elected${why.length ? ` (${why.join('; ')})` : ''}`,
  ];
}

function breakdownProblem<K extends string>(what: string, b: Breakdown<K>, labels: readonly { key: K; label: string }[]): string[] {
  const sum = labels.reduce((total, { key }) => total + b.groups[key].count, 0);
  if (sum === b.total) return [];
  const parts = labels.map(({ key, label }) => `${label.toLowerCase()} ${b.groups[key].count}`).join(', ');
  return [
    `${what}: ${parts}; total ${sum}, against ${b.total} members elected${b.missing.length ? ` (no value recorded for ${b.missing.join(', ')})` : ''}`,
  ];
}

/** Every band total against the number of members elected. */
export function bandProblems(profile: CommitteeProfile): string[] {
  return [
    ...breakdownProblem('age bands', profile.ageBands, AGE_BANDS),
    ...breakdownProblem('men and women', profile.gender, GENDERS),
    ...breakdownProblem('education', profile.education, EDUCATION_LEVELS),
  ];
}

/**
 * The committee tables against the village's latest outcome: the tables are what a later query of "who is in
 * office" reads, so a member there whom the outcome did not elect (or the other way round) is a record to correct.
 */
export function committeeProblems(
  latest: { status: OutcomeStatus; facts?: OutcomeFacts } | undefined,
  committee?: StoredCommittee,
): string[] {
  // An unreadable outcome is RECORD_READABLE's to report; there is nothing to compare the tables with.
  if (latest?.status === 'completed' && !latest.facts) return [];
  const facts = latest?.status === 'completed' ? latest.facts : undefined;
  if (!facts) {
    if (!committee) return [];
    const what = latest ? `its latest outcome is ${latest.status}` : 'no outcome is recorded for it';
    return [`the committee table holds ${plural(committee.members.length, 'member')} for ${committee.workflowId}, but ${what}`];
  }
  if (!committee) {
    return facts.elected.length
      ? [`the outcome elected ${plural(facts.elected.length, 'member')}, but the committee table holds none; expected the members elected`]
      : [];
  }
  const elected = new Set(facts.elected.map((p) => p.id));
  const listed = new Map(committee.members.map((m) => [m.id, m.post]));
  const problems = [
    ...committee.members
      .filter((m) => !elected.has(m.id))
      .map((m) => `the committee table lists ${m.id} (${m.post}), who is not among the members the outcome elected`),
    ...facts.elected
      .filter((p) => !listed.has(p.id))
      .map((p) => `the outcome elected ${p.id}${p.name ? ` (${p.name})` : ''}, whom the committee table does not list`),
  ];
  const expectedPost = (id: string) => (id === facts.secretary ? 'secretary' : id === facts.deputy ? 'deputy' : 'member');
  for (const [id, post] of listed) {
    if (elected.has(id) && post !== expectedPost(id))
      problems.push(`the committee table has ${id} as ${post}; the outcome records ${id} as ${expectedPost(id)}`);
  }
  return problems;
}

/** A step written twice with different content, in words an auditor can act on. */
export const conflictProblem = (c: RecordConflict): string =>
  `step ${c.key} of ${c.table} was recorded again by run ${c.runId} with other content (${c.differences} differ); the earlier record keeps the key, the later one is kept as ${c.branchKey}`;
