import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../client/tools';
import { formValues, type FormBody } from '../../desk/forms';
import { nextScriptedDecision } from '../../client/demo/townOffice';
import type { DecisionEvent, DecisionType } from '../../machines/events';
import { electionQuery } from '../../client/visibility';
import { factsQuery } from '../../workflows/contract';
import { searchAttributes } from '../../workflows/searchAttributes';
import { launchBrowser } from '../support/browser';
import { deskPerson, PASSWORD, totpCode, useDesk } from '../support/desk';
import { electionWorker, scriptFor, status, villageInput } from '../support/election';
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

describe('what the desk refuses', () => {
  let villagePath: string;
  beforeAll(async () => {
    const input = villageInput();
    await startSignedVillage(env.client, env.taskQueue, input, { keyFile: env.signers.keyFileOf('script-town')! });
    villagePath = `/v/${input.term}/${input.town}/${encodeURIComponent(input.village)}`;
  });

  it('shows a person without the role no action, and refuses their hand-made POST and a POST without the form token', async () => {
    const inspector = await signIn(deskPerson('inspection-team').id);
    await inspector.goto(`${env.desk.url}${villagePath}`);
    await expect(inspector.locator('main').innerText()).resolves.toContain('您在本村没有可办理的事项');
    await expect(inspector.locator('a[href*="/decide/"]').count()).resolves.toBe(0);
    const form = await inspector.goto(`${env.desk.url}${villagePath}/decide/RECORD_INVESTIGATION`);
    expect(form?.status()).toBe(403);

    // The inspector's own session and form token, a well-formed investigation: the server re-checks the role and refuses.
    await inspector.goto(`${env.desk.url}/`);
    const csrf = await inspector.locator('form[action="/logout"] input[name=_csrf]').inputValue();
    const body = { _csrf: csrf, category: 'good', stable: 'true', representatives: '20' };
    const forged = await inspector.request.post(`${env.desk.url}${villagePath}/decide/RECORD_INVESTIGATION`, { form: body });
    expect(forged.status()).toBe(403);
    await expect(forged.text()).resolves.toContain('您在本村没有办理“登记调查摸底情况”的权限');

    // The guidance cadre may, but not without the form token of their session.
    const cadre = await signIn(deskPerson('guidance-group').id);
    const tokenless = await cadre.request.post(`${env.desk.url}${villagePath}/decide/RECORD_INVESTIGATION`, {
      form: { category: 'good', stable: 'true', representatives: '20' },
    });
    expect(tokenless.status()).toBe(403);

    const village = env.client.workflow.getHandle(`reelection/2026/Heluo/${decodeURIComponent(villagePath.split('/').pop()!)}`);
    const view = await status(village);
    expect(view.stage).toBe('investigation');
    expect(view.decisions).toEqual([]);
  }, 60_000);

  it('locks an account after five wrong passwords, and then refuses the right one too', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const county = deskPerson('county-org-dept').id;
    try {
      for (let i = 0; i < 5; i += 1) {
        await page.goto(`${env.desk.url}/login`);
        await page.fill('input[name=login]', county);
        await page.fill('input[name=password]', `wrong-password-${i}`);
        await page.click('form[action="/login"] button[type=submit]');
      }
      await expect(page.locator('main').innerText()).resolves.toContain('账号已被锁定');
      await page.goto(`${env.desk.url}/login`);
      await page.fill('input[name=login]', county);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('form[action="/login"] button[type=submit]');
      expect(new URL(page.url()).pathname).toBe('/login');
      await expect(page.locator('main').innerText()).resolves.toContain('账号已被锁定');
      expect((await env.desk.accounts.account(county))?.lockedUntil).toBeDefined();
      const log = (await env.desk.accounts.log({ person: county })).map((line) => line.event);
      expect(log.filter((event) => event === 'wrong-password')).toHaveLength(5);
      expect(log).toContain('locked');
    } finally {
      await env.desk.accounts.unlock(county);
      await context.close();
    }
  }, 60_000);

  it('ends a session left idle past its limit: the next page asks to sign in again', async () => {
    const cadre = await signIn(deskPerson('guidance-group').id);
    await cadre.goto(`${env.desk.url}/`);
    expect(new URL(cadre.url()).pathname).toBe('/');
    env.skew.ms = 31 * 60_000;
    try {
      await cadre.goto(`${env.desk.url}${villagePath}`);
      const url = new URL(cadre.url());
      expect(url.pathname).toBe('/login');
      expect(url.searchParams.get('expired')).toBe('1');
      await expect(cadre.locator('main').innerText()).resolves.toContain('登录已超时');
    } finally {
      env.skew.ms = 0;
      people.delete(deskPerson('guidance-group').id);
    }
    // Back on the right clock the session stays ended.
    await cadre.goto(`${env.desk.url}/`);
    expect(new URL(cadre.url()).pathname).toBe('/login');
  }, 60_000);
});

