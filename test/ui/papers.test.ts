import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../client/tools';
import type { ElectionFacts } from '../../machines/facts';
import type { ElectionInputRaw } from '../../machines/input';
import { factsQuery } from '../../workflows/contract';
import { launchBrowser } from '../support/browser';
import { runCli } from '../support/cliInProcess';
import { deskPerson, PASSWORD, totpCode, useDesk } from '../support/desk';
import { scriptFor, villageInput } from '../support/election';
import { startSignedVillage } from '../support/signedStart';
import { driveSignedUntil } from '../support/signers';

/** Kept for a person to look at after the run (test-output/ is git-ignored). */
const SHOTS = join(projectRoot(), 'test-output', 'papers');
/** A4 in PostScript points (210 × 297 mm), as a PDF's MediaBox states a page. */
const A4 = { width: 595.28, height: 841.89 };
/** The Chinese serif faces a paper may be set in (its font stack, papers/render.ts); a sans-serif or a box is a failure. */
const CJK_SERIF = /AR PL UMing|Noto Serif CJK|Source Han Serif|Songti|SimSun/i;
/** The Chinese sans-serif faces a machine may fall back to. */
const CJK_SANS = /WenQuanYi|Noto Sans CJK|Source Han Sans|Droid Sans Fallback/i;

const env = useDesk();
let browser: Browser;
let context: BrowserContext;
let page: Page;
let input: ElectionInputRaw;
let handle: WorkflowHandle;
let facts: ElectionFacts;
let villagePath: string;
/** What the browser reported while showing the papers: a refused inline style would leave a paper unstyled. */
const consoleErrors: string[] = [];

const names = (ids: readonly string[]) => ids.map((id) => facts.roster.find((m) => m.id === id)!.name);
const byStrokes = (list: readonly string[]) => [...list].sort(new Intl.Collator('zh-u-co-stroke').compare);

/** The platform fonts Chromium drew an element's text with, most glyphs first (the DevTools protocol's own account). */
async function fontsDrawing(selector: string): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return [...fonts].sort((a, b) => b.glyphCount - a.glyphCount);
  } finally {
    await cdp.detach();
  }
}

/** A PDF's page boxes, as Chromium writes them (uncompressed in each page object). */
const pageBoxes = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  input = villageInput();
  handle = await startSignedVillage(env.client, env.taskQueue, input, { keyFile: env.signers.keyFileOf('script-town')! });
  await driveSignedUntil(handle, env.signers, scriptFor(input), (view) => view.status !== 'running', undefined, 120_000);
  facts = await handle.query(factsQuery);
  villagePath = `/v/${input.term}/${encodeURIComponent(input.town)}/${encodeURIComponent(input.village)}`;

  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 900, height: 1200 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const cadre = deskPerson('guidance-group').id;
  await page.goto(`${env.desk.url}/login`);
  await page.fill('input[name=login]', cadre);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('form[action="/login"] button[type=submit]');
  if (page.url().includes('/login/code')) {
    await page.fill('input[name=code]', totpCode(cadre));
    await page.click('form[action="/login/code"] button[type=submit]');
  }
  expect(new URL(page.url()).pathname).toBe('/');
}, 240_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
});

