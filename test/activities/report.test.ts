import type { OutcomeStatus } from '../../machines/outcome';
import { buildTownReport, CONSISTENCY_CHECKS, outcomeRecord, renderReport, type OutcomeRecord, type RunningElection } from '../../report';

type Person = Record<string, unknown> & { id: string };

/** The people of the records by id, named as a roster names them: in characters, with the pinyin beside. */
const NAMES: Record<string, [string, string]> = {
  a1: ['王建华', 'Wang Jianhua'],
  a2: ['李秀英', 'Li Xiuying'],
  a3: ['张磊', 'Zhang Lei'],
  a4: ['刘德胜', 'Liu Desheng'],
  a5: ['陈桂兰', 'Chen Guilan'],
  b1: ['丁振华', 'Ding Zhenhua'],
  b2: ['马超', 'Ma Chao'],
  b3: ['白玉梅', 'Bai Yumei'],
  x1: ['周保国', 'Zhou Baoguo'],
};

const person = (id: string, gender: string, birthDate: string, education: string, extra: Partial<Person> = {}): Person => ({
  id,
  name: NAMES[id]![0],
  pinyin: NAMES[id]![1],
  gender,
  birthDate,
  joinedParty: '2010-07-01',
  standing: 'full',
  education,
  ...extra,
});

/** Alpha: five seats with a deputy, ages counted on 2026-11-20, the outgoing committee on record. */
const alphaElected = [
  person('a1', 'male', '1975-01-01', 'high-school', { outgoingPost: 'secretary', villageCommitteePost: 'chair' }), // 51
  person('a2', 'female', '1990-06-01', 'college', { outgoingPost: 'member' }), // 36
  person('a3', 'male', '1995-12-01', 'college'), // 30
  person('a4', 'male', '1968-03-03', 'junior-high-or-below', { outgoingPost: 'member', villageCommitteePost: 'member' }), // 58
  person('a5', 'female', '1982-11-21', 'junior-high-or-below'), // 43, a day before her birthday
];
const alphaFacts = {
  town: 'Testtown',
  village: 'Alpha',
  term: 2026,
  method: 'two-recommendations-one-election',
  form: 'committee',
  members: 40,
  probationaryMembers: 2,
  representatives: 26,
  memberParticipants: 30,
  representativeParticipants: 21,
  nomineesRecommended: 7,
  nomineesPassing: 6,
  candidates: 6,
  seats: 5,
  elected: alphaElected,
  // At the previous election (2021-11-20): a1 46, a2 31, a4 53, x1 59.
  outgoingCommittee: [
    alphaElected[0],
    alphaElected[1],
    alphaElected[3],
    person('x1', 'male', '1962-05-05', 'high-school', { outgoingPost: 'deputy' }),
  ],
  secretary: 'a1',
  deputy: 'a2',
  rounds: 1,
  objections: 0,
};

/** Beta: three seats, no deputy, ages counted on 2026-11-22; only the re-elected members are on record. */
const betaFacts = {
  town: 'Testtown',
  village: 'Beta',
  term: 2026,
  members: 20,
  probationaryMembers: 1,
  representatives: 18,
  memberParticipants: 15,
  representativeParticipants: 14,
  nomineesRecommended: 5,
  nomineesPassing: 4,
  candidates: 4,
  seats: 3,
  elected: [
    person('b1', 'male', '1980-02-02', 'college', { outgoingPost: 'deputy', villageCommitteePost: 'chair' }), // 46
    person('b2', 'male', '1991-11-22', 'high-school'), // 35 on his birthday
    person('b3', 'female', '1986-01-01', 'high-school', { outgoingPost: 'secretary' }), // 40
  ],
  secretary: 'b1',
};

const stopped = (village: string, extra: Record<string, unknown>) => ({ town: 'Testtown', village, term: 2026, elected: [], ...extra });

