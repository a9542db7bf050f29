import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { barePlan } from '../../bench/profile';
import { payloadTally } from '../../bench/payloads';
import { openedValues } from '../../common/codec';
import { EncryptionCodec, electionDataConverter, FAILURE_CONVERTER_PATH } from '../../common/codec';
import { freshKey, ring } from '../common/codec/keys';

const EventType = temporal.api.enums.v1.EventType;
const keys = ring('bench-1', { 'bench-1': freshKey() });
const sealing = electionDataConverter(keys);
const plain = { failureConverterPath: FAILURE_CONVERTER_PATH };
const context = { type: 'workflow', namespace: 'default', workflowId: 'bench/test/v0000' } as const;

const clear = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const sealed = async (value: unknown): Promise<Payload> => (await new EncryptionCodec(keys).encode([clear(value)], context))[0]!;
const wire = (payload: Payload) => temporal.api.common.v1.Payload.encode(payload).finish().length;

/**
 * A village's history as the bench reads it, sealed as the worker writes it: the start input, the worker's facts asked
 * by a local activity, a notice sent by an activity, one posted by a local activity (its marker's data written by the SDK's core, in clear; its result sealed),
 * an update accepted and answered, and a search attribute upsert (search attributes are never sealed).
 */
async function villageHistory(): Promise<temporal.api.history.v1.IHistory> {
  return {
    events: [
      {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
        workflowExecutionStartedEventAttributes: { input: { payloads: [await sealed({ village: 'Qilipu', roster: ['王军'] })] } },
      },
      {
        eventType: EventType.EVENT_TYPE_MARKER_RECORDED,
        markerRecordedEventAttributes: {
          markerName: 'core_local_activity',
          details: {
            data: { payloads: [clear({ activity_type: 'workerFacts', seq: 1 })] },
            result: { payloads: [await sealed({ mode: 'test', calendar: [] })] },
          },
        },
      },
      {
        eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
        activityTaskScheduledEventAttributes: {
          activityType: { name: 'sendNotice' },
          input: { payloads: [await sealed({ kind: 'start-approved', audience: 'village-board', facts: { seats: 5 } })] },
        },
      },
      {
        eventType: EventType.EVENT_TYPE_MARKER_RECORDED,
        markerRecordedEventAttributes: {
          markerName: 'core_local_activity',
          details: {
            data: { payloads: [clear({ activity_type: 'postNotice', seq: 2 })] },
            result: { payloads: [await sealed({ kind: 'results-announcement', audience: 'voting-members' })] },
          },
        },
      },
      { eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED },
      {
        eventType: EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
        upsertWorkflowSearchAttributesEventAttributes: { searchAttributes: { indexedFields: { ElectionStage: clear('preparation') } } },
      },
      {
        eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
        workflowExecutionUpdateCompletedEventAttributes: { outcome: { success: { payloads: [await sealed({ accepted: true })] } } },
      },
    ],
  };
}

describe('reading a sealed history in the benchmark', () => {
  it("opens the activities' sealed inputs and results to make the bare plan", async () => {
    expect(await barePlan(await villageHistory(), sealing)).toEqual([
      [
        { op: 'workerFacts' },
        { op: 'sendNotice', kind: 'start-approved', audience: 'village-board' },
        { op: 'postNotice', kind: 'results-announcement', audience: 'voting-members' },
      ],
      [{ op: 'upsert' }, { op: 'reply' }],
    ]);
  });

  it('cannot make the plan without the keys that sealed the history', async () => {
    await expect(barePlan(await villageHistory(), plain)).rejects.toThrow(/encoding/i);
  });

  it('opens sealed payloads and passes clear ones through', async () => {
    const values = await openedValues([await sealed({ seats: 5 }), clear({ activity_type: 'postNotice' })], sealing);
    expect(values).toEqual([{ seats: 5 }, { activity_type: 'postNotice' }]);
  });

  it('counts every payload of a history wherever it sits, with its size on the wire and whether it is sealed', async () => {
    const history = await villageHistory();
    const events = history.events!;
    const found = [
      events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!,
      events[1]!.markerRecordedEventAttributes!.details!.data!.payloads![0]!,
      events[1]!.markerRecordedEventAttributes!.details!.result!.payloads![0]!,
      events[2]!.activityTaskScheduledEventAttributes!.input!.payloads![0]!,
      events[3]!.markerRecordedEventAttributes!.details!.data!.payloads![0]!,
      events[3]!.markerRecordedEventAttributes!.details!.result!.payloads![0]!,
      events[5]!.upsertWorkflowSearchAttributesEventAttributes!.searchAttributes!.indexedFields!.ElectionStage!,
      events[6]!.workflowExecutionUpdateCompletedEventAttributes!.outcome!.success!.payloads![0]!,
    ] as Payload[];
    expect(payloadTally(history)).toEqual({ payloads: 8, payloadBytes: found.reduce((sum, p) => sum + wire(p), 0), sealedPayloads: 5 });
  });

  it('finds sealed payloads bigger than the same payloads in clear', async () => {
    const value = { village: 'Qilipu', roster: ['王军'] };
    const inHistory = async (payload: Payload) =>
      payloadTally({
        events: [
          {
            eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
            workflowExecutionStartedEventAttributes: { input: { payloads: [payload] } },
          },
        ],
      });
    const withCodec = await inHistory(await sealed(value));
    const without = await inHistory(clear(value));
    expect(without).toMatchObject({ payloads: 1, sealedPayloads: 0 });
    expect(withCodec).toMatchObject({ payloads: 1, sealedPayloads: 1 });
    expect(withCodec.payloadBytes).toBeGreaterThan(without.payloadBytes);
  });
});