describe('the papers of a village driven to its end, printed from the desk in Chromium', () => {
  it('shows the print section on the village page, the first round’s ballot and count sheet among its papers', async () => {
    await page.goto(`${env.desk.url}${villagePath}`);
    const section = page.locator('section[aria-labelledby="h-print"]');
    await expect(section.locator('h2').innerText()).resolves.toBe('打印文书');
    await expect(section.locator(`a[href="${villagePath}/print/ballot?round=1"]`).count()).resolves.toBe(1);
    await expect(section.locator(`a[href="${villagePath}/print/count-sheet?round=1"]`).count()).resolves.toBe(1);
    await section.screenshot({ path: join(SHOTS, 'village-print-section.zh.png') });
  }, 60_000);

  it('renders the ballot: the candidates in the order of their surnames’ strokes, set in a Chinese serif, styled under the sandbox', async () => {
    consoleErrors.length = 0;
    const answer = await page.goto(`${env.desk.url}${villagePath}/print/ballot?round=1`);
    expect(answer?.status()).toBe(200);
    await page.emulateMedia({ media: 'print' });
    await page.evaluate('document.fonts.ready.then(() => undefined)');

    const firstBallot = facts.rounds[0]!;
    const printed = await page.locator('table.ballot th.candidate').allInnerTexts();
    expect(printed).toEqual(byStrokes(names(firstBallot.candidates)));
    // One box under each name, and as many write-in columns as seats.
    await expect(page.locator('table.ballot td.box').count()).resolves.toBe(printed.length);
    await expect(page.locator('table.writein td.writein').count()).resolves.toBe(firstBallot.seats);

    // The inline style sheet applies under the paper's sandboxed CSP: the title is centred, the table ruled.
    const style = (selector: string, property: string) =>
      page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`);
    await expect(style('h1', 'textAlign')).resolves.toBe('center');
    await expect(style('table.ballot th.candidate', 'borderTopStyle')).resolves.toBe('solid');
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);

    // The Chinese text is drawn with a Chinese serif face: a sans-serif fallback (or tofu) means the fonts are missing.
    const fix = 'bash scripts/install-browser.sh (as root) installs fonts-arphic-uming';
    const caption = await fontsDrawing('table.ballot caption');
    expect({ drawnWith: caption.map((f) => f.familyName), fix }).toEqual({
      drawnWith: [expect.stringMatching(CJK_SERIF)],
      fix: expect.any(String),
    });
    // The names too: no Chinese sans-serif among the faces they are drawn with (a name in pinyin is drawn in a Latin serif).
    const name = await fontsDrawing('table.ballot th.candidate');
    expect({ drawnWith: name.map((f) => f.familyName).filter((f) => CJK_SANS.test(f)), fix }).toEqual({ drawnWith: [], fix });

    await page.screenshot({ path: join(SHOTS, 'ballot.zh.png'), fullPage: true });
  }, 60_000);

  it('renders the count sheet: the round’s figures and each candidate’s votes as recorded, by name', async () => {
    const answer = await page.goto(`${env.desk.url}${villagePath}/print/count-sheet?round=1`);
    expect(answer?.status()).toBe(200);
    await page.emulateMedia({ media: 'print' });
    const round = facts.rounds[0]!;
    const field = (label: string) =>
      page
        .locator('table.fields tr', { has: page.locator(`th:text-is("${label}")`) })
        .locator('td')
        .innerText();
    await expect(field('发出选票')).resolves.toBe(String(round.ballotsIssued));
    await expect(field('收回选票')).resolves.toBe(String(round.ballotsReturned));
    await expect(field('有效票')).resolves.toBe(String(round.validBallots));
    await expect(field('无效票')).resolves.toBe(String(round.invalidBallots));

    const rows = await page
      .locator('table:has(caption:text("候选人得票")) tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    const votes = round.votes;
    const expected = byStrokes(names(round.candidates)).map((name) => {
      const id = facts.roster.find((m) => m.name === name)!.id;
      return [name, String(votes[id] ?? 0)];
    });
    expect(rows.map(([name, approve]) => [name, approve])).toEqual(expected);
    await expect(page.locator('p.code').innerText()).resolves.toMatch(/核验码 [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await page.screenshot({ path: join(SHOTS, 'count-sheet.zh.png'), fullPage: true });
  }, 60_000);

  it('prints the ballot and the count sheet to PDF on A4 pages', async () => {
    for (const kind of ['ballot', 'count-sheet']) {
      const answer = await page.request.get(`${env.desk.url}${villagePath}/print/${kind}?round=1&format=pdf`);
      expect(answer.status()).toBe(200);
      const pdf = await answer.body();
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      writeFileSync(join(SHOTS, `${kind}.pdf`), pdf);
      const boxes = pageBoxes(pdf);
      expect(boxes.length).toBeGreaterThanOrEqual(1);
      for (const box of boxes) {
        expect(Math.abs(box.width - A4.width)).toBeLessThan(1.5);
        expect(Math.abs(box.height - A4.height)).toBeLessThan(1.5);
      }
    }
  }, 90_000);
});

describe('election print --out FILE.pdf', () => {
  const print = (kind: string, out: string) =>
    runCli([
      'print',
      kind,
      '--town',
      input.town,
      '--village',
      input.village,
      '--term',
      String(input.term),
      '--round',
      '1',
      '--store',
      env.store.location,
      '--out',
      out,
      '--by',
      '张伟',
    ]);

  it('writes the count sheet as an A4 PDF readable by its owner only, whose printed code then verifies', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'paper-')), 'count-sheet.pdf');
    const printed = await print('count-sheet', out);
    expect(printed).toMatchObject({ code: 0, err: '' });
    const code = /verification code ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(printed.out)?.[1];
    expect(code).toBeDefined();
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageBoxes(pdf).length).toBeGreaterThanOrEqual(1);
    for (const box of pageBoxes(pdf)) expect([Math.round(box.width), Math.round(box.height)]).toEqual([595, 842]);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const verified = await runCli(['audit', 'verify', '--code', code!, '--store', env.store.location]);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain(`code ${code}`);
  }, 90_000);

  it('writes a picture of the ballot as it looks on its A4 sheet (.png), as the README shows one', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'paper-')), 'ballot.png');
    const printed = await print('ballot', out);
    expect(printed).toMatchObject({ code: 0, err: '' });
    const png = readFileSync(out);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // The IHDR chunk's width and height: an A4 sheet's width at 96 px to the inch, and at least as tall as the paper is.
    expect(png.readUInt32BE(16)).toBe(794);
    expect(png.readUInt32BE(20)).toBeGreaterThan(600);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    writeFileSync(join(SHOTS, 'ballot-cli.png'), png);
  }, 60_000);

  it.each([
    ['CHROMIUM_PATH names no browser', { CHROMIUM_PATH: join(tmpdir(), 'no-such-chromium') }],
    ['no chromium on PATH', { CHROMIUM_PATH: undefined, PATH: tmpdir() }],
  ])('without a Chromium (%s) refuses the PDF, naming the script that installs one, and writes nothing', async (_case, env) => {
    const out = join(mkdtempSync(join(tmpdir(), 'paper-')), 'ballot.pdf');
    const saved = { CHROMIUM_PATH: process.env.CHROMIUM_PATH, PATH: process.env.PATH };
    const set = (values: Record<string, string | undefined>) => {
      for (const [name, value] of Object.entries(values)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    };
    set(env);
    try {
      const printed = await print('ballot', out);
      expect(printed.code).toBe(1);
      expect(printed.err).toContain('bash scripts/install-browser.sh');
      expect(existsSync(out)).toBe(false);
    } finally {
      set(saved);
    }
  });
});
