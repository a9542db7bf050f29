import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../client/tools';
import { formValues, type FormBody } from '../../desk/forms';
import { nextScriptedDecision } from '../../client/demo/townOffice';
import type { DecisionEvent, DecisionType } from '../../machines/events';
import { factsQuery } from '../../workflows/contract';
import { launchBrowser } from '../support/browser';
import { deskPerson, PASSWORD, totpCode, useDesk } from '../support/desk';
import { scriptFor, status, villageInput } from '../support/election';
import { startSignedVillage } from '../support/signedStart';

/** Kept for a person to look at after the run (test-output/ is git-ignored). */
const SHOTS = join(projectRoot(), 'test-output', 'desk');
const env = useDesk();
let browser: Browser;
/** One browser context per person: each signs in once and keeps their own session. */
const people = new Map<string, { context: BrowserContext; page: Page }>();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  for (const { context } of people.values()) await context.close().catch(() => undefined);
  await browser?.close();
});

/** Signs a person in through the sign-in page (and the code page for an approving role), in a context of their own. */
async function signIn(personId: string, options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const known = people.get(personId);
  if (known) return known.page;
  const context = await browser.newContext({
    locale: options.locale ?? 'zh-CN',
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${env.desk.url}/`);
  expect(page.url()).toContain('/login');
  await page.fill('input[name=login]', personId);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('form[action="/login"] button[type=submit]');
  if (page.url().includes('/login/code')) {
    await page.fill('input[name=code]', totpCode(personId, Date.now() + env.skew.ms));
    await page.click('form[action="/login/code"] button[type=submit]');
  }
  expect(new URL(page.url()).pathname).toBe('/');
  people.set(personId, { context, page });
  return page;
}

/** Fills a rendered decision form in the browser with a form body: boxes ticked by value, selects chosen, fields typed. */
async function fill(page: Page, body: FormBody): Promise<void> {
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    const controls = page.locator(`form.decision [name="${name}"]`);
    const count = await controls.count();
    if (count === 0) throw new Error(`the form has no field ${name}`);
    const kind = await controls
      .first()
      .evaluate((el) => (el.tagName === 'INPUT' ? (el.getAttribute('type') ?? 'text') : el.tagName.toLowerCase()));
    if (kind === 'checkbox' || kind === 'radio') {
      for (const v of values) await page.locator(`form.decision [name="${name}"][value="${v}"]`).check();
    } else if (kind === 'select') {
      await controls.first().selectOption(values.map(String));
    } else {
      for (let i = 0; i < values.length; i += 1) await controls.nth(i).fill(String(values[i]));
    }
  }
}

/** Who makes a scripted decision at the desk: the named desk person of its role, or the scrutineer it names. */
async function deciderOf(decision: DecisionEvent): Promise<string> {
  if (decision.by.role === 'scrutineer') {
    await env.scrutineerAccount(decision.by.id);
    return decision.by.id;
  }
  return deskPerson(decision.by.role).id;
}

describe('the approvers’ desk in a browser', () => {
  it('drives one village from its start to its completion, signed in as five people, each decision from its form', async () => {
    const input = villageInput();
    const handle = await startSignedVillage(env.client, env.taskQueue, input, { keyFile: env.signers.keyFileOf('script-town')! });
    const script = scriptFor(input);
    const villagePath = `/v/${input.term}/${input.town}/${encodeURIComponent(input.village)}`;
    const made: DecisionType[] = [];
    const deciders = new Set<string>();
    const explained: string[] = [];

    // The guidance cadre finds the village in their work list and opens its form from there.
    const cadre = await signIn(deskPerson('guidance-group').id);
    await cadre.goto(`${env.desk.url}/?town=Heluo`);
    const entry = cadre.locator('li.card', { hasText: input.village });
    await expect(entry.getByRole('link', { name: '登记调查摸底情况' }).count()).resolves.toBe(1);

    const deadline = Date.now() + 150_000;
    for (let view = await status(handle); view.status === 'running'; view = await status(handle)) {
      if (Date.now() > deadline) throw new Error(`stuck at ${view.stage}/${view.step ?? ''} after ${made.join(', ')}`);
      const decision = nextScriptedDecision(view, script);
      if (!decision) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        continue;
      }
      const who = await deciderOf(decision);
      deciders.add(who);
      const page = await signIn(who);
      const { by: _by, type, ...fields } = decision;
      const facts = await handle.query(factsQuery);
      await page.goto(`${env.desk.url}${villagePath}`);
      // The village page offers this person the decision, in their role.
      await page.locator(`a[href="${villagePath}/decide/${type}"]`).click();
      await fill(page, formValues(type, fields as never, facts));
      await page.click('form.decision button[type=submit]');
      const receipt = page.locator('.receipt');
      if (!(await receipt.count())) throw new Error(`${type} was not accepted: ${await page.locator('main').innerText()}`);
      explained.push(...(await page.locator('.receipt .why li').allInnerTexts()));
      made.push(type);
      if (type === 'RECORD_ATTENDANCE') await page.screenshot({ path: join(SHOTS, 'receipt-attendance.zh.png'), fullPage: true });
    }
    const view = await status(handle);
    expect(view.stage).toBe('completed');
    expect(made).toEqual(
      expect.arrayContaining([
        'RECORD_INVESTIGATION',
        'APPROVE_START',
        'RECORD_INSPECTION',
        'APPROVE_SLATE',
        'RECORD_ROUND',
        'CONFIRM_COUNT',
        'APPROVE_RESULT',
        'RECORD_HANDOVER',
      ]),
    );
    expect(deciders.size).toBeGreaterThanOrEqual(5);
    // Every decision is recorded as made by the person signed in, never by what a form could say.
    const byIds = new Set(view.decisions.map((d) => d.by.id));
    expect([...byIds].sort()).toEqual([...deciders].sort());
    // The receipts say why, in Chinese: the quorum with its figures among them.
    expect(explained.join('\n')).toMatch(/法定人数|到会/);
    const page = await signIn(deskPerson('town-committee').id);
    await page.goto(`${env.desk.url}${villagePath}`);
    await expect(page.locator('ol.timeline > li').count()).resolves.toBe(view.decisions.length);
    await page.screenshot({ path: join(SHOTS, 'village-completed.zh.png'), fullPage: true });
  }, 240_000);
});
