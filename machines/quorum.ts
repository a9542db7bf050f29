import type { ElectionContext } from './context';
import type { DecisionOf } from './events';
import { dueToAttend, quorumVerdict, votingMembers, type Verdict } from './rules';

/** The quorum verdict for a recorded attendance: voters present against those due to attend. */
export function quorumOf(context: ElectionContext, attendance: Pick<DecisionOf<'RECORD_ATTENDANCE'>, 'present' | 'excusals'>): Verdict {
  const voting = new Set(votingMembers(context.roster).map((m) => m.id));
  const due = dueToAttend(context.roster, attendance.excusals);
  if (!due.verdict.ok) return due.verdict;
  const presentVoters = new Set(attendance.present.filter((id) => voting.has(id))).size;
  return quorumVerdict({ due: due.due, presentVoters });
}
