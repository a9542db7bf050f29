import { launchHeadlessChromium } from './browser';

/** What Chromium is told for every paper: the page size comes from the document's `@page` (A4 when it names none). */
const PDF_OPTIONS = { format: 'A4', printBackground: true, preferCSSPageSize: true } as const;

/** How long one document may take to lay out and print (a paper is a page or two; Chromium's cold start is the rest). */
const PRINT_TIMEOUT_MS = 60_000;

/**
 * Prints a complete HTML document to PDF with a headless Chromium (playwright-core; the browser is the one
 * scripts/install-browser.sh made sure of). The document runs no script and loads nothing: it must carry its own styles.
 * @throws NoChromiumError (common/browser) naming scripts/install-browser.sh when no Chromium is there.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const browser = await launchHeadlessChromium();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(PRINT_TIMEOUT_MS);
    await page.setContent(html, { waitUntil: 'load' });
    // Web fonts are none, but the system's CJK fonts are still loaded lazily: print once every face the text uses is in.
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    return await page.pdf(PDF_OPTIONS);
  } finally {
    await browser.close();
  }
}
