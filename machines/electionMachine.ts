import { and, assertEvent, assign, cancel, enqueueActions, setup } from 'xstate';
import { countedContest, deputyBallot, editionOf, openingBallot, pendingResult, roundOf, secretaryBallot } from './contest';
import type { ElectionContext } from './context';
import { timerDeadline, timerDelay } from './deadlines';
import { dayOf } from './decisionRules';
import { since } from './editions';
import { DECISION_TYPES, type DecisionType, type ElectionEvent } from './events';
import type { ElectionInput } from './input';
import { notice, type NoticeParams } from './notices';
import { outcomeFacts, type OutcomeParams } from './outcome';
import type { Role } from './roles';
import { addDays, attendanceRecord, committeeForm, enoughNominees, nomineesPassing, slateAfterRemoval, votingMembers } from './rules';
import { conferenceNoticeFacts } from './conferenceNotice';
import { TIMER_IDS, TIMERS, type TimerId } from './timers';
import { ruleVerdict } from './verdicts';
import { electedWarnings, slateWarnings } from './warnings';

/** A stage's label and its Chinese term, as cadres name it; the stage list, CLI help, diagram and docs read it from here. */
export interface StageMeta {
  label: string;
  term: string;
}

/** The workflow time an event arrived at; every event the host hands over is stamped. */
const timeOf = (event: ElectionEvent) => event.at ?? 0;

type Delay = (args: { context: ElectionContext; event: ElectionEvent }) => number;
const delays = Object.fromEntries(TIMER_IDS.map((id) => [id, ({ context, event }) => timerDelay(context, id, timeOf(event))])) as Record<
  TimerId,
  Delay
>;

/** Keeps the deadline of timer `id` started now: the delayed raise that follows reads it, and the view shows it. */
const deadlineRecord = (id: TimerId) => (args: { context: ElectionContext; event: ElectionEvent }) => ({
  deadlines: { ...args.context.deadlines, [id]: timerDeadline(args.context, id, timeOf(args.event)) },
});

const nameOf = (context: ElectionContext, id: string) => context.roster.find((m) => m.id === id)?.name ?? id;

/** The new committee and its secretary and deputy by name, as the result notices give them. */
const committeeResult = (context: ElectionContext) => ({
  committee: context.elected.map((id) => nameOf(context, id)),
  secretary: context.secretary && nameOf(context, context.secretary),
  deputy: context.deputy && nameOf(context, context.deputy),
});

/** Whether the conference itself elects the secretary (the direct-election pilot, or no committee). */
const directSecretary = (context: ElectionContext) =>
  context.method === 'two-recommendations-direct-election' || context.form === 'secretary-direct';

/** The stage a send-back or refusal came from, for the public view. */
const SENT_BACK_FROM: Partial<Record<DecisionType, string>> = {
  SEND_BACK_START: 'startApproval',
  SEND_BACK_SLATE: 'slateApproval',
  REJECT_RESULT: 'resultApproval',
  REFUSE_POSTPONEMENT: 'postponementRequested',
};

