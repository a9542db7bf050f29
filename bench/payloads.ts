import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { isSealed } from '../common/codec';

type IPayload = temporal.api.common.v1.IPayload;

/** How many payloads a history holds and their encoded size, with how many of them the codec sealed. */
export interface PayloadTally {
  payloads: number;
  payloadBytes: number;
  sealedPayloads: number;
}

/** Anything with an `encoding` in its metadata is a payload: every converter and the codec set one. */
function isPayload(value: object): value is IPayload {
  const metadata = (value as IPayload).metadata;
  return typeof metadata === 'object' && metadata !== null && metadata[METADATA_ENCODING_KEY] instanceof Uint8Array;
}

/**
 * Every payload of a history's events, wherever it sits (inputs, results, update requests and outcomes, markers,
 * headers, search attributes, encoded failure attributes), counted with its size as a Payload message on the wire.
 */
export function payloadTally(history: temporal.api.history.v1.IHistory): PayloadTally {
  const tally: PayloadTally = { payloads: 0, payloadBytes: 0, sealedPayloads: 0 };
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
    if (isPayload(value)) {
      tally.payloads += 1;
      tally.payloadBytes += temporal.api.common.v1.Payload.encode(value).finish().length;
      if (isSealed(value)) tally.sealedPayloads += 1;
      return;
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) visit(child);
  };
  for (const event of history.events ?? []) visit(event);
  return tally;
}
