import type { ElectionContext } from './context';
import type { NoticeFactsOf } from './notices';
import { since } from './editions';
import { votingMembers } from './rules';

/**
 * The facts of the conference notice: the members called, the lead time, whether it is called again after a quorum
 * failure, whose majority elects, and from version 3 the date, time and place the conference was called for (versions 1 and 2 give none).
 */
export function conferenceNoticeFacts(context: ElectionContext): Omit<NoticeFactsOf<'conference-notice'>, 'town' | 'village' | 'term'> {
  const called = context.conference;
  return {
    members: votingMembers(context.roster).length,
    leadDays: context.plan.conferenceNoticeDays,
    renotice: context.quorumFailures > 0,
    majorityOf: since(context, 2) ? 'due' : 'present',
    ...(called ? { date: called.date, time: called.time, place: called.place } : {}),
  };
}
