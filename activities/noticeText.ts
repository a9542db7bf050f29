import type { NoticeInput } from './contract';

const list = (value: unknown) => (Array.isArray(value) && value.length ? value.map((v) => `- ${String(v)}`).join('\n') : '- (none)');

/** Title and Markdown body of each notice kind, as a village affairs board would post it. */
const TEXTS: Record<NoticeInput['kind'], (f: Record<string, any>) => { title: string; body: string }> = {
  'start-approved': (f) => ({ title: 'Approval to start the re-election', body: `The town Party committee approves the start of the re-election with ${f.seats} seats.` }),
  'start-sent-back': (f) => ({ title: 'Start request sent back', body: `The town Party committee sends the start request back: ${f.reason}` }),
  'mobilisation-posting': (f) => ({
    title: 'Re-election of the village Party branch committee: seats, qualifications and members',
    body: `The branch committee will have ${f.seats} seat(s)${f.electsDeputy ? ', with a deputy secretary' : ''}.\n\nWho may vote and stand: full Party members in good standing. Probationary members and members on probation within the Party have no vote.\n\nFull members:\n${list(f.members)}`,
  }),
  'recommendation-meeting': () => ({ title: 'Party member recommendation meeting', body: 'All full members are asked to attend the recommendation meeting; villager representatives recommend by fixed ballot boxes.' }),
  'candidate-publicity': (f) => ({
    title: 'Publicity of the candidates (公示)',
    body: `The town Party committee has approved these candidates:\n${list(f.candidates)}\n\nAnyone may raise an objection with the town's inspection team during the publicity period.`,
  }),
  'objection-received': (f) => ({ title: 'Objection received', body: `An objection against candidate ${f.candidate} has been received and is being investigated.` }),
  'objection-ruling': (f) => ({ title: 'Ruling on an objection', body: `The objection was ${f.ruling}: ${f.reason}` }),
  'conference-notice': (f) => ({
    title: f.renotice ? 'Party member conference: new notice' : 'Notice of the Party member conference',
    body: `All ${f.members} full members are called to the Party member conference in ${f.leadDays} day(s). Proxy voting is not allowed.`,
  }),
  'quorum-failed': () => ({ title: 'Conference postponed: quorum not met', body: 'Fewer than four fifths of the members due attended; the conference will be called again.' }),
  'results-announcement': (f) => ({
    title: 'Result of the re-election',
    body: `Secretary: ${f.secretary ?? '(none)'}\n\nDeputy secretary: ${f.deputy ?? '(none)'}\n\nCommittee:\n${list(f.committee)}`,
  }),
  'result-filing': (f) => ({
    title: 'Filing of the new branch committee',
    body: `Secretary ${f.secretary ?? '(none)'}, deputy ${f.deputy ?? '(none)'}; members:\n${list(f.committee)}`,
  }),
  'approval-reminder': () => ({ title: 'Reminder: a decision is waiting', body: 'A decision on the re-election has been waiting for the reminder period.' }),
  'approval-escalation': (f) => ({ title: 'Escalation: a decision is overdue', body: `A decision of the ${f.awaiting} is overdue; the county organisation department is informed.` }),
  'postponement-granted': (f) => ({ title: 'Postponement of the re-election approved', body: `The re-election is postponed until ${f.until}.` }),
  'postponement-reminder': (f) => ({ title: 'Postponement deadline approaching', body: `The postponed re-election must be held by ${f.until}.` }),
  'postponement-overdue': (f) => ({ title: 'Postponement deadline passed', body: `The postponement ran until ${f.until}; the re-election has not resumed.` }),
  'election-cancelled': (f) => ({ title: 'Re-election withdrawn', body: `The town Party committee withdrew the re-election: ${f.reason}` }),
};

/** Renders a notice for posting: a heading naming the village and term, then the body. */
export function renderNotice(notice: Pick<NoticeInput, 'kind' | 'facts' | 'town' | 'village' | 'term'>): { title: string; body: string } {
  const { title, body } = TEXTS[notice.kind](notice.facts as Record<string, unknown>);
  return { title, body: `# ${title}\n\n${notice.village}, ${notice.town} — term ${notice.term}\n\n${body}\n` };
}
