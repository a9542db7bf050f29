import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import type { ElectionActivities, NoticeDeliveryActivities, NoticeInput, RecordKey } from './contract';
import type { PlannedDelivery } from './delivery';
import {
  channelsFor,
  deliverNotice,
  deliverTo,
  deliveryKey,
  deliveryRetry,
  DELIVERY_FAILURES,
  OUTBOX_ONLY,
  renderNotice,
  type ChannelConfig,
  type NoticeEnvelope,
} from './notices';
import type { WorkerMode } from '../machines/hostEvents';
import { branchKey, OutcomeStore, openStore, RecordConflictError } from './store';
import { workerModeFromEnv } from './workerMode';

const HEARTBEAT_EVERY_MS = 5_000;

/** The failure type of a record conflict that cannot be kept (no run id to name); never retried, since nothing would change. */
export const RECORD_CONFLICT = 'RecordConflict';

/**
 * The election's activities, and its notices' delivery activities, over one outcome store and the towns' notice
 * channels. Each write is idempotent by its key; a notice is stored with the deliveries it is to get, then each is
 * sent on its own, and a retry sends only the deliveries no server confirmed. `mode` is the worker's (default:
 * ELECTION_WORKER_MODE).
 */
export function createActivities(
  store: OutcomeStore,
  channels: ChannelConfig = OUTBOX_ONLY,
  options: { mode?: WorkerMode } = {},
): ElectionActivities & NoticeDeliveryActivities {
  const mode = options.mode ?? workerModeFromEnv();
  /** The deliveries of a notice stored under `key`: one per channel and recipient its town sends its audience's notices to. */
  const plan = (notice: NoticeInput): PlannedDelivery[] =>
    channelsFor(channels, notice.town, notice.audience).flatMap((target) =>
      target.channel === 'outbox'
        ? []
        : target.recipients.map((recipient) => ({
            channel: target.channel,
            recipient,
            idempotencyKey: deliveryKey(notice.key, target.channel, recipient),
          })),
    );
  return {
    async workerFacts() {
      const { years, unreadable } = await store.calendarNotices();
      for (const { year, problem } of unreadable) log.warn('a stored holiday notice is unreadable and left out', { year, problem });
      return { mode, calendar: years.map(({ loadedAt: _loadedAt, ...year }) => year) };
    },
    async postNotice(input) {
      const rendered = renderNotice(input);
      const { result, key } = await keepingBothBranches(store, input, (notice) => store.postNotice(notice, rendered, plan(notice)));
      if (!result.duplicate) log.info('notice posted to outbox', { kind: input.kind, village: input.village, id: result.noticeId });
      const deliveries = result.deliveries
        .filter((d): d is typeof d & { channel: PlannedDelivery['channel'] } => d.state !== 'confirmed' && d.channel !== 'outbox')
        .map(({ channel, recipient, idempotencyKey }) => ({ channel, recipient, idempotencyKey }));
      const { kind, audience } = input;
      return { noticeId: result.noticeId, key, kind, audience, duplicate: result.duplicate, deliveries, retry: deliveryRetry(channels) };
    },
    async deliverToRecipient({ noticeKey, channel, recipient, idempotencyKey }) {
      const stored = await store.noticeByKey(noticeKey);
      if (!stored)
        throw ApplicationFailure.nonRetryable(`notice ${noticeKey} is not in the outbox; nothing to deliver`, DELIVERY_FAILURES.refused);
      const notice: NoticeEnvelope = {
        key: stored.key,
        town: stored.town,
        village: stored.village,
        term: Number(stored.term),
        audience: stored.audience as NoticeInput['audience'],
        kind: stored.kind as NoticeInput['kind'],
        at: stored.at,
        facts: JSON.parse(stored.facts) as unknown,
      };
      const target = channelsFor(channels, notice.town, notice.audience).find(
        (t) => t.channel === channel && t.recipients.includes(recipient),
      );
      if (!target || target.channel === 'outbox') {
        throw ApplicationFailure.nonRetryable(
          `${channel} to ${recipient}: the channel file no longer sends ${notice.town}'s notices for ${notice.audience} there (accepted: a channel and recipient listed for the town, or the default)`,
          DELIVERY_FAILURES.refused,
        );
      }
      const context = Context.current();
      const beating = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        const outcome = await deliverTo(notice, stored, target, recipient, idempotencyKey, store);
        if (outcome.result === 'sent')
          log.info('notice delivered', { kind: notice.kind, village: notice.village, to: `${channel}:${recipient}` });
        return { result: outcome.result, receipt: outcome.receipt };
      } finally {
        clearInterval(beating);
      }
    },
    async recordDeliveryFailed({ idempotencyKey, reason, withLastError }) {
      const delivery = await store.delivery(idempotencyKey);
      // A retry of this activity after its write went through leaves the reason as it was recorded.
      if (delivery?.state === 'failed' || delivery?.state === 'confirmed') return;
      const recorded = withLastError && delivery?.lastError ? `${reason}; last error: ${delivery.lastError}` : reason;
      await store.recordFailed(idempotencyKey, new Date().toISOString(), recorded);
      log.warn('notice delivery given up', { idempotencyKey, reason: recorded });
    },
    async sendNotice(input) {
      const rendered = renderNotice(input);
      const { result, key } = await keepingBothBranches(store, input, (notice) => store.addNotice(notice, rendered));
      if (!result.duplicate) log.info('notice posted to outbox', { kind: input.kind, village: input.village, id: result.noticeId });
      const targets = channelsFor(channels, input.town, input.audience).filter((target) => target.channel !== 'outbox');
      if (!targets.length) return result;
      // The workflow gives a notice a heartbeat timeout of 15 s: beat well inside it, also during one slow send.
      const context = Context.current();
      const beating = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        // A reset branch's notice goes out under its own key, so the earlier branch's confirmed deliveries do not stop it.
        const delivered = await deliverNotice({ ...input, key }, rendered, targets, store);
        const sent = delivered.filter((d) => d.result === 'sent');
        if (sent.length)
          log.info('notice delivered', { kind: input.kind, village: input.village, to: sent.map((d) => `${d.channel}:${d.recipient}`) });
      } finally {
        clearInterval(beating);
      }
      return result;
    },
    recordDecision: async (input) => (await keepingBothBranches(store, input, (decision) => store.addDecision(decision))).result,
    recordRefusal: async (input) => (await keepingBothBranches(store, input, (refusal) => store.addRefusal(refusal))).result,
    recordOutcome: async (input) => (await keepingBothBranches(store, input, (outcome) => store.addOutcome(outcome))).result,
  };
}

