import type { OutcomeStore } from '../activities/store';
import { BUILDERS } from './builders';
import { conferenceRounds } from './builders/rounds';
import { CODE_FORM, codeOf, modelHash, normaliseCode, requestOf } from './code';
import { isPaperKind, PAPER_KINDS, ROUND_KINDS, type PaperKind, type PaperRequest } from './kinds';
import type { PaperModel } from './model';
import { findElection, readRecord, type ElectionRecord, type LiveFacts } from './record';
import { PaperRefusal } from './refusal';
import { renderPaper } from './render';
import { differences } from './differences';
import { chainProblems } from './chain';

export { PAPER_KINDS, PAPER_TITLES, ROUND_KINDS, type PaperKind, type PaperRequest } from './kinds';
export { PaperRefusal } from './refusal';
export type { PaperModel, Block, SignatureLine } from './model';
export { NO_FACTS, type LiveFacts } from './record';
export { CODE_FORM } from './code';

/** A printed paper: the request, its title, the HTML document, its verification code and a file name to save it under. */
export interface PrintedPaper {
  request: PaperRequest;
  title: string;
  html: string;
  code: string;
  fileName: string;
}

/** The papers a voter fills in: they carry no verification code nor any other mark beyond their printed fields. */
const VOTERS_PAPERS: readonly PaperKind[] = ['ballot', 'member-recommendation-ballot', 'mass-recommendation-ballot'];

/** A file name for a paper: the village, term, kind and round, with nothing a file system or a shell reads specially. */
const fileNameOf = (r: PaperRequest): string =>
  `${[r.village, String(r.term), r.kind, ...(r.round !== undefined ? [`round-${r.round}`] : [])]
    .join('-')
    .replace(/[^\p{L}\p{N}-]+/gu, '_')
    .replace(/^-/, '_')}.html`;

/**
 * A request checked before anything is read: the kind exists, the round is given exactly for the kinds printed per
 * round. @throws PaperRefusal naming the field (`kind`, `term` or `round`), the value and what is accepted.
 */
export function checkPaperRequest(request: PaperRequest): PaperRequest {
  if (!isPaperKind(request.kind)) throw new PaperRefusal('kind', request.kind, `one of ${PAPER_KINDS.join(', ')}`);
  if (!Number.isSafeInteger(request.term)) throw new PaperRefusal('term', request.term, 'a whole number, the election year (e.g. 2026)');
  const perRound = ROUND_KINDS.includes(request.kind);
  if (perRound && (request.round === undefined || !Number.isSafeInteger(request.round) || request.round < 1))
    throw new PaperRefusal('round', request.round, `a round number from 1: a ${request.kind} is printed per ballot round`);
  if (!perRound && request.round !== undefined)
    throw new PaperRefusal('round', request.round, `no round: only ${ROUND_KINDS.join(' and ')} are printed per round`);
  return requestOf(request);
}

/** Builds a paper's model from a record read. */
const build = (record: ElectionRecord, request: PaperRequest): PaperModel => BUILDERS[request.kind](record, request.round);

/** Builds one paper from the store (and the live facts, asked only when the store has none), registers its code, returns it. */
export async function printPaper(
  store: OutcomeStore,
  request: PaperRequest,
  options: { facts?: LiveFacts; printedBy?: string; now?: Date } = {},
): Promise<PrintedPaper> {
  const checked = checkPaperRequest(request);
  const election = await findElection(store, checked.town, checked.village, checked.term);
  const record = await readRecord(store, election, options.facts);
  const model = build(record, checked);
  const hash = modelHash(checked, model);
  const code = codeOf(hash);
  await store.papers.register({
    code,
    kind: checked.kind,
    term_id: election.id,
    workflow_id: election.workflow_id,
    town: checked.town,
    village: checked.village,
    term: checked.term,
    round: checked.round ?? null,
    model_hash: hash,
    model: JSON.stringify(model),
    printed_at: (options.now ?? new Date()).toISOString(),
    printed_by: options.printedBy ?? null,
  });
  return {
    request: checked,
    title: model.title,
    html: renderPaper(model, code, !VOTERS_PAPERS.includes(checked.kind)),
    code,
    fileName: fileNameOf(checked),
  };
}

/** The papers the record allows for an election now (a count sheet only once its round is recorded, etc.), with their titles. */
export async function availablePapers(
  store: OutcomeStore,
  election: { town: string; village: string; term: number },
  options: { facts?: LiveFacts } = {},
): Promise<{ kind: PaperKind; round?: number; title: string }[]> {
  const found = await findElection(store, election.town, election.village, election.term);
  const record = await readRecord(store, found, options.facts);
  const papers: { kind: PaperKind; round?: number; title: string }[] = [];
  for (const kind of PAPER_KINDS) {
    const rounds = ROUND_KINDS.includes(kind) ? conferenceRounds(record).map((r) => r.number) : [undefined];
    for (const round of rounds) {
      try {
        const model = build(record, { kind, ...election, ...(round !== undefined ? { round } : {}) });
        papers.push({ kind, ...(round !== undefined ? { round } : {}), title: model.title });
      } catch (err) {
        if (!(err instanceof PaperRefusal)) throw err;
      }
    }
  }
  return papers;
}

/**
 * Checks a paper's verification code: finds the paper registered under it, rebuilds its model from the record now and
 * compares, and walks its election's hash chain (client/audit). `problems` names every difference and broken row.
 */
export async function verifyPaperCode(
  store: OutcomeStore,
  code: string,
): Promise<{ ok: boolean; paper?: PaperRequest & { printedAt: string }; problems: string[] }> {
  const normal = normaliseCode(code);
  const accepted = 'a verification code printed on a paper of this store, 12 characters of Crockford base32 such as 7K3Q-9WXD-2M4F';
  if (!normal || !CODE_FORM.test(normal)) throw new PaperRefusal('code', code, accepted);
  const row = await store.papers.byCode(normal);
  if (!row) throw new PaperRefusal('code', code, `${accepted} (no paper was printed with this code)`);
  const request = requestOf({
    kind: row.kind as PaperKind,
    town: row.town,
    village: row.village,
    term: Number(row.term),
    ...(row.round !== null ? { round: Number(row.round) } : {}),
  });
  const paper = { ...request, printedAt: row.printed_at };
  const problems: string[] = [];
  const election = await store.papers.electionById(row.term_id);
  if (!election) return { ok: false, paper, problems: ['the election this paper was printed for is no longer in the record'] };
  let rebuilt: PaperModel | undefined;
  try {
    rebuilt = build(await readRecord(store, election), request);
  } catch (err) {
    problems.push(`the paper cannot be made from the record now: ${(err as Error).message}`);
  }
  if (rebuilt && modelHash(request, rebuilt) !== row.model_hash) {
    const found = differences(JSON.parse(row.model) as unknown, rebuilt);
    problems.push(...(found.length ? found : ['the record now gives another paper than the one printed']));
  }
  problems.push(...(await chainProblems(store, election)));
  return { ok: problems.length === 0, paper, problems };
}