/** The machine's types, guards, delays and named actions; the chart below is built from them. */
const election = setup({
  types: {
    context: {} as ElectionContext,
    events: {} as ElectionEvent,
    input: {} as ElectionInput,
    meta: {} as StageMeta,
  },
  guards: {
    ruleSatisfied: ({ context, event }) => {
      assertEvent(event, DECISION_TYPES);
      return ruleVerdict(context, event).ok;
    },
    villageUnstable: ({ event }) => {
      assertEvent(event, 'RECORD_INVESTIGATION');
      return !event.stable;
    },
    enoughPassedInspection: ({ context, event }) => {
      assertEvent(event, 'RECORD_INSPECTION');
      return enoughNominees({
        form: context.form,
        seats: context.seats ?? 0,
        passing: event.verdicts.filter((v) => v.pass).length,
        electsDeputy: context.electsDeputy,
        edition: editionOf(context),
      }).ok;
    },
    /** From version 2 a recommendation in which too few pass is recorded, and held again. */
    enoughPassedRecommendation: ({ context, event }) => {
      assertEvent(event, 'RECORD_MEMBER_RECOMMENDATION');
      return ruleVerdict(context, event).code !== 'RECOMMENDATION_TOO_FEW_PASS';
    },
    quorumMet: ({ context, event }) => {
      assertEvent(event, 'RECORD_ATTENDANCE');
      return attendanceRecord(context.roster, event).quorumMet;
    },
    objectionUpheld: ({ event }) => {
      assertEvent(event, 'RULE_OBJECTION');
      return event.ruling === 'upheld';
    },
    /** Evaluated after `recordRuling` has taken the upheld candidate off the slate. */
    slateStillCompetitive: ({ context }) =>
      slateAfterRemoval(context.seats ?? 1, context.candidates, context.form, {
        electsDeputy: context.electsDeputy,
        edition: editionOf(context),
      }).ok,
    publicityEnded: ({ context }) => context.publicityEnded,
    /** From version 2 an objection is accepted in every part of the publicity, also while another is dealt with. */
    objectionsDuringInvestigation: ({ context }) => since(context, 2),
    /** After a ruling: an objection filed meanwhile is next (from version 2; version 1 never queues one). */
    objectionOpen: ({ context }) => context.objection !== undefined,
    calendarNoticesApply: ({ context }) => since(context, 2),
    /** A void round, a tie on the last seat, or a shortfall: the contest goes on with another round. */
    roundUndecided: ({ context }) => pendingResult(context).status !== 'elected',
    committeeThenDirectSecretary: ({ context }) => context.ballot?.kind === 'committee' && directSecretary(context),
    committeeThenPlenary: ({ context }) => context.ballot?.kind === 'committee',
    deputyNext: ({ context }) => context.ballot?.kind === 'secretary' && (context.electsDeputy ?? false),
    directSecretary: ({ context }) => directSecretary(context),
    fromVersion2: ({ context }) => since(context, 2),
    /** From version 3 the conference is called with its date, time and place before its notice is given. */
    fromVersion3: ({ context }) => since(context, 3),
  },
  delays,
  actions: {
    notify: (_, _params: NoticeParams) => {},
    recordOutcome: (_, _params: OutcomeParams) => {},
    startApprovalClock: enqueueActions(({ enqueue }) => {
      enqueue.assign(deadlineRecord('approvalReminder'));
      enqueue.assign(deadlineRecord('approvalEscalation'));
      enqueue.raise({ type: TIMERS.approvalReminder.event }, { delay: 'approvalReminder', id: 'approvalReminder' });
      enqueue.raise({ type: TIMERS.approvalEscalation.event }, { delay: 'approvalEscalation', id: 'approvalEscalation' });
    }),
    stopApprovalClock: enqueueActions(({ enqueue }) => {
      enqueue.cancel('approvalReminder');
      enqueue.cancel('approvalEscalation');
      enqueue.assign({ overdue: false });
    }),
    markOverdue: assign({ overdue: true }),
    recordInvestigation: assign(({ event }) => {
      assertEvent(event, 'RECORD_INVESTIGATION');
      return {
        investigation: {
          category: event.category,
          stable: event.stable,
          representatives: event.representatives,
          instability: event.instability,
        },
      };
    }),
    recordPostponementRequest: assign(({ context, event }) => {
      assertEvent(event, 'PROPOSE_POSTPONEMENT');
      if (!since(context, 2)) return { postponement: { reason: event.reason, until: event.until, approved: false } };
      const requestedOn = dayOf(context, event);
      const earlier = context.postponement;
      const request = { requestedOn, until: event.until, reason: event.reason, by: event.by.id };
      return {
        postponement: {
          reason: event.reason,
          until: event.until,
          approved: false,
          dueOn: earlier?.dueOn ?? requestedOn,
          requests: [...(earlier?.requests ?? []), request],
        },
      };
    }),
    recordPostponementRefusal: assign(({ context, event }) => {
      assertEvent(event, 'REFUSE_POSTPONEMENT');
      const postponement = context.postponement;
      if (!since(context, 2) || !postponement?.requests) return {};
      const decision = { decision: 'refused' as const, decidedOn: dayOf(context, event), decidedBy: event.by.id, refusal: event.reason };
      return {
        postponement: {
          ...postponement,
          requests: [...postponement.requests.slice(0, -1), { ...postponement.requests.at(-1)!, ...decision }],
        },
      };
    }),
    recordSeats: assign(({ event }) => {
      assertEvent(event, 'APPROVE_START');
      return { seats: event.seats, electsDeputy: event.electsDeputy, method: event.method, sentBack: undefined };
    }),
    recordSendBack: assign(({ event }) => {
      assertEvent(event, ['SEND_BACK_START', 'SEND_BACK_SLATE', 'REJECT_RESULT', 'REFUSE_POSTPONEMENT']);
      return { sentBack: { stage: SENT_BACK_FROM[event.type] ?? event.type, reason: event.reason, by: event.by.id } };
    }),
    recordMemberTally: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_MEMBER_RECOMMENDATION');
      const heldAgainBefore = since(context, 2) && context.sentBack?.stage === 'memberRecommendation';
      return {
        memberTally: event.tally,
        nominees: nomineesPassing(event.tally, context.plan).passing,
        ...(heldAgainBefore ? { sentBack: undefined } : {}),
      };
    }),
    /** The tally is kept; why the recommendation is held again is shown until one passes enough nominees. */
    recordRecommendationHeldAgain: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_MEMBER_RECOMMENDATION');
      return {
        memberTally: event.tally,
        nominees: nomineesPassing(event.tally, context.plan).passing,
        sentBack: { stage: 'memberRecommendation', reason: ruleVerdict(context, event).message, by: event.by.id },
      };
    }),
    recordMassTally: assign(({ event }) => {
      assertEvent(event, 'RECORD_MASS_RECOMMENDATION');
      return { massTally: event.tally };
    }),
    recordInspection: assign(({ event }) => {
      assertEvent(event, 'RECORD_INSPECTION');
      return { inspectionPassed: event.verdicts.filter((v) => v.pass).map((v) => v.nomineeId) };
    }),
    recordSlate: assign(({ context, event }) => {
      assertEvent(event, 'APPROVE_SLATE');
      if (!since(context, 2)) return { candidates: event.candidates, sentBack: undefined };
      const earlier = (context.warnings ?? []).filter((w) => w.raisedAt !== 'slateApproval');
      return {
        candidates: event.candidates,
        sentBack: undefined,
        warnings: [...earlier, ...slateWarnings(context, event, dayOf(context, event))],
      };
    }),
    /** The committee just elected against the town plan's targets (from version 2). */
    checkElectedComposition: assign(({ context, event }) => {
      if (!since(context, 2) || context.ballot?.kind !== 'committee') return {};
      const earlier = (context.warnings ?? []).filter((w) => w.raisedAt !== 'conference');
      return { warnings: [...earlier, ...electedWarnings(context, dayOf(context, event))] };
    }),
    openPublicity: assign({ publicityEnded: false, objection: undefined }),
    recordObjection: assign(({ event }) => {
      assertEvent(event, 'FILE_OBJECTION');
      return { objection: { candidateId: event.candidateId, grounds: event.grounds, filedBy: event.filedBy } };
    }),
    queueObjection: assign(({ context, event }) => {
      assertEvent(event, 'FILE_OBJECTION');
      const filed = { candidateId: event.candidateId, grounds: event.grounds, filedBy: event.filedBy };
      return { objectionQueue: [...(context.objectionQueue ?? []), filed] };
    }),
    recordFindings: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_OBJECTION_FINDINGS');
      return { objection: { ...context.objection!, findings: event.findings } };
    }),
    recordRuling: assign(({ context, event }) => {
      assertEvent(event, 'RULE_OBJECTION');
      const ruled = { ...context.objection!, ruling: event.ruling, reason: event.reason };
      const upheld = event.ruling === 'upheld';
      const without = (ids: string[]) => (upheld ? ids.filter((id) => id !== ruled.candidateId) : ids);
      const [next, ...waiting] = context.objectionQueue ?? [];
      return {
        objections: [...context.objections, ruled],
        objection: next,
        ...(context.objectionQueue ? { objectionQueue: waiting } : {}),
        candidates: without(context.candidates),
        inspectionPassed: without(context.inspectionPassed),
        nominees: without(context.nominees),
      };
    }),
    markPublicityEnded: assign({ publicityEnded: true }),
    recordConferenceCall: assign(({ context, event }) => {
      assertEvent(event, 'CALL_CONFERENCE');
      return {
        conference: { date: event.date, time: event.time, place: event.place, calledOn: dayOf(context, event), calledBy: event.by.id },
      };
    }),
    recordAttendance: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_ATTENDANCE');
      const { due, quorumMet } = attendanceRecord(context.roster, event);
      return {
        attendance: { present: event.present, due, quorumMet },
        quorumFailures: context.quorumFailures + (quorumMet ? 0 : 1),
      };
    }),
    recordScrutineers: assign(({ event }) => {
      assertEvent(event, 'APPOINT_SCRUTINEERS');
      return { scrutineers: event.scrutineers };
    }),
    openFirstBallot: assign(({ context, event }) => ({ ballot: openingBallot(context, dayOf(context, event)), pendingRound: undefined })),
    recordPendingRound: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_ROUND');
      return { pendingRound: roundOf(context, event, dayOf(context, event)) };
    }),
    applyCount: assign(({ context }) => countedContest(context)),
    reduceSeats: assign(({ context }) => ({ seats: context.elected.length, ballot: { ...context.ballot!, seats: 0 } })),
    openSecretaryBallot: assign(({ context, event }) => ({
      ballot: secretaryBallot(context, dayOf(context, event)),
      secretary: undefined,
      deputy: undefined,
    })),
    openDeputyBallot: assign(({ context }) => ({ ballot: deputyBallot(context) })),
    recordPlenary: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_PLENARY');
      const vote = since(context, 2) ? { plenary: { membersPresent: event.membersPresent ?? [], votes: event.votes! } } : {};
      return { secretary: event.secretary, deputy: event.deputy, ...vote };
    }),
    clearSecretary: assign({ secretary: undefined, deputy: undefined }),
    recordPostponementApproval: assign(({ context, event }) => {
      assertEvent(event, 'APPROVE_POSTPONEMENT');
      const postponement = { ...context.postponement!, until: event.until ?? context.postponement!.until, approved: true };
      const last = postponement.requests?.at(-1);
      if (!since(context, 2) || !last) return { postponement };
      const decided = {
        ...last,
        until: postponement.until,
        decision: 'approved' as const,
        decidedOn: dayOf(context, event),
        decidedBy: event.by.id,
      };
      return { postponement: { ...postponement, requests: [...postponement.requests!.slice(0, -1), decided] } };
    }),
    recordWorkerFacts: assign(({ context, event }) => {
      assertEvent(event, 'WORKER_FACTS');
      return { workerMode: event.mode, ...(since(context, 2) ? { calendarNotices: event.calendar } : {}) };
    }),
    /**
     * A State Council notice loaded while the election runs: kept for the periods counted from now on, and each
     * running timer counted over its year is counted again from the moment it started, and restarted if it moves.
     */
    applyCalendarNotice: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'CALENDAR_NOTICE');
      const calendarNotices = [...(context.calendarNotices ?? []).filter((y) => y.year !== event.year.year), event.year];
      const updated = { ...context, calendarNotices };
      const deadlines = { ...context.deadlines };
      const moved: TimerId[] = [];
      for (const id of TIMER_IDS.filter((t) => event.running.includes(t) && TIMERS[t].ends === 'period')) {
        const before = deadlines[id];
        if (!before || before.shortenedMs !== undefined) continue;
        const after = timerDeadline(updated, id, before.startedAt);
        deadlines[id] = after;
        if (after.firesAt !== before.firesAt) moved.push(id);
      }
      enqueue.assign({ calendarNotices, deadlines });
      for (const id of moved) enqueue.raise({ type: TIMERS[id].event }, { delay: id, id });
    }),
    recordCancellation: assign(({ event }) => {
      assertEvent(event, 'CANCEL');
      return { cancellation: { reason: event.reason, by: event.by.id } };
    }),
  },
});