let rowCount = 0;
const row = (village: string, status: OutcomeStatus, facts: unknown, at: string): OutcomeRecord =>
  outcomeRecord({
    workflow_id: `wf-${village}-${++rowCount}`,
    village,
    status,
    facts: typeof facts === 'string' ? facts : JSON.stringify(facts),
    at,
  });

const goodOutcomes = () => [
  row(
    'Alpha',
    'postponed',
    stopped('Alpha', { postponement: { reason: 'harvest', until: '2026-10-31', approved: true } }),
    '2026-09-01T08:00:00.000Z',
  ),
  row('Alpha', 'completed', alphaFacts, '2026-11-20T10:00:00.000Z'),
  row('Beta', 'completed', betaFacts, '2026-11-22T09:00:00.000Z'),
  row(
    'Gamma',
    'postponed',
    stopped('Gamma', { postponement: { reason: 'factional conflict', until: '2027-06-30', approved: true } }),
    '2026-10-01T08:00:00.000Z',
  ),
  row(
    'Delta',
    'cancelled',
    stopped('Delta', { cancellation: { reason: 'merged into an urban community', by: 'town' } }),
    '2026-10-02T08:00:00.000Z',
  ),
  row(
    'Zeta',
    'postponed',
    stopped('Zeta', { postponement: { reason: 'weak branch', until: '2027-03-31', approved: true } }),
    '2026-10-03T08:00:00.000Z',
  ),
];

const running: RunningElection[] = [
  { workflowId: 'wf-gamma', village: 'Gamma', stage: 'postponed' },
  { workflowId: 'wf-epsilon', village: 'Epsilon', stage: 'publicity' },
  { workflowId: 'wf-zeta', village: 'Zeta', stage: 'memberRecommendation' },
];

const goodReport = () => buildTownReport({ town: 'Testtown', term: 2026, outcomes: goodOutcomes(), running });

/** The report of Alpha and Beta with one change made to Alpha's facts. */
const withAlpha = (change: (facts: typeof alphaFacts) => unknown, extraRunning: RunningElection[] = []) =>
  buildTownReport({
    town: 'Testtown',
    term: 2026,
    outcomes: [
      row('Alpha', 'completed', change(structuredClone(alphaFacts)), '2026-11-20T10:00:00.000Z'),
      row('Beta', 'completed', betaFacts, '2026-11-22T09:00:00.000Z'),
    ],
    running: extraRunning,
  });

const checksFailing = (report: ReturnType<typeof buildTownReport>) => [...new Set(report.inconsistencies.map((i) => i.check))];

describe('the town summary report: villages', () => {
  it('counts every village due once, by its latest outcome or its running election', () => {
    const { villages } = goodReport();
    expect(villages.due).toBe(6);
    expect(villages.completed).toEqual(['Alpha', 'Beta']);
    expect(villages.postponed).toEqual([{ village: 'Gamma', reason: 'factional conflict', until: '2027-06-30' }]);
    expect(villages.cancelled).toEqual([{ village: 'Delta', reason: 'merged into an urban community' }]);
    expect(villages.running).toEqual([
      { village: 'Epsilon', stage: 'publicity' },
      { village: 'Zeta', stage: 'memberRecommendation' },
    ]);
    expect(villages.runningKnown).toBe(true);
  });

  it('counts a postponed village as postponed, and says running is unknown, when Temporal was not asked', () => {
    const report = buildTownReport({ town: 'Testtown', term: 2026, outcomes: goodOutcomes() });
    expect(report.villages.postponed.map((p) => p.village)).toEqual(['Gamma', 'Zeta']);
    expect(report.villages.runningKnown).toBe(false);
    expect(renderReport(report, 'md')).toMatch(/Still running \| \? \| not known/);
  });
});

