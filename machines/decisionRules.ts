import type { ElectionContext } from './context';
import { countedRound, editionOf, roundOf } from './contest';
import { since } from './editions';
import type { DecisionEvent, DecisionOf, DecisionType } from './events';
import {
  attendanceRecord,
  beijingDateOfMs,
  checkConferenceCall,
  checkCountConfirmation,
  checkHandover,
  checkInspection,
  checkMemberRecommendation,
  checkObjection,
  checkPostponement,
  checkRecommendationTally,
  checkScrutineers,
  checkSeatReduction,
  checkSecretaryElection,
  checkSlate,
  isoDateOfMs,
  postsToFill,
  seatsForBranch,
  verdict,
  votingMembers,
  type Verdict,
} from './rules';

/**
 * The calendar date of the workflow time an event was stamped with, as the rules take dates: the UTC date in
 * version 1, the Beijing date (Asia/Shanghai, UTC+8) from version 2.
 */
export const dayOf = (context: Pick<ElectionContext, 'machineVersion'>, event: { at?: number }) =>
  (since(context, 2) ? beijingDateOfMs : isoDateOfMs)(event.at ?? 0);

/** From version 2 the postponement year runs from the original due date and holds across chained requests. */
function postponementVerdict(c: ElectionContext, e: DecisionOf<'PROPOSE_POSTPONEMENT'> | DecisionOf<'APPROVE_POSTPONEMENT'>): Verdict {
  const today = dayOf(c, e);
  if (e.type === 'PROPOSE_POSTPONEMENT') {
    if (!since(c, 2)) return checkPostponement({ requestedOn: today, until: e.until });
    return checkPostponement({ requestedOn: today, until: e.until, dueOn: c.postponement?.dueOn ?? today });
  }
  const until = e.until ?? c.postponement?.until ?? today;
  const request = c.postponement?.requests?.at(-1);
  if (!since(c, 2) || !request) return checkPostponement({ requestedOn: today, until });
  return checkPostponement({
    requestedOn: request.requestedOn,
    until,
    dueOn: c.postponement!.dueOn ?? request.requestedOn,
    decidedOn: today,
  });
}

const V1_NO_EXCEPTIONS = verdict(
  false,
  'SLATE_EXCEPTIONS_NOT_IN_VERSION',
  'ageExceptions: this election runs on machine version 1, whose age limits admit no exception; leave the field out',
  {},
);

type DecisionRule<K extends DecisionType> = (context: ElectionContext, event: DecisionOf<K>) => Verdict;

/**
 * The rule behind each decision that has one: exactly one call to one rule of machines/rules, with the
 * arguments the election's context and the decision give it. The machine's guard is `ruleVerdict(...).ok` (machines/verdicts.ts:
 * this verdict, worked out once per context and event), and admission shows the verdict's sentence when it is not.
 */
