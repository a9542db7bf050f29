import { reportBlocks } from './document';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import type { TownReport } from './townReport';

export const REPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The town's summary in one format; every format lists the inconsistencies, if any, before the figures. */
export function renderReport(report: TownReport, format: ReportFormat): string {
  if (format === 'json') {
    const { town, term, asOf, inconsistencies, checks, ...figures } = report;
    return `${JSON.stringify({ town, term, asOf, consistent: inconsistencies.length === 0, inconsistencies, checks, ...figures }, null, 2)}\n`;
  }
  const blocks = reportBlocks(report);
  return format === 'html' ? renderHtml(blocks, report) : renderMarkdown(blocks);
}

export { buildTownReport, type TownReport, type VillageReport } from './townReport';
export { readTownOutcomes, type TownRecords } from './readStore';
export {
  outcomeRecord,
  type OutcomeRecord,
  type RecordConflict,
  type RunningElection,
  runningElectionSchema,
  type StoredCommittee,
} from './records';
export { CONSISTENCY_CHECKS, type Inconsistency } from './checks';
