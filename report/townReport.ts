import {
  bandProblems,
  checkResults,
  committeeProblems,
  conflictProblem,
  funnelProblems,
  missingFigures,
  participationProblems,
  postProblems,
  recordBelongs,
  type CheckCode,
  type CheckResult,
  type Inconsistency,
} from './checks';
import {
  committeeProfile,
  newMembersOf,
  pooledBasis,
  previousTermAges,
  share,
  type CommitteeProfile,
  type NewMember,
  type PreviousTermAges,
  type Share,
} from './profile';
import type { OutcomeFacts, OutcomeStatus } from '../machines/outcome';
import type { OutcomeRecord, RecordConflict, RunningElection, StoredCommittee } from './records';

export type VillageStatus = OutcomeStatus | 'running';

/** One village's line of the summary: its status, and for a completed village every figure. */
export interface VillageReport {
  village: string;
  status: VillageStatus;
  workflowId?: string;
  /** The date of the village's latest outcome: ages are counted on it. */
  decidedOn?: string;
  /** The stage a running election is at. */
  stage?: string;
  postponement?: { reason?: string; until?: string };
  cancellation?: { reason?: string };
  method?: string;
  members?: number;
  probationaryMembers?: number;
  representatives?: number;
  memberParticipation?: Share;
  representativeParticipation?: Share;
  nomineesRecommended?: number;
  nomineesPassing?: number;
  candidates?: number;
  seats?: number;
  secretary?: { id: string; name?: string };
  deputy?: { id: string; name?: string };
  committee?: CommitteeProfile;
}

/** The town's summary report (工作总结 figures), per town and per village, with its consistency checks. */
export interface TownReport {
  town: string;
  term: number | null;
  /** The latest outcome date the figures include. */
  asOf: string | null;
  villages: {
    due: number;
    completed: string[];
    postponed: { village: string; until?: string; reason?: string }[];
    cancelled: { village: string; reason?: string }[];
    running: { village: string; stage?: string }[];
    /** False when the report was built without asking Temporal which elections are running. */
    runningKnown: boolean;
  };
  /** Over the completed villages: Party members (full members) and villager representatives who took part. */
  participation: { villages: number; members: Share; representatives: Share; probationaryMembers: number };
  slate: { nomineesRecommended: number; nomineesPassing: number; candidates: number; elected: number };
  committee: CommitteeProfile;
  byVillage: VillageReport[];
  checks: CheckResult[];
  inconsistencies: Inconsistency[];
  /** What the completed elections recorded as warnings: targets not met by the elected committees, exceptions granted. */
  warnings: { village: string; code: string; message: string }[];
}

/** Outcome date of a record's ISO timestamp. */
const dateOf = (at: string) => at.slice(0, 10);

const sum = (values: (number | undefined)[]) => values.reduce<number>((total, v) => total + (v ?? 0), 0);

/** The latest outcome of each village (a postponed village that later completes has both records). */
function latestByVillage(outcomes: OutcomeRecord[]): Map<string, OutcomeRecord> {
  const latest = new Map<string, OutcomeRecord>();
  for (const record of [...outcomes].sort((a, b) => a.at.localeCompare(b.at))) latest.set(record.village, record);
  return latest;
}

interface VillageWork {
  report: VillageReport;
  people: NewMember[];
  previous: PreviousTermAges;
  facts?: OutcomeFacts;
}

function completedVillage(record: OutcomeRecord, facts: OutcomeFacts, flag: (check: CheckCode, message: string) => void): VillageWork {
  const decidedOn = dateOf(record.at);
  const people = newMembersOf(facts, decidedOn);
  const previous = previousTermAges(facts, decidedOn);
  const committee = committeeProfile({ people, secretaries: facts.secretary ? 1 : 0, deputies: facts.deputy ? 1 : 0, previous });
  const person = (id?: string) => (id === undefined ? undefined : { id, name: facts.elected.find((p) => p.id === id)?.name });
  for (const message of missingFigures(facts)) flag('FIGURES_RECORDED', message);
  for (const message of participationProblems(facts)) flag('PARTICIPANTS_WITHIN_ELECTORATE', message);
  for (const message of funnelProblems(facts)) flag('SLATE_FUNNEL', message);
  for (const message of postProblems(committee, facts)) flag('POSTS_ADD_UP', message);
  for (const message of bandProblems(committee)) flag('BANDS_ADD_UP', message);
  const rate = (count?: number, of?: number) => (count !== undefined && of !== undefined ? share(count, of) : undefined);
  return {
    people,
    previous,
    facts,
    report: {
      village: record.village,
      status: 'completed',
      workflowId: record.workflowId,
      decidedOn,
      method: facts.method,
      members: facts.members,
      probationaryMembers: facts.probationaryMembers,
      representatives: facts.representatives,
      memberParticipation: rate(facts.memberParticipants, facts.members),
      representativeParticipation: rate(facts.representativeParticipants, facts.representatives),
      nomineesRecommended: facts.nomineesRecommended,
      nomineesPassing: facts.nomineesPassing,
      candidates: facts.candidates,
      seats: facts.seats,
      secretary: person(facts.secretary),
      deputy: person(facts.deputy),
      committee,
    },
  };
}

/**
 * Builds the town's summary from its villages' outcome records (the latest per village) and, when known, the
 * elections still running in Temporal. The committee tables and record conflicts, when given, are checked against
 * the outcomes. Pure: the store read and the Temporal listing happen in the caller.
 */
