import { NOTICE_KINDS, type Audience, type NoticeKind } from '../../../machines/notices';
import { renderNotice } from '../../../activities/notices';

const election = { town: 'Heluo', village: 'Xishan', term: 2026, at: '2026-03-02T01:00:00.000Z' };
const committee = { committee: ['Zhang Wei', 'Li Na', 'Wang Fang', 'Liu Yang', 'Chen Jie'], secretary: 'Zhang Wei', deputy: 'Li Na' };

/** Each kind with the audience and facts its `notify` call in machines/electionMachine.ts gives it. */
const NOTICES: Record<NoticeKind, { audience: Audience; facts: Record<string, unknown>; shows: string[] }> = {
  'start-approved': { audience: 'village-branch', facts: { seats: 5 }, shows: ['5'] },
  'start-sent-back': {
    audience: 'village-branch',
    facts: { reason: 'the member list is out of date' },
    shows: ['the member list is out of date'],
  },
  'mobilisation-posting': {
    audience: 'village-board',
    facts: { seats: 5, electsDeputy: true, method: 'two-recommendations-one-election', members: ['Zhang Wei', 'Li Na', 'Zhao Lei'] },
    shows: ['5', 'at least 6', 'one is elected', '两推一选', 'Zhang Wei', 'Zhao Lei', '(3)', '留党察看'],
  },
  'recommendation-meeting': { audience: 'voting-members', facts: {}, shows: ['more than one third', '群众推荐'] },
  'candidate-publicity': {
    audience: 'village-board',
    facts: { candidates: ['Zhang Wei', 'Li Na', 'Wang Fang', 'Liu Yang', 'Chen Jie', 'Zhao Lei'], from: '2026-04-01', until: '2026-04-08' },
    shows: ['Chen Jie', 'Zhao Lei', '2026-04-01', '2026-04-08 (to the end of the day', 'objection'],
  },
  'objection-received': { audience: 'inspection-team', facts: { candidate: 'Wang Fang' }, shows: ['Wang Fang'] },
  'objection-ruling': {
    audience: 'village-board',
    facts: { ruling: 'upheld', reason: 'a joint-review finding', candidate: 'Wang Fang' },
    shows: ['Wang Fang', 'upheld', 'a joint-review finding', 'removed from the slate'],
  },
  'conference-notice': {
    audience: 'voting-members',
    facts: {
      members: 42,
      leadDays: 7,
      renotice: false,
      majorityOf: 'due',
      date: '2026-04-20',
      time: '09:00',
      place: '村党群服务中心会议室',
    },
    shows: ['42', '7 day(s)', '2026-04-20', '09:00 (Beijing time)', '村党群服务中心会议室', 'four fifths', 'Proxy voting is not allowed'],
  },
  'quorum-failed': { audience: 'village-board', facts: {}, shows: ['four fifths', 'called again'] },
  'results-announcement': { audience: 'village-board', facts: committee, shows: ['Zhang Wei', 'Li Na', 'Chen Jie'] },
  'result-filing': { audience: 'county-org-dept', facts: committee, shows: ['Zhang Wei', 'Chen Jie', '备案'] },
  'approval-reminder': { audience: 'town-committee', facts: {}, shows: ['election inbox --role town-committee --town Heluo'] },
  'approval-escalation': { audience: 'county-org-dept', facts: { awaiting: 'town-committee' }, shows: ['the town Party committee'] },
  'postponement-granted': { audience: 'town-committee', facts: { until: '2027-03-01' }, shows: ['2027-03-01', 'one year'] },
  'postponement-reminder': { audience: 'town-committee', facts: { until: '2027-03-01' }, shows: ['2027-03-01'] },
  'postponement-overdue': { audience: 'county-org-dept', facts: { until: '2027-03-01' }, shows: ['2027-03-01'] },
  'election-cancelled': {
    audience: 'village-board',
    facts: { reason: 'merged into an urban community' },
    shows: ['merged into an urban community'],
  },
};

const render = (kind: NoticeKind, facts = NOTICES[kind].facts) =>
  renderNotice({ ...election, kind, audience: NOTICES[kind].audience, facts });

