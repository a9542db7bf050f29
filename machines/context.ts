import type { Ballot, RoundRecord } from './contest';
import type { DecisionOf, ElectionMethod } from './events';
import type { ElectionInput } from './input';
import type { cancellationRecordSchema, postponementRecordSchema } from './outcome';
import type { Deadline } from './deadlines';
import type { WorkerMode } from './hostEvents';
import type { BranchForm, CalendarYear, ConferenceCall, Member, Tally, TownPlan } from './rules';
import type { TimerId } from './timers';
import type { ElectionWarning } from './warnings';
import type { z } from 'zod';

/** An objection as filed, investigated and ruled on during the publicity. */
export type Objection = Pick<DecisionOf<'FILE_OBJECTION'>, 'candidateId' | 'grounds' | 'filedBy'> &
  Partial<Pick<DecisionOf<'RECORD_OBJECTION_FINDINGS'>, 'findings'>> &
  Partial<Pick<DecisionOf<'RULE_OBJECTION'>, 'ruling' | 'reason'>>;

/** An objection as the queries give it: everything but who filed it, which only the outcome store's record keeps. */
export type ObjectionShown = Omit<Objection, 'filedBy'>;

/** An objection without who filed it. */
export function objectionShown({ filedBy: _filedBy, ...rest }: Objection): ObjectionShown {
  return rest;
}

/** Everything the statechart knows about one village's election; plain JSON, carried across continue-as-new. */
export interface ElectionContext {
  town: string;
  village: string;
  term: number;
  /** The machine version (rule edition) the election started on; absent in snapshots from before it was recorded, meaning 1. */
  machineVersion?: number;
  method: ElectionMethod;
  roster: Member[];
  approvers: ElectionInput['approvers'];
  plan: TownPlan;
  /** 'committee' with 7 or more full members, else the conference elects a secretary directly. */
  form: BranchForm;
  investigation?: Pick<DecisionOf<'RECORD_INVESTIGATION'>, 'category' | 'stable' | 'representatives' | 'instability'>;
  seats?: number;
  electsDeputy?: boolean;
  memberTally?: Tally;
  massTally?: Tally;
  nominees: string[];
  inspectionPassed: string[];
  candidates: string[];
  objection?: Objection;
  objections: Objection[];
  publicityEnded: boolean;
  /** From version 3: the conference as last called (a quorum failure calls it again). */
  conference?: ConferenceCall;
  attendance?: { present: string[]; due: number; quorumMet: boolean };
  quorumFailures: number;
  scrutineers: string[];
  ballot?: Ballot;
  pendingRound?: RoundRecord;
  rounds: RoundRecord[];
  elected: string[];
  secretary?: string;
  deputy?: string;
  /** The first plenary's vote, as recorded from version 2. */
  plenary?: Pick<DecisionOf<'RECORD_PLENARY'>, 'membersPresent' | 'votes'>;
  postponement?: z.infer<typeof postponementRecordSchema>;
  sentBack?: { stage: string; reason: string; by: string };
  cancellation?: z.infer<typeof cancellationRecordSchema>;
  overdue: boolean;
  /** Each durable timer's deadline as last started (machines/deadlines.ts); absent in snapshots from before it was kept. */
  deadlines?: Partial<Record<TimerId, Deadline>>;
  /** From version 2: the official calendar years an office loaded, from the worker at the start and the calendar signals since. */
  calendarNotices?: CalendarYear[];
  /** The worker's mode as it reported it at the start; absent for elections started before it was asked. */
  workerMode?: WorkerMode;
  /** From version 2: objections filed while another was investigated or awaited its ruling, oldest first. */
  objectionQueue?: Objection[];
  /** From version 2: targets not met and exceptions granted, as the decisions that raised them recorded them. */
  warnings?: ElectionWarning[];
}
