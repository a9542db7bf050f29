import { and, assign, cancel, enqueueActions, raise, setup } from 'xstate';
import { countOf, isoDay, roundFromEvent } from './checks';
import type { Ballot, ElectionContext } from './context';
import type { DecisionEvent, DecisionOf, ElectionEvent } from './events';
import type { ElectionInput } from './input';
import type { NoticeParams, OutcomeParams } from './notices';
import type { Role } from './roles';
import { committeeForm, nomineesPassing, periodMs, postponementTimers, requiredCandidates, slateAfterRemoval, votingMembers } from './rules';
import { quorumOf } from './quorum';
import { ruleVerdict } from './verdicts';

type Ev<K extends DecisionEvent['type']> = DecisionOf<K>;
const as = <K extends DecisionEvent['type']>(event: ElectionEvent) => event as Ev<K>;

/** The workflow time an event arrived at; every event the host hands over is stamped. */
const timeOf = (event: ElectionEvent) => event.at ?? 0;

/** A stage that waits for an approver: its clock starts on entry and stops on exit. */
const awaitingApproval = (role: Role) => ({
  entry: { type: 'startApprovalClock' as const },
  exit: { type: 'stopApprovalClock' as const },
  on: {
    APPROVAL_REMINDER: { actions: { type: 'remindApprover' as const, params: { role } } },
    APPROVAL_ESCALATION: { actions: { type: 'escalateToCounty' as const, params: { role } } },
  },
});

const notice = (
  kind: NoticeParams['kind'],
  audience: NoticeParams['audience'],
  context: ElectionContext,
  facts: Record<string, unknown> = {},
): NoticeParams => ({ kind, audience, facts: { town: context.town, village: context.village, term: context.term, ...facts } });

const nameOf = (context: ElectionContext, id: string) => context.roster.find((m) => m.id === id)?.name ?? id;

/** The first contest of the conference: the committee, or the secretary where there is no committee. */
const firstBallot = (context: ElectionContext): Ballot =>
  context.form === 'committee'
    ? { kind: 'committee', seats: context.seats!, candidates: context.candidates, round: 1, purpose: 'first' }
    : { kind: 'secretary', seats: 1, candidates: context.candidates, round: 1, purpose: 'first' };

/** The direct ballot for the secretary: among the elected committee, or the slate where there is none. */
const secretaryBallot = (context: ElectionContext): Ballot => ({
  kind: 'secretary',
  seats: 1,
  candidates: context.form === 'committee' ? context.elected : context.candidates,
  round: 1,
  purpose: 'first',
});

const deputyBallot = (context: ElectionContext): Ballot => ({
  kind: 'deputy',
  seats: 1,
  candidates: (context.form === 'committee' ? context.elected : votingMembers(context.roster).map((m) => m.id)).filter(
    (id) => id !== context.secretary,
  ),
  round: 1,
  purpose: 'first',
});

/** The outcome of the pending round as the rules count it. */
const pendingResult = (context: ElectionContext) => countOf(context.pendingRound!);

/** Whether the conference itself elects the secretary (the direct-election pilot, or no committee). */
const directSecretary = (context: ElectionContext) =>
  context.method === 'two-recommendations-direct-election' || context.form === 'secretary-direct';

/** The stage a send-back or refusal came from, for the public view. */
const SENT_BACK_FROM: Partial<Record<DecisionEvent['type'], string>> = {
  SEND_BACK_START: 'startApproval',
  SEND_BACK_SLATE: 'slateApproval',
  REJECT_RESULT: 'resultApproval',
  REFUSE_POSTPONEMENT: 'postponementRequested',
};

const postponable = {
  PROPOSE_POSTPONEMENT: {
    guard: 'ruleSatisfied' as const,
    target: '#election.postponementRequested',
    actions: 'recordPostponementRequest' as const,
  },
};

/**
 * The statechart of one village's re-election (两推一选), stage by stage as in the domain reference.
 * Pure: guards call the rules, named actions (`notify`, `recordOutcome`) are run by the workflow host
 * as activities, delayed raises become durable timers.
 */