/**
 * Starts the durable timer `id`: its deadline kept, then its event raised after its delay, under its own id so that
 * it can be cancelled.
 */
const startTimer = (id: TimerId) => [election.assign(deadlineRecord(id)), election.raise({ type: TIMERS[id].event }, { delay: id, id })];

/** A state of the chart, typed by the machine's setup. */
type StateConfig = Parameters<typeof election.createStateConfig>[0];

/** The town proposes postponement from any preparation stage; the county decides. */
const postponable = {
  PROPOSE_POSTPONEMENT: { guard: 'ruleSatisfied', target: '#election.postponementRequested', actions: 'recordPostponementRequest' },
} satisfies StateConfig['on'];

/**
 * A stage that waits for an approver: the approval clock starts on entry and stops on exit; while it waits the
 * approver is reminded, and later the county organisation department is told. `stage` adds the stage's own
 * meta and transitions (it has no entry or exit of its own: the clock's would replace them).
 */
function awaitingApproval(role: Role, stage: StateConfig & { entry?: never; exit?: never }): StateConfig {
  return election.createStateConfig({
    ...stage,
    entry: { type: 'startApprovalClock' },
    exit: { type: 'stopApprovalClock' },
    on: {
      APPROVAL_REMINDER: { actions: { type: 'notify', params: ({ context }) => notice('approval-reminder', role, context, {}) } },
      APPROVAL_ESCALATION: {
        actions: [
          'markOverdue',
          { type: 'notify', params: ({ context }) => notice('approval-escalation', 'county-org-dept', context, { awaiting: role }) },
        ],
      },
      ...stage.on,
    },
  });
}

