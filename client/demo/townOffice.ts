import type { DecisionEvent } from '../../machines/events';
import { addDays, ageOn, beijingDateOfMs, requiredCandidates, townPlanSchema, votingMembers, type Member } from '../../machines/rules';
import type { Role } from '../../machines/roles';
import type { PublicView } from '../../machines/view';

/** The people of the scripted town office: one per role, clearly labelled as a script. */
export const SCRIPTED_PEOPLE: Record<Role, { id: string; name: string; role: Role }> = {
  'town-committee': { id: 'script-town', name: 'Scripted town committee', role: 'town-committee' },
  'county-org-dept': { id: 'script-county', name: 'Scripted county organisation department', role: 'county-org-dept' },
  'guidance-group': { id: 'script-guidance', name: 'Scripted guidance group', role: 'guidance-group' },
  'inspection-team': { id: 'script-inspection', name: 'Scripted inspection team', role: 'inspection-team' },
  'village-branch': { id: 'script-branch', name: 'Scripted village branch', role: 'village-branch' },
  scrutineer: { id: 'm03', name: 'Scripted scrutineer', role: 'scrutineer' },
};

export interface OfficeScript {
  roster: Member[];
  representatives: number;
  seats: number;
  electsDeputy: boolean;
  today: string;
  /** The instant a conference is called at, whose Beijing day its earliest date counts from (the workflow's clock where a test fixes it); now by default. */
  now?: () => number;
}

/** Where the scripted office calls its conferences. */
export const SCRIPTED_CONFERENCE_PLACE = '村党群服务中心会议室';

/** The seats a village of this size elects in the demo: 5 with a deputy for larger branches, 3 otherwise. */
export function demoSeats(roster: Member[]): { seats: number; electsDeputy: boolean } {
  const full = votingMembers(roster).length;
  if (full < 7) return { seats: 1, electsDeputy: false };
  return full >= 30 ? { seats: 5, electsDeputy: true } : { seats: 3, electsDeputy: false };
}

/**
 * The scripted town office: given a village's public view, the next ordinary decision that moves it on
 * (every approval granted, every tally adding up), or null while the village waits on a timer.
 */
