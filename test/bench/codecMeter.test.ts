import { defaultPayloadConverter } from '@temporalio/common';
import { CodecMeter, workBetween } from '../../bench/codecMeter';
import { EncryptionCodec } from '../../common/codec';
import { freshKey, ring } from '../common/codec/keys';

describe("the benchmark's codec meter", () => {
  const context = { type: 'workflow', namespace: 'default', workflowId: 'bench/meter/v0000' } as const;

  it('counts the calls and payloads it passes to the codec, which seals and opens them as before', async () => {
    const meter = new CodecMeter();
    const codec = meter.wrap(new EncryptionCodec(ring('meter-1', { 'meter-1': freshKey() })));
    const payloads = [defaultPayloadConverter.toPayload({ village: 'Qilipu' }), defaultPayloadConverter.toPayload({ seats: 5 })];
    const before = meter.read();
    const sealed = await codec.encode(payloads, context);
    const opened = await codec.decode(sealed, context);
    await codec.decode(sealed.slice(0, 1), context);
    const work = workBetween(before, meter.read());
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ village: 'Qilipu' }, { seats: 5 }]);
    expect(work).toMatchObject({ encodeCalls: 1, encodedPayloads: 2, decodeCalls: 2, decodedPayloads: 3 });
    expect(work.ms).toBeGreaterThan(0);
  });

  it('takes a stretch as the difference of two readings', () => {
    const before = { encodeCalls: 1, encodedPayloads: 2, decodeCalls: 3, decodedPayloads: 4, ms: 0.5 };
    const after = { encodeCalls: 11, encodedPayloads: 22, decodeCalls: 33, decodedPayloads: 44, ms: 2 };
    expect(workBetween(before, after)).toEqual({ encodeCalls: 10, encodedPayloads: 20, decodeCalls: 30, decodedPayloads: 40, ms: 1.5 });
  });
});
