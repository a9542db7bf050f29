import { Context, log } from '@temporalio/activity';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { NOTICE_DELIVERY_TYPE, noticeDeliveryId, noticeDeliveryInput } from '../workflows/contract';
import type { noticeDelivery } from '../workflows/noticeDelivery';
import type { ElectionActivities, NoticeDeliveryActivities, NoticeInput, PostedNotice, RecordKey } from './contract';
import type { PlannedDelivery } from './delivery';
import {
  channelsFor,
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
import { villageKeyringSchema } from '../machines/keyring';
import { branchKey, OutcomeStore, openStore, RecordConflictError, resolveVillageKeyring } from './store';
import { workerModeFromEnv } from './workerMode';

const HEARTBEAT_EVERY_MS = 5_000;

/**
 * Starts a posted notice's delivery workflow on this worker's task queue. One per notice, ever: when it was started
 * before (this activity retried, or a reset re-ran the step), the server refuses a second and nothing changes.
 */
async function handOver(notice: NoticeInput, posted: PostedNotice): Promise<void> {
  const { client, info } = Context.current();
  try {
    await client.workflow.start<typeof noticeDelivery>(NOTICE_DELIVERY_TYPE, {
      taskQueue: info.taskQueue,
      workflowId: noticeDeliveryId(posted.key),
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [noticeDeliveryInput(notice, posted)],
      staticSummary: `Deliver notice "${notice.kind}" to ${notice.audience} of ${notice.village}, ${notice.town} (${posted.deliveries.length} deliveries)`,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

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
  /** Stores a notice with its planned deliveries; returns what its delivery workflow needs (the deliveries not confirmed yet). */
  const post = async (input: NoticeInput): Promise<PostedNotice> => {
    const rendered = renderNotice(input);
    const { result, key } = await keepingBothBranches(store, input, (notice) => store.postNotice(notice, rendered, plan(notice)));
    if (!result.duplicate) log.info('notice posted to outbox', { kind: input.kind, village: input.village, id: result.noticeId });
    const deliveries = result.deliveries
      .filter((d): d is typeof d & { channel: PlannedDelivery['channel'] } => d.state !== 'confirmed' && d.channel !== 'outbox')
      .map(({ channel, recipient, idempotencyKey }) => ({ channel, recipient, idempotencyKey }));
    const { kind, audience } = input;
    return { noticeId: result.noticeId, key, kind, audience, duplicate: result.duplicate, deliveries, retry: deliveryRetry(channels) };
  };
  /** Posts a notice and starts its delivery workflow when it has deliveries to make. */
  const postAndHandOver = async (input: NoticeInput): Promise<PostedNotice> => {
    const posted = await post(input);
    if (posted.deliveries.length) await handOver(input, posted);
    return posted;
  };
  return {
    async workerFacts() {
      const { years, unreadable } = await store.calendarNotices();
      for (const { year, problem } of unreadable) log.warn('a stored holiday notice is unreadable and left out', { year, problem });
      return { mode, calendar: years.map(({ loadedAt: _loadedAt, ...year }) => year) };
    },
    async villageKeyring({ town, village }) {
      // Validated again on its way out: what the workflow verifies against is exactly the keyring's shape, whatever the store held.
      return villageKeyringSchema.parse(await resolveVillageKeyring(store, { town, village, at: new Date() }));
    },
    postNotice: postAndHandOver,
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
        // The delivery by its key: the message is logged and recorded, and the ledger's row names the recipient.
        throw ApplicationFailure.nonRetryable(
          `${channel} delivery ${idempotencyKey}: the channel file no longer sends ${notice.town}'s notices for ${notice.audience} to its recipient (accepted: a channel and recipient listed for the town, or the default)`,
          DELIVERY_FAILURES.refused,
        );
      }
      const context = Context.current();
      const beating = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        const outcome = await deliverTo(notice, stored, target, recipient, idempotencyKey, store);
        if (outcome.result === 'sent')
          log.info('notice delivered', { kind: notice.kind, village: notice.village, channel, delivery: idempotencyKey });
        return { result: outcome.result, receipt: outcome.receipt };
      } catch (err) {
        countAttemptFailed(context, { town: notice.town, channel, kind: notice.kind, failure: failureLabel(err) });
        throw err;
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
      // Only a village whose history predates the delivery workflow calls this (and may have waited on it for days, its
      // receiver down): the notice is posted and its delivery handed to its own workflow, so the village goes on at once.
      const posted = await postAndHandOver(input);
      return { noticeId: posted.noticeId, duplicate: posted.duplicate };
    },
    recordDecision: async (input) => (await keepingBothBranches(store, input, (decision) => store.addDecision(decision))).result,
    recordRefusal: async (input) => (await keepingBothBranches(store, input, (refusal) => store.addRefusal(refusal))).result,
    recordOutcome: async (input) => (await keepingBothBranches(store, input, (outcome) => store.addOutcome(outcome))).result,
  };
}

/** A failed delivery attempt's type as a label: one of DELIVERY_FAILURES, else `error` (a bug, a store outage). */
const failureLabel = (err: unknown): string => {
  const type = err instanceof ApplicationFailure ? err.type : undefined;
  return type && (Object.values(DELIVERY_FAILURES) as string[]).includes(type) ? type : 'error';
};

/**
 * Counts one failed attempt at a notice delivery on the activity's metric meter (the worker's Prometheus endpoint):
 * the early sign of a receiver down, before the retries run out. Labels are ids and codes, never the recipient.
 */
function countAttemptFailed(context: Context, labels: { town: string; channel: string; kind: string; failure: string }): void {
  context.metricMeter
    .createCounter(
      'election_notice_delivery_attempts_failed',
      undefined,
      'Failed attempts at a notice delivery, by channel, kind and failure type',
    )
    .add(1, labels);
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

/**
 * A short digest of what a record says (its time and key aside), naming one version of a step. A decision's facts are
 * left out: they are the election's state beside the record, not the record, and the roster would be hashed each time.
 */
const contentHash = ({ key: _key, at: _at, ...content }: RecordKey & { facts?: unknown }): string => {
  const { facts: _facts, ...recorded } = content;
  return createHash('sha256').update(JSON.stringify(recorded)).digest('hex').slice(0, 16);
};

export { OutcomeStore, openStore };