export const DECISION_RULES: { [K in DecisionType]?: DecisionRule<K> } = {
  PROPOSE_POSTPONEMENT: postponementVerdict,
  APPROVE_POSTPONEMENT: postponementVerdict,
  SUBMIT_START_REQUEST: (c, e) => seatsForBranch(e.seats, votingMembers(c.roster).length),
  APPROVE_START: (c, e) => seatsForBranch(e.seats, votingMembers(c.roster).length),
  RECORD_MEMBER_RECOMMENDATION: (c, e) =>
    checkMemberRecommendation({
      tally: e.tally,
      roster: c.roster,
      plan: c.plan,
      form: c.form,
      seats: c.seats ?? 0,
      electsDeputy: c.electsDeputy,
      edition: editionOf(c),
    }),
  RECORD_MASS_RECOMMENDATION: (c, e) =>
    checkRecommendationTally({
      tally: e.tally,
      roster: c.roster,
      bounds: since(c, 2)
        ? {
            participants: c.investigation?.representatives ?? 0,
            who: 'villager representatives recorded at the investigation',
            posts: postsToFill(c.form, c.seats ?? 1, c.electsDeputy ?? false),
          }
        : undefined,
    }),
  RECORD_INSPECTION: (c, e) => checkInspection({ verdicts: e.verdicts, nominees: c.nominees }),
  APPROVE_SLATE: (c, e) =>
    !since(c, 2) && e.ageExceptions !== undefined
      ? V1_NO_EXCEPTIONS
      : checkSlate({
          form: c.form,
          seats: c.seats ?? 1,
          candidates: e.candidates,
          roster: c.roster,
          inspectedPass: c.inspectionPassed,
          plan: c.plan,
          onDate: dayOf(c, e),
          electsDeputy: c.electsDeputy,
          edition: editionOf(c),
          ...(since(c, 2) ? { ageExceptions: e.ageExceptions ?? [] } : {}),
        }).verdict,
  FILE_OBJECTION: (c, e) =>
    checkObjection({ candidateId: e.candidateId, candidates: c.candidates, ...(since(c, 2) ? { periodOver: c.publicityEnded } : {}) }),
  CALL_CONFERENCE: (c, e) =>
    checkConferenceCall({ calledOn: dayOf(c, e), date: e.date, time: e.time, leadDays: c.plan.conferenceNoticeDays }),
  RECORD_ATTENDANCE: (c, e) => attendanceRecord(c.roster, e).verdict,
  APPOINT_SCRUTINEERS: (c, e) =>
    checkScrutineers({ scrutineers: e.scrutineers, candidates: c.candidates, roster: c.roster, present: c.attendance?.present ?? [] }),
  RECORD_ROUND: (c, e) => countedRound(c, roundOf(c, e, dayOf(c, e))).verdict,
  CONFIRM_COUNT: (c, e) =>
    checkCountConfirmation({ by: e.by.id, scrutineers: c.scrutineers, candidates: since(c, 2) ? standingInPendingRound(c) : undefined }),
  REDUCE_SEATS: (c, e) =>
    checkSeatReduction({
      purpose: c.ballot?.purpose,
      elected: c.elected.length,
      seats: c.seats ?? 0,
      inFavour: e.votesFor,
      // From version 2 the vote is of those still at the conference: the last round's voters present.
      votersPresent: (since(c, 2) ? c.rounds.at(-1)?.votersPresent : undefined) ?? c.attendance?.present.length ?? 0,
    }),
  RECORD_PLENARY: (c, e) =>
    checkSecretaryElection({
      committee: c.elected,
      secretary: e.secretary,
      deputy: e.deputy,
      electsDeputy: c.electsDeputy ?? false,
      roster: c.roster,
      plan: c.plan,
      onDate: dayOf(c, e),
      edition: editionOf(c),
      plenary: { membersPresent: e.membersPresent, votes: e.votes },
    }),
  RECORD_HANDOVER: (c, e) => checkHandover({ talks: e.talks, roster: c.roster }),
};

/** Who stands in the pending round: its candidates, and the members its write-ins were identified as. */
function standingInPendingRound(c: ElectionContext): string[] {
  const round = c.pendingRound;
  if (!round) return [];
  const identified = Object.values(round.writeInMembers ?? {}).filter((id): id is string => id !== null);
  return [...round.candidates, ...identified];
}

const NO_RULE = verdict(true, 'NO_RULE', 'no numeric rule applies', {});

/** The verdict of a decision's rule, or an accepting verdict for a decision without one. */
export function decisionVerdict(context: ElectionContext, event: DecisionEvent): Verdict {
  // The table is keyed by type, so the rule found takes this event, but TypeScript cannot follow the key into the
  // union: without the casts the rule's parameter is `never` (typescript-eslint wrongly calls them unnecessary).
  /* eslint-disable @typescript-eslint/no-unnecessary-type-assertion */
  const rule = DECISION_RULES[event.type] as DecisionRule<DecisionType> | undefined;
  return rule ? rule(context, event as DecisionOf<DecisionType>) : NO_RULE;
  /* eslint-enable @typescript-eslint/no-unnecessary-type-assertion */
}
