import type { DecisionType } from '../machines/events';

/**
 * One example payload per decision type, as `election decide --payload` takes it (the fields beside `type` and `by`), for
 * a committee of 5 seats among members m01..m38. A test parses each with its decision's schema, so none can go stale.
 */
export const DECISION_EXAMPLES: Record<DecisionType, Record<string, unknown>> = {
  RECORD_INVESTIGATION: { category: 'good', stable: true, representatives: 24, notes: 'no petitions this term' },
  PROPOSE_POSTPONEMENT: { reason: 'two clans contest the branch', until: '2027-06-30' },
  APPROVE_POSTPONEMENT: { until: '2027-06-30' },
  REFUSE_POSTPONEMENT: { reason: 'the village can proceed now' },
  REPORT_FIT_TO_PROCEED: { findings: 'the dispute was settled by mediation' },
  SUBMIT_START_REQUEST: { seats: 5, electsDeputy: true, method: 'two-recommendations-one-election' },
  APPROVE_START: { seats: 5, electsDeputy: true, method: 'two-recommendations-one-election' },
  SEND_BACK_START: { reason: 'the seats exceed the usual five' },
  RECORD_MOBILISATION: { postedOn: '2026-11-24', democraticEvaluation: 'the outgoing committee was rated good' },
  RECORD_MEMBER_RECOMMENDATION: {
    tally: {
      participants: 34,
      ballotsIssued: 34,
      ballotsReturned: 34,
      votes: { m01: 30, m02: 28, m04: 25, m05: 22, m06: 20, m07: 19, m08: 5 },
    },
  },
  RECORD_MASS_RECOMMENDATION: {
    tally: { participants: 24, ballotsIssued: 24, ballotsReturned: 24, votes: { m01: 20, m02: 19, m04: 18, m05: 16, m06: 15, m07: 14 } },
  },
  RECORD_INSPECTION: {
    verdicts: [
      { nomineeId: 'm01', pass: true },
      { nomineeId: 'm02', pass: true },
      { nomineeId: 'm08', pass: false, reason: 'on the negative list of the joint review' },
    ],
  },
  APPROVE_SLATE: { candidates: ['m01', 'm02', 'm04', 'm05', 'm06', 'm07'] },
  SEND_BACK_SLATE: { reason: 'no woman on the slate' },
  FILE_OBJECTION: { candidateId: 'm04', grounds: 'an undeclared business interest', filedBy: 'a villager of group 3' },
  RECORD_OBJECTION_FINDINGS: { findings: 'the grounds were checked with the bank and are unfounded' },
  RULE_OBJECTION: { ruling: 'dismissed', reason: 'the findings show no undeclared interest' },
  CALL_CONFERENCE: { date: '2026-12-08', time: '09:00', place: '村党群服务中心会议室' },
  RECORD_ATTENDANCE: {
    present: ['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm09', 'm10'],
    excusals: [{ memberId: 'm11', category: 'illness', higherLevelConsent: true, conferenceApproved: true }],
  },
  APPOINT_SCRUTINEERS: { scrutineers: ['m03', 'm09'] },
  RECORD_ROUND: {
    votersPresent: 34,
    ballotsIssued: 34,
    ballotsReturned: 34,
    validBallots: 33,
    invalidBallots: 1,
    votes: { m01: 31, m02: 29, m04: 26, m05: 24, m06: 20, m07: 12 },
  },
  CONFIRM_COUNT: {},
  REDUCE_SEATS: { votesFor: 20 },
  RECORD_PLENARY: {
    secretary: 'm01',
    deputy: 'm02',
    membersPresent: ['m01', 'm02', 'm04', 'm05', 'm06'],
    votes: { secretary: { m01: 5 }, deputy: { m02: 4, m04: 1 } },
  },
  APPROVE_RESULT: {},
  REJECT_RESULT: { reason: 'the deputy has not served a full year' },
  RECORD_HANDOVER: { handedOverOn: '2026-12-20', talks: [{ memberId: 'm01', notes: 'the seal and the accounts were handed over' }] },
  CANCEL: { reason: 'the village was merged into an urban community' },
};
