import { closeSync, fchmodSync, openSync, writeFileSync } from 'node:fs';
import { htmlToPdf, htmlToPng } from '../common/pdf';

/** A printed paper names people: its file is readable by its owner only, as the HTML one is. */
const PAPER_FILE_MODE = 0o600;

/** The margin of a paper's A4 page (papers/render.ts `@page`), drawn around its picture. */
const PAGE_MARGIN = '20mm';

function writePaperFile(file: string, bytes: Uint8Array): void {
  const fd = openSync(file, 'w', PAPER_FILE_MODE);
  try {
    fchmodSync(fd, PAPER_FILE_MODE);
    writeFileSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a printed paper as an A4 PDF (a headless Chromium prints its HTML; common/pdf), for `election print --out
 * FILE.pdf`: registered as the `pdf` writer of papers/output.
 * @throws NoChromiumError (common/browser) naming scripts/install-browser.sh when no Chromium is there; nothing is written then.
 */
export async function writePdfPaper(html: string, file: string): Promise<void> {
  writePaperFile(file, await htmlToPdf(html));
}

/**
 * Writes a picture (PNG) of a printed paper as it looks on its A4 sheet, for `election print --out FILE.png` (the
 * README's ballot is one): registered as the `png` writer of papers/output.
 * @throws NoChromiumError (common/browser) naming scripts/install-browser.sh when no Chromium is there; nothing is written then.
 */
export async function writePngPaper(html: string, file: string): Promise<void> {
  writePaperFile(file, await htmlToPng(html, { margin: PAGE_MARGIN }));
}