/** The town committee's ruling, announced on the village affairs board. */
const rulingNotice = ({ context, event }: { context: ElectionContext; event: ElectionEvent }) => {
  assertEvent(event, 'RULE_OBJECTION');
  // Run after `recordRuling`: the objection ruled on is the last of those ruled.
  const ruled = context.objections.at(-1);
  return notice('objection-ruling', 'village-board', context, {
    ruling: event.ruling,
    reason: event.reason,
    ...(ruled ? { candidate: nameOf(context, ruled.candidateId) } : {}),
  });
};

/**
 * The dates of the publicity period for its notice, from version 2: the first day counted (the day after posting, in
 * Beijing), the last, and the provisional note when a year it counts has no State Council notice. A period shortened
 * for a demo or a test has no dates.
 */
const publicityDates = (context: ElectionContext, event: ElectionEvent) => {
  if (!since(context, 2)) return {};
  const deadline = timerDeadline(context, 'publicityPeriod', timeOf(event));
  if (deadline.endsOn === undefined) return {};
  return {
    from: addDays(dayOf(context, event), 1),
    until: deadline.endsOn,
    ...(deadline.provisional ? { provisional: deadline.provisional } : {}),
  };
};

/** Another objection while one is investigated or awaits its ruling: queued, never refused (from version 2). */
const objectionMeanwhile = {
  guard: and(['objectionsDuringInvestigation', 'ruleSatisfied']),
  actions: [
    'queueObjection',
    {
      type: 'notify',
      params: ({ context, event }: { context: ElectionContext; event: ElectionEvent }) => {
        assertEvent(event, 'FILE_OBJECTION');
        return notice('objection-received', 'inspection-team', context, { candidate: nameOf(context, event.candidateId) });
      },
    },
  ],
} satisfies NonNullable<StateConfig['on']>['FILE_OBJECTION'];

