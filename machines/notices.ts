import type { Role } from './roles';

/** The notices the election posts or sends, in the order they usually appear. */
export const NOTICE_KINDS = [
  'start-approved',
  'start-sent-back',
  'mobilisation-posting',
  'recommendation-meeting',
  'candidate-publicity',
  'objection-received',
  'objection-ruling',
  'conference-notice',
  'quorum-failed',
  'results-announcement',
  'result-filing',
  'approval-reminder',
  'approval-escalation',
  'postponement-granted',
  'postponement-reminder',
  'postponement-overdue',
  'election-cancelled',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Who a notice is for: a role, the village affairs board, or every voting member. */
export type Audience = Role | 'village-board' | 'voting-members';

/** What the machine asks the host to send; the notice activity renders and stores it. */
export interface NoticeParams {
  kind: NoticeKind;
  audience: Audience;
  facts: Record<string, unknown>;
}

/** What the machine asks the host to record as the village's lasting outcome. */
export interface OutcomeParams {
  status: 'completed' | 'postponed' | 'cancelled';
  facts: Record<string, unknown>;
}
