import type { Audience, NoticeFactsOf, NoticeKind, NoticeParams } from '../../machines/notices';
import { requiredCandidates } from '../../machines/rules/committee';
import { beijingDateOfMs } from '../../machines/rules/isoDate';
import type { NoticeBlock, NoticeDocument } from './document';

/** What the renderer needs of a notice: the `notify` params plus the election it belongs to. */
export type NoticeSource = NoticeParams & {
  town: string;
  village: string;
  term: number;
  /** When the notice was issued (ISO timestamp); the notice is dated with its calendar day. */
  at?: string;
};

const AUDIENCE_LABELS: Record<Audience, string> = {
  'town-committee': 'the town Party committee',
  'county-org-dept': "the county Party committee's organisation department",
  'guidance-group': "the town's guidance group for the village",
  'inspection-team': "the town's inspection team",
  'village-branch': 'the village Party branch committee',
  scrutineer: 'the scrutineers',
  'village-board': 'all villagers (posted on the village affairs board)',
  'voting-members': 'every Party member with a vote',
};

const METHOD_LABELS: Record<string, string> = {
  'two-recommendations-one-election':
    'two recommendations and one election (两推一选): the members and the villager representatives recommend, the town Party committee fixes the candidates, the Party member conference elects the committee, and the committee elects the secretary',
  'two-recommendations-direct-election':
    'two recommendations and direct election (两推直选): the members and the villager representatives recommend, the town Party committee fixes the candidates, and the Party member conference elects the committee and the secretary directly',
};

const NOT_GIVEN = '(not given)';

/** A fact of notice kind K, by name as its schema in machines/notices.ts spells it. */
type FactName<K extends NoticeKind> = keyof NoticeFactsOf<K> & string;

/**
 * Lenient readers of a notice's facts, named as the kind's schema names them: a notice is still posted when a
 * fact is missing or malformed (an older or hand-made notice), saying so.
 */
class Facts<K extends NoticeKind> {
  private readonly facts: Record<string, unknown>;

  constructor(facts: Partial<NoticeFactsOf<K>>) {
    this.facts = facts;
  }

