import type { ElectionSnapshot } from './admission';
import { editionOf, pendingResult } from './contest';
import type { ElectionContext } from './context';
import type { DecisionEvent } from './events';
import { attendanceRecord, competitiveRatioVerdict, enoughNominees, nomineesPassing, slateAfterRemoval } from './rules';
import { stageOf, type StageId } from './stages';
import { LIMITS } from './limits';
import { cut } from './text';
import { awaitingRolesOf, type DecisionRecord } from './view';

/**
 * The message keys an explanation may carry: each is a message of the desk's catalogue (desk/i18n/messages/explain.ts),
 * in Chinese and English, with the placeholders its params fill.
 */
export const EXPLANATION_KEYS = [
  'explain.villageStable',
  'explain.villageUnstable',
  'explain.fitToProceed',
  'explain.postponementProposed',
  'explain.postponementApproved',
  'explain.postponementRefused',
  'explain.startRequested',
  'explain.startApproved',
  'explain.startSentBack',
  'explain.nomineesPassed',
  'explain.recommendationHeldAgain',
  'explain.inspectionPassed',
  'explain.inspectionTooFew',
  'explain.slateApproved',
  'explain.slateApprovedDirect',
  'explain.slateSentBack',
  'explain.objectionFiled',
  'explain.publicityPaused',
  'explain.objectionQueued',
  'explain.findingsRecorded',
  'explain.objectionUpheld',
  'explain.objectionDismissed',
  'explain.slateRatioBroken',
  'explain.slateTooFewLeft',
  'explain.nextObjection',
  'explain.publicityResumes',
  'explain.publicityOver',
  'explain.quorumMet',
  'explain.quorumNotMet',
  'explain.conferenceCalledAgain',
  'explain.conferenceToBeCalled',
  'explain.conferenceCalled',
  'explain.ballotOpened',
  'explain.roundRecorded',
  'explain.roundVoid',
  'explain.roundCounted',
  'explain.tieRoundCounted',
  'explain.memberElected',
  'explain.roundShortfall',
  'explain.seatsMayBeReduced',
  'explain.roundTie',
  'explain.seatsReduced',
  'explain.secretaryElected',
  'explain.deputyElected',
  'explain.resultApproved',
  'explain.resultApprovedDirect',
  'explain.resultRejected',
  'explain.completed',
  'explain.cancelled',
  'explain.nowAt',
  'explain.nowAtNobody',
] as const;

/** A message key of an explanation. */
export type ExplanationKey = (typeof EXPLANATION_KEYS)[number];

/**
 * One reason or consequence of a decision, as a message key and the figures that fill it. A renderer (the desk's
 * `explainText`, the CLI) turns it into a sentence; these params name what it must look up rather than print:
 * - a key ending `Id` holds one member id, a key ending `Ids` member ids joined by {@link ID_SEPARATOR}: shown by name;
 * - `stage` holds a stage id, `roles` role ids joined by {@link ID_SEPARATOR}, `kind` a ballot kind
 *   (committee, secretary, deputy): shown by their labels.
 * Every other param is shown as it is. Who filed an objection is never in one.
 */
export interface Explanation {
  key: ExplanationKey;
  params: Record<string, string | number>;
}

/** Joins the ids of an `Ids` or `roles` param: a line feed, which no member id or role may hold. */
export const ID_SEPARATOR = '\n';

/** Member ids listed in one param at most: the rest are counted by the param that goes with the list. */
const IDS_LISTED = 10;
/** A reason quoted in an explanation, in characters: the record keeps the whole of it. */
const REASON_LENGTH = 160;

const ids = (list: readonly string[]) => list.slice(0, IDS_LISTED).join(ID_SEPARATOR);
const reason = (text: string) => cut(text, REASON_LENGTH);
const say = (key: ExplanationKey, params: Explanation['params'] = {}): Explanation => ({ key, params });

/**
 * Why the election went where it went after `event`, taken in `before` and leading to `after`: the figures the rules
 * decided with (quorum, a round's count, the competitive ratio) and what followed (another round, the publicity paused,
 * back to inspection, the stage now and whom it waits for). Pure, computed again from the same snapshots the same way.
 */
