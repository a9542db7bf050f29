import type { Member } from './member';
import { verdict, type Verdict } from './verdict';

/** The handover's follow-up talks (谈话) are held with members of the village roster. */
export function checkHandover(input: { talks: readonly { memberId: string }[]; roster: readonly Member[] }): Verdict {
  const unknown = input.talks.map((t) => t.memberId).filter((id) => !input.roster.some((m) => m.id === id));
  return unknown.length
    ? verdict(false, 'TALK_WITH_UNKNOWN_MEMBER', `talks: ${unknown.join(', ')} not on the village roster`, { unknown })
    : verdict(true, 'HANDOVER_RECORDED', 'handover recorded', { talks: input.talks.length });
}
