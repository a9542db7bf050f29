import type { ElectionSnapshot } from './admission';
import { objectionShown, type ElectionContext, type ObjectionShown } from './context';
import { stageOf, type StageId } from './stages';

/**
 * What a form or a paper needs of a village beyond its public view: the roster by name and the figures the rules count
 * with (seats, the nominees who passed inspection, attendance, the ballot and its rounds). The desk checks a decision
 * against these with the same rules as the workflow, and prints names, never member ids. Who filed an objection is not
 * among them: the desk's forms for the investigation and the ruling show its grounds (the outcome store keeps the rest).
 */
export type ElectionFacts = Pick<
  ElectionContext,
  | 'town'
  | 'village'
  | 'term'
  | 'method'
  | 'roster'
  | 'plan'
  | 'form'
  | 'seats'
  | 'electsDeputy'
  | 'investigation'
  | 'memberTally'
  | 'massTally'
  | 'nominees'
  | 'inspectionPassed'
  | 'candidates'
  | 'conference'
  | 'attendance'
  | 'quorumFailures'
  | 'scrutineers'
  | 'ballot'
  | 'pendingRound'
  | 'rounds'
  | 'elected'
  | 'secretary'
  | 'deputy'
  | 'plenary'
  | 'postponement'
  | 'cancellation'
  | 'warnings'
> & {
  machineVersion: number;
  stage: StageId;
  step?: string;
  /** The objections as the inspection team and the town committee act on them: who filed one is not among the facts. */
  objection?: ObjectionShown;
  objections: ObjectionShown[];
  objectionQueue: ObjectionShown[];
};

/** The facts of a snapshot: plain JSON, copied, so that a query's reply never shares the machine's objects. */
export function electionFacts(snapshot: ElectionSnapshot): ElectionFacts {
  const c = snapshot.context;
  const { stage, step } = stageOf(snapshot.value);
  const facts: ElectionFacts = {
    town: c.town,
    village: c.village,
    term: c.term,
    machineVersion: c.machineVersion ?? 1,
    method: c.method,
    stage,
    ...(step !== undefined ? { step } : {}),
    roster: c.roster,
    plan: c.plan,
    form: c.form,
    seats: c.seats,
    electsDeputy: c.electsDeputy,
    investigation: c.investigation,
    memberTally: c.memberTally,
    massTally: c.massTally,
    nominees: c.nominees,
    inspectionPassed: c.inspectionPassed,
    candidates: c.candidates,
    objection: c.objection && objectionShown(c.objection),
    objections: c.objections.map(objectionShown),
    objectionQueue: (c.objectionQueue ?? []).map(objectionShown),
    conference: c.conference,
    attendance: c.attendance,
    quorumFailures: c.quorumFailures,
    scrutineers: c.scrutineers,
    ballot: c.ballot,
    pendingRound: c.pendingRound,
    rounds: c.rounds,
    elected: c.elected,
    secretary: c.secretary,
    deputy: c.deputy,
    plenary: c.plenary,
    postponement: c.postponement,
    cancellation: c.cancellation,
    warnings: c.warnings,
  };
  return JSON.parse(JSON.stringify(facts)) as ElectionFacts;
}
