import { CATALOGUE } from '../../desk/i18n';
import { explainLines, explainText, followedBySeq } from '../../desk/i18n/explain';
import type { DecisionEvent } from '../../machines/events';
import { explainDecision, EXPLANATION_KEYS, ID_SEPARATOR, type Explanation } from '../../machines/explain';
import { fire, scripted, scriptFor, send, stamped, start, type Run } from '../machines/fixtures';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const quorumFailed: Explanation[] = [
  { key: 'explain.quorumNotMet', params: { present: 8, due: 10, fourFifths: '8', failures: 1 } },
  { key: 'explain.conferenceCalledAgain', params: {} },
  { key: 'explain.nowAtNobody', params: { stage: 'conferenceNotice' } },
];

describe('explanations in words', () => {
  it('has a message in both languages for every key an explanation may carry', () => {
    expect(EXPLANATION_KEYS.filter((key) => !(key in CATALOGUE))).toEqual([]);
  });

  it('says why a conference failed, with the figures, in English and in Chinese', () => {
    expect(explainText('en', quorumFailed)).toBe(
      'Quorum not met: 8 of 10 due, more than 8 needed (failure 1). The conference is called again. Now at Conference notice, waiting for its period to run.',
    );
    const zh = explainText('zh', quorumFailed);
    expect(zh).toContain('应到会10名，实到会8名');
    expect(zh).toContain('党员大会通知');
    expect(placeholders(zh)).toEqual([]);
  });

  it('names members through the lookup it is given, and roles and ballots by their labels', () => {
    const names = (id: string) => ({ m01: '张伟', m02: '李娜', m03: '王芳' })[id] ?? id;
    const lines = explainLines(
      'en',
      [
        { key: 'explain.memberElected', params: { memberId: 'm01', kind: 'committee', votes: 30 } },
        { key: 'explain.roundTie', params: { tiedIds: ['m02', 'm03'].join(ID_SEPARATOR), tied: 2, votes: 17, seats: 1 } },
        { key: 'explain.ballotOpened', params: { kind: 'deputy', seats: 1, candidates: 4 } },
        { key: 'explain.nowAt', params: { stage: 'conference', roles: ['guidance-group', 'scrutineer'].join(ID_SEPARATOR) } },
      ],
      names,
    );
    expect(lines).toEqual([
      '张伟 is elected (committee) with 30 votes.',
      '李娜, 王芳 tied with 17 votes for the last 1 seat(s): a tie-break round among them.',
      'The deputy secretary ballot opens: 1 seat(s), 4 candidate(s).',
      'Now at Party member conference, waiting for Guidance group, Scrutineer.',
    ]);
    const [tie] = explainLines(
      'zh',
      [{ key: 'explain.roundTie', params: { tiedIds: ['m02', 'm03'].join(ID_SEPARATOR), tied: 2, votes: 17, seats: 1 } }],
      names,
    );
    expect(tie).toContain('李娜、王芳');
  });

  it('says how many there were in all when a list of members was cut short', () => {
    const tie = { key: 'explain.roundTie' as const, params: { tiedIds: ['m1', 'm2'].join(ID_SEPARATOR), tied: 12, votes: 3, seats: 1 } };
    expect(explainText('en', [tie])).toContain('m1, m2 and 12 in all tied');
    expect(explainText('zh', [tie])).toContain('m1、m2等12人');
  });

  it('fills every placeholder of every explanation along a whole election, in both languages', () => {
    let run: Run = start();
    const given: Explanation[] = [];
    for (let steps = 0; run.snapshot.status === 'active' && steps < 200; steps += 1) {
      const decision = scripted(run.snapshot, scriptFor(run.input));
      if (!decision) {
        const [due] = [...run.timers.entries()].sort(([, a], [, b]) => (a.delay ?? 0) - (b.delay ?? 0))[0]!;
        run = fire(run, due);
        continue;
      }
      const next = send(run, decision);
      given.push(...explainDecision(run.snapshot, stamped(decision) as DecisionEvent, next.snapshot));
      run = next;
    }
    expect(run.snapshot.status).toBe('done');
    expect(new Set(given.map((e) => e.key)).size).toBeGreaterThan(10);
    for (const locale of ['zh', 'en'] as const) {
      const unfilled = explainLines(locale, given).filter((line) => /\{\w+\}/.test(line));
      expect(unfilled).toEqual([]);
    }
  });

  it('gives the village timeline what followed each decision that says so, by its sequence number', () => {
    const by = { id: 'script-guidance', role: 'guidance-group' as const };
    const record = { by, at: '2026-11-24T00:00:00.000Z', stage: 'conference' as const, summary: '{}', type: 'RECORD_ATTENDANCE' as const };
    const followed = followedBySeq('zh', [
      { ...record, seq: 1 },
      { ...record, seq: 2, followed: quorumFailed },
    ]);
    expect([...followed.keys()]).toEqual([2]);
    expect(followed.get(2)).toBe(explainText('zh', quorumFailed));
  });

  it('shows a key it does not know as the key, rather than failing', () => {
    expect(explainLines('en', [{ key: 'explain.fromANewerWorker' as never, params: {} }])).toEqual(['explain.fromANewerWorker']);
  });
});