describe('a town with a village whose worker has gone', () => {
  it('shows the town page, the village listed from visibility, and says how many villages could not be asked', async () => {
    // The village runs on a worker of its own until visibility lists it at its first stage; then that worker stops.
    const { worker, taskQueue, connection } = await electionWorker(env.store);
    const input = villageInput();
    const handle = await worker.runUntil(async () => {
      const started = await startSignedVillage(env.client, taskQueue, input, { keyFile: env.signers.keyFileOf('script-town')! });
      for (const deadline = Date.now() + 30_000; ; await new Promise((resolve) => setTimeout(resolve, 200))) {
        if (Date.now() > deadline) throw new Error('visibility never listed the village at a stage');
        const listed = [];
        for await (const info of env.client.workflow.list({ query: electionQuery({ town: input.town, village: input.village }) }))
          listed.push(info);
        if (listed.some((info) => info.typedSearchAttributes.get(searchAttributes.stage) !== undefined)) return started;
      }
    });
    await connection.close();
    try {
      const page = await signIn(deskPerson('town-committee').id);
      const response = await page.goto(`${env.desk.url}/towns/${input.town}`);
      expect(response?.status()).toBe(200);
      const villagePath = `/v/${input.term}/${input.town}/${encodeURIComponent(input.village)}`;
      await expect(page.locator(`table a[href="${villagePath}"]`).count()).resolves.toBe(1);
      await expect(page.locator('p.notice[role=status]').innerText()).resolves.toMatch(/^有 [1-9]\d* 个村暂时无法查询/);
    } finally {
      await handle.terminate('the test is over');
    }
  }, 90_000);
});

describe('the main pages, for every person and every screen', () => {
  const axe = require.resolve('axe-core/axe.min.js');
  let villagePath: string;
  beforeAll(async () => {
    const input = villageInput();
    await startSignedVillage(env.client, env.taskQueue, input, { keyFile: env.signers.keyFileOf('script-town')! });
    villagePath = `/v/${input.term}/${input.town}/${encodeURIComponent(input.village)}`;
  });

  /** The serious and critical violations axe-core finds on the page (the desk's CSP is bypassed only to inject axe). */
  async function violations(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: axe });
    return page.evaluate(async () => {
      type Rule = { id: string; impact: string; nodes: { target: string[] }[] };
      const result = await (globalThis as unknown as { axe: { run: () => Promise<{ violations: Rule[] }> } }).axe.run();
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  }

  /** Signs in afresh in a context of its own, for axe (CSP bypassed) or screenshots at a language and a width. */
  async function freshPage(
    personId: string,
    locale: string,
    viewport: { width: number; height: number },
  ): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await browser.newContext({ locale, viewport, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${env.desk.url}/login`);
    await page.fill('input[name=login]', personId);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('form[action="/login"] button[type=submit]');
    if (page.url().includes('/login/code')) {
      // A code is good once: wait for the next step when this person's current one was used already.
      const used = people.has(personId);
      if (used) await page.waitForTimeout(31_000 - (Date.now() % 30_000));
      await page.fill('input[name=code]', totpCode(personId));
      await page.click('form[action="/login/code"] button[type=submit]');
    }
    expect(new URL(page.url()).pathname).toBe('/');
    return { page, close: () => context.close() };
  }

  it('finds no serious accessibility violation on the sign-in page, my work, a village, a form, the town and the people pages', async () => {
    const anonymous = await browser.newContext({ locale: 'zh-CN', bypassCSP: true });
    const signInPage = await anonymous.newPage();
    await signInPage.goto(`${env.desk.url}/login`);
    expect(await violations(signInPage)).toEqual([]);
    await anonymous.close();

    const found: Record<string, string[]> = {};
    for (const [person, paths] of [
      [deskPerson('guidance-group').id, ['/', '/towns', '/towns/Heluo', villagePath, `${villagePath}/decide/RECORD_INVESTIGATION`]],
      [deskPerson('county-org-dept').id, ['/people']],
    ] as const) {
      const { page, close } = await freshPage(person, 'zh-CN', { width: 1280, height: 900 });
      try {
        for (const path of paths) {
          const response = await page.goto(`${env.desk.url}${path}`);
          expect([path, response?.status()]).toEqual([path, 200]);
          found[path] = await violations(page);
        }
      } finally {
        await close();
      }
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((path) => [path, []])));
  }, 120_000);

  it('keeps screenshots of my work, a village and a form in Chinese and English, at desktop and phone widths', async () => {
    const cadre = deskPerson('guidance-group').id;
    for (const [locale, lang] of [
      ['zh-CN', 'zh'],
      ['en-GB', 'en'],
    ] as const) {
      for (const [size, viewport] of [
        ['desktop', { width: 1280, height: 900 }],
        ['phone', { width: 390, height: 844 }],
      ] as const) {
        const { page, close } = await freshPage(cadre, locale, viewport);
        try {
          await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang === 'zh' ? 'zh-CN' : 'en');
          await expect(page.locator('h1').innerText()).resolves.toBe(lang === 'zh' ? '我的待办' : 'My work');
          await page.screenshot({ path: join(SHOTS, `inbox.${lang}.${size}.png`), fullPage: true });
          await page.goto(`${env.desk.url}${villagePath}`);
          await page.screenshot({ path: join(SHOTS, `village.${lang}.${size}.png`), fullPage: true });
          await page.goto(`${env.desk.url}${villagePath}/decide/RECORD_INVESTIGATION`);
          await page.screenshot({ path: join(SHOTS, `form.${lang}.${size}.png`), fullPage: true });
          // Nothing is wider than a phone's screen: wide tables scroll inside their own box.
          const overflow = await page.evaluate(() => {
            const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document
              .documentElement;
            return root.scrollWidth - root.clientWidth;
          });
          expect(overflow).toBeLessThanOrEqual(0);
        } finally {
          await close();
        }
      }
    }
  }, 120_000);
});
