import type { Member } from '../../machines/rules';
import { BUILDERS } from '../../papers/builders';
import type { ElectionRecord } from '../../papers/record';
import { renderPaper } from '../../papers/render';
import { member, syntheticFacts, syntheticRecord } from './syntheticFacts';

/** The markup without the whitespace between tags, as a browser reads it. */
const flat = (html: string): string => html.replace(/>\s+</g, '><');

/** The candidates' names in the order the rendered ballot prints them. */
const ballotOrder = (html: string): string[] => [...html.matchAll(/<th scope="col" class="candidate">([^<]*)<\/th>/g)].map((m) => m[1]!);

/** A record of an election whose conference has opened its first ballot on `candidates` (ids of `roster`). */
function recordWithBallot(roster: Member[], candidates: string[]): ElectionRecord {
  const facts = syntheticFacts(roster, {
    nominees: candidates,
    inspectionPassed: candidates,
    candidates,
    ballot: { kind: 'committee', seats: 5, candidates, round: 1, purpose: 'first' },
  });
  return syntheticRecord(facts);
}

describe('the ballot paper lists its candidates by the strokes of their surnames (姓氏笔画为序)', () => {
  it('prints 丁, 马, 王, 白, 刘, 张, 李 in that order, whatever the order of the roster and the slate', () => {
    const scrambled = ['李明', '张伟', '刘洋', '白雪', '王芳', '马强', '丁一'];
    const roster = scrambled.map((name, i) => member(`m${String(i + 1).padStart(2, '0')}`, name));
    const slate = ['m03', 'm07', 'm01', 'm05', 'm02', 'm06', 'm04'];
    const model = BUILDERS.ballot(recordWithBallot(roster, slate), 1);
    const html = renderPaper(model, 'XXXX-XXXX-XXXX', false);
    expect(ballotOrder(html)).toEqual(['丁一', '马强', '王芳', '白雪', '刘洋', '张伟', '李明']);
  });

  it('orders two candidates of one surname by the strokes of the rest of their names', () => {
    const roster = [member('m01', '王霞'), member('m02', '王一'), member('m03', '王大明')];
    const html = renderPaper(BUILDERS.ballot(recordWithBallot(roster, ['m01', 'm02', 'm03']), 1), 'XXXX-XXXX-XXXX', false);
    expect(ballotOrder(html)).toEqual(['王一', '王大明', '王霞']);
  });

  it('prints the seats, a box per candidate, as many write-in lines as seats, and no code on the ballot', () => {
    const roster = ['李明', '张伟', '刘洋', '白雪', '王芳', '马强'].map((name, i) => member(`m0${i + 1}`, name));
    const model = BUILDERS.ballot(
      recordWithBallot(
        roster,
        roster.map((m) => m.id),
      ),
      1,
    );
    const html = flat(renderPaper(model, '7K3Q-9WXD-2M4F', false));
    expect(html).toContain('<th scope="row">应选名额</th><td>5名</td>');
    expect(html.match(/<td class="box"><\/td>/g)).toHaveLength(6 + 5);
    expect(html.match(/<td class="writein"><\/td>/g)).toHaveLength(5);
    expect(html).not.toContain('7K3Q-9WXD-2M4F');
    expect(html).not.toMatch(/\bm0\d\b/);
    expect(html).toContain('font-family: "Noto Serif CJK SC"');
    expect(html).not.toMatch(/<script|<link|src=/i);
  });
});