export function explainDecision(before: ElectionSnapshot, event: DecisionEvent, after: ElectionSnapshot): Explanation[] {
  const from = stageOf(before.value);
  const to = stageOf(after.value);
  const out = [...whatHappened(before.context, event, after.context, to.stage, to.step)];
  if (after.status !== 'active') {
    if (to.stage === 'completed') out.push(say('explain.completed'));
    if (to.stage === 'cancelled' && event.type === 'CANCEL') out.push(say('explain.cancelled', { reason: reason(event.reason) }));
    return out;
  }
  const roles = awaitingRolesOf(after);
  const rolesBefore = awaitingRolesOf(before);
  if (from.stage !== to.stage || roles.join() !== rolesBefore.join()) {
    out.push(
      roles.length
        ? say('explain.nowAt', { stage: to.stage, roles: roles.join(ID_SEPARATOR) })
        : say('explain.nowAtNobody', { stage: to.stage }),
    );
  }
  return out;
}

/** The decision's own reasons and consequences, before the stage it leads to. */
function whatHappened(c: ElectionContext, event: DecisionEvent, next: ElectionContext, stage: StageId, step?: string): Explanation[] {
  switch (event.type) {
    case 'RECORD_INVESTIGATION':
      return [say(event.stable ? 'explain.villageStable' : 'explain.villageUnstable')];
    case 'REPORT_FIT_TO_PROCEED':
      return [say('explain.fitToProceed')];
    case 'PROPOSE_POSTPONEMENT':
      return [say('explain.postponementProposed', { until: event.until })];
    case 'APPROVE_POSTPONEMENT':
      return [say('explain.postponementApproved', { until: next.postponement?.until ?? event.until ?? '' })];
    case 'REFUSE_POSTPONEMENT':
      return [say('explain.postponementRefused', { reason: reason(event.reason) })];
    case 'SUBMIT_START_REQUEST':
      return [say('explain.startRequested', { seats: event.seats })];
    case 'APPROVE_START':
      return [say('explain.startApproved', { seats: event.seats })];
    case 'SEND_BACK_START':
      return [say('explain.startSentBack', { reason: reason(event.reason) })];
    case 'RECORD_MEMBER_RECOMMENDATION':
      return recommendation(c, event, stage);
    case 'RECORD_INSPECTION':
      return inspection(c, event, stage);
    case 'APPROVE_SLATE':
      return [slateApproved(c, event.candidates.length)];
    case 'SEND_BACK_SLATE':
      return [say('explain.slateSentBack', { reason: reason(event.reason) })];
    case 'FILE_OBJECTION':
      return next.objectionQueue && next.objectionQueue.length > (c.objectionQueue?.length ?? 0)
        ? [say('explain.objectionQueued', { candidateId: event.candidateId, waiting: next.objectionQueue.length })]
        : [say('explain.objectionFiled', { candidateId: event.candidateId }), say('explain.publicityPaused')];
    case 'RECORD_OBJECTION_FINDINGS':
      return [say('explain.findingsRecorded', { candidateId: c.objection?.candidateId ?? '' })];
    case 'RULE_OBJECTION':
      return ruling(c, event, next, stage, step);
    case 'CALL_CONFERENCE':
      return [say('explain.conferenceCalled', { date: event.date, time: event.time, place: reason(event.place) })];
    case 'RECORD_ATTENDANCE':
      return attendance(c, event, next, step);
    case 'APPOINT_SCRUTINEERS':
      return next.ballot ? [ballotOpened(next.ballot)] : [];
    case 'RECORD_ROUND':
      return [
        say('explain.roundRecorded', {
          kind: c.ballot?.kind ?? 'committee',
          round: c.ballot?.round ?? 1,
          scrutineers: c.scrutineers.length,
        }),
      ];
    case 'CONFIRM_COUNT':
      return count(c, next);
    case 'REDUCE_SEATS':
      return [say('explain.seatsReduced', { seats: next.seats ?? next.elected.length, votesFor: event.votesFor })];
    case 'RECORD_PLENARY':
      return elected(next);
    case 'APPROVE_RESULT':
      return [
        c.elected.length
          ? say('explain.resultApproved', { secretaryId: c.secretary ?? '', committee: c.elected.length })
          : say('explain.resultApprovedDirect', { secretaryId: c.secretary ?? '' }),
      ];
    case 'REJECT_RESULT':
      return [
        say('explain.resultRejected', { reason: reason(event.reason) }),
        ...(stage === 'conferenceNotice' ? [calledAgain(step)] : []),
        ...(next.ballot && next.ballot !== c.ballot && stage === 'conference' ? [ballotOpened(next.ballot)] : []),
      ];
    default:
      return [];
  }
}

