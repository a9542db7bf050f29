import { beijingPeriod, periodEndsOn, periodMs, provisionalNote } from './calendar';
import { countRound, type Round } from './counting';
import { canReduceSeats, checkSeatReduction, seatReductionVote } from './seatReduction';
import { committeeForm, seatsForBranch, seatsVerdict } from './committee';
import { attendanceRecord, canVote, EXCUSAL_CATEGORIES, quorumVerdict, votingMembers } from './electorate';
import { candidateBlocks, compositionWarnings } from './eligibility';
import { checkConferenceCall } from './conference';
import { checkHandover } from './handover';
import { checkInspection } from './inspection';
import { addYears } from './isoDate';
import { checkObjection } from './objection';
import { checkPostponement, postponementInstants, postponementTimers } from './postponement';
import { checkMemberRecommendation, checkRecommendationTally, checkTally, nomineesPassing } from './recommendation';
import { checkPlenaryVote } from './plenary';
import { checkRoundRecord } from './roundRecord';
import { checkCountConfirmation, checkScrutineers } from './scrutineers';
import { checkSecretaryElection, secretaryCandidates, secretaryMembership } from './secretary';
import { checkSlate, competitiveRatioVerdict, enoughNominees, slateAfterRemoval } from './slate';
import { TERM_YEARS } from './term';
import { defaultTownPlan, safeguardProblems } from './townPlan';
import type { Member } from './member';
import type { Verdict } from './verdict';

/** Any exported rule function: the catalogue holds the functions themselves, never their names. */
export type RuleFunction = (...args: never[]) => unknown;

/** One election rule as a cadre reads it, with the code that enforces it and worked examples from that code. */
export interface RuleEntry {
  /** Stable kebab-case id. */
  id: string;
  title: string;
  /** 'national': fixed by the Party's regulations, in code; 'local': a town plan setting with a default. */
  kind: 'national' | 'local';
  /** The rule in plain language, with any reading chosen where the source is unclear. */
  statement: string;
  /**
   * The exported functions of machines/rules the election calls to enforce it (a test drives the machine and
   * fails when one is not called, or when the election calls a rule no entry holds). Empty for a rule the
   * election only states (the term of office).
   */
  checks: readonly RuleFunction[];
  /** For local rules: the town plan field(s) and their default. */
  setting?: string;
  /** How the rule reads its source where the words leave a point open; for the rest, what it takes literally. */
  reading?: string;
  /**
   * Where the rule changed between machine versions: the version it applies from as stated, and what elections
   * started on an earlier version keep applying (machines/editions.ts). A rule without it is the same on every version.
   */
  changed?: { since: number; before: string };
  /** Worked examples, computed by the rule itself so the page cannot drift from the code. */
  examples?: () => string[];
}

const shown = (v: Verdict) => `\`${v.code}\`: ${v.message}`;

const plan = defaultTownPlan();

/** A secretary round for 1 seat in which every voter present returns a valid ballot and `a` gets `votes`. */
const secretaryRound = (votersPresent: number, votes: number, dueToAttend?: number): Round => ({
  kind: 'secretary',
  seats: 1,
  candidates: ['a'],
  votersPresent,
  ballotsIssued: votersPresent,
  ballotsReturned: votersPresent,
  validBallots: votersPresent,
  invalidBallots: 0,
  votes: { a: votes },
  ...(dueToAttend === undefined ? {} : { dueToAttend }),
});

function sampleMember(id: string, name: string, standing: Member['standing']): Member {
  return { id, name, gender: 'female', birthDate: '1980-05-01', joinedParty: '2005-07-01', standing, education: 'high-school' };
}

