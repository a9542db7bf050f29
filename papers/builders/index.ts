import type { PaperKind } from '../kinds';
import type { PaperModel } from '../model';
import type { ElectionRecord } from '../record';
import { conferenceNotice, electionMethod, publicityNotice } from './conference';
import { massRecommendationBallot, massRecommendationTally, memberRecommendationBallot, memberRecommendationTally } from './recommendation';
import { handoverRecord, resultReport } from './result';
import { boardNotice, startReply, startRequest } from './start';
import { ballotPaper, countSheet } from './rounds';

/** Builds a paper's model from the record: refuses a paper the record does not allow yet (a stage not reached). */
export type Builder = (record: ElectionRecord, round: number | undefined) => PaperModel;

/** Each kind's builder. */
export const BUILDERS: Record<PaperKind, Builder> = {
  'start-request': startRequest,
  'start-reply': startReply,
  'board-notice': boardNotice,
  'member-recommendation-ballot': memberRecommendationBallot,
  'member-recommendation-tally': memberRecommendationTally,
  'mass-recommendation-ballot': massRecommendationBallot,
  'mass-recommendation-tally': massRecommendationTally,
  'publicity-notice': publicityNotice,
  'conference-notice': conferenceNotice,
  'election-method': electionMethod,
  ballot: ballotPaper,
  'count-sheet': countSheet,
  'result-report': resultReport,
  'handover-record': handoverRecord,
};
