import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NoChromiumError } from '../../common/browser';
import { htmlToPdf } from '../../common/pdf';
import { checkPaperRequest, PaperRefusal, printPaper, type PaperKind, type PaperRequest } from '../../papers';
import type { DeskRouteKit } from '../context';
import { loadVillage } from '../data';
import { maySee } from '../scope';
import { DeskError } from './errors';
import { placeOf } from './params';

/** A print request's query: the round of a ballot or count sheet, and PDF instead of the page. */
const printQuerySchema = z.object({
  round: z.coerce.number().int().min(1).max(99).optional(),
  format: z.enum(['html', 'pdf']).default('html'),
});

/** How many papers the desk prints to PDF at once: each is a Chromium of its own for a second or two. */
const PDF_AT_ONCE = 2;

/** The desk's PDF slots: a request takes one or is told to try again; never a queue of Chromiums without bound. */
export const pdfSlots = {
  busy: 0,
  /** A slot's release, or undefined when every slot is taken. */
  take(): (() => void) | undefined {
    if (this.busy >= PDF_AT_ONCE) return undefined;
    this.busy += 1;
    let released = false;
    return () => {
      if (!released) this.busy -= 1;
      released = true;
    };
  },
};

/** A refusal as the desk's page: its status, and the field, the value given and what would be accepted. */
const refused = (status: number, err: PaperRefusal) =>
  new DeskError(status, 'print.refused', {
    field: err.field,
    value: typeof err.value === 'string' ? err.value : (JSON.stringify(err.value) ?? String(err.value)),
    accepted: err.accepted,
  });

/**
 * The paper a request names, checked before anything is read: an unknown kind is not found; a round that is not a
 * number, missing for a ballot or given for a paper printed once, a bad request.
 */
function paperAsked(kind: string, place: Omit<PaperRequest, 'kind'>, query: unknown): { request: PaperRequest; format: 'html' | 'pdf' } {
  const parsed = printQuerySchema.safeParse(query);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'query');
    const given = (query as Record<string, unknown>)[field];
    throw refused(400, new PaperRefusal(field, given, field === 'format' ? 'html or pdf' : 'a round number from 1'));
  }
  const { round, format } = parsed.data;
  try {
    return { request: checkPaperRequest({ ...place, kind: kind as PaperKind, ...(round !== undefined ? { round } : {}) }), format };
  } catch (err) {
    throw err instanceof PaperRefusal ? refused(err.field === 'kind' ? 404 : 400, err) : err;
  }
}

/** A file name as Content-Disposition carries it: ASCII for old clients, the paper's own name in UTF-8 for the rest. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The paper's file name with .pdf in place of its own extension. */
const pdfName = (fileName: string) => `${fileName.replace(/\.[a-z]+$/i, '')}.pdf`;

/**
 * A village's printed papers (papers/): each a complete document of its own, shown sandboxed like the town report (no
 * script, no cookies), or as PDF; for people whose assignments cover the village, printed in their name.
 */
export function registerPrintRoutes(app: FastifyInstance, kit: DeskRouteKit): void {
  app.get<{ Params: { kind: string } }>('/v/:term/:town/:village/print/:kind', { preHandler: kit.guard }, async (request, reply) => {
    const place = placeOf(request.params);
    const viewer = await kit.viewer(request);
    if (!maySee(viewer.scope, place)) throw new DeskError(404, 'error.notFound');
    const { request: paper, format } = paperAsked(request.params.kind, place, request.query);
    const printed = await printPaper(kit.deps.store, paper, {
      // The record's facts when it holds them (so an election Temporal has forgotten past its retention still prints);
      // else the workflow's, read only then, as the village page shows them.
      facts: () =>
        loadVillage(kit.deps, place).then(
          (village) => village.facts,
          (err: unknown) => {
            if (err instanceof DeskError) return undefined;
            throw err;
          },
        ),
      printedBy: viewer.person.name,
      now: new Date(kit.deps.now()),
    }).catch((err: unknown) => {
      // What the record does not hold (a round not held, a stage not reached) is a paper not found.
      throw err instanceof PaperRefusal ? refused(404, err) : err;
    });
    if (format === 'html') {
      // A paper is a document of its own with inline styles: shown sandboxed, with no script and no cookies.
      return reply.type('text/html; charset=utf-8').header('x-desk-csp', 'report').send(printed.html);
    }
    const release = pdfSlots.take();
    if (!release) throw new DeskError(503, 'print.busy');
    try {
      const pdf = await htmlToPdf(printed.html);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(pdfName(printed.fileName)))
        .send(pdf);
    } catch (err) {
      if (err instanceof NoChromiumError) {
        request.log.warn({ err }, 'no Chromium to print a paper to PDF');
        throw new DeskError(503, 'print.noChromium');
      }
      throw err;
    } finally {
      release();
    }
  });
}