export function buildTownReport(input: {
  town: string;
  term?: number;
  outcomes: OutcomeRecord[];
  running?: RunningElection[];
  committees?: StoredCommittee[];
  conflicts?: RecordConflict[];
}): TownReport {
  const { town, outcomes } = input;
  const term = input.term ?? null;
  const found: Inconsistency[] = [];
  const latest = latestByVillage(outcomes);
  const running = new Map((input.running ?? []).map((r) => [r.village, r]));
  const names = [...new Set([...latest.keys(), ...running.keys()])].sort((a, b) => a.localeCompare(b));

  const works: VillageWork[] = names.map((village) => {
    const flag = (check: CheckCode, message: string) => found.push({ check, village, message });
    const record = latest.get(village);
    const live = running.get(village);
    if (!record)
      return {
        report: { village, status: 'running', workflowId: live!.workflowId, stage: live!.stage },
        people: [],
        previous: { ages: [], basis: 'none' },
      };
    const idle: Omit<VillageWork, 'report'> = { people: [], previous: { ages: [], basis: 'none' } };
    const base = { village, workflowId: record.workflowId, decidedOn: dateOf(record.at) };
    if (!record.facts) {
      flag('RECORD_READABLE', `the ${record.status} outcome of ${record.workflowId} cannot be read: ${record.problem}`);
      return { ...idle, report: { ...base, status: record.status } };
    }
    const facts = record.facts;
    if (term !== null) for (const message of recordBelongs(facts, { town, village, term })) flag('RECORD_READABLE', message);
    if (live && record.status !== 'postponed') {
      flag(
        'STATUS_AGREES',
        `its election is recorded as ${record.status} (${record.workflowId}), yet ${live.workflowId} is still running${live.stage ? ` at ${live.stage}` : ''}`,
      );
    }
    if (record.status === 'completed') return completedVillage(record, facts, flag);
    if (record.status === 'cancelled')
      return { ...idle, facts, report: { ...base, status: 'cancelled', cancellation: { reason: facts.cancellation?.reason } } };
    // A postponed village whose workflow has left the postponed stage has resumed its election.
    if (live && live.stage !== undefined && live.stage !== 'postponed') {
      return {
        ...idle,
        facts,
        report: { ...base, workflowId: live.workflowId, status: 'running', stage: live.stage, postponement: facts.postponement },
      };
    }
    return {
      ...idle,
      facts,
      report: { ...base, status: 'postponed', postponement: { reason: facts.postponement?.reason, until: facts.postponement?.until } },
    };
  });

  if (input.committees) {
    const committees = new Map(input.committees.map((c) => [c.village, c]));
    for (const village of [...new Set([...latest.keys(), ...committees.keys()])].sort((a, b) => a.localeCompare(b))) {
      for (const message of committeeProblems(latest.get(village), committees.get(village)))
        found.push({ check: 'COMMITTEE_AGREES', village, message });
    }
  }
  for (const conflict of input.conflicts ?? [])
    found.push({ check: 'NO_RECORD_CONFLICTS', village: conflict.village, message: conflictProblem(conflict) });

  const completed = works.filter((w) => w.report.status === 'completed' && w.facts);
  const completedFacts = completed.map((w) => w.facts!);
  const committee = committeeProfile({
    people: completed.flatMap((w) => w.people),
    secretaries: sum(completed.map((w) => w.report.committee!.posts.secretaries)),
    deputies: sum(completed.map((w) => w.report.committee!.posts.deputies)),
    previous: { ages: completed.flatMap((w) => w.previous.ages), basis: pooledBasis(completed.map((w) => w.previous.basis)) },
  });
  const totals = {
    members: sum(completedFacts.map((f) => f.members)),
    memberParticipants: sum(completedFacts.map((f) => f.memberParticipants)),
    representatives: sum(completedFacts.map((f) => f.representatives)),
    representativeParticipants: sum(completedFacts.map((f) => f.representativeParticipants)),
  };
  const flagTown = (check: CheckCode, message: string) => found.push({ check, message });
  for (const message of participationProblems(totals)) flagTown('PARTICIPANTS_WITHIN_ELECTORATE', message);
  for (const message of postProblems(committee)) flagTown('POSTS_ADD_UP', message);
  for (const message of bandProblems(committee)) flagTown('BANDS_ADD_UP', message);

  const byStatus = (status: VillageStatus) => works.filter((w) => w.report.status === status).map((w) => w.report);
  const dates = works.map((w) => w.report.decidedOn).filter((d): d is string => d !== undefined);
  return {
    town,
    term,
    asOf: dates.length ? dates.reduce((a, b) => (a > b ? a : b)) : null,
    villages: {
      due: names.length,
      completed: byStatus('completed').map((v) => v.village),
      postponed: byStatus('postponed').map((v) => ({ village: v.village, ...v.postponement })),
      cancelled: byStatus('cancelled').map((v) => ({ village: v.village, reason: v.cancellation?.reason })),
      running: byStatus('running').map((v) => ({ village: v.village, stage: v.stage })),
      runningKnown: input.running !== undefined,
    },
    participation: {
      villages: completed.length,
      members: share(totals.memberParticipants, totals.members),
      representatives: share(totals.representativeParticipants, totals.representatives),
      probationaryMembers: sum(completedFacts.map((f) => f.probationaryMembers)),
    },
    slate: {
      nomineesRecommended: sum(completedFacts.map((f) => f.nomineesRecommended)),
      nomineesPassing: sum(completedFacts.map((f) => f.nomineesPassing)),
      candidates: sum(completedFacts.map((f) => f.candidates)),
      elected: committee.elected,
    },
    committee,
    byVillage: works.map((w) => w.report),
    checks: checkResults(found),
    inconsistencies: found,
    warnings: completed.flatMap((w) =>
      (w.facts!.warnings ?? []).map((x) => ({ village: w.report.village, code: x.code, message: x.message })),
    ),
  };
}
