import type { Kysely, Transaction } from 'kysely';
import type { Channel, DeliveryAttempt, DeliveryRecord, PlannedDelivery } from '../delivery';
import type { StoreSchema } from './schema';

/*
 * The delivery ledger (DeliveryLedger in activities/delivery.ts) over notice_deliveries: one row per idempotency
 * key, so a retried send finds the confirmation of the one before it and sends nothing.
 */

/** True once the delivery with this key was confirmed. */
export async function isConfirmed(db: Kysely<StoreSchema>, idempotencyKey: string): Promise<boolean> {
  const row = await db.selectFrom('notice_deliveries').select('state').where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return row?.state === 'confirmed';
}

/** Stores the deliveries a notice will get, not yet tried (`sending`, no attempts); one already stored is left as it is. */
export async function planDeliveries(db: Kysely<StoreSchema> | Transaction<StoreSchema>, noticeKey: string, planned: PlannedDelivery[]) {
  if (!planned.length) return;
  await db
    .insertInto('notice_deliveries')
    .values(
      planned.map((p) => ({
        idempotency_key: p.idempotencyKey,
        notice_key: noticeKey,
        channel: p.channel,
        recipient: p.recipient,
        state: 'sending' as const,
        attempts: 0,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

/** Creates the delivery as `sending`, or counts one more attempt of it. */
export async function recordAttempt(db: Kysely<StoreSchema>, attempt: DeliveryAttempt): Promise<void> {
  await db
    .insertInto('notice_deliveries')
    .values({
      idempotency_key: attempt.idempotencyKey,
      notice_key: attempt.noticeKey,
      channel: attempt.channel,
      recipient: attempt.recipient,
      state: 'sending',
      attempts: 1,
      first_attempt_at: attempt.at,
      last_attempt_at: attempt.at,
    })
    .onConflict((oc) =>
      oc.column('idempotency_key').doUpdateSet((eb) => ({
        attempts: eb(eb.ref('notice_deliveries.attempts'), '+', 1),
        first_attempt_at: eb.fn.coalesce('notice_deliveries.first_attempt_at', 'excluded.first_attempt_at'),
        last_attempt_at: eb.ref('excluded.last_attempt_at'),
        // A confirmed delivery stays confirmed: an attempt noted after it changes nothing the recipient sees.
        state: eb
          .case()
          .when('notice_deliveries.state', '=', 'confirmed')
          .then('confirmed' as const)
          .else('sending' as const)
          .end(),
      })),
    )
    .execute();
}

/** Marks the delivery confirmed with the recipient's answer; the first confirmation stands. */
export async function recordConfirmed(db: Kysely<StoreSchema>, idempotencyKey: string, at: string, receipt: string): Promise<void> {
  const result = await db
    .updateTable('notice_deliveries')
    .set({ state: 'confirmed', confirmed_at: at, receipt, last_error: null })
    .where('idempotency_key', '=', idempotencyKey)
    .where('state', '!=', 'confirmed')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) await requireDelivery(db, idempotencyKey, 'recordConfirmed');
}

/** Keeps why the last attempt failed on a delivery that will be tried again, unless it was confirmed before. */
export async function recordRetry(db: Kysely<StoreSchema>, idempotencyKey: string, at: string, error: string): Promise<void> {
  const result = await db
    .updateTable('notice_deliveries')
    .set({ state: 'sending', last_error: error, last_attempt_at: at })
    .where('idempotency_key', '=', idempotencyKey)
    .where('state', '!=', 'confirmed')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) await requireDelivery(db, idempotencyKey, 'recordRetry');
}

/** Gives the delivery up with the reason, unless it was confirmed before. */
export async function recordFailed(db: Kysely<StoreSchema>, idempotencyKey: string, at: string, reason: string): Promise<void> {
  const result = await db
    .updateTable('notice_deliveries')
    .set({ state: 'failed', last_error: reason, last_attempt_at: at })
    .where('idempotency_key', '=', idempotencyKey)
    .where('state', '!=', 'confirmed')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) await requireDelivery(db, idempotencyKey, 'recordFailed');
}

/** A confirmation or failure of a delivery never attempted is a bug in the caller: say so rather than lose it. */
async function requireDelivery(db: Kysely<StoreSchema>, idempotencyKey: string, method: string): Promise<void> {
  const row = await db.selectFrom('notice_deliveries').select('state').where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  if (!row) throw new Error(`${method}: idempotency key ${JSON.stringify(idempotencyKey)} has no delivery; call recordAttempt first`);
}

/** A delivery row as the contract's DeliveryRecord. */
export const deliveryRecord = (row: {
  channel: Channel;
  recipient: string;
  idempotency_key: string;
  state: DeliveryRecord['state'];
  attempts: number;
  last_error: string | null;
  confirmed_at: string | null;
  receipt: string | null;
}): DeliveryRecord => ({
  channel: row.channel,
  recipient: row.recipient,
  idempotencyKey: row.idempotency_key,
  state: row.state,
  attempts: Number(row.attempts),
  lastError: row.last_error,
  confirmedAt: row.confirmed_at,
  receipt: row.receipt,
});
