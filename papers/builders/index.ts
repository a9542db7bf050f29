import type { PaperKind } from '../kinds';
import type { PaperModel } from '../model';
import type { ElectionRecord } from '../record';
import { PaperRefusal } from '../refusal';
import { ballotPaper, countSheet } from './rounds';

/** Builds a paper's model from the record: refuses a paper the record does not allow yet (a stage not reached). */
export type Builder = (record: ElectionRecord, round: number | undefined) => PaperModel;

const notYet =
  (kind: PaperKind): Builder =>
  () => {
    throw new PaperRefusal('kind', kind, 'ballot, count-sheet (the other papers are being written)');
  };

/** Each kind's builder. */
export const BUILDERS: Record<PaperKind, Builder> = {
  'start-request': notYet('start-request'),
  'start-reply': notYet('start-reply'),
  'board-notice': notYet('board-notice'),
  'member-recommendation-ballot': notYet('member-recommendation-ballot'),
  'member-recommendation-tally': notYet('member-recommendation-tally'),
  'mass-recommendation-ballot': notYet('mass-recommendation-ballot'),
  'mass-recommendation-tally': notYet('mass-recommendation-tally'),
  'publicity-notice': notYet('publicity-notice'),
  'conference-notice': notYet('conference-notice'),
  'election-method': notYet('election-method'),
  ballot: ballotPaper,
  'count-sheet': countSheet,
  'result-report': notYet('result-report'),
  'handover-record': notYet('handover-record'),
};
