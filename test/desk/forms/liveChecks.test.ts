import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { renderDecisionFields, fieldId } from '../../../desk/forms';
import { translator, type Locale } from '../../../desk/i18n';
import { DECISION_ROLES, type DecisionType } from '../../../machines/events';
import { at } from '../../machines/fixtures';
import { launchChromium } from '../../support/browser';
import { factsForEveryType } from './support';

const every = factsForEveryType();
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 60_000);
afterAll(() => browser?.close());

/** A decision's form in a page with desk/static/forms.js, as the desk serves it. */
async function openForm(type: DecisionType, locale: Locale = 'zh'): Promise<void> {
  const { facts, view } = every[type];
  const fields = renderDecisionFields({ type, role: DECISION_ROLES[type][0]!, facts, view, tr: translator(locale), locale, now: at });
  await page.setContent(`<!doctype html><html><body><form>${fields.toString()}</form></body></html>`);
  await page.addScriptTag({ path: join(__dirname, '../../../desk/static/forms.js') });
}

const live = () => page.locator('[data-live]').innerText();
const field = (name: string) => page.locator(`#${fieldId(name)}`);

describe('the figures checked as one types (desk/static/forms.js)', () => {
  it('says at once when valid and invalid ballots do not add up to those returned, and when a candidate has more votes than valid ballots', async () => {
    await openForm('RECORD_ROUND');
    const [first] = every.RECORD_ROUND.facts.ballot!.candidates;
    const name = every.RECORD_ROUND.facts.roster.find((m) => m.id === first)!.name;
    await field('votersPresent').fill('33');
    await field('ballotsIssued').fill('33');
    await field('ballotsReturned').fill('33');
    await field('validBallots').fill('31');
    await field('invalidBallots').fill('1');
    expect(await live()).toContain('有效 31 + 无效 1 = 32，不等于收回的 33 张');
    await field('invalidBallots').fill('2');
    await field(`votes.${first!}`).fill('40');
    const text = await live();
    expect(text).not.toContain('不等于收回');
    expect(text).toContain(`${name} ${first!} 得 40 票，多于有效票 31 张`);
    expect(text).toMatch(/至少 \d+ 票，始得当选/);
  }, 30_000);

  it('warns that more ballots returned than issued voids the round', async () => {
    await openForm('RECORD_ROUND', 'en');
    await field('ballotsIssued').fill('30');
    await field('ballotsReturned').fill('31');
    expect(await live()).toBe('31 returned is more than 30 issued: the round is void and is held again');
  }, 30_000);

  it('counts the slate against the competitive ratio as boxes are ticked', async () => {
    await openForm('APPROVE_SLATE', 'en');
    const passed = every.APPROVE_SLATE.facts.inspectionPassed;
    await field(`candidates.${passed[0]!}`).check();
    expect(await live()).toBe('Only 1 candidates picked; at least 6 are needed');
    for (const id of passed.slice(1, 6)) await field(`candidates.${id}`).check();
    expect(await live()).toBe('6 picked; at least 6 needed');
  }, 30_000);

  it('works out those due, those present and the quorum from the roster as it is ticked', async () => {
    await openForm('RECORD_ATTENDANCE', 'en');
    const voters = every.RECORD_ATTENDANCE.facts.roster.filter((m) => m.standing === 'full').map((m) => m.id);
    for (const id of voters.slice(1, 30)) await field(`present.${id}`).check();
    await field(`excusal.${voters[0]!}`).selectOption('illness');
    const due = voters.length - 1;
    expect(await live()).toBe(
      `29 present of ${due} due (${voters.length} voting members, 1 excused): more than 4/5 (at least ${Math.floor((4 * due) / 5) + 1}), quorum met`,
    );
    await field(`present.${voters[1]!}`).uncheck();
    // 28 of 35 is exactly 4/5, which is not more than 4/5.
    expect(await live()).toContain('28 present of 35 due (36 voting members, 1 excused): not more than 4/5 (at least 29), quorum not met');
  }, 30_000);

  it('checks a tally: returned against issued, and votes against ballots returned', async () => {
    await openForm('RECORD_MEMBER_RECOMMENDATION', 'en');
    const [nominee] = every.RECORD_MEMBER_RECOMMENDATION.facts.roster.filter((m) => m.standing === 'full');
    await field('tally.participants').fill('30');
    await field('tally.ballotsIssued').fill('30');
    await field('tally.ballotsReturned').fill('31');
    await field(`tally.votes.${nominee!.id}`).fill('32');
    const text = await live();
    expect(text).toContain('Ballots returned 31 is more than ballots issued 30');
    expect(text).toContain(`${nominee!.name} ${nominee!.id} has 32 votes, more than the 31 ballots returned`);
    expect(text).toMatch(/at least \d+ votes, passes to inspection/);
  }, 30_000);
});

describe('every form in a browser, checked by axe-core', () => {
  const axe = require.resolve('axe-core/axe.min.js');

  it.each(Object.keys(every) as DecisionType[])(
    '%s: no serious or critical accessibility violation, in Chinese',
    async (type) => {
      const { facts, view } = every[type];
      const locale: Locale = 'zh';
      const errors = [{ field: '', message: '整张表的问题' }];
      const fields = renderDecisionFields({
        type,
        role: DECISION_ROLES[type][0]!,
        facts,
        view,
        tr: translator(locale),
        locale,
        errors,
        now: at,
      });
      await page.setContent(
        `<!doctype html><html lang="zh-CN"><head><title>${type}</title></head><body><main><h1>${type}</h1><form>${fields.toString()}<button type="submit">提交</button></form></main></body></html>`,
      );
      await page.addScriptTag({ path: axe });
      const { violations, passed } = await page.evaluate(async () => {
        type Rule = { id: string; impact: string; nodes: { target: string[] }[] };
        const result = await (globalThis as unknown as { axe: { run: () => Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe.run();
        return {
          violations: result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
          passed: result.passes.map((p) => p.id),
        };
      });
      expect(violations).toEqual([]);
      // axe did look: at least the page's language and its headings passed.
      expect(passed).toEqual(expect.arrayContaining(['html-has-lang', 'document-title']));
    },
    30_000,
  );
});