/** The publicity is over: the conference notice; from version 3 the conference is first called with its date, time and place. */
const toConferenceNotice = [
  { guard: 'fromVersion3', target: '#election.conferenceNotice.awaitingCall' },
  { target: '#election.conferenceNotice' },
] as const;

/** A conference short of its quorum: it is recorded and announced, and the conference is called again. */
const quorumFailed = [
  'recordAttendance',
  { type: 'notify', params: ({ context }: { context: ElectionContext }) => notice('quorum-failed', 'village-board', context, {}) },
] as const;

/** After a ruling: the next objection filed meanwhile; else back to inspection if the slate broke the ratio; else the publicity resumes. */
const afterRuling = [
  { guard: 'objectionOpen', target: 'objectionInvestigation' },
  { guard: 'slateStillCompetitive', target: 'resumed' },
  { target: '#election.preparation.inspection' },
] as const;

/**
 * The statechart of one village's re-election (两推一选), stage by stage as in the domain reference.
 * Pure: guards call the rules, named actions (`notify`, `recordOutcome`) are run by the workflow host
 * as activities, delayed raises become durable timers (machines/timers.ts).
 */
export const electionMachine = election.createMachine({
  id: 'election',
  context: ({ input }) => ({
    town: input.town,
    village: input.village,
    term: input.term,
    machineVersion: input.machineVersion ?? 1,
    method: input.method,
    roster: input.roster,
    approvers: input.approvers,
    plan: input.plan,
    form: committeeForm(votingMembers(input.roster).length).code === 'COMMITTEE' ? 'committee' : 'secretary-direct',
    nominees: [],
    inspectionPassed: [],
    candidates: [],
    objections: [],
    publicityEnded: false,
    quorumFailures: 0,
    scrutineers: [],
    rounds: [],
    elected: [],
    overdue: false,
  }),
  initial: 'preparation',
  on: {
    CANCEL: { target: '.cancelled', actions: 'recordCancellation' },
    WORKER_FACTS: { actions: 'recordWorkerFacts' },
    CALENDAR_NOTICE: { guard: 'calendarNoticesApply', actions: 'applyCalendarNotice' },
  },
  states: {
    preparation: {
      initial: 'investigation',
      states: {
        /** Where a refused postponement request returns to. */
        hist: { type: 'history', history: 'shallow' },
        /** 调查摸底 */
        investigation: {
          meta: { label: 'Investigation', term: '调查摸底' },
          on: {
            RECORD_INVESTIGATION: [
              { guard: 'villageUnstable', target: 'unstable', actions: 'recordInvestigation' },
              { target: 'startRequest', actions: 'recordInvestigation' },
            ],
            ...postponable,
          },
        },
        /** An unstable village: the town proposes postponement, or reports it fit to proceed. */
        unstable: {
          meta: { label: 'Unstable village: postpone or proceed', term: '软弱涣散/不稳定' },
          on: {
            ...postponable,
            REPORT_FIT_TO_PROCEED: { target: 'startRequest' },
          },
        },
        /** 请示 */
        startRequest: {
          meta: { label: 'Start request', term: '请示' },
          on: {
            SUBMIT_START_REQUEST: { guard: 'ruleSatisfied', target: 'startApproval' },
            ...postponable,
          },
        },
        /** 批复 */
        startApproval: awaitingApproval('town-committee', {
          meta: { label: 'Start approval', term: '批复' },
          on: {
            APPROVE_START: {
              guard: 'ruleSatisfied',
              target: 'mobilisation',
              actions: [
                'recordSeats',
                {
                  type: 'notify',
                  params: ({ context, event }) => {
                    assertEvent(event, 'APPROVE_START');
                    return notice('start-approved', 'village-branch', context, { seats: event.seats });
                  },
                },
              ],
            },
            SEND_BACK_START: {
              target: 'startRequest',
              actions: [
                'recordSendBack',
                {
                  type: 'notify',
                  params: ({ context, event }) => {
                    assertEvent(event, 'SEND_BACK_START');
                    return notice('start-sent-back', 'village-branch', context, { reason: event.reason });
                  },
                },
              ],
            },
            ...postponable,
          },
        }),
        /** 宣传动员 */
        mobilisation: {
          meta: { label: 'Publicity and mobilisation', term: '宣传动员' },
          entry: {
            type: 'notify',
            params: ({ context }) =>
              notice('mobilisation-posting', 'village-board', context, {
                seats: context.seats,
                electsDeputy: context.electsDeputy,
                method: context.method,
                members: votingMembers(context.roster).map((m) => m.name),
              }),
          },
          on: {
            RECORD_MOBILISATION: {
              target: 'memberRecommendation',
              actions: { type: 'notify', params: ({ context }) => notice('recommendation-meeting', 'voting-members', context, {}) },
            },
            ...postponable,
          },
        },
        /** 党员推荐 */
        memberRecommendation: {
          meta: { label: 'Party member recommendation', term: '党员推荐' },
          on: {
            RECORD_MEMBER_RECOMMENDATION: [
              { guard: and(['ruleSatisfied', 'enoughPassedRecommendation']), target: 'massRecommendation', actions: 'recordMemberTally' },
              /** From version 2: too few passed to make up the slate; the tally is kept and the recommendation held again. */
              {
                guard: 'ruleSatisfied',
                target: 'memberRecommendation',
                actions: [
                  'recordRecommendationHeldAgain',
                  { type: 'notify', params: ({ context }) => notice('recommendation-meeting', 'voting-members', context, {}) },
                ],
              },
            ],
            ...postponable,
          },
        },
        /** 群众推荐 */
        massRecommendation: {
          meta: { label: 'Mass recommendation', term: '群众推荐' },
          on: {
            RECORD_MASS_RECOMMENDATION: { guard: 'ruleSatisfied', target: 'inspection', actions: 'recordMassTally' },
            ...postponable,
          },
        },
        /** 组织考察 and 联审 */
        inspection: {
          meta: { label: 'Inspection and joint review', term: '组织考察·联审' },
          on: {
            RECORD_INSPECTION: [
              { guard: and(['ruleSatisfied', 'enoughPassedInspection']), target: 'slateApproval', actions: 'recordInspection' },
              /** Too few passed to make a competitive slate: the recommendation is held again. */
              { guard: 'ruleSatisfied', target: 'memberRecommendation', actions: 'recordInspection' },
            ],
            ...postponable,
          },
        },
        /** 确定候选人 */
        slateApproval: awaitingApproval('town-committee', {
          meta: { label: 'Slate approval', term: '确定候选人' },
          on: {
            APPROVE_SLATE: { guard: 'ruleSatisfied', target: '#election.publicity', actions: 'recordSlate' },
            SEND_BACK_SLATE: { target: 'inspection', actions: 'recordSendBack' },
            ...postponable,
          },
        }),
      },
    },
    /** 公示: a durable period; objections pause nothing, but the period cannot close while one is open. */
    publicity: {
      meta: { label: 'Candidate publicity', term: '公示' },
      entry: [
        'openPublicity',
        {
          type: 'notify',
          params: ({ context, event }) =>
            notice('candidate-publicity', 'village-board', context, {
              candidates: context.candidates.map((id) => nameOf(context, id)),
              ...publicityDates(context, event),
            }),
        },
        ...startTimer('publicityPeriod'),
      ],
      exit: cancel('publicityPeriod'),
      initial: 'open',
      states: {
        open: {
          on: {
            PUBLICITY_ENDED: toConferenceNotice,
            FILE_OBJECTION: {
              guard: 'ruleSatisfied',
              target: 'objectionInvestigation',
              actions: [
                'recordObjection',
                {
                  type: 'notify',
                  params: ({ context, event }) => {
                    assertEvent(event, 'FILE_OBJECTION');
                    return notice('objection-received', 'inspection-team', context, { candidate: nameOf(context, event.candidateId) });
                  },
                },
              ],
            },
          },
        },
        objectionInvestigation: {
          on: {
            PUBLICITY_ENDED: { actions: 'markPublicityEnded' },
            FILE_OBJECTION: objectionMeanwhile,
            RECORD_OBJECTION_FINDINGS: { target: 'objectionRuling', actions: 'recordFindings' },
          },
        },
        objectionRuling: awaitingApproval('town-committee', {
          on: {
            PUBLICITY_ENDED: { actions: 'markPublicityEnded' },
            FILE_OBJECTION: objectionMeanwhile,
            RULE_OBJECTION: [
              { guard: 'objectionUpheld', target: 'upheld', actions: ['recordRuling', { type: 'notify', params: rulingNotice }] },
              { target: 'dismissed', actions: ['recordRuling', { type: 'notify', params: rulingNotice }] },
            ],
          },
        }),
        /**
         * The upheld candidate is off the slate. An objection filed meanwhile is investigated next; once none is
         * open, a slate that no longer meets the competitive ratio goes back to inspection.
         */
        upheld: { always: afterRuling },
        /** A dismissed ruling leaves the slate as it was, unless an earlier upheld one waited for this ruling. */
        dismissed: { always: afterRuling },
        resumed: {
          always: [
            { guard: and(['publicityEnded', 'fromVersion3']), target: '#election.conferenceNotice.awaitingCall' },
            { guard: 'publicityEnded', target: '#election.conferenceNotice' },
            { target: 'open' },
          ],
        },
      },
    },
    /**
     * The conference notice: every voting member is told a lead time ahead. From version 3 the conference is first
     * called with its date, time and place (`awaitingCall`), and the lead time runs to that date and time; versions 1
     * and 2 enter `noticeGiven` (the initial step) at once, with the notice and the lead time as published.
     */
    conferenceNotice: {
      meta: { label: 'Conference notice', term: '会议通知' },
      initial: 'noticeGiven',
      states: {
        awaitingCall: {
          on: { CALL_CONFERENCE: { guard: 'ruleSatisfied', target: 'noticeGiven', actions: 'recordConferenceCall' } },
        },
        noticeGiven: {
          entry: [
            {
              type: 'notify',
              params: ({ context }) => notice('conference-notice', 'voting-members', context, conferenceNoticeFacts(context)),
            },
            ...startTimer('conferenceNoticeLead'),
          ],
          exit: cancel('conferenceNoticeLead'),
          on: { CONFERENCE_DUE: '#election.conference' },
        },
      },
    },
    /** 党员大会 */
    conference: {
      meta: { label: 'Party member conference', term: '党员大会' },
      initial: 'attendance',
      states: {
        attendance: {
          on: {
            RECORD_ATTENDANCE: [
              { guard: and(['ruleSatisfied', 'quorumMet']), target: 'scrutineers', actions: 'recordAttendance' },
              /** From version 3 a conference without its quorum is called again, with a new date, time and place. */
              { guard: and(['ruleSatisfied', 'fromVersion3']), target: '#election.conferenceNotice.awaitingCall', actions: quorumFailed },
              { guard: 'ruleSatisfied', target: '#election.conferenceNotice', actions: quorumFailed },
            ],
          },
        },
        scrutineers: {
          on: {
            APPOINT_SCRUTINEERS: { guard: 'ruleSatisfied', target: 'awaitingRound', actions: ['recordScrutineers', 'openFirstBallot'] },
          },
        },
        awaitingRound: {
          on: {
            RECORD_ROUND: { guard: 'ruleSatisfied', target: 'awaitingConfirmation', actions: 'recordPendingRound' },
            REDUCE_SEATS: { guard: 'ruleSatisfied', target: 'contestDecided', actions: 'reduceSeats' },
          },
        },
        awaitingConfirmation: {
          on: {
            RECORD_ROUND: { guard: 'ruleSatisfied', target: 'awaitingConfirmation', actions: 'recordPendingRound' },
            CONFIRM_COUNT: [
              { guard: and(['ruleSatisfied', 'roundUndecided']), target: 'awaitingRound', actions: 'applyCount' },
              { guard: 'ruleSatisfied', target: 'contestDecided', actions: 'applyCount' },
            ],
          },
        },
        /** A contest is over: the next one, or the first plenary, or the result approval. */
        contestDecided: {
          entry: 'checkElectedComposition',
          always: [
            { guard: 'committeeThenDirectSecretary', target: 'awaitingRound', actions: 'openSecretaryBallot' },
            { guard: 'committeeThenPlenary', target: '#election.firstPlenary' },
            { guard: 'deputyNext', target: 'awaitingRound', actions: 'openDeputyBallot' },
            { target: '#election.resultApproval' },
          ],
        },
      },
    },
    /** 一次全体会议: the new committee elects the secretary (and deputy). */
    firstPlenary: {
      meta: { label: 'First plenary', term: '一次全体会议' },
      on: {
        RECORD_PLENARY: { guard: 'ruleSatisfied', target: 'resultApproval', actions: 'recordPlenary' },
      },
    },
    /** 报批: the town committee approves the secretary and deputy; the members are filed with the county. */
    resultApproval: awaitingApproval('town-committee', {
      meta: { label: 'Result approval', term: '报批' },
      on: {
        APPROVE_RESULT: {
          target: 'handover',
          actions: {
            type: 'notify',
            params: ({ context }) => notice('result-filing', 'county-org-dept', context, committeeResult(context)),
          },
        },
        REJECT_RESULT: [
          /** From version 2 the conference that elected the secretary has ended: a new one is called, with its notice and attendance. */
          {
            guard: and(['directSecretary', 'fromVersion3']),
            target: 'conferenceNotice.awaitingCall',
            actions: ['recordSendBack', 'clearSecretary'],
          },
          { guard: and(['directSecretary', 'fromVersion2']), target: 'conferenceNotice', actions: ['recordSendBack', 'clearSecretary'] },
          { guard: 'directSecretary', target: 'conference.awaitingRound', actions: ['recordSendBack', 'openSecretaryBallot'] },
          { target: 'firstPlenary', actions: ['recordSendBack', 'clearSecretary'] },
        ],
      },
    }),
    /** 交接 and follow-up talks; the result is announced. */
    handover: {
      meta: { label: 'Handover', term: '交接' },
      entry: {
        type: 'notify',
        params: ({ context }) => notice('results-announcement', 'village-board', context, committeeResult(context)),
      },
      on: { RECORD_HANDOVER: { guard: 'ruleSatisfied', target: 'completed' } },
    },
    completed: {
      meta: { label: 'Completed', term: '完成' },
      type: 'final',
      entry: { type: 'recordOutcome', params: ({ context }) => ({ status: 'completed' as const, facts: outcomeFacts(context) }) },
    },
    /** 延期换届: the county organisation department decides. */
    postponementRequested: awaitingApproval('county-org-dept', {
      meta: { label: 'Postponement requested', term: '延期申请' },
      on: {
        APPROVE_POSTPONEMENT: {
          guard: 'ruleSatisfied',
          target: 'postponed',
          actions: [
            'recordPostponementApproval',
            {
              type: 'notify',
              params: ({ context, event }) => {
                assertEvent(event, 'APPROVE_POSTPONEMENT');
                return notice('postponement-granted', 'town-committee', context, { until: event.until ?? context.postponement?.until });
              },
            },
            { type: 'recordOutcome', params: ({ context }) => ({ status: 'postponed' as const, facts: outcomeFacts(context) }) },
          ],
        },
        REFUSE_POSTPONEMENT: { target: 'preparation.hist', actions: ['recordSendBack', 'recordPostponementRefusal'] },
      },
    }),
    postponed: {
      meta: { label: 'Postponed', term: '延期换届' },
      entry: [...startTimer('postponementReminder'), ...startTimer('postponementDeadline')],
      exit: [cancel('postponementReminder'), cancel('postponementDeadline'), assign({ overdue: false })],
      on: {
        POSTPONEMENT_REMINDER: {
          actions: {
            type: 'notify',
            params: ({ context }) => notice('postponement-reminder', 'town-committee', context, { until: context.postponement?.until }),
          },
        },
        POSTPONEMENT_DEADLINE: {
          actions: [
            'markOverdue',
            {
              type: 'notify',
              params: ({ context }) => notice('postponement-overdue', 'county-org-dept', context, { until: context.postponement?.until }),
            },
          ],
        },
        REPORT_FIT_TO_PROCEED: { target: 'preparation.startRequest' },
      },
    },
    cancelled: {
      meta: { label: 'Cancelled', term: '取消' },
      type: 'final',
      entry: [
        {
          type: 'notify',
          params: ({ context }) => notice('election-cancelled', 'village-board', context, { reason: context.cancellation?.reason }),
        },
        { type: 'recordOutcome', params: ({ context }) => ({ status: 'cancelled' as const, facts: outcomeFacts(context) }) },
      ],
    },
  },
});

export type ElectionMachine = typeof electionMachine;
