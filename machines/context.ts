import type { ElectionMethod } from './events';
import type { ElectionInput } from './input';
import type { Member, TownPlan } from './rules';

/** One contest at the conference: the committee, or the secretary / deputy on a direct ballot. */
export interface Ballot {
  kind: 'committee' | 'secretary' | 'deputy';
  seats: number;
  candidates: string[];
  round: number;
  /** Why this round is held: the first, a re-run of a void round, a tie on the last seat, or a shortfall. */
  purpose: 'first' | 'void-rerun' | 'tie' | 'shortfall';
}

/** A counted round, as recorded and confirmed (tallies only: ballots are secret). */
export interface RoundRecord {
  kind: Ballot['kind'];
  round: number;
  purpose: Ballot['purpose'];
  seats: number;
  candidates: string[];
  votersPresent: number;
  ballotsIssued: number;
  ballotsReturned: number;
  validBallots: number;
  invalidBallots: number;
  votes: Record<string, number>;
  writeIns?: Record<string, number>;
  disapprovedCandidates?: string[];
  status?: 'void' | 'elected' | 'tie' | 'shortfall';
  elected?: string[];
  message?: string;
}

export interface Objection {
  candidateId: string;
  grounds: string;
  filedBy: string;
  findings?: string;
  ruling?: 'upheld' | 'dismissed';
  reason?: string;
}

export interface Tally {
  participants: number;
  ballotsIssued: number;
  ballotsReturned: number;
  votes: Record<string, number>;
}

/** Everything the statechart knows about one village's election; plain JSON, carried across continue-as-new. */
export interface ElectionContext {
  town: string;
  village: string;
  term: number;
  method: ElectionMethod;
  roster: Member[];
  approvers: ElectionInput['approvers'];
  plan: TownPlan;
  /** 'committee' with 7 or more full members, else the conference elects a secretary directly. */
  form: 'committee' | 'secretary-direct';
  investigation?: { category: 'good' | 'medium' | 'poor'; stable: boolean; representatives: number; instability?: string };
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
  attendance?: { present: string[]; due: number; quorumMet: boolean };
  quorumFailures: number;
  scrutineers: string[];
  ballot?: Ballot;
  pendingRound?: RoundRecord;
  rounds: RoundRecord[];
  elected: string[];
  secretary?: string;
  deputy?: string;
  postponement?: { reason: string; until: string; approved: boolean };
  sentBack?: { stage: string; reason: string; by: string };
  cancellation?: { reason: string; by: string };
  overdue: boolean;
}
