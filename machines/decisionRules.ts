import type { ElectionContext } from './context';
import { countedRound, editionOf, roundOf } from './contest';
import { since } from './editions';
import type { DecisionEvent, DecisionOf, DecisionType } from './events';
import {
  attendanceRecord,
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

/** The calendar date (UTC) of the workflow time a decision was stamped with, as the rules take dates. */
export const dayOf = (event: { at?: number }) => isoDateOfMs(event.at ?? 0);

type DecisionRule<K extends DecisionType> = (context: ElectionContext, event: DecisionOf<K>) => Verdict;

/**
 * The rule behind each decision that has one: exactly one call to one rule of machines/rules, with the
 * arguments the election's context and the decision give it. The machine's guard is `ruleVerdict(...).ok` (machines/verdicts.ts:
 * this verdict, worked out once per context and event), and admission shows the verdict's sentence when it is not.
 */
export const DECISION_RULES: { [K in DecisionType]?: DecisionRule<K> } = {
  PROPOSE_POSTPONEMENT: (_c, e) => checkPostponement({ requestedOn: dayOf(e), until: e.until }),
  APPROVE_POSTPONEMENT: (c, e) => checkPostponement({ requestedOn: dayOf(e), until: e.until ?? c.postponement?.until ?? dayOf(e) }),
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
    checkSlate({
      form: c.form,
      seats: c.seats ?? 1,
      candidates: e.candidates,
      roster: c.roster,
      inspectedPass: c.inspectionPassed,
      plan: c.plan,
      onDate: dayOf(e),
      electsDeputy: c.electsDeputy,
      edition: editionOf(c),
    }).verdict,
  FILE_OBJECTION: (c, e) => checkObjection({ candidateId: e.candidateId, candidates: c.candidates }),
  RECORD_ATTENDANCE: (c, e) => attendanceRecord(c.roster, e).verdict,
  APPOINT_SCRUTINEERS: (c, e) =>
    checkScrutineers({ scrutineers: e.scrutineers, candidates: c.candidates, roster: c.roster, present: c.attendance?.present ?? [] }),
  RECORD_ROUND: (c, e) => countedRound(c, roundOf(c, e, dayOf(e))).verdict,
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
      onDate: dayOf(e),
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
