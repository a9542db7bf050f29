import type { ElectionContext, RoundRecord } from './context';
import type { DecisionEvent, DecisionOf, DecisionType } from './events';
import {
  canReduceSeats,
  checkAttendance,
  checkPostponement,
  checkSecretaryElection,
  checkSlate,
  checkTally,
  countRound,
  nomineesPassing,
  requiredCandidates,
  seatsForBranch,
  votingMembers,
  type Verdict,
} from './rules';

/** The calendar date (UTC) of a workflow timestamp, as the rules take dates. */
export const isoDay = (at: number | undefined): string => new Date(at ?? 0).toISOString().slice(0, 10);

const accept = (code: string, message: string): Verdict => ({ ok: true, code, message, figures: {} });
const refuse = (code: string, message: string, figures: Record<string, unknown> = {}): Verdict => ({
  ok: false,
  code,
  message,
  figures,
});

const votingIds = (context: ElectionContext) => new Set(votingMembers(context.roster).map((m) => m.id));

/** The round a RECORD_ROUND would add to the current ballot, with the contest's own seats and candidates. */
export function roundFromEvent(context: ElectionContext, event: DecisionOf<'RECORD_ROUND'>): RoundRecord {
  const ballot = context.ballot!;
  return {
    kind: ballot.kind,
    round: ballot.round,
    purpose: ballot.purpose,
    seats: ballot.seats,
    candidates: ballot.candidates,
    votersPresent: event.votersPresent,
    ballotsIssued: event.ballotsIssued,
    ballotsReturned: event.ballotsReturned,
    validBallots: event.validBallots,
    invalidBallots: event.invalidBallots,
    votes: event.votes,
    writeIns: event.writeIns,
    disapprovedCandidates: event.disapprovedCandidates,
  };
}

/** Counts a recorded round with the national counting rules. */
export const countOf = (round: RoundRecord) => countRound(round);

type Check<K extends DecisionType> = (context: ElectionContext, event: DecisionOf<K>) => Verdict;

/**
 * The rule behind each decision that has one: the machine's guard is `check(...).ok`, and an
 * update validator shows the verdict's sentence when it is not.
 */