  text(name: FactName<K>): string | null {
    const value = this.facts[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return null;
  }

  number(name: FactName<K>): number | null {
    const value = this.facts[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }

  flag(name: FactName<K>): boolean | null {
    const value = this.facts[name];
    return typeof value === 'boolean' ? value : null;
  }

  names(name: FactName<K>): string[] {
    const value = this.facts[name];
    return Array.isArray(value) ? value.filter((v) => v !== null && v !== undefined && String(v).trim()).map((v) => String(v).trim()) : [];
  }

  /** A date fact (ISO date or timestamp) as YYYY-MM-DD. */
  date(name: FactName<K>): string | null {
    const value = this.text(name);
    return value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
  }
}

interface Election {
  town: string;
  village: string;
  term: number;
  audience: Audience;
}

type Body = Pick<NoticeDocument, 'title' | 'blocks' | 'closing'>;

const p = (text: string): NoticeBlock => ({ kind: 'paragraph', text });
const important = (text: string): NoticeBlock => ({ kind: 'important', text });
const list = (items: string[], empty: string): NoticeBlock => ({ kind: 'list', items, empty });
const facts = (...rows: Array<[string, string | null]>): NoticeBlock => ({
  kind: 'facts',
  rows: rows.map(([label, value]) => [label, value ?? NOT_GIVEN]),
});
const section = (title: string): NoticeBlock => ({ kind: 'section', title });

const townCommittee = (e: Election) => `${e.town} town Party committee`;
const branchCommittee = (e: Election) => `${e.village} village Party branch committee`;
const automatic = (e: Election) => `Sent automatically by the re-election system of ${e.town} town.`;
const roleLabel = (role: string | null) => (role && role in AUDIENCE_LABELS ? AUDIENCE_LABELS[role as Audience] : (role ?? NOT_GIVEN));

function committeeResult(f: Facts<'results-announcement' | 'result-filing'>): NoticeBlock[] {
  return [
    facts(['Secretary', f.text('secretary') ?? '(none)'], ['Deputy secretary', f.text('deputy') ?? '(not elected)']),
    section('Members of the new branch committee'),
    list(f.names('committee'), '(no committee: the conference elected the secretary directly)'),
  ];
}

/** Each notice kind as a document, in the domain's words; the facts come from the machine's `notify` calls. */
const NOTICES: { [K in NoticeKind]: (f: Facts<K>, e: Election) => Body } = {
  'start-approved': (f, e) => ({
    title: 'Approval to start the re-election (批复)',
    blocks: [
      p(
        `The ${townCommittee(e)} approves the request of the ${e.village} village Party branch to hold the re-election of its branch committee.`,
      ),
      facts(['Seats on the new committee', f.text('seats')], ['Term', `${e.term}, five years`]),
      p(
        'Next, the notice of seats, qualifications and the members with a vote goes up on the village affairs board, and the Party member recommendation meeting is prepared.',
      ),
    ],
    closing: townCommittee(e),
  }),
  'start-sent-back': (f, e) => ({
    title: 'Request to start the re-election sent back',
    blocks: [
      p(`The ${townCommittee(e)} sends the request of the ${e.village} village Party branch to start the re-election back.`),
      facts(['Reason', f.text('reason')]),
      p('Revise the request and submit it again.'),
    ],
    closing: townCommittee(e),
  }),
  'mobilisation-posting': (f, e) => {
    const seats = f.number('seats');
    const deputy = f.flag('electsDeputy');
    const method = f.text('method');
    const members = f.names('members');
    return {
      title: 'Re-election of the Party branch committee: seats, qualifications and members (宣传动员)',
      blocks: [
        p(
          `The ${e.village} village Party branch will elect its new branch committee for term ${e.term}, under the guidance of the ${townCommittee(e)}.`,
        ),
        facts(
          ['Seats on the committee', seats === null ? null : String(seats)],
          ['Deputy secretary', deputy === null ? null : deputy ? 'one is elected' : 'none is elected'],
          ['Candidates', seats === null ? null : `at least ${requiredCandidates(seats)} (the seats × 1.2, rounded up)`],
          ['Method', method ? (METHOD_LABELS[method] ?? method) : null],
          ['Term of office', 'five years'],
        ),
        section('Who may vote and stand'),
        list(
          [
            'Full Party members of this branch.',
            'Probationary members (预备党员) and members on probation within the Party (留党察看) have no vote and cannot stand.',
            'Members under detention or arrest have their rights suspended.',
            'Proxy voting is not allowed.',
          ],
          '',
        ),
        section(`Party members with a vote (${members.length})`),
        list(members, '(no members listed)'),
        p(
          'A member whose name is missing or wrongly listed should tell the village Party branch or the town guidance group before the recommendation meeting.',
        ),
      ],
      closing: `${branchCommittee(e)}, under the guidance of the ${townCommittee(e)}`,
    };
  },
  'recommendation-meeting': (_f, e) => ({
    title: 'Party member recommendation meeting (党员推荐)',
    blocks: [
      p(
        `Every Party member with a vote in the ${e.village} village Party branch is asked to attend the recommendation meeting and to recommend, by secret ballot, members for the new branch committee.`,
      ),
      p(
        'The villager representatives then recommend separately, by fixed ballot boxes (群众推荐); their result is recorded and shown to the town Party committee as a reference.',
      ),
      important(
        'Only nominees recommended by enough of the members taking part (more than one third, unless the town has set another threshold) go on to the inspection and joint review.',
      ),
      p('The village Party branch announces the time and place.'),
    ],
    closing: branchCommittee(e),
  }),
  'candidate-publicity': (f, e) => {
    const until = f.date('until');
    return {
      title: 'Publicity of the candidates (公示)',
      blocks: [
        p(
          `After inspection and joint review, the ${townCommittee(e)} has approved these candidates for the ${e.village} village Party branch committee:`,
        ),
        list(f.names('candidates'), '(no candidates listed)'),
        facts(
          ['First day of the publicity', f.date('from')],
          ['Last day of the publicity', until && `${until} (to the end of the day, Beijing time)`],
        ),
        p('Only working days are counted: Saturdays, Sundays and public holidays are not, make-up working days are.'),
        ...(f.text('provisional') ? [important(`The last day is ${f.text('provisional')}.`)] : []),
        important(
          "Anyone with an objection to a candidate may raise it, with reasons, with the town's inspection team during the publicity period. The objection is investigated and the town Party committee rules on it; the publicity cannot close while an objection is open.",
        ),
      ],
      closing: townCommittee(e),
    };
  },
  'objection-received': (f, e) => ({
    title: 'Objection received against a candidate',
    blocks: [
      p(`An objection was filed during the publicity of the candidates of the ${e.village} village Party branch.`),
      facts(['Candidate', f.text('candidate')]),
      important(
        "The town's inspection team investigates and records its findings; the town Party committee then rules. The publicity cannot close while the objection is open.",
      ),
    ],
    closing: automatic(e),
  }),
  'objection-ruling': (f, e) => {
    const ruling = f.text('ruling');
    const outcome =
      ruling === 'upheld'
        ? 'The candidate concerned is removed from the slate. If enough candidates remain for the seats (the seats × 1.2, rounded up), the publicity continues; otherwise the nominees are inspected and the slate approved again, and a new publicity follows.'
        : ruling === 'dismissed'
          ? 'The slate stands unchanged and the publicity continues.'
          : null;
    return {
      title: 'Ruling on an objection against a candidate',
      blocks: [
        p(
          `The ${townCommittee(e)} has ruled on an objection raised during the publicity of the candidates of the ${e.village} village Party branch.`,
        ),
        facts(
          ['Candidate', f.text('candidate')],
          ['Ruling', ruling === 'upheld' ? 'upheld' : ruling === 'dismissed' ? 'dismissed' : ruling],
          ['Reason', f.text('reason')],
        ),
        ...(outcome ? [p(outcome)] : []),
      ],
      closing: townCommittee(e),
    };
  },
  'conference-notice': (f, e) => {
    const renotice = f.flag('renotice') === true;
    const leadDays = f.number('leadDays');
    const majorityOf = f.text('majorityOf');
    return {
      title: renotice ? 'Party member conference called again (党员大会)' : 'Notice of the Party member conference (党员大会)',
      blocks: [
        ...(renotice ? [important('The previous conference did not reach its quorum and could not elect; it is called again.')] : []),
        p(
          `All Party members with a vote in the ${e.village} village Party branch are called to the Party member conference, which elects the new branch committee by secret ballot.`,
        ),
        facts(
          ['Date', f.date('date')],
          ['Time', f.text('time') && `${f.text('time')} (Beijing time)`],
          ['Place', f.text('place')],
          ['Members called', f.text('members')],
          ['Notice given', leadDays === null ? null : `${leadDays} day(s) before the conference`],
        ),
        section('What every member should know'),
        list(
          [
            'The conference can elect only if more than four fifths of the members due to attend are present.',
            'A member who cannot attend must tell the branch why before the conference. Only illness, more than six months abroad or working away, a prison sentence, or old age or long illness can excuse a member; any other absent member still counts as due to attend.',
            'Proxy voting is not allowed.',
            majorityOf === 'present'
              ? 'A candidate is elected with the votes of more than half of the members present.'
              : majorityOf === 'due'
                ? 'A candidate is elected with the votes of more than half of the members with a vote due to attend, present or not.'
                : 'A candidate is elected with the votes of more than half of the members with a vote: of those due to attend under the 2020 Regulations, of those present in elections started under the earlier rules.',
          ],
          '',
        ),
      ],
      closing: branchCommittee(e),
    };
  },
  'quorum-failed': (_f, e) => ({
    title: 'Party member conference could not elect: quorum not reached',
    blocks: [
      p(
        `Fewer than the required share of the members due to attend (more than four fifths) were present at the Party member conference of the ${e.village} village Party branch, so no election took place.`,
      ),
      important('The conference will be called again with a new notice to every member with a vote.'),
    ],
    closing: branchCommittee(e),
  }),
  'results-announcement': (f, e) => ({
    title: 'Result of the re-election of the Party branch committee',
    blocks: [
      p(
        `The ${e.village} village Party branch has elected its branch committee for term ${e.term}; the ${townCommittee(e)} has approved the secretary and the deputy secretary.`,
      ),
      ...committeeResult(f),
    ],
    closing: `${branchCommittee(e)} and the ${townCommittee(e)}`,
  }),
  'result-filing': (f, e) => ({
    title: 'Filing of the new Party branch committee (备案)',
    blocks: [
      p(
        `The ${townCommittee(e)} files the result of the re-election of the ${e.village} village Party branch committee, term ${e.term}. The town committee has approved the secretary and the deputy secretary; the members are filed.`,
      ),
      ...committeeResult(f),
    ],
    closing: townCommittee(e),
  }),
  'approval-reminder': (_f, e) => ({
    title: 'Reminder: a re-election decision is waiting',
    blocks: [
      p(
        `The re-election of the ${e.village} village Party branch (${e.town} town) has been waiting for a decision by ${roleLabel(e.audience)} for the reminder period (three working days unless the town has set another).`,
      ),
      p(`The pending decision is listed by: election inbox --role ${e.audience} --town ${e.town}`),
      important(
        "If no decision is made within the escalation period (seven working days unless the town has set another), the county Party committee's organisation department is informed.",
      ),
    ],
    closing: automatic(e),
  }),
  'approval-escalation': (f, e) => ({
    title: 'Escalation: a re-election decision is overdue',
    blocks: [
      p(
        `The re-election of the ${e.village} village Party branch (${e.town} town) has waited longer than the escalation period for a decision.`,
      ),
      facts(['Waiting for', roleLabel(f.text('awaiting'))]),
      p("The county Party committee's organisation department is informed so that it can follow the decision up with the town."),
    ],
    closing: automatic(e),
  }),
  'postponement-granted': (f, e) => ({
    title: 'Postponement of the re-election approved (延期换届)',
    blocks: [
      p(`The postponement of the re-election of the ${e.village} village Party branch committee (${e.town} town) is approved.`),
      facts(['Postponed until', f.date('until')]),
      p(
        'A postponement is normally at most one year. When the village is fit to proceed, the town reports it and the re-election resumes with a new start request. A reminder comes before the deadline, and the county is informed if it passes.',
      ),
    ],
    closing: automatic(e),
  }),
  'postponement-reminder': (f, e) => ({
    title: 'Postponed re-election: the deadline is approaching',
    blocks: [
      p(`The postponement of the re-election of the ${e.village} village Party branch committee (${e.town} town) runs out soon.`),
      facts(['Postponed until', f.date('until')]),
      important(
        "Report the village fit to proceed and resume the re-election before that date; otherwise the county Party committee's organisation department is informed.",
      ),
    ],
    closing: automatic(e),
  }),
  'postponement-overdue': (f, e) => ({
    title: 'Postponed re-election: the deadline has passed',
    blocks: [
      p(
        `The postponement of the re-election of the ${e.village} village Party branch committee (${e.town} town) has run out and the re-election has not resumed.`,
      ),
      facts(['Postponed until', f.date('until')]),
      p(`The ${townCommittee(e)} is asked to report the village fit to proceed, or to explain why it cannot.`),
    ],
    closing: automatic(e),
  }),
  'election-cancelled': (f, e) => ({
    title: 'Re-election withdrawn',
    blocks: [
      p(`The ${townCommittee(e)} has withdrawn the re-election of the ${e.village} village Party branch committee.`),
      facts(['Reason', f.text('reason')]),
      p('This decision is final; no further notices about this re-election follow.'),
    ],
    closing: townCommittee(e),
  }),
};

/** The document for one notice: the same model feeds the Markdown and the HTML renderer. */
export function noticeDocument(source: NoticeSource): NoticeDocument {
  const election: Election = { town: source.town, village: source.village, term: source.term, audience: source.audience };
  const build = NOTICES[source.kind] as ((f: Facts<NoticeKind>, e: Election) => Body) | undefined;
  if (!build) throw new Error(`notice kind: got ${JSON.stringify(source.kind)} (accepted: one of ${Object.keys(NOTICES).join(', ')})`);
  const body = build(new Facts(source.facts ?? {}), election);
  return {
    ...body,
    election: `${source.village} village, ${source.town} town: re-election of the Party branch committee, term ${source.term}`,
    to: AUDIENCE_LABELS[source.audience] ?? source.audience,
    dated: datedInBeijing(source.at),
  };
}

/** The day a notice is dated: its issuing instant's day in Beijing (a notice issued 2026-03-01T23:30Z is dated 2026-03-02). */
function datedInBeijing(at: string | undefined): string | null {
  if (!at || !/^\d{4}-\d{2}-\d{2}/.test(at)) return null;
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? beijingDateOfMs(ms) : at.slice(0, 10);
}