function recommendation(
  c: ElectionContext,
  event: DecisionEvent & { type: 'RECORD_MEMBER_RECOMMENDATION' },
  stage: StageId,
): Explanation[] {
  const figures = nomineesPassing(event.tally, c.plan).verdict.figures as { passing: number; nominees: number; votesNeeded: number };
  const passed = say('explain.nomineesPassed', { passing: figures.passing, nominees: figures.nominees, votesNeeded: figures.votesNeeded });
  if (stage !== 'memberRecommendation') return [passed];
  const enough = enoughNominees({
    form: c.form,
    seats: c.seats ?? 0,
    passing: figures.passing,
    electsDeputy: c.electsDeputy,
    edition: editionOf(c),
  });
  return [passed, say('explain.recommendationHeldAgain', { passing: figures.passing, needed: enough.figures.needed })];
}

function inspection(c: ElectionContext, event: DecisionEvent & { type: 'RECORD_INSPECTION' }, stage: StageId): Explanation[] {
  const passing = event.verdicts.filter((v) => v.pass).length;
  const passed = say('explain.inspectionPassed', { passing, nominees: event.verdicts.length });
  if (stage !== 'memberRecommendation') return [passed];
  const enough = enoughNominees({ form: c.form, seats: c.seats ?? 0, passing, electsDeputy: c.electsDeputy, edition: editionOf(c) });
  return [passed, say('explain.inspectionTooFew', { passing, needed: enough.figures.needed })];
}

function slateApproved(c: ElectionContext, candidates: number): Explanation {
  if (c.form !== 'committee') {
    const needed = enoughNominees({
      form: c.form,
      seats: c.seats ?? 1,
      passing: candidates,
      electsDeputy: c.electsDeputy,
      edition: editionOf(c),
    });
    return say('explain.slateApprovedDirect', { candidates, needed: needed.figures.needed });
  }
  const ratio = competitiveRatioVerdict(c.seats ?? 1, candidates).figures;
  return say('explain.slateApproved', { candidates: ratio.candidates, seats: ratio.seats, needed: ratio.needed });
}

function ruling(
  c: ElectionContext,
  event: DecisionEvent & { type: 'RULE_OBJECTION' },
  next: ElectionContext,
  stage: StageId,
  step?: string,
): Explanation[] {
  const candidateId = c.objection?.candidateId ?? '';
  const out = [say(event.ruling === 'upheld' ? 'explain.objectionUpheld' : 'explain.objectionDismissed', { candidateId })];
  if (stage === 'publicity' && step === 'objectionInvestigation' && next.objection) {
    out.push(say('explain.nextObjection', { candidateId: next.objection.candidateId }));
  } else if (stage === 'inspection') {
    const remaining = next.candidates.length;
    const broken = slateAfterRemoval(c.seats ?? 1, next.candidates, c.form, { electsDeputy: c.electsDeputy, edition: editionOf(c) });
    const needed = Number(broken.figures.needed ?? 0);
    out.push(
      c.form === 'committee'
        ? say('explain.slateRatioBroken', { candidates: remaining, seats: c.seats ?? 1, needed })
        : say('explain.slateTooFewLeft', { candidates: remaining, needed }),
    );
  } else if (stage === 'conferenceNotice') {
    out.push(step === 'awaitingCall' ? say('explain.conferenceToBeCalled') : say('explain.publicityOver'));
  } else if (stage === 'publicity') {
    out.push(say('explain.publicityResumes'));
  }
  return out;
}

