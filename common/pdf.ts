import type { Page } from 'playwright-core';
import { launchHeadlessChromium } from './browser';

/** What Chromium is told for every paper: the page size comes from the document's `@page` (A4 when it names none). */
const PDF_OPTIONS = { format: 'A4', printBackground: true, preferCSSPageSize: true } as const;

/** How long one document may take to lay out and print (a paper is a page or two; Chromium's cold start is the rest). */
const PRINT_TIMEOUT_MS = 60_000;

/** A4's width in CSS pixels (210 mm at 96 px to the inch): a picture of a paper is as wide as its sheet. */
const A4_WIDTH_PX = 794;

/**
 * Lays a complete HTML document out in a headless Chromium (playwright-core; the browser is the one
 * scripts/install-browser.sh made sure of), with its print styles, and hands the page to `use`. The document runs no
 * script and loads nothing: it must carry its own styles.
 */
async function withPrintedPage<T>(html: string, viewport: { width: number; height: number }, use: (page: Page) => Promise<T>): Promise<T> {
  const browser = await launchHeadlessChromium();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(PRINT_TIMEOUT_MS);
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html, { waitUntil: 'load' });
    // Web fonts are none, but the system's CJK fonts are still loaded lazily: print once every face the text uses is in.
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    return await use(page);
  } finally {
    await browser.close();
  }
}

/**
 * Prints a complete HTML document to PDF with a headless Chromium.
 * @throws NoChromiumError (common/browser) naming scripts/install-browser.sh when no Chromium is there.
 */
export function htmlToPdf(html: string): Promise<Buffer> {
  return withPrintedPage(html, { width: A4_WIDTH_PX, height: 1123 }, (page) => page.pdf(PDF_OPTIONS));
}

/**
 * A picture (PNG) of a complete HTML document as printed: as wide as an A4 sheet, the whole document, with `margin`
 * around it (a screen has no `@page` margins: give the document's own to make it look like its sheet).
 * @throws NoChromiumError (common/browser) naming scripts/install-browser.sh when no Chromium is there.
 */
export function htmlToPng(html: string, options: { margin?: string } = {}): Promise<Buffer> {
  // Given in the document itself: the page runs no script, so nothing can be injected into it once it is loaded.
  const framed = options.margin ? html.replace(/<\/head>/i, `<style>body { margin: ${options.margin} !important }</style></head>`) : html;
  return withPrintedPage(framed, { width: A4_WIDTH_PX, height: 1123 }, (page) => page.screenshot({ fullPage: true, type: 'png' }));
}
