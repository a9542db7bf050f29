import type { OutcomeStore, StoredNotice } from '../../activities/store';

/**
 * Waits until no delivery of the workflow's notices is still being sent (each is confirmed or given up), then
 * returns the notices: delivery runs on its own after the election has moved on, even after it has completed.
 */
export async function settledNotices(store: OutcomeStore, workflowId: string, timeoutMs = 60_000): Promise<StoredNotice[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const notices = await store.notices({ workflowId });
    const open = notices.flatMap((n) =>
      n.deliveries.filter((d) => d.state === 'sending').map((d) => `${n.kind} ${d.channel}:${d.recipient}`),
    );
    if (!open.length) return notices;
    if (Date.now() > deadline) throw new Error(`deliveries still being sent after ${timeoutMs} ms: ${open.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