/** The visible text of the HTML page, with entities decoded, to compare with the Markdown. */
const htmlText = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('rendering notices for the village board', () => {
  it.each(NOTICE_KINDS)('renders %s with its facts in both Markdown and HTML', (kind) => {
    const notice = render(kind);
    expect(notice.title.length).toBeGreaterThan(5);
    expect(notice.markdown.startsWith(`# ${notice.title}\n`)).toBe(true);
    for (const text of [...NOTICES[kind].shows, 'Xishan', 'Heluo', '2026-03-02']) {
      expect(notice.markdown).toContain(text);
      expect(htmlText(notice.html)).toContain(text);
    }
    expect(notice.markdown).not.toContain('(not given)');
  });

  it('has a fact for every kind in the notice catalogue', () => {
    expect(Object.keys(NOTICES).sort()).toEqual([...NOTICE_KINDS].sort());
  });

  it.each(NOTICE_KINDS)('prints %s as a self-contained page with a language, a title and print styles', (kind) => {
    const { html, title } = render(kind);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain(`<title>${title}</title>`);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
  });

  it('escapes a hostile member name in the HTML and keeps it inert in the Markdown', () => {
    const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)> & 'Li'`;
    const { html, markdown } = render('mobilisation-posting', {
      ...NOTICES['mobilisation-posting'].facts,
      members: [hostile, '[click](javascript:alert(1))'],
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;Li&#39;');
    expect(htmlText(html)).toContain(hostile);
    expect(markdown).toContain('\\<script\\>');
    expect(markdown).toContain('\\[click\\](javascript:alert(1))');
    expect(markdown).not.toMatch(/(^|[^\\])<script/);
  });

  it('says a fact is missing instead of failing when the facts lack it', () => {
    const { markdown, html } = render('start-sent-back', {});
    expect(markdown).toContain('**Reason:** (not given)');
    expect(htmlText(html)).toContain('(not given)');
  });

  it('gives the first and last day of the publicity, and says "not given" for a period without them, never a default length', () => {
    const dated = render('candidate-publicity', { candidates: ['Zhang Wei'], from: '2026-09-30', until: '2026-10-12' }).markdown;
    expect(dated).toContain('- **First day of the publicity:** 2026-09-30');
    expect(dated).toContain('- **Last day of the publicity:** 2026-10-12 (to the end of the day, Beijing time)');
    const undated = render('candidate-publicity', { candidates: ['Zhang Wei'] }).markdown;
    expect(undated).toContain('- **First day of the publicity:** (not given)');
    expect(undated).toContain('- **Last day of the publicity:** (not given)');
    expect(undated).not.toContain('five by default');
  });

  it('gives the date, time and place of the conference it was called for', () => {
    const { markdown, html } = render('conference-notice', {
      members: 36,
      leadDays: 7,
      renotice: false,
      date: '2026-12-01',
      time: '09:00',
      place: '村党群服务中心会议室',
    });
    expect(markdown).toContain('- **Date:** 2026-12-01');
    expect(markdown).toContain('- **Time:** 09:00 (Beijing time)');
    expect(markdown).toContain('- **Place:** 村党群服务中心会议室');
    expect(htmlText(html)).toContain('村党群服务中心会议室');
  });

  it('says "not given" for the date, time and place of a conference notice from before the conference was called (versions 1 and 2)', () => {
    const { markdown } = render('conference-notice', { members: 36, leadDays: 7, renotice: false });
    expect(markdown).toContain('- **Date:** (not given)');
    expect(markdown).toContain('- **Time:** (not given)');
    expect(markdown).toContain('- **Place:** (not given)');
    expect(markdown).toContain('- **Notice given:** 7 day(s) before the conference');
  });

  it('calls the conference again after a failed quorum', () => {
    const { title, markdown } = render('conference-notice', { members: 42, leadDays: 7, renotice: true });
    expect(title).toContain('called again');
    expect(markdown).toContain('did not reach its quorum');
  });

  it('announces a direct election of the secretary without a committee', () => {
    const { markdown } = render('results-announcement', { committee: [], secretary: 'Zhang Wei' });
    expect(markdown).toContain('**Deputy secretary:** (not elected)');
    expect(markdown).toContain('no committee: the conference elected the secretary directly');
  });
});
