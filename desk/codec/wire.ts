import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { WORKFLOW_ID_METADATA } from '../../common/codec';

/** Standard base64, as the Web UI and Temporal's JSON encoding write bytes. */
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'standard base64');

/** One payload on the wire: metadata values and data in base64 (any other field, such as externalPayloads, is dropped). */
const wirePayloadSchema = z.object({
  metadata: z.record(z.string(), base64).optional(),
  data: base64.optional(),
});

/** The most payloads one request may carry: a workflow's page asks for a handful at a time. */
export const MAX_PAYLOADS = 1000;

/** The body of /decode and /encode, and of their answers: the remote codec endpoint protocol. */
export const codecBodySchema = z.object({ payloads: z.array(wirePayloadSchema).max(MAX_PAYLOADS) });
/** A request or answer of the codec endpoint. */
export type CodecBody = z.infer<typeof codecBodySchema>;

/** A payload from the wire, as the SDK's codecs take it. */
export function fromWire(payload: CodecBody['payloads'][number]): Payload {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
  return { metadata, data: Buffer.from(payload.data ?? '', 'base64') };
}

/** A payload for the wire. */
export function toWire(payload: Payload): CodecBody['payloads'][number] {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]));
  return { metadata, data: Buffer.from(payload.data ?? []).toString('base64') };
}

/**
 * What a call asked for, read leniently for the log before the call is judged (a refused call is logged with the
 * workflows it named too): how many payloads, and the workflow labels of the sealed ones.
 */
export function askedFor(body: unknown): { payloads: number; workflowIds: string[] } {
  const payloads = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads)) return { payloads: 0, workflowIds: [] };
  const ids = new Set<string>();
  for (const p of payloads.slice(0, MAX_PAYLOADS)) {
    const label = (p as { metadata?: Record<string, unknown> } | null)?.metadata?.[WORKFLOW_ID_METADATA];
    if (typeof label === 'string') ids.add(Buffer.from(label, 'base64').toString('utf8').slice(0, 300));
  }
  return { payloads: payloads.length, workflowIds: [...ids].sort() };
}