/** The conference is called again: at once on versions 1 and 2; from version 3 once its new date, time and place are given. */
const calledAgain = (step?: string) => say(step === 'awaitingCall' ? 'explain.conferenceToBeCalled' : 'explain.conferenceCalledAgain');

function attendance(
  c: ElectionContext,
  event: DecisionEvent & { type: 'RECORD_ATTENDANCE' },
  next: ElectionContext,
  step?: string,
): Explanation[] {
  const { quorumMet, verdict } = attendanceRecord(c.roster, event);
  const f = verdict.figures as { due: number; presentVoters: number; fourFifthsOfDue: string };
  const params = { present: f.presentVoters, due: f.due, fourFifths: f.fourFifthsOfDue };
  if (quorumMet) return [say('explain.quorumMet', params)];
  return [say('explain.quorumNotMet', { ...params, failures: next.quorumFailures }), calledAgain(step)];
}

function ballotOpened(ballot: NonNullable<ElectionContext['ballot']>): Explanation {
  return say('explain.ballotOpened', { kind: ballot.kind, seats: ballot.seats, candidates: ballot.candidates.length });
}

/** A confirmed count: the round's rule, who it elected with their votes, and the round or contest that follows. */
function count(c: ElectionContext, next: ElectionContext): Explanation[] {
  if (!c.pendingRound || !c.ballot) return [];
  const result = pendingResult(c);
  const f = result.verdict.figures as {
    votesNeeded: number;
    ballotsReturned: number;
    ballotsIssued: number;
    ranking?: { id: string; votes: number }[];
  };
  const { kind, round, seats } = c.pendingRound;
  if (result.status === 'void') {
    return [say('explain.roundVoid', { kind, round, returned: f.ballotsReturned, issued: f.ballotsIssued })];
  }
  const votesOf = (id: string) => f.ranking?.find((r) => r.id === id)?.votes ?? 0;
  const out = [
    c.pendingRound.purpose === 'tie'
      ? say('explain.tieRoundCounted', { kind, round, seats })
      : say('explain.roundCounted', { kind, round, seats, votesNeeded: f.votesNeeded }),
    ...result.elected.map((memberId) => say('explain.memberElected', { memberId, kind, votes: votesOf(memberId) })),
  ];
  if (result.status === 'shortfall') {
    out.push(say('explain.roundShortfall', { shortfall: result.shortfall, seats, candidates: result.notElected.length }));
    if (kind === 'committee') out.push(say('explain.seatsMayBeReduced'));
  } else if (result.status === 'tie') {
    out.push(
      say('explain.roundTie', {
        tiedIds: ids(result.tied),
        tied: result.tied.length,
        votes: votesOf(result.tied[0] ?? ''),
        seats: result.seatsForTie,
      }),
    );
  } else if (next.ballot && next.ballot.kind !== c.ballot.kind) {
    out.push(ballotOpened(next.ballot));
  }
  return out;
}

/** The secretary and deputy the first plenary elected. */
function elected(next: ElectionContext): Explanation[] {
  return [
    ...(next.secretary ? [say('explain.secretaryElected', { secretaryId: next.secretary })] : []),
    ...(next.deputy ? [say('explain.deputyElected', { deputyId: next.deputy })] : []),
  ];
}

/**
 * The records a run carries at continue-as-new: only the latest `kept` keep what followed them (older ones keep their
 * summary), so the carried state stays bounded however many decisions an election takes.
 */
export function withRecentExplanations(decisions: DecisionRecord[], kept: number = LIMITS.explainedDecisionsKept): DecisionRecord[] {
  const from = decisions.length - kept;
  return decisions.map((record, i) => {
    if (i >= from || record.followed === undefined) return record;
    const { followed: _followed, ...rest } = record;
    return rest;
  });
}