export function nextScriptedDecision(view: PublicView, script: OfficeScript): DecisionEvent | null {
  const by = (role: Role) => SCRIPTED_PEOPLE[role];
  const voters = votingMembers(script.roster).map((m) => m.id);
  // A recommendation ballot names at most as many people as there are posts to fill (seats, or secretary and deputy).
  const posts = script.seats === 1 ? 1 + (script.electsDeputy ? 1 : 0) : script.seats;
  const nominees = eligibleNominees(script).slice(0, Math.min(requiredCandidates(script.seats) + 1, 2 * posts));
  const method = view.method as 'two-recommendations-one-election';
  const present = voters.slice(0, Math.ceil(voters.length * 0.9));
  const open = new Set(view.pending.map((p) => p.decision));
  const tally = (participants: number) => {
    const top = Math.min(participants - 2, Math.floor((participants * posts) / nominees.length));
    return {
      participants,
      ballotsIssued: participants,
      ballotsReturned: participants,
      votes: Object.fromEntries(nominees.map((id, i) => [id, Math.max(0, top - i)])),
    };
  };

  if (open.has('RECORD_INVESTIGATION')) {
    return {
      type: 'RECORD_INVESTIGATION',
      by: by('guidance-group'),
      category: 'good',
      stable: true,
      representatives: script.representatives,
    };
  }
  if (open.has('SUBMIT_START_REQUEST')) {
    return { type: 'SUBMIT_START_REQUEST', by: by('village-branch'), seats: script.seats, electsDeputy: script.electsDeputy, method };
  }
  if (open.has('APPROVE_START')) {
    return { type: 'APPROVE_START', by: by('town-committee'), seats: script.seats, electsDeputy: script.electsDeputy, method };
  }
  if (open.has('RECORD_MOBILISATION')) return { type: 'RECORD_MOBILISATION', by: by('guidance-group'), postedOn: script.today };
  if (open.has('RECORD_MEMBER_RECOMMENDATION')) {
    return { type: 'RECORD_MEMBER_RECOMMENDATION', by: by('guidance-group'), tally: tally(present.length) };
  }
  if (open.has('RECORD_MASS_RECOMMENDATION')) {
    const reps = Math.ceil(script.representatives * 0.82);
    return { type: 'RECORD_MASS_RECOMMENDATION', by: by('guidance-group'), tally: tally(reps) };
  }
  if (open.has('RECORD_INSPECTION')) {
    return {
      type: 'RECORD_INSPECTION',
      by: by('inspection-team'),
      verdicts: view.nominees.map((nomineeId) => ({ nomineeId, pass: true })),
    };
  }
  if (open.has('APPROVE_SLATE')) {
    const size = script.seats === 1 ? 2 : requiredCandidates(script.seats);
    return { type: 'APPROVE_SLATE', by: by('town-committee'), candidates: view.nominees.slice(0, size) };
  }
  if (open.has('CALL_CONFERENCE')) {
    // The earliest day the lead time allows, counted from the later of the script's day and the day of the call.
    const calledOn = [script.today, beijingDateOfMs(script.now?.() ?? Date.now())].sort().at(-1)!;
    const leadDays = view.conference?.leadDays ?? townPlanSchema.parse({}).conferenceNoticeDays;
    return {
      type: 'CALL_CONFERENCE',
      by: by('guidance-group'),
      date: addDays(calledOn, leadDays),
      time: '09:00',
      place: SCRIPTED_CONFERENCE_PLACE,
    };
  }
  if (open.has('RECORD_ATTENDANCE')) return { type: 'RECORD_ATTENDANCE', by: by('guidance-group'), present, excusals: [] };
  if (open.has('APPOINT_SCRUTINEERS')) {
    const scrutineers = present.filter((id) => !view.candidates.includes(id)).slice(-2);
    return { type: 'APPOINT_SCRUTINEERS', by: by('guidance-group'), scrutineers };
  }
  if (open.has('CONFIRM_COUNT')) {
    const scrutineer = present.filter((id) => !view.candidates.includes(id)).slice(-1)[0]!;
    return { type: 'CONFIRM_COUNT', by: { ...by('scrutineer'), id: scrutineer } };
  }
  if (open.has('RECORD_ROUND') && view.ballot) {
    return { type: 'RECORD_ROUND', by: by('guidance-group'), ...plausibleRound(view.ballot, present.length) };
  }
  if (open.has('RECORD_PLENARY')) {
    // Every committee member present votes for the first elected as secretary and the second as deputy.
    const [secretary, deputy] = view.elected as [string, string | undefined];
    const all = view.elected.length;
    return {
      type: 'RECORD_PLENARY',
      by: by('guidance-group'),
      secretary,
      deputy: script.electsDeputy ? deputy : undefined,
      membersPresent: view.elected,
      votes: { secretary: { [secretary]: all }, ...(script.electsDeputy && deputy ? { deputy: { [deputy]: all } } : {}) },
    };
  }
  if (open.has('APPROVE_RESULT')) return { type: 'APPROVE_RESULT', by: by('town-committee') };
  if (open.has('RECORD_HANDOVER')) return { type: 'RECORD_HANDOVER', by: by('village-branch'), handedOverOn: script.today, talks: [] };
  return null;
}

/** Voting members the default town plan lets stand: outgoing members up to 60, new ones up to 45; women first. */
function eligibleNominees(script: OfficeScript): string[] {
  const { eligibility } = townPlanSchema.parse({});
  const eligible = votingMembers(script.roster).filter((m) => {
    const age = ageOn(m.birthDate, script.today);
    return age <= (m.outgoingPost ? eligibility.maxAgeRetained : eligibility.maxAgeNewMember);
  });
  return [...eligible.filter((m) => m.gender === 'female'), ...eligible.filter((m) => m.gender !== 'female')].map((m) => m.id);
}

/**
 * A round every voter returns validly, the first `seats` candidates elected: winners get nearly every
 * vote and the rest share what is left, so no ballot marks more names than there are seats.
 */
function plausibleRound(ballot: { seats: number; candidates: string[] }, voters: number) {
  const winners = ballot.candidates.slice(0, ballot.seats).map((id, i) => [id, voters - 1 - i] as const);
  const losers = ballot.candidates.slice(ballot.seats);
  const left = voters * ballot.seats - winners.reduce((sum, [, n]) => sum + n, 0);
  const each = losers.length ? Math.min(Math.floor(voters / 3), Math.floor(left / losers.length)) : 0;
  return {
    votersPresent: voters,
    ballotsIssued: voters,
    ballotsReturned: voters,
    validBallots: voters,
    invalidBallots: 0,
    votes: Object.fromEntries([...winners, ...losers.map((id) => [id, each] as const)]),
  };
}