/** Every rule of the domain reference's "Numeric rules" table, and the readings chosen. Source of docs/rules.md. */
export const RULES: readonly RuleEntry[] = [
  {
    id: 'voting-rights',
    title: 'Who may vote and stand',
    kind: 'national',
    statement:
      'Only full Party members vote and stand. Probationary members (预备党员) and members on probation within the Party (留党察看) have no vote; members under detention or arrest have their rights suspended.',
    checks: [votingMembers, canVote],
    reading: 'as the 2020 Regulations (art. 5) say it: only the standing recorded in the roster decides.',
    examples: () => [shown(canVote(sampleMember('m1', '李华', 'full'))), shown(canVote(sampleMember('m2', '赵敏', 'probationary')))],
  },
  {
    id: 'due-to-attend',
    title: 'Who is due to attend (应到会)',
    kind: 'national',
    statement: `Every voting member is due to attend, less those excused with the consent of the higher Party organisation and a vote of the conference, in these categories only: ${Object.values(EXCUSAL_CATEGORIES).join('; ')}. Any other absentee still counts as due. An excusal of an unknown member, of a member without a vote, recorded twice, or of any other category refuses the record.`,
    checks: [attendanceRecord],
    reading:
      'the five categories are the only grounds; an excusal counts only with both the higher-level consent and the conference vote recorded.',
  },
  {
    id: 'quorum',
    title: 'Quorum',
    kind: 'national',
    statement:
      'The voting members present must be MORE than 4/5 of those due to attend. Exactly 4/5 is not enough (read strictly). Present voters must be voting members of the roster, listed once and not excused.',
    checks: [attendanceRecord],
    reading: '"more than 4/5" is strict: 5 × present > 4 × due, in whole numbers.',
    examples: () => [shown(quorumVerdict({ due: 50, presentVoters: 40 })), shown(quorumVerdict({ due: 50, presentVoters: 41 }))],
  },
  {
    id: 'committee-form',
    title: 'Committee or direct election of the secretary',
    kind: 'national',
    statement:
      'A branch with 7 or more full members elects a committee. With 3 to 6 full members there is no committee: the conference elects a secretary, and a deputy if needed, directly. Fewer than 3 full members cannot form a branch; a joint branch is outside this system and is refused with that explanation.',
    checks: [committeeForm],
    reading: 'the full members of the roster are counted; a joint branch is out of scope.',
    examples: () => [shown(committeeForm(9)), shown(committeeForm(5)), shown(committeeForm(2))],
  },
  {
    id: 'committee-size',
    title: 'Committee size',
    kind: 'national',
    statement:
      'A committee has 3 to 5 members, at most 7: 6 or 7 seats are allowed and marked as above the usual size. The seats may not need more candidates (see the competitive ratio) than there are full members.',
    checks: [seatsForBranch, seatsVerdict],
    reading:
      '"normally at most 7" is read as a ceiling, since no exception procedure is given; 0, negative, fractional or NaN seats are refused.',
    examples: () => [shown(seatsVerdict(5, 30)), shown(seatsVerdict(7, 30)), shown(seatsVerdict(8, 30))],
  },
  {
    id: 'competitive-ratio',
    title: 'Competitive ratio (差额)',
    kind: 'national',
    statement:
      'A committee slate has at least seats × 1.2 candidates, rounded up: 3 seats need 4 candidates, 5 need 6, 7 need 9; a directly elected secretary needs one, and two when the conference elects a deputy from the slate too. When fewer nominees pass the recommendation threshold or the inspection, the recommendation is held again: the tally in which too few passed is recorded, and the status shows why the recommendation is held again. If an upheld objection removes a candidate and the slate falls below this, the process returns to inspection and slate approval.',
    checks: [checkSlate, enoughNominees, slateAfterRemoval],
    reading: '"rounded up" is ceil(6 × seats / 5) in whole numbers.',
    changed: {
      since: 2,
      before:
        'a tally in which too few nominees passed was refused, not recorded; a directly elected secretary and deputy needed one candidate',
    },
    examples: () => [shown(competitiveRatioVerdict(5, 6)), shown(slateAfterRemoval(7, 8))],
  },
  {
    id: 'candidate-standing',
    title: 'Each candidate on the slate',
    kind: 'national',
    statement:
      'Each candidate, for a committee or for a directly elected secretary, is a voting member of the roster, listed once, who passed the organisational inspection and joint review (组织考察, 联审). The same checks hold on every path: where there is no committee, the deputy is elected from the approved slate, never from the voting members at large.',
    checks: [checkSlate],
    reading:
      'the deputy of a branch without a committee comes from the approved slate (inspected, within the age limits), the secretary elected excepted.',
    changed: { since: 2, before: 'the deputy ballot of a branch without a committee listed every voting member but the secretary' },
  },
  {
    id: 'recommendation-tally',
    title: 'Recommendation tallies add up',
    kind: 'national',
    statement:
      'In the Party member and the mass recommendation, ballots returned are at most ballots issued, ballots issued at most the participants (one each), and no nominee has more votes than ballots returned; every nominee is a full member of the branch. The tally is bounded by who exists: the participants are at most the voting members (Party member recommendation) or the villager representatives recorded at the investigation (mass recommendation), and all votes together are at most ballots returned × the posts to fill. A tally that does not add up is refused for correction, never repaired.',
    checks: [checkRecommendationTally, checkMemberRecommendation],
    reading:
      'a recommendation ballot names at most as many people as there are posts to fill: the seats of a committee, or the secretary (and the deputy, when one is elected) where there is none.',
    changed: { since: 2, before: 'participants and the sum of the votes were not bounded' },
    examples: () => [shown(checkTally({ participants: 30, ballotsIssued: 30, ballotsReturned: 31, votes: { m1: 20 } }))],
  },
  {
    id: 'recommendation-threshold',
    title: 'Recommendation threshold',
    kind: 'local',
    statement:
      'A nominee goes to inspection with votes from MORE than the set share of the members taking part in the Party member recommendation; exactly that share is not enough. The mass recommendation is recorded as a reference, with no threshold.',
    checks: [checkMemberRecommendation, nomineesPassing],
    reading: '"more than the share" is strict: denominator × votes > numerator × participants.',
    setting: `recommendationThreshold: default ${plan.recommendationThreshold.numerator}/${plan.recommendationThreshold.denominator}`,
    examples: () => [
      shown(nomineesPassing({ participants: 30, ballotsIssued: 30, ballotsReturned: 30, votes: { m1: 25, m2: 11, m3: 10 } }, plan).verdict),
    ],
  },
  {
    id: 'inspection',
    title: 'Inspection and joint review (组织考察, 联审)',
    kind: 'national',
    statement:
      'The inspection team gives exactly one verdict on each nominee who passed the Party member recommendation; a nominee who fails is given the reason. Only those who pass may stand.',
    checks: [checkInspection],
    reading: 'one verdict on each nominee who passed the threshold, none on anyone else.',
    examples: () => [shown(checkInspection({ verdicts: [{ nomineeId: 'm1', pass: false }], nominees: ['m1'] }))],
  },
  {
    id: 'eligibility-age',
    title: 'Age limits for candidates',
    kind: 'local',
    statement:
      'A member of the outgoing committee older than the retained-member limit may not stand again; anyone else is normally not older than the new-member limit. The retained-member limit blocks the slate. The new-member limit ("normally 45 or under") is a warning the town committee may override for a named candidate with a recorded reason (`ageExceptions` of APPROVE_SLATE); the exception is kept with the slate and shown wherever the warnings are.',
    checks: [checkSlate, candidateBlocks],
    reading:
      'whole years of age on the Beijing day of the check; the same limits apply to a write-in before it takes a seat and to the deputy of a branch without a committee (no exception there: the town committee approves only the slate).',
    changed: { since: 2, before: 'the new-member limit blocked the slate, and ages were counted on the UTC day' },
    setting: `eligibility.maxAgeRetained: default ${plan.eligibility.maxAgeRetained}; eligibility.maxAgeNewMember: default ${plan.eligibility.maxAgeNewMember}`,
  },
  {
    id: 'eligibility-targets',
    title: 'Women and younger members (targets)',
    kind: 'local',
    statement:
      'At least the set number of women and of members aged 35 or under (35岁以下, which includes 35) among the candidates and on the elected committee. These are targets: falling short never blocks. From machine version 2 it is recorded as a warning when the slate is approved and again when the committee is elected (ages on the day of the count), and the warning reaches people: in the decision’s receipt, the status view, the inbox and the town report. A committee of 6 or 7 seats, above the usual size, is a warning too.',
    checks: [checkSlate, compositionWarnings],
    reading:
      '35岁以下 includes 35, as Chinese usage counts it; ages on the Beijing day of the slate’s approval, and of the count that elected the committee.',
    changed: {
      since: 2,
      before: 'the targets were computed on the slate and dropped: no warning reached anyone, and the elected committee was not checked',
    },
    setting: `eligibility.minWomen: default ${plan.eligibility.minWomen}; eligibility.minUnder35: default ${plan.eligibility.minUnder35}`,
  },
  {
    id: 'objection',
    title: 'Objections during the publicity',
    kind: 'national',
    statement:
      'An objection is against a candidate on the approved slate. It is investigated and the town committee rules on it; an upheld objection takes the candidate off the slate. The publicity cannot close while an objection is open. From machine version 2 an objection is accepted in every part of the publicity period, also while another is investigated or awaits its ruling: it waits its turn and each one is ruled on, none is lost; once the period has run out no new objection is accepted. A slate that an upheld objection leaves below the competitive ratio returns to inspection once every objection filed has been ruled on.',
    checks: [checkObjection],
    reading:
      'objections are dealt with one at a time, in the order they were filed; the findings and the ruling are on the oldest one open.',
    changed: { since: 2, before: 'an objection filed while another was investigated or awaited its ruling was refused (wrong stage)' },
  },
  {
    id: 'proxy-voting',
    title: 'No proxy voting',
    kind: 'national',
    statement: 'Ballots go only to voters present, one each: a round with more ballots issued than voters present is refused.',
    checks: [countRound],
    reading:
      'a ballot issued is a ballot handed to a voter present; the voters present are those the attendance records (see the next rule).',
  },
  {
    id: 'round-attendance',
    title: "Each round's voters present",
    kind: 'national',
    statement:
      "A round's voters present are the voting members the attendance recorded: all of them, or fewer only for members recorded as having left, each with the reason, and then the quorum is checked again. A round whose figure is not that, or at which fewer than more than 4/5 of those due remain, is refused. The vote to reduce the seats counts those present at the last round.",
    checks: [checkRoundRecord],
    reading:
      'a conference that has lost its quorum cannot vote: the round is refused until more than 4/5 of those due are present again, and nothing is counted.',
    changed: { since: 2, before: "each round's voters present were typed in and not checked against the attendance" },
  },
  {
    id: 'scrutineers',
    title: 'Scrutineers (监票人)',
    kind: 'national',
    statement:
      'Scrutineers are chosen among the Party members recorded present at the conference who are not candidates, each once, and approved by the conference; only an appointed scrutineer confirms a count, and never one who stands in that round (a candidate, or the member a write-in was identified as). Reading chosen: probationary members may serve (the regulation says "Party members"), but as the attendance lists the voting members present, the election takes its scrutineers from them; members with suspended rights may not serve.',
    checks: [checkScrutineers, checkCountConfirmation],
    reading: 'a scrutineer is "not a candidate" in every round they confirm, write-ins included.',
    changed: { since: 2, before: 'any appointed scrutineer confirmed any round, even one in which they stood' },
  },
  {
    id: 'round-validity',
    title: 'Valid and void rounds',
    kind: 'national',
    statement:
      'If no more ballots are returned than were issued, the round is valid; if more are returned than issued, the round is void and is re-run.',
    checks: [countRound],
    reading: 'as the regulation says it; a void round is re-run whatever else its record says.',
    examples: () => [
      shown(
        countRound({
          kind: 'committee',
          seats: 5,
          candidates: ['a', 'b', 'c', 'd', 'e', 'f'],
          votersPresent: 48,
          ballotsIssued: 48,
          ballotsReturned: 49,
          validBallots: 49,
          invalidBallots: 0,
          votes: { a: 40, b: 38, c: 35, d: 30, e: 29, f: 20 },
        }).verdict,
      ),
    ],
  },
  {
    id: 'count-adds-up',
    title: 'A count that does not add up is refused',
    kind: 'national',
    statement:
      'A valid ballot marks at most as many names as there are seats (more makes it invalid; invalid ballots still count as returned). Valid plus invalid ballots equal the ballots returned; every candidate has a recorded number of votes (0 included), none more than the valid ballots; all votes together are at most valid ballots × seats. Otherwise the record is refused for correction and nothing is counted or repaired.',
    checks: [countRound],
    reading:
      'the scrutineers record totals, not ballots; what the totals cannot show (a single ballot marking too many names) is counted among the invalid ballots by them.',
    examples: () => [
      shown(
        countRound({
          kind: 'committee',
          seats: 3,
          candidates: ['a', 'b', 'c', 'd'],
          votersPresent: 40,
          dueToAttend: 40,
          ballotsIssued: 40,
          ballotsReturned: 40,
          validBallots: 38,
          invalidBallots: 1,
          votes: { a: 30, b: 28, c: 25, d: 10 },
        }).verdict,
      ),
    ],
  },
  {
    id: 'write-ins',
    title: 'Write-in votes',
    kind: 'national',
    statement:
      'A voter may write in another name only in place of a candidate they disapprove. A round with write-in votes but no disapproved candidate is refused. A write-in with the majority that elects takes a seat only once the round record identifies the person as a member of the roster who may stand: a full member within the age limits, not elected already, on the new committee for a post of a branch that has one, and with the years of membership for the secretary. Until then the round is refused and the election waits; a write-in identified as someone who may not stand (null: not a member of this branch) takes no seat, the votes stay recorded and the seat goes to another election.',
    checks: [checkRoundRecord, countRound],
    reading: 'the identity is recorded with the round (writeInMembers: the name written → the member id, or null).',
    changed: { since: 2, before: 'an elected write-in took the seat under the name written, never identified' },
  },
  {
    id: 'elected-majority',
    title: 'Who is elected',
    kind: 'national',
    statement:
      'A candidate is elected only with votes in favour from MORE than half of the voting members due to attend (应到会有选举权的党员), as the 2020 Regulations count it; exactly half fails. Members present who do not vote for the candidate, abstain or spoil their ballot count against, and so does every member due who is absent.',
    checks: [countRound, checkRoundRecord],
    reading:
      'the 2020 Regulations and the 2023 Q&A on them: a basic-level organisation elects, like a local one, with more than half of those due to attend (2 × votes > due).',
    changed: {
      since: 2,
      before:
        'more than half of the voters present (实到会), as the 1990 interim regulations counted it: with 50 due and 41 present, 22 votes elected',
    },
    examples: () => [
      shown(countRound(secretaryRound(41, 22, 50)).verdict),
      shown(countRound(secretaryRound(41, 26, 50)).verdict),
      `on version 1: ${shown(countRound(secretaryRound(41, 22), { edition: 1 }).verdict)}`,
    ],
  },
  {
    id: 'more-than-seats',
    title: 'More pass than there are seats; ties on the last seat',
    kind: 'national',
    statement:
      'When more candidates pass than there are seats, the highest votes fill the seats. A tie on the last seat is never broken by the system: it leads to a re-vote among the tied candidates, in which the most votes decide.',
    checks: [countRound],
    reading:
      'a tie-break is a re-vote among the tied only, decided by most votes (they already had the majority); it is never broken by lot.',
    examples: () => [
      shown(
        countRound({
          kind: 'committee',
          seats: 3,
          candidates: ['a', 'b', 'c', 'd'],
          votersPresent: 40,
          dueToAttend: 40,
          ballotsIssued: 40,
          ballotsReturned: 40,
          validBallots: 40,
          invalidBallots: 0,
          votes: { a: 35, b: 30, c: 25, d: 25 },
        }).verdict,
      ),
    ],
  },
  {
    id: 'shortfall',
    title: 'Fewer pass than there are seats',
    kind: 'national',
    statement:
      'Another election (另行选举) is held for the unfilled seats among the candidates not elected. Or, if the number elected is close to the seats and not below the minimum committee of 3, the conference may vote, with more than half of the voters present, to reduce the seats and stop. Reading chosen for "close": exactly one short.',
    checks: [countRound, checkSeatReduction],
    reading:
      '"close" is exactly one short; the reduction is carried by more than half of the electors present (经半数以上选举人同意), from version 2 those present at the last round.',
    changed: { since: 2, before: 'the reduction vote was counted against everyone recorded at the attendance, whoever had left' },
    examples: () => [
      shown(canReduceSeats({ elected: 4, seats: 5 })),
      shown(canReduceSeats({ elected: 3, seats: 5 })),
      shown(seatReductionVote({ inFavour: 20, votersPresent: 40 })),
    ],
  },
  {
    id: 'secretary-election',
    title: 'Secretary and deputy',
    kind: 'national',
    statement:
      "The new committee's first plenary elects the secretary (and the deputy, when one is to be elected) from among its members; in the direct-election variant (两推直选) and in branches without a committee, the conference elects them on a separate ballot. Secretary and deputy are different people. The town committee approves them; committee members are only filed. A secretary the town committee rejects goes back to the first plenary, or, when the conference elected the secretary, to a new conference: its notice, attendance and scrutineers, then the ballot for the secretary (and deputy) again.",
    checks: [checkSecretaryElection, countRound],
    reading: 'the conference that elected a rejected secretary has ended; only a conference called anew may vote again.',
    changed: { since: 2, before: 'a rejected directly elected secretary went back to a ballot at the conference that had ended' },
  },
  {
    id: 'first-plenary',
    title: "The first plenary's vote",
    kind: 'national',
    statement:
      'The first plenary records its vote: the committee members present and the votes for each candidate, secretary and deputy. As at the conference, the secretary and the deputy are elected with votes from MORE than half of the committee, all of its members counted; exactly half fails, and the plenary votes again.',
    checks: [checkSecretaryElection, checkPlenaryVote],
    reading:
      'the committee members are those due to attend the plenary; no quorum is set beyond that majority, which fewer members present cannot reach.',
    changed: { since: 2, before: 'the plenary recorded only whom it elected, without its vote' },
  },
  {
    id: 'secretary-membership',
    title: "Secretary's years of membership",
    kind: 'local',
    statement:
      'The secretary has at least the set number of whole years of Party membership (党龄) on the day of the election, in every variant: at the first plenary, on the direct ballot of the pilot (两推直选) and of a branch without a committee (where only candidates with the years are on the ballot, and a slate needs at least one), and for a write-in. Party standing counts from full membership, the end of probation.',
    checks: [checkSecretaryElection, secretaryCandidates, secretaryMembership, checkSlate],
    reading:
      "the roster's full_member_since (fullMemberSince) gives the day probation ended; a roster without it is read as full membership one year after joining, the probation the Constitution sets (an extended probation must be recorded).",
    changed: { since: 2, before: 'counted from joining the Party, and only at the first plenary' },
    setting: `eligibility.secretaryMinMembershipYears: default ${plan.eligibility.secretaryMinMembershipYears}`,
  },
  {
    id: 'handover',
    title: 'Handover and follow-up talks (交接)',
    kind: 'national',
    statement:
      'The outgoing committee hands over to the new one; the follow-up talks recorded with it are held with members of the village roster.',
    checks: [checkHandover],
    reading: 'the follow-up talks are with members of the roster; their content is not checked.',
  },
  {
    id: 'term',
    title: 'Term of office',
    kind: 'national',
    statement: 'A branch committee serves 5 years, to the same calendar date five years after its election.',
    checks: [],
    examples: () => [`elected on 2026-03-20: the term ends on ${addYears('2026-03-20', TERM_YEARS)}`],
  },
  {
    id: 'postponement',
    title: 'Postponement (延期换届)',
    kind: 'national',
    statement:
      'A postponement needs the approval of the higher Party organisation and normally lasts at most one year, measured from the original due date and across chained postponements: the new date is after the decision (the request, or the county’s approval) and no later than the same calendar date one year after the due date. Every request is kept with the county’s decision on it. The timers end at 24:00 Beijing time of the date. The town is reminded before the date and the matter is escalated when it passes.',
    checks: [checkPostponement, postponementTimers, postponementInstants],
    reading:
      'the original due date is the (Beijing) day the first postponement was requested, the system knowing no earlier date for the election; from a 29 February, one year on is the 28th (Civil Code art. 202).',
    changed: {
      since: 2,
      before: 'the year ran from each request, or from the approval day, on UTC days, so a chain or a late approval could pass it',
    },
    setting: `postponementReminderDays (days before the date to remind): default ${plan.postponementReminderDays}`,
    examples: () => [
      shown(checkPostponement({ requestedOn: '2026-03-02', until: '2027-03-02', dueOn: '2026-03-02' })),
      shown(checkPostponement({ requestedOn: '2026-06-01', until: '2027-03-03', dueOn: '2026-03-02' })),
      shown(checkPostponement({ requestedOn: '2026-03-02', until: '2027-03-02', dueOn: '2026-03-02', decidedOn: '2027-03-05' })),
    ],
  },
  {
    id: 'publicity-period',
    title: 'Candidate publicity period (公示)',
    kind: 'local',
    statement:
      'The slate is publicised for a number of working days, at least one. The day it is posted does not count; the period ends at the end of its last working day. Saturdays, Sundays and public holidays are not working days; make-up working days (调休上班) are. The days are Beijing days (Asia/Shanghai, UTC+8): a slate approved on Monday at 07:30 in Beijing (Sunday 23:30 UTC) is posted on the Monday, and the period ends at 24:00 Beijing time (16:00 UTC) of its last working day. A period that counts working days of a year without a State Council notice is provisional, and says so wherever its end is shown. The town plan’s `durationOverridesMs`, which shortens the periods for a demo or a test, is accepted only by a worker started in demo or test mode, and the status view says that the periods are shortened.',
    checks: [periodMs, beijingPeriod, safeguardProblems],
    reading:
      'China keeps no daylight saving time, so the Beijing day is epoch time plus 8 hours; a year counts as official once its State Council notice is loaded.',
    changed: {
      since: 2,
      before:
        'days were UTC days (a period ended at 08:00 Beijing time), a 0-day period was accepted, and nothing said a deadline was provisional',
    },
    setting: `publicityWorkingDays: default ${plan.publicityWorkingDays}; calendar: see the list at the end of this page`,
    examples: () => [
      `posted on Monday 2026-03-02: ${plan.publicityWorkingDays} working days end on ${periodEndsOn(plan, 'publicity', '2026-03-02')}`,
      `posted on Wednesday 2026-09-30: ${plan.publicityWorkingDays} working days end on ${periodEndsOn(plan, 'publicity', '2026-09-30')} (National Day holiday, then a make-up Saturday on 10-10)`,
      `approved on Monday 2026-03-02 at 07:30 in Beijing (2026-03-01T23:30Z): the period ends on ${beijingPeriod(plan, 'publicity', Date.UTC(2026, 2, 1, 23, 30)).endsOn}, at ${new Date(beijingPeriod(plan, 'publicity', Date.UTC(2026, 2, 1, 23, 30)).endsAt).toISOString()} (24:00 Beijing time)`,
      `posted on Monday 2026-12-28: the period ends on ${beijingPeriod(plan, 'publicity', Date.UTC(2026, 11, 28, 2)).endsOn}, ${provisionalNote(beijingPeriod(plan, 'publicity', Date.UTC(2026, 11, 28, 2)).provisionalYears)}`,
    ],
  },
  {
    id: 'conference-notice',
    title: 'Conference notice lead time',
    kind: 'local',
    statement:
      'All voting members are notified of the conference a number of calendar days ahead, at least one; the day of the notice (a Beijing day) does not count. From version 3 the guidance group or the village branch calls the conference (CALL_CONFERENCE) with its date, its time (HH:MM, Beijing time) and its place; the notice is given that day and says them, and the conference opens at that date and time. The date is at least the lead time after the day of the call: called on 24 November with 7 days, the conference may be held on 1 December or later. A conference short of its quorum is called again.',
    checks: [periodMs, beijingPeriod, safeguardProblems, checkConferenceCall],
    reading:
      'calendar days, which no holiday moves: the notice period is never provisional. The conference may be held on the last day of the lead time (the day of the call plus the days), at any hour of it.',
    changed: {
      since: 3,
      before:
        'the notice gave no date, time or place and the conference opened when the lead time ran out (version 2: at the end of its last Beijing day; version 1: UTC days, and 0 days were accepted)',
    },
    setting: `conferenceNoticeDays: default ${plan.conferenceNoticeDays}`,
    examples: () => [
      `notice given on 2026-03-10: the notice period ends on ${periodEndsOn(plan, 'conferenceNotice', '2026-03-10')}`,
      shown(checkConferenceCall({ calledOn: '2026-11-24', date: '2026-12-01', time: '09:00', leadDays: plan.conferenceNoticeDays })),
      shown(checkConferenceCall({ calledOn: '2026-11-24', date: '2026-11-30', time: '09:00', leadDays: plan.conferenceNoticeDays })),
      shown(checkConferenceCall({ calledOn: '2026-11-24', date: '2026-12-01', time: '9 am', leadDays: plan.conferenceNoticeDays })),
    ],
  },
  {
    id: 'approval-reminders',
    title: 'Approval reminders and escalation',
    kind: 'local',
    statement:
      'An approver who has not decided is reminded after a number of working days, and the matter is escalated to the county after a larger number; a reminder counted over a year without a State Council notice is provisional and says so.',
    checks: [periodMs, beijingPeriod],
    changed: { since: 2, before: 'UTC days' },
    setting: `approvalReminderWorkingDays: default ${plan.approvalReminderWorkingDays}; approvalEscalationWorkingDays: default ${plan.approvalEscalationWorkingDays}`,
  },
];