export const electionMachine = setup({
  types: {
    context: {} as ElectionContext,
    events: {} as ElectionEvent,
    input: {} as ElectionInput,
  },
  guards: {
    ruleSatisfied: ({ context, event }) => ruleVerdict(context, event as DecisionEvent).ok,
    villageUnstable: ({ event }) => !as<'RECORD_INVESTIGATION'>(event).stable,
    enoughPassedInspection: ({ context, event }) =>
      as<'RECORD_INSPECTION'>(event).verdicts.filter((v) => v.pass).length >=
      (context.form === 'committee' ? requiredCandidates(context.seats!) : 1),
    quorumMet: ({ context, event }) => quorumOf(context, as<'RECORD_ATTENDANCE'>(event)).ok,
    objectionUpheld: ({ event }) => as<'RULE_OBJECTION'>(event).ruling === 'upheld',
    /** Evaluated after `recordRuling` has taken the upheld candidate off the slate. */
    slateStillCompetitive: ({ context }) =>
      context.form === 'secretary-direct' ? context.candidates.length > 0 : slateAfterRemoval(context.seats!, context.candidates).ok,
    publicityEnded: ({ context }) => context.publicityEnded,
    /** A void round, a tie on the last seat, or a shortfall: the contest goes on with another round. */
    roundUndecided: ({ context }) => pendingResult(context).status !== 'elected',
    committeeThenDirectSecretary: ({ context }) => context.ballot?.kind === 'committee' && directSecretary(context),
    committeeThenPlenary: ({ context }) => context.ballot?.kind === 'committee',
    deputyNext: ({ context }) => context.ballot?.kind === 'secretary' && (context.electsDeputy ?? false),
    directSecretary: ({ context }) => directSecretary(context),
  },
  delays: {
    approvalReminder: ({ context, event }) => periodMs(context.plan, 'approvalReminder', timeOf(event)),
    approvalEscalation: ({ context, event }) => periodMs(context.plan, 'approvalEscalation', timeOf(event)),
    publicityPeriod: ({ context, event }) => periodMs(context.plan, 'publicity', timeOf(event)),
    conferenceNoticeLead: ({ context, event }) => periodMs(context.plan, 'conferenceNotice', timeOf(event)),
    postponementReminder: ({ context, event }) =>
      postponementTimers(context.plan, { nowMs: timeOf(event), untilIso: context.postponement!.until }).reminderMs,
    postponementDeadline: ({ context, event }) =>
      postponementTimers(context.plan, { nowMs: timeOf(event), untilIso: context.postponement!.until }).deadlineMs,
  },
  actions: {
    notify: (_, _params: NoticeParams) => {},
    startApprovalClock: enqueueActions(({ enqueue }) => {
      enqueue.raise({ type: 'APPROVAL_REMINDER' }, { delay: 'approvalReminder', id: 'approvalReminder' });
      enqueue.raise({ type: 'APPROVAL_ESCALATION' }, { delay: 'approvalEscalation', id: 'approvalEscalation' });
    }),
    stopApprovalClock: enqueueActions(({ enqueue }) => {
      enqueue.cancel('approvalReminder');
      enqueue.cancel('approvalEscalation');
      enqueue.assign({ overdue: false });
    }),
    remindApprover: enqueueActions(({ context, enqueue }, params: { role: Role }) => {
      enqueue({ type: 'notify', params: notice('approval-reminder', params.role, context) } as never);
    }),
    escalateToCounty: enqueueActions(({ context, enqueue }, params: { role: Role }) => {
      enqueue.assign({ overdue: true });
      enqueue({ type: 'notify', params: notice('approval-escalation', 'county-org-dept', context, { awaiting: params.role }) } as never);
    }),
    announceRuling: enqueueActions(({ context, event, enqueue }) => {
      const e = as<'RULE_OBJECTION'>(event);
      enqueue({ type: 'notify', params: notice('objection-ruling', 'village-board', context, { ruling: e.ruling, reason: e.reason }) } as never);
    }),
    recordOutcome: (_, _params: OutcomeParams) => {},
    recordInvestigation: assign(({ event }) => {
      const e = as<'RECORD_INVESTIGATION'>(event);
      return { investigation: { category: e.category, stable: e.stable, representatives: e.representatives, instability: e.instability } };
    }),
    recordPostponementRequest: assign(({ event }) => {
      const e = as<'PROPOSE_POSTPONEMENT'>(event);
      return { postponement: { reason: e.reason, until: e.until, approved: false } };
    }),
    recordSeats: assign(({ event }) => {
      const e = as<'APPROVE_START'>(event);
      return { seats: e.seats, electsDeputy: e.electsDeputy, method: e.method, sentBack: undefined };
    }),
    recordSendBack: assign(({ event }) => {
      const e = event as DecisionEvent & { reason: string };
      return { sentBack: { stage: SENT_BACK_FROM[e.type] ?? e.type, reason: e.reason, by: e.by.id } };
    }),
    recordMemberTally: assign(({ context, event }) => {
      const { tally } = as<'RECORD_MEMBER_RECOMMENDATION'>(event);
      return { memberTally: tally, nominees: nomineesPassing(tally, context.plan).passing };
    }),
    recordMassTally: assign(({ event }) => ({ massTally: as<'RECORD_MASS_RECOMMENDATION'>(event).tally })),
    recordInspection: assign(({ event }) => ({
      inspectionPassed: as<'RECORD_INSPECTION'>(event).verdicts.filter((v) => v.pass).map((v) => v.nomineeId),
    })),
    recordSlate: assign(({ event }) => ({ candidates: as<'APPROVE_SLATE'>(event).candidates, sentBack: undefined })),
    openPublicity: assign({ publicityEnded: false, objection: undefined }),
    recordObjection: assign(({ event }) => {
      const e = as<'FILE_OBJECTION'>(event);
      return { objection: { candidateId: e.candidateId, grounds: e.grounds, filedBy: e.filedBy } };
    }),
    recordFindings: assign(({ context, event }) => ({
      objection: { ...context.objection!, findings: as<'RECORD_OBJECTION_FINDINGS'>(event).findings },
    })),
    recordRuling: assign(({ context, event }) => {
      const e = as<'RULE_OBJECTION'>(event);
      const ruled = { ...context.objection!, ruling: e.ruling, reason: e.reason };
      return {
        objections: [...context.objections, ruled],
        objection: undefined,
        candidates: e.ruling === 'upheld' ? context.candidates.filter((id) => id !== ruled.candidateId) : context.candidates,
        inspectionPassed:
          e.ruling === 'upheld' ? context.inspectionPassed.filter((id) => id !== ruled.candidateId) : context.inspectionPassed,
        nominees: e.ruling === 'upheld' ? context.nominees.filter((id) => id !== ruled.candidateId) : context.nominees,
      };
    }),
    markPublicityEnded: assign({ publicityEnded: true }),
    recordAttendance: assign(({ context, event }) => {
      const e = as<'RECORD_ATTENDANCE'>(event);
      const quorum = quorumOf(context, e);
      return {
        attendance: { present: e.present, due: Number(quorum.figures.due ?? 0), quorumMet: quorum.ok },
        quorumFailures: context.quorumFailures + (quorum.ok ? 0 : 1),
      };
    }),
    recordScrutineers: assign(({ event }) => ({ scrutineers: as<'APPOINT_SCRUTINEERS'>(event).scrutineers })),
    openFirstBallot: assign(({ context }) => ({ ballot: firstBallot(context), pendingRound: undefined })),
    recordPendingRound: assign(({ context, event }) => ({ pendingRound: roundFromEvent(context, as<'RECORD_ROUND'>(event)) })),
    /** Keeps the counted round, adds whom it elected, and sets the next contest (re-run, tie, shortfall). */
    applyCount: assign(({ context }) => {
      const round = context.pendingRound!;
      const result = countOf(round);
      const counted = { ...round, status: result.status as 'void' | 'elected' | 'tie' | 'shortfall', elected: result.elected, message: result.verdict.message };
      const ballot = context.ballot!;
      const next: Partial<ElectionContext> = { rounds: [...context.rounds, counted], pendingRound: undefined };
      const won = result.elected ?? [];
      if (ballot.kind === 'committee') next.elected = [...context.elected, ...won];
      if (ballot.kind === 'secretary' && won[0]) next.secretary = won[0];
      if (ballot.kind === 'deputy' && won[0]) next.deputy = won[0];
      if (result.status === 'void') {
        // A re-run keeps what it re-runs: a tie-break is still decided by most votes, a shortfall may still reduce the seats.
        const purpose = ballot.purpose === 'tie' || ballot.purpose === 'shortfall' ? ballot.purpose : 'void-rerun';
        next.ballot = { ...ballot, round: ballot.round + 1, purpose };
      }
      if (result.status === 'tie') {
        next.ballot = { ...ballot, round: ballot.round + 1, purpose: 'tie', candidates: result.tied, seats: result.seatsForTie };
      }
      if (result.status === 'shortfall') {
        next.ballot = { ...ballot, round: ballot.round + 1, purpose: 'shortfall', candidates: result.notElected, seats: result.shortfall };
      }
      return next;
    }),
    reduceSeats: assign(({ context }) => ({ seats: context.elected.length, ballot: { ...context.ballot!, seats: 0 } })),
    openSecretaryBallot: assign(({ context }) => ({ ballot: secretaryBallot(context), secretary: undefined, deputy: undefined })),
    openDeputyBallot: assign(({ context }) => ({ ballot: deputyBallot(context) })),
    recordPlenary: assign(({ event }) => {
      const e = as<'RECORD_PLENARY'>(event);
      return { secretary: e.secretary, deputy: e.deputy };
    }),
    clearSecretary: assign({ secretary: undefined, deputy: undefined }),
    recordPostponementApproval: assign(({ context, event }) => ({
      postponement: { ...context.postponement!, until: as<'APPROVE_POSTPONEMENT'>(event).until ?? context.postponement!.until, approved: true },
    })),
    recordCancellation: assign(({ event }) => {
      const e = as<'CANCEL'>(event);
      return { cancellation: { reason: e.reason, by: e.by.id } };
    }),
  },
}).createMachine({
  id: 'election',
  context: ({ input }) => ({
    town: input.town,
    village: input.village,
    term: input.term,
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
  },
  states: {
    preparation: {
      initial: 'investigation',
      states: {
        /** Where a refused postponement request returns to. */
        hist: { type: 'history', history: 'shallow' },
        /** 调查摸底 */
        investigation: {
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
          on: {
            ...postponable,
            REPORT_FIT_TO_PROCEED: { target: 'startRequest' },
          },
        },
        /** 请示 */
        startRequest: {
          on: {
            SUBMIT_START_REQUEST: { guard: 'ruleSatisfied', target: 'startApproval' },
            ...postponable,
          },
        },
        /** 批复 */
        startApproval: {
          ...awaitingApproval('town-committee'),
          on: {
            ...awaitingApproval('town-committee').on,
            APPROVE_START: {
              guard: 'ruleSatisfied',
              target: 'mobilisation',
              actions: ['recordSeats', { type: 'notify', params: ({ context, event }) => notice('start-approved', 'village-branch', context, { seats: as<'APPROVE_START'>(event).seats }) }],
            },
            SEND_BACK_START: {
              target: 'startRequest',
              actions: ['recordSendBack', { type: 'notify', params: ({ context, event }) => notice('start-sent-back', 'village-branch', context, { reason: as<'SEND_BACK_START'>(event).reason }) }],
            },
            ...postponable,
          },
        },
        /** 宣传动员 */
        mobilisation: {
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
              actions: { type: 'notify', params: ({ context }) => notice('recommendation-meeting', 'voting-members', context) },
            },
            ...postponable,
          },
        },
        /** 党员推荐 */
        memberRecommendation: {
          on: {
            RECORD_MEMBER_RECOMMENDATION: { guard: 'ruleSatisfied', target: 'massRecommendation', actions: 'recordMemberTally' },
            ...postponable,
          },
        },
        /** 群众推荐 */
        massRecommendation: {
          on: {
            RECORD_MASS_RECOMMENDATION: { guard: 'ruleSatisfied', target: 'inspection', actions: 'recordMassTally' },
            ...postponable,
          },
        },
        /** 组织考察 and 联审 */
        inspection: {
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
        slateApproval: {
          ...awaitingApproval('town-committee'),
          on: {
            ...awaitingApproval('town-committee').on,
            APPROVE_SLATE: { guard: 'ruleSatisfied', target: '#election.publicity', actions: 'recordSlate' },
            SEND_BACK_SLATE: { target: 'inspection', actions: 'recordSendBack' },
            ...postponable,
          },
        },
      },
    },
    /** 公示: a durable period; objections pause nothing, but the period cannot close while one is open. */
    publicity: {
      entry: [
        'openPublicity',
        {
          type: 'notify',
          params: ({ context }) =>
            notice('candidate-publicity', 'village-board', context, { candidates: context.candidates.map((id) => nameOf(context, id)) }),
        },
        raise({ type: 'PUBLICITY_ENDED' }, { delay: 'publicityPeriod', id: 'publicityPeriod' }),
      ],
      exit: cancel('publicityPeriod'),
      initial: 'open',
      states: {
        open: {
          on: {
            PUBLICITY_ENDED: { target: '#election.conferenceNotice' },
            FILE_OBJECTION: {
              guard: 'ruleSatisfied',
              target: 'objectionInvestigation',
              actions: [
                'recordObjection',
                { type: 'notify', params: ({ context, event }) => notice('objection-received', 'inspection-team', context, { candidate: as<'FILE_OBJECTION'>(event).candidateId }) },
              ],
            },
          },
        },
        objectionInvestigation: {
          on: {
            PUBLICITY_ENDED: { actions: 'markPublicityEnded' },
            RECORD_OBJECTION_FINDINGS: { target: 'objectionRuling', actions: 'recordFindings' },
          },
        },
        objectionRuling: {
          ...awaitingApproval('town-committee'),
          on: {
            ...awaitingApproval('town-committee').on,
            PUBLICITY_ENDED: { actions: 'markPublicityEnded' },
            RULE_OBJECTION: [
              { guard: 'objectionUpheld', target: 'upheld', actions: ['recordRuling', 'announceRuling'] },
              { target: 'dismissed', actions: ['recordRuling', 'announceRuling'] },
            ],
          },
        },
        /** The upheld candidate is off the slate; if it breaks the competitive ratio, back to inspection. */
        upheld: {
          always: [
            { guard: 'slateStillCompetitive', target: 'resumed' },
            { target: '#election.preparation.inspection' },
          ],
        },
        dismissed: { always: 'resumed' },
        resumed: {
          always: [{ guard: 'publicityEnded', target: '#election.conferenceNotice' }, { target: 'open' }],
        },
      },
    },
    /** The conference notice: every voting member is told a lead time ahead. */
    conferenceNotice: {
      entry: [
        {
          type: 'notify',
          params: ({ context }) =>
            notice('conference-notice', 'voting-members', context, {
              members: votingMembers(context.roster).length,
              leadDays: context.plan.conferenceNoticeDays,
              renotice: context.quorumFailures > 0,
            }),
        },
        raise({ type: 'CONFERENCE_DUE' }, { delay: 'conferenceNoticeLead', id: 'conferenceNoticeLead' }),
      ],
      exit: cancel('conferenceNoticeLead'),
      on: { CONFERENCE_DUE: 'conference' },
    },
    /** 党员大会 */
    conference: {
      initial: 'attendance',
      states: {
        attendance: {
          on: {
            RECORD_ATTENDANCE: [
              { guard: and(['ruleSatisfied', 'quorumMet']), target: 'scrutineers', actions: 'recordAttendance' },
              {
                guard: 'ruleSatisfied',
                target: '#election.conferenceNotice',
                actions: ['recordAttendance', { type: 'notify', params: ({ context }) => notice('quorum-failed', 'village-board', context) }],
              },
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
      on: {
        RECORD_PLENARY: { guard: 'ruleSatisfied', target: 'resultApproval', actions: 'recordPlenary' },
      },
    },
    /** 报批: the town committee approves the secretary and deputy; the members are filed with the county. */
    resultApproval: {
      ...awaitingApproval('town-committee'),
      on: {
        ...awaitingApproval('town-committee').on,
        APPROVE_RESULT: {
          target: 'handover',
          actions: {
            type: 'notify',
            params: ({ context }) =>
              notice('result-filing', 'county-org-dept', context, {
                committee: context.elected.map((id) => nameOf(context, id)),
                secretary: context.secretary && nameOf(context, context.secretary),
                deputy: context.deputy && nameOf(context, context.deputy),
              }),
          },
        },
        REJECT_RESULT: [
          { guard: 'directSecretary', target: 'conference.awaitingRound', actions: ['recordSendBack', 'openSecretaryBallot'] },
          { target: 'firstPlenary', actions: ['recordSendBack', 'clearSecretary'] },
        ],
      },
    },
    /** 交接 and follow-up talks; the result is announced. */
    handover: {
      entry: {
        type: 'notify',
        params: ({ context }) =>
          notice('results-announcement', 'village-board', context, {
            committee: context.elected.map((id) => nameOf(context, id)),
            secretary: context.secretary && nameOf(context, context.secretary),
            deputy: context.deputy && nameOf(context, context.deputy),
          }),
      },
      on: { RECORD_HANDOVER: { guard: 'ruleSatisfied', target: 'completed' } },
    },
    completed: {
      type: 'final',
      entry: { type: 'recordOutcome', params: ({ context }) => ({ status: 'completed', facts: outcomeFacts(context) }) },
    },
    /** 延期换届: the county organisation department decides. */
    postponementRequested: {
      ...awaitingApproval('county-org-dept'),
      on: {
        ...awaitingApproval('county-org-dept').on,
        APPROVE_POSTPONEMENT: {
          guard: 'ruleSatisfied',
          target: 'postponed',
          actions: [
            'recordPostponementApproval',
            { type: 'notify', params: ({ context, event }) => notice('postponement-granted', 'town-committee', context, { until: as<'APPROVE_POSTPONEMENT'>(event).until ?? context.postponement?.until }) },
            { type: 'recordOutcome', params: ({ context }) => ({ status: 'postponed', facts: outcomeFacts(context) }) },
          ],
        },
        REFUSE_POSTPONEMENT: { target: 'preparation.hist', actions: 'recordSendBack' },
      },
    },
    postponed: {
      entry: [
        raise({ type: 'POSTPONEMENT_REMINDER' }, { delay: 'postponementReminder', id: 'postponementReminder' }),
        raise({ type: 'POSTPONEMENT_DEADLINE' }, { delay: 'postponementDeadline', id: 'postponementDeadline' }),
      ],
      exit: [cancel('postponementReminder'), cancel('postponementDeadline'), assign({ overdue: false })],
      on: {
        POSTPONEMENT_REMINDER: {
          actions: { type: 'notify', params: ({ context }) => notice('postponement-reminder', 'town-committee', context, { until: context.postponement?.until }) },
        },
        POSTPONEMENT_DEADLINE: {
          actions: [
            assign({ overdue: true }),
            { type: 'notify', params: ({ context }) => notice('postponement-overdue', 'county-org-dept', context, { until: context.postponement?.until }) },
          ],
        },
        REPORT_FIT_TO_PROCEED: { target: 'preparation.startRequest' },
      },
    },
    cancelled: {
      type: 'final',
      entry: [
        { type: 'notify', params: ({ context }) => notice('election-cancelled', 'village-board', context, { reason: context.cancellation?.reason }) },
        { type: 'recordOutcome', params: ({ context }) => ({ status: 'cancelled', facts: outcomeFacts(context) }) },
      ],
    },
  },
});

/** The facts of the village's outcome the town's summary report is built from. */
function outcomeFacts(context: ElectionContext): Record<string, unknown> {
  const member = (id: string) => context.roster.find((m) => m.id === id);
  return {
    town: context.town,
    village: context.village,
    term: context.term,
    method: context.method,
    form: context.form,
    category: context.investigation?.category,
    members: votingMembers(context.roster).length,
    probationaryMembers: context.roster.filter((m) => m.standing === 'probationary').length,
    representatives: context.investigation?.representatives,
    memberParticipants: context.memberTally?.participants,
    representativeParticipants: context.massTally?.participants,
    nomineesRecommended: Object.keys(context.memberTally?.votes ?? {}).length,
    nomineesPassing: context.nominees.length,
    candidates: context.candidates.length,
    seats: context.seats,
    elected: context.elected.map((id) => ({ ...member(id), id })),
    /** The whole outgoing committee: the basis of the previous term's average age in the town's report. */
    outgoingCommittee: context.roster.filter((m) => m.outgoingPost !== undefined),
    secretary: context.secretary,
    deputy: context.deputy,
    rounds: context.rounds.length,
    objections: context.objections.length,
    postponement: context.postponement,
    cancellation: context.cancellation,
  };
}

export type ElectionMachine = typeof electionMachine;
export { isoDay };