describe('the town summary report: figures', () => {
  const report = goodReport();
  const c = report.committee;

  it('sums participation over the completed villages, with rates of one decimal', () => {
    expect(report.participation).toEqual({
      villages: 2,
      members: { count: 45, of: 60, percent: 75 },
      representatives: { count: 35, of: 44, percent: 79.5 },
      probationaryMembers: 3,
    });
  });

  it('sums nominees recommended, passing the threshold, candidates and members elected', () => {
    expect(report.slate).toEqual({ nomineesRecommended: 12, nomineesPassing: 10, candidates: 10, elected: 8 });
  });

  it('counts secretaries, deputies and members of the new committees', () => {
    expect(c.elected).toBe(8);
    expect(c.posts).toEqual({ secretaries: 2, deputies: 1, members: 5 });
  });

  it('counts men and women with their shares', () => {
    expect(c.gender.groups).toEqual({ male: { count: 5, of: 8, percent: 62.5 }, female: { count: 3, of: 8, percent: 37.5 } });
  });

  it('puts each new member in an age band by the age on the completion date (35 on the birthday is 35 and under)', () => {
    const counts = Object.fromEntries(Object.entries(c.ageBands.groups).map(([band, s]) => [band, s.count]));
    expect(counts).toEqual({ '35-and-under': 2, '36-45': 3, '46-54': 2, '55-and-over': 1 });
    expect(report.byVillage.find((v) => v.village === 'Beta')!.committee!.ageBands.groups['35-and-under'].count).toBe(1);
  });

  it('gives the average age and its change from the previous term, naming the basis', () => {
    expect(c.averageAge).toBe(42.4);
    expect(c.previousTerm).toEqual({ averageAge: 44.2, change: -1.8, basis: 'mixed', people: 6 });
    const alpha = report.byVillage.find((v) => v.village === 'Alpha')!.committee!;
    expect(alpha.averageAge).toBe(43.6);
    expect(alpha.previousTerm).toEqual({ averageAge: 47.3, change: -3.7, basis: 'outgoing-committee', people: 4 });
    const beta = report.byVillage.find((v) => v.village === 'Beta')!.committee!;
    expect(beta.previousTerm).toEqual({ averageAge: 38, change: 2.3, basis: 're-elected-members-only', people: 2 });
    expect(renderReport(report, 'md')).toContain(
      'Previous term 44.2 years, change −1.8 years; basis: the outgoing committee where its records hold it',
    );
  });

  it('splits education into college, high school or technical secondary, and junior high and below', () => {
    const counts = Object.fromEntries(Object.entries(c.education.groups).map(([level, s]) => [level, s.count]));
    expect(counts).toEqual({ college: 3, 'high-school': 3, 'junior-high-or-below': 2 });
  });

  it('counts a secretary as re-elected only when the outgoing secretary is secretary again', () => {
    expect(c.reelectedSecretaries).toEqual({ count: 1, of: 2, percent: 50 });
    expect(c.reelectedMembers).toEqual({ count: 5, of: 8, percent: 62.5 });
  });

  it("counts cross-post holders and secretaries who also chair the villagers' committee (一肩挑)", () => {
    expect(c.crossPostHolders).toEqual({ count: 3, of: 8, percent: 37.5 });
    expect(c.secretariesChairingVillageCommittee).toEqual({ count: 2, of: 2, percent: 100 });
  });

  it('gives every figure per village too', () => {
    const alpha = report.byVillage.find((v) => v.village === 'Alpha')!;
    expect(alpha).toMatchObject({
      status: 'completed',
      decidedOn: '2026-11-20',
      memberParticipation: { count: 30, of: 40, percent: 75 },
      representativeParticipation: { count: 21, of: 26, percent: 80.8 },
      nomineesRecommended: 7,
      nomineesPassing: 6,
      candidates: 6,
      secretary: { id: 'a1', name: '王建华' },
      deputy: { id: 'a2', name: '李秀英' },
    });
    expect(alpha.committee!.posts).toEqual({ secretaries: 1, deputies: 1, members: 3 });
  });

  it('finds no inconsistency in records that agree, and says which checks ran', () => {
    expect(report.inconsistencies).toEqual([]);
    expect(report.checks.map((ch) => ch.failures)).toEqual(CONSISTENCY_CHECKS.map(() => 0));
    expect(renderReport(report, 'md')).toContain(`## Consistency checks\n\nAll ${CONSISTENCY_CHECKS.length} checks agree:`);
    expect(JSON.parse(renderReport(report, 'json'))).toMatchObject({ consistent: true, inconsistencies: [] });
  });
});

