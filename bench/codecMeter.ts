import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { performance } from 'node:perf_hooks';

/** What the codec did: its calls, the payloads they carried, and the time spent in them. */
export interface CodecWork {
  encodeCalls: number;
  encodedPayloads: number;
  decodeCalls: number;
  decodedPayloads: number;
  ms: number;
}

const noWork = (): CodecWork => ({ encodeCalls: 0, encodedPayloads: 0, decodeCalls: 0, decodedPayloads: 0, ms: 0 });

/** The work done between two readings of a meter. */
export function workBetween(before: CodecWork, after: CodecWork): CodecWork {
  return {
    encodeCalls: after.encodeCalls - before.encodeCalls,
    encodedPayloads: after.encodedPayloads - before.encodedPayloads,
    decodeCalls: after.decodeCalls - before.decodeCalls,
    decodedPayloads: after.decodedPayloads - before.decodedPayloads,
    ms: after.ms - before.ms,
  };
}

/**
 * Counts and times every call of the codecs it wraps, in a real run, for every client and worker of this process.
 * The time is that of the call itself: the election's codec does all its work before its promise returns (node:crypto
 * is synchronous), so this is its CPU but for the moments the OS gives the core to another process.
 */
export class CodecMeter {
  private readonly work = noWork();

  /** The codec, counted and timed. */
  wrap(codec: PayloadCodec): PayloadCodec {
    return {
      encode: (payloads: Payload[], context?: SerializationContext) => {
        const began = performance.now();
        const sealed = codec.encode(payloads, context);
        this.work.ms += performance.now() - began;
        this.work.encodeCalls += 1;
        this.work.encodedPayloads += payloads.length;
        return sealed;
      },
      decode: (payloads: Payload[], context?: SerializationContext) => {
        const began = performance.now();
        const opened = codec.decode(payloads, context);
        this.work.ms += performance.now() - began;
        this.work.decodeCalls += 1;
        this.work.decodedPayloads += payloads.length;
        return opened;
      },
    };
  }

  /** The work so far; two readings give a stretch's (workBetween). */
  read(): CodecWork {
    return { ...this.work };
  }
}