/**
 * Writes a record; when its key holds other content (a Temporal reset keeps the keys, and the reset branch decided
 * otherwise at that step), keeps both: this run's record goes under `<key>@<run id>` and the conflict is listed in
 * record_conflicts for an auditor (`OutcomeStore.conflicts`). Should the same run write yet other content at the
 * step (a workflow bug, not a reset), that version goes under `<key>@<run id>#<content hash>`, listed the same way.
 * The election goes on with every version kept; failing instead would either retry for ever or stop a village.
 * Returns the key used.
 */
async function keepingBothBranches<I extends RecordKey, R>(
  store: OutcomeStore,
  input: I,
  write: (input: I) => Promise<R>,
): Promise<{ result: R; key: string }> {
  try {
    return { result: await write(input), key: input.key };
  } catch (err) {
    if (!(err instanceof RecordConflictError)) throw err;
    const runId = Context.current().info.workflowExecution?.runId;
    if (!runId) throw ApplicationFailure.nonRetryable(err.message, RECORD_CONFLICT, { key: input.key, differences: err.differences });
    for (const key of [branchKey(input.key, runId), `${branchKey(input.key, runId)}#${contentHash(input)}`]) {
      let result: R;
      try {
        result = await write({ ...input, key });
      } catch (again) {
        if (again instanceof RecordConflictError) continue;
        throw again;
      }
      await store.recordConflict({
        table: err.table,
        key: input.key,
        branchKey: key,
        workflowId: input.workflowId,
        runId,
        differences: err.differences,
        at: input.at,
      });
      log.warn('record conflicts with another write at the same step: both kept, conflict listed', {
        key: input.key,
        branchKey: key,
        table: err.table,
        differences: err.differences,
      });
      return { result, key };
    }
    throw ApplicationFailure.nonRetryable(`${err.message}; no key left to keep this version under`, RECORD_CONFLICT, {
      key: input.key,
      differences: err.differences,
    });
  }
}

/** A short digest of what a record says (its time and key aside), naming one version of a step. */
const contentHash = ({ key: _key, at: _at, ...content }: RecordKey): string =>
  createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);

export { OutcomeStore, openStore };