describe('the town summary report: consistency checks', () => {
  it('flags an outcome whose facts cannot be read', () => {
    const report = buildTownReport({
      town: 'Testtown',
      term: 2026,
      outcomes: [row('Alpha', 'completed', '{not json', '2026-11-20T10:00:00.000Z')],
    });
    expect(report.inconsistencies).toEqual([
      { check: 'RECORD_READABLE', village: 'Alpha', message: expect.stringContaining('facts are not JSON') },
    ]);
  });

  it('flags facts filed under another village', () => {
    expect(checksFailing(withAlpha((f) => ({ ...f, village: 'Beta' })))).toEqual(['RECORD_READABLE']);
  });

  it('flags a completed village that does not record its participants', () => {
    const report = withAlpha(({ memberParticipants: _, ...f }) => f);
    expect(report.inconsistencies).toEqual([
      { check: 'FIGURES_RECORDED', village: 'Alpha', message: expect.stringContaining('facts.memberParticipants is not recorded') },
    ]);
  });

  it('flags more participants than Party members in a village, even when the town totals hide it', () => {
    const report = withAlpha((f) => ({ ...f, memberParticipants: 41 }));
    expect(report.participation.members).toEqual({ count: 56, of: 60, percent: 93.3 });
    expect(report.inconsistencies).toEqual([
      {
        check: 'PARTICIPANTS_WITHIN_ELECTORATE',
        village: 'Alpha',
        message: '41 Party members took part, more than the 40 Party members; expected at most 40',
      },
    ]);
  });

  it('flags more representatives taking part than there are', () => {
    expect(checksFailing(withAlpha((f) => ({ ...f, representativeParticipants: 27 })))).toEqual(['PARTICIPANTS_WITHIN_ELECTORATE']);
  });

  it('flags more nominees passing than recommended, and fewer elected than seats', () => {
    const report = withAlpha((f) => ({ ...f, nomineesPassing: 8 }));
    expect(report.inconsistencies.map((i) => i.message)).toEqual(['8 nominees passed the threshold, more than the 7 recommended']);
    expect(withAlpha((f) => ({ ...f, seats: 6 })).inconsistencies.map((i) => i.message)).toEqual([
      '5 members elected for 6 seats; expected as many elected as seats',
    ]);
  });

  it('flags more candidates than nominees passing, and a member elected twice', () => {
    expect(checksFailing(withAlpha((f) => ({ ...f, candidates: 7 })))).toEqual(['SLATE_FUNNEL']);
    const twice = withAlpha((f) => ({ ...f, seats: 6, elected: [...f.elected, f.elected[2]!] }));
    expect(twice.inconsistencies.map((i) => i.message)).toContain('elected lists a3 more than once');
  });

  it('flags a secretary who is not among the elected: secretaries + deputies + members then exceed the members elected', () => {
    const report = withAlpha((f) => ({ ...f, secretary: 'zz' }));
    expect(report.inconsistencies).toEqual([
      {
        check: 'POSTS_ADD_UP',
        village: 'Alpha',
        message: '1 secretary + 1 deputy + 4 members = 6, against 5 members elected (secretary zz is not among the elected)',
      },
      { check: 'POSTS_ADD_UP', message: '2 secretaries + 1 deputy + 6 members = 9, against 8 members elected' },
    ]);
  });

  it('flags age bands, men and women, and education that do not add up to the members elected', () => {
    const report = withAlpha((f) => ({ ...f, elected: f.elected.map((p) => (p.id === 'a3' ? { id: 'a3', name: '张磊' } : p)) }));
    const missing = 'against 5 members elected (no value recorded for a3 (Alpha))';
    expect(report.inconsistencies.filter((i) => i.village === 'Alpha').map((i) => i.message)).toEqual([
      `age bands: 35 and under 0, 36–45 2, 46–54 1, 55 and over 1; total 4, ${missing}`,
      `men and women: men 2, women 2; total 4, ${missing}`,
      `education: college and above 1, high school or technical secondary 1, junior high and below 2; total 4, ${missing}`,
    ]);
    expect(report.inconsistencies.filter((i) => !i.village).map((i) => i.check)).toEqual(['BANDS_ADD_UP', 'BANDS_ADD_UP', 'BANDS_ADD_UP']);
  });

  it('flags a village recorded as completed whose election is also still running', () => {
    const report = withAlpha((f) => f, [{ workflowId: 'wf-again', village: 'Alpha', stage: 'investigation' }]);
    expect(report.inconsistencies).toEqual([
      { check: 'STATUS_AGREES', village: 'Alpha', message: expect.stringContaining('wf-again is still running at investigation') },
    ]);
  });

  describe('the committee tables against the outcome', () => {
    const alphaCommittee = () => ({
      workflowId: 'wf-alpha',
      village: 'Alpha',
      outcomeKey: 'wf-alpha/run-1/step/40/0',
      members: alphaElected.map((p) => ({
        id: p.id,
        post: p.id === 'a1' ? ('secretary' as const) : p.id === 'a2' ? ('deputy' as const) : ('member' as const),
      })),
    });
    const betaCommittee = () => ({
      workflowId: 'wf-beta',
      village: 'Beta',
      outcomeKey: 'wf-beta/run-1/step/38/0',
      members: betaFacts.elected.map((p) => ({ id: p.id, post: p.id === 'b1' ? ('secretary' as const) : ('member' as const) })),
    });
    const withCommittees = (committees: ReturnType<typeof alphaCommittee>[]) =>
      buildTownReport({
        town: 'Testtown',
        term: 2026,
        outcomes: [
          row('Alpha', 'completed', alphaFacts, '2026-11-20T10:00:00.000Z'),
          row('Beta', 'completed', betaFacts, '2026-11-22T09:00:00.000Z'),
        ],
        running: [],
        committees,
      });

    it('agrees when the tables hold the members and posts the outcomes elected', () => {
      expect(withCommittees([alphaCommittee(), betaCommittee()]).inconsistencies).toEqual([]);
    });

    it('flags a member in the committee table whom the outcome did not elect', () => {
      const alpha = alphaCommittee();
      alpha.members.push({ id: 'x9', post: 'member' });
      expect(withCommittees([alpha, betaCommittee()]).inconsistencies).toEqual([
        {
          check: 'COMMITTEE_AGREES',
          village: 'Alpha',
          message: 'the committee table lists x9 (member), who is not among the members the outcome elected',
        },
      ]);
    });

    it('flags a member the outcome elected whom the table leaves out, and a post that differs', () => {
      const alpha = alphaCommittee();
      alpha.members = alpha.members.filter((m) => m.id !== 'a5').map((m) => (m.id === 'a2' ? { ...m, post: 'member' as const } : m));
      expect(withCommittees([alpha, betaCommittee()]).inconsistencies.map((i) => i.message)).toEqual([
        'the outcome elected a5 (陈桂兰), whom the committee table does not list',
        'the committee table has a2 as member; the outcome records a2 as deputy',
      ]);
    });

    it('flags a completed village with no committee table, and a committee for a village that did not complete', () => {
      const gamma = { ...betaCommittee(), workflowId: 'wf-gamma', village: 'Gamma' };
      expect(withCommittees([alphaCommittee(), gamma]).inconsistencies).toEqual([
        {
          check: 'COMMITTEE_AGREES',
          village: 'Beta',
          message: 'the outcome elected 3 members, but the committee table holds none; expected the members elected',
        },
        {
          check: 'COMMITTEE_AGREES',
          village: 'Gamma',
          message: 'the committee table holds 3 members for wf-gamma, but no outcome is recorded for it',
        },
      ]);
    });
  });

  it('lists a step recorded twice with different content (a Temporal reset) among the inconsistencies', () => {
    const report = buildTownReport({
      town: 'Testtown',
      term: 2026,
      outcomes: [row('Beta', 'completed', betaFacts, '2026-11-22T09:00:00.000Z')],
      conflicts: [
        {
          village: 'Beta',
          table: 'decisions',
          key: 'wf-beta/run-1/decision/7',
          branchKey: 'wf-beta/run-1/decision/7@run-2',
          runId: 'run-2',
          differences: 'type, payload',
        },
      ],
    });
    expect(report.inconsistencies).toEqual([
      {
        check: 'NO_RECORD_CONFLICTS',
        village: 'Beta',
        message:
          'step wf-beta/run-1/decision/7 of decisions was recorded again by run run-2 with other content (type, payload differ); the earlier record keeps the key, the later one is kept as wf-beta/run-1/decision/7@run-2',
      },
    ]);
    expect(JSON.parse(renderReport(report, 'json'))).toMatchObject({ consistent: false });
  });

  it('shows the inconsistencies first in every format, never only the figures', () => {
    const report = withAlpha((f) => ({ ...f, secretary: 'zz' }));
    const md = renderReport(report, 'md');
    expect(md).toContain('## Inconsistencies (2)');
    expect(md.indexOf('## Inconsistencies')).toBeLessThan(md.indexOf('## Participation'));
    expect(md).toContain('Alpha · POSTS_ADD_UP: 1 secretary + 1 deputy + 4 members = 6');
    const html = renderReport(report, 'html');
    expect(html).toMatch(/<section class="inconsistencies" id="inconsistencies">\s*<h2>Inconsistencies \(2\)<\/h2>/);
    expect(html).toContain('Alpha · POSTS_ADD_UP: 1 secretary + 1 deputy + 4 members = 6');
    const json = JSON.parse(renderReport(report, 'json'));
    expect(json.consistent).toBe(false);
    expect(Object.keys(json).slice(0, 5)).toEqual(['town', 'term', 'asOf', 'consistent', 'inconsistencies']);
    expect(json.inconsistencies).toHaveLength(2);
  });
});