export const checks: { [K in DecisionType]?: Check<K> } = {
  PROPOSE_POSTPONEMENT: (_c, e) => checkPostponement({ requestedOn: isoDay(e.at), until: e.until }),
  APPROVE_POSTPONEMENT: (c, e) =>
    checkPostponement({ requestedOn: isoDay(e.at), until: e.until ?? c.postponement?.until ?? isoDay(e.at) }),
  SUBMIT_START_REQUEST: (c, e) => seatsForBranch(e.seats, votingMembers(c.roster).length),
  APPROVE_START: (c, e) => seatsForBranch(e.seats, votingMembers(c.roster).length),
  RECORD_MEMBER_RECOMMENDATION: (c, e) => {
    const tally = tallyOfMembers(c, e.tally);
    if (!tally.ok) return tally;
    const { passing, needed, enough } = recommendationOutcome(c, e.tally);
    return enough
      ? nomineesPassing(e.tally, c.plan).verdict
      : refuse(
          'TOO_FEW_NOMINEES_PASS',
          `tally: ${passing.length} nominee(s) passed the threshold but the slate needs at least ${needed}; hold the recommendation again`,
          { passing: passing.length, needed },
        );
  },
  RECORD_MASS_RECOMMENDATION: (c, e) => tallyOfMembers(c, e.tally),
  RECORD_INSPECTION: (c, e) => {
    const given = e.verdicts.map((v) => v.nomineeId);
    const missing = c.nominees.filter((id) => !given.includes(id));
    const extra = given.filter((id) => !c.nominees.includes(id));
    const twice = given.filter((id, i) => given.indexOf(id) !== i);
    if (missing.length || extra.length || twice.length) {
      return refuse(
        'INSPECTION_NOT_ONE_VERDICT_PER_NOMINEE',
        `verdicts: need exactly one per nominee who passed the recommendation (${c.nominees.join(', ')})` +
          (missing.length ? `; missing ${missing.join(', ')}` : '') +
          (extra.length ? `; not nominees: ${extra.join(', ')}` : '') +
          (twice.length ? `; given twice: ${twice.join(', ')}` : ''),
      );
    }
    const unexplained = e.verdicts.filter((v) => !v.pass && !v.reason?.trim());
    return unexplained.length
      ? refuse('INSPECTION_FAIL_WITHOUT_REASON', `verdicts: a fail needs a reason (missing for ${unexplained.map((v) => v.nomineeId).join(', ')})`)
      : accept('INSPECTION_RECORDED', `${e.verdicts.filter((v) => v.pass).length} of ${given.length} nominees passed inspection`);
  },
  APPROVE_SLATE: (c, e) => {
    if (c.form === 'secretary-direct') {
      const twice = [...new Set(e.candidates.filter((id, i) => e.candidates.indexOf(id) !== i))];
      if (twice.length) return refuse('SLATE_DUPLICATE_CANDIDATE', `candidates: ${twice.join(', ')} listed more than once; accepted: each candidate once`);
      const notPassed = e.candidates.filter((id) => !c.inspectionPassed.includes(id));
      return notPassed.length
        ? refuse('CANDIDATE_NOT_INSPECTED', `candidates: ${notPassed.join(', ')} did not pass inspection; accepted: ${c.inspectionPassed.join(', ')}`)
        : accept('SLATE_SECRETARY_DIRECT', `${e.candidates.length} candidate(s) for the directly elected secretary`);
    }
    return checkSlate({
      seats: c.seats!,
      candidates: e.candidates,
      roster: c.roster,
      inspectedPass: c.inspectionPassed,
      plan: c.plan,
      onDate: isoDay(e.at),
    }).verdict;
  },
  FILE_OBJECTION: (c, e) =>
    c.candidates.includes(e.candidateId)
      ? accept('OBJECTION_FILED', `objection against candidate ${e.candidateId} filed`)
      : refuse('OBJECTION_NOT_A_CANDIDATE', `candidateId: got "${e.candidateId}"; accepted: a candidate on the slate (${c.candidates.join(', ')})`),
  RECORD_ATTENDANCE: (c, e) => {
    // A true record of a conference without quorum is accepted: the machine re-notices the conference.
    const attendance = checkAttendance(c.roster, { present: e.present, excusals: e.excusals });
    return attendance.code === 'QUORUM_NOT_MET' ? { ...attendance, ok: true } : attendance;
  },
  APPOINT_SCRUTINEERS: (c, e) => {
    const present = new Set(c.attendance?.present ?? []);
    const absent = e.scrutineers.filter((id) => !present.has(id));
    const candidates = e.scrutineers.filter((id) => c.candidates.includes(id));
    if (absent.length) return refuse('SCRUTINEER_NOT_PRESENT', `scrutineers: ${absent.join(', ')} not among the voting members present`);
    if (candidates.length) return refuse('SCRUTINEER_IS_CANDIDATE', `scrutineers: ${candidates.join(', ')} are candidates; scrutineers must not be`);
    const twice = [...new Set(e.scrutineers.filter((id, i) => e.scrutineers.indexOf(id) !== i))];
    if (twice.length) return refuse('SCRUTINEER_DUPLICATE', `scrutineers: ${twice.join(', ')} listed more than once; accepted: each scrutineer once`);
    return accept('SCRUTINEERS_APPOINTED', `${e.scrutineers.length} scrutineers appointed`);
  },
  RECORD_ROUND: (c, e) => {
    const result = countOf(roundFromEvent(c, e));
    return result.status === 'rejected' ? result.verdict : { ...result.verdict, ok: true };
  },
  CONFIRM_COUNT: (c, e) =>
    c.scrutineers.includes(e.by.id)
      ? accept('COUNT_CONFIRMED', `count confirmed by scrutineer ${e.by.id}`)
      : refuse('NOT_AN_APPOINTED_SCRUTINEER', `by.id: got "${e.by.id}"; accepted: an appointed scrutineer (${c.scrutineers.join(', ')})`),
  REDUCE_SEATS: (c, e) => {
    if (c.ballot?.purpose !== 'shortfall') {
      return refuse('NO_SHORTFALL', 'seats may be reduced only after a round that left seats unfilled');
    }
    const allowed = canReduceSeats({ elected: c.elected.length, seats: c.seats ?? 0 });
    if (!allowed.ok) return allowed;
    const present = c.attendance?.present.length ?? 0;
    return e.votesFor * 2 > present
      ? accept('SEATS_REDUCED', `${e.votesFor} of ${present} present voted to reduce the seats to ${c.elected.length}: more than half`)
      : refuse('REDUCTION_NOT_CARRIED', `votesFor: ${e.votesFor} of ${present} present is not more than half (${e.votesFor * 2} > ${present} is false)`);
  },
  RECORD_PLENARY: (c, e) =>
    checkSecretaryElection({
      committee: c.elected,
      secretary: e.secretary,
      deputy: e.deputy,
      electsDeputy: c.electsDeputy ?? false,
      roster: c.roster,
      plan: c.plan,
      onDate: isoDay(e.at),
    }),
  RECORD_HANDOVER: (c, e) => {
    const unknown = e.talks.map((t) => t.memberId).filter((id) => !c.roster.some((m) => m.id === id));
    return unknown.length
      ? refuse('TALK_WITH_UNKNOWN_MEMBER', `talks: ${unknown.join(', ')} not on the village roster`)
      : accept('HANDOVER_RECORDED', 'handover recorded');
  },
};

function tallyOfMembers(c: ElectionContext, tally: DecisionOf<'RECORD_MEMBER_RECOMMENDATION'>['tally']): Verdict {
  const shape = checkTally(tally);
  if (!shape.ok) return shape;
  const voting = votingIds(c);
  const strangers = Object.keys(tally.votes).filter((id) => !voting.has(id));
  return strangers.length
    ? refuse('NOMINEE_NOT_ELIGIBLE', `tally.votes: ${strangers.join(', ')} are not full members of this village; only full members may stand`)
    : shape;
}

/** The verdict of an event's rule, or an accepting verdict for events without one. */
export function checkEvent(context: ElectionContext, event: DecisionEvent): Verdict {
  const check = checks[event.type];
  return check ? check(context, event as never) : accept('NO_RULE', 'no numeric rule applies');
}

/** How many nominees passed the Party member recommendation, and whether that can fill a slate. */
export function recommendationOutcome(context: ElectionContext, tally: DecisionOf<'RECORD_MEMBER_RECOMMENDATION'>['tally']) {
  const { passing } = nomineesPassing(tally, context.plan);
  const needed = context.form === 'committee' ? requiredCandidates(context.seats ?? 0) : 1;
  return { passing, needed, enough: passing.length >= needed };
}
