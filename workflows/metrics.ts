import { metricMeter } from '@temporalio/workflow';
import { DECISION_TYPES } from '../machines/events';

/**
 * The election's counters, through the workflow's metric meter: the SDK sends them out of the sandbox through its
 * metrics sink (no command, nothing in history) and drops them while a task replays, so a decision is counted once
 * when it is taken, never again when a worker rebuilds the village from history. The worker's Prometheus endpoint
 * serves them beside the SDK's own (namespace, task_queue and workflow_type tags added by the SDK). The meter may be
 * used only inside a workflow's activation, so each count makes its counter there (a plain object, no state).
 */
const ACCEPTED = ['election_decisions_accepted', undefined, 'Decisions taken by a village, by decision type'] as const;
const REFUSED = [
  'election_decisions_refused',
  undefined,
  'Decisions a village refused, by decision type and reason code (the reason text stays in the store)',
] as const;

const KNOWN_TYPES = new Set<string>(DECISION_TYPES);

/** A label for what a message said it was: a decision type of the statechart, `CALENDAR_NOTICE`, else `other`. */
export function decisionTypeLabel(type: unknown): string {
  return typeof type === 'string' && (KNOWN_TYPES.has(type) || type === 'CALENDAR_NOTICE') ? type : 'other';
}

/** A refusal's code as a label: the engine's codes are UPPER_SNAKE words; anything else is `OTHER`, never its text. */
export function reasonLabel(code: string): string {
  return /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'OTHER';
}

/** Counts a decision the village took (`via`: update or signal). */
export function countAccepted(town: string, type: string, via: string): void {
  metricMeter.createCounter(...ACCEPTED).add(1, { town, decision_type: decisionTypeLabel(type), via });
}

/** Counts a decision the village refused, by its code (`via`: update, update-validator or signal). */
export function countRefused(town: string, type: unknown, code: string, via: string): void {
  metricMeter.createCounter(...REFUSED).add(1, { town, decision_type: decisionTypeLabel(type), reason: reasonLabel(code), via });
}

const DELIVERIES_FAILED = [
  'election_notice_deliveries_failed',
  undefined,
  'Notice deliveries given up (retries exhausted) or refused for good by the receiver: someone must act on each',
] as const;

/** Counts a notice delivery recorded failed, by channel, notice kind and how it ended (`gave-up` or `refused`). */
export function countDeliveryFailed(channel: string, kind: string, outcome: 'gave-up' | 'refused'): void {
  metricMeter.createCounter(...DELIVERIES_FAILED).add(1, { channel, kind, outcome });
}
