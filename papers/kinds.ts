/** The papers the office prints, in the order of the stages that leave them (ids stable: the desk and the CLI name them). */
export const PAPER_KINDS = [
  'start-request',
  'start-reply',
  'board-notice',
  'member-recommendation-ballot',
  'member-recommendation-tally',
  'mass-recommendation-ballot',
  'mass-recommendation-tally',
  'publicity-notice',
  'conference-notice',
  'election-method',
  'ballot',
  'count-sheet',
  'result-report',
  'handover-record',
] as const;

/** One kind of paper. */
export type PaperKind = (typeof PAPER_KINDS)[number];

/** Which paper to print: its kind, the election (town, village, term) and, for a ballot or a count sheet, the round. */
export interface PaperRequest {
  kind: PaperKind;
  town: string;
  village: string;
  term: number;
  round?: number;
}

/** Each paper's title as it is printed (Chinese, the paper's language). */
export const PAPER_TITLES: Record<PaperKind, string> = {
  'start-request': '关于开展村党组织换届选举工作的请示',
  'start-reply': '关于村党组织换届选举工作请示的批复',
  'board-notice': '村党组织换届选举公告（职数、任职条件及党员基本情况）',
  'member-recommendation-ballot': '党员推荐票',
  'member-recommendation-tally': '党员推荐计票表',
  'mass-recommendation-ballot': '群众推荐票',
  'mass-recommendation-tally': '群众推荐计票表',
  'publicity-notice': '村党组织委员会委员候选人公示',
  'conference-notice': '关于召开党员大会的通知',
  'election-method': '党员大会选举办法',
  ballot: '选票',
  'count-sheet': '计票单',
  'result-report': '村党组织换届选举结果报批表',
  'handover-record': '村党组织新老班子交接记录',
};

/** The kinds printed once per ballot round (`--round N`). */
export const ROUND_KINDS: readonly PaperKind[] = ['ballot', 'count-sheet'];

/** Whether a value is a paper kind. */
export const isPaperKind = (value: unknown): value is PaperKind =>
  typeof value === 'string' && (PAPER_KINDS as readonly string[]).includes(value);
