import { extname } from 'node:path';

/** Writes a printed paper's HTML to a file in one format; the PDF writer (headless Chromium) registers itself here. */
export type PaperWriter = (html: string, file: string) => Promise<void>;

/** The formats a paper can be written in, by file extension (without the dot): HTML always, others once registered. */
export const PAPER_WRITERS = new Map<string, PaperWriter>();

/** Registers the writer of a format (e.g. `pdf`), replacing any before it. */
export function registerPaperWriter(extension: string, writer: PaperWriter): void {
  PAPER_WRITERS.set(extension.toLowerCase(), writer);
}

/** The format of an output file by its extension: `html` (or `htm`) unless another registered writer's. */
export function formatOf(file: string): string {
  const ext = extname(file).slice(1).toLowerCase();
  return ext === 'htm' ? 'html' : ext;
}