describe('the town summary report: HTML', () => {
  const html = renderReport(goodReport(), 'html');

  it('names each village’s secretary and deputy in Chinese characters, in HTML as in Markdown', () => {
    expect(html).toMatch(/<td>Alpha<\/td>\s*<td>王建华<\/td>\s*<td>李秀英<\/td>/);
    expect(renderReport(goodReport(), 'md')).toMatch(/\| Alpha \| 王建华 \| 李秀英 \|/);
  });

  it('has one inline SVG chart each for the age bands, men and women, and education', () => {
    for (const chart of ['age-bands', 'gender', 'education']) {
      expect(html).toMatch(new RegExp(`<figure class="chart" data-chart="${chart}"><svg[^>]*>[\\s\\S]*?</svg>`));
    }
    expect(html.match(/<svg/g)).toHaveLength(3);
  });

  it('is self-contained: no URL outside the SVG namespace attributes, no external script, style or font', () => {
    const withoutNamespaces = html.replace(/\sxmlns(:\w+)?="[^"]*"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|@import|url\(/);
  });

  it('escapes names so that a village record cannot inject markup', () => {
    const report = buildTownReport({ town: '<b>Town</b>', term: 2026, outcomes: [] });
    expect(renderReport(report, 'html')).toContain('&lt;b&gt;Town&lt;/b&gt;');
  });
});
