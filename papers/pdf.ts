import { closeSync, fchmodSync, openSync, writeFileSync } from 'node:fs';
import { htmlToPdf } from '../common/pdf';

/** A printed paper names people: its file is readable by its owner only, as the HTML one is. */
const PAPER_FILE_MODE = 0o600;

/**
 * Writes a printed paper as an A4 PDF (a headless Chromium prints its HTML; common/pdf), for `election print --out
 * FILE.pdf`: registered as the `pdf` writer of papers/output.
 * @throws NoChromiumError (common/browser) naming scripts/install-browser.sh when no Chromium is there; nothing is written then.
 */
export async function writePdfPaper(html: string, file: string): Promise<void> {
  const pdf = await htmlToPdf(html);
  const fd = openSync(file, 'w', PAPER_FILE_MODE);
  try {
    fchmodSync(fd, PAPER_FILE_MODE);
    writeFileSync(fd, pdf);
  } finally {
    closeSync(fd);
  }
}
