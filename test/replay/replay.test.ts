import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electionBundleOptions } from '../../worker/bundle';
import { HISTORY_DIR } from '../support/election';
import { testDataConverter, workflowBundle } from '../support/temporal';

const files = readdirSync(HISTORY_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

const PATHS = [
  'happy-path',
  'postponement-resumed',
  'objection-upheld',
  'quorum-failed',
  'void-round',
  'shortfall-round',
  'cancelled',
  'refused-signals',
  'majority-22-of-41',
];

/** A conference called with its date, time and place (version 3), refused once too soon, held when its lead timer fired. */
const V3_HISTORIES = ['conference-called.v3.json'];

/** Histories of the notice path behind patched('notices-off-critical-path'): the election on version 2, and the delivery workflow (which has no machine version). */
const NOTICE_HISTORIES = ['notices-off-critical-path.v2.json', 'notice-delivery-retried.json', 'notice-delivery-refused.json'];

/** The machine version a captured history started on: its start input's, 1 when it names none. */
function versionOf(history: { events: { workflowExecutionStartedEventAttributes?: { input?: { payloads?: { data: string }[] } } }[] }) {
  const payload = history.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  const input = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { machineVersion?: number };
  return input.machineVersion ?? 1;
}

/**
 * Elections with signed decisions (behind patched('signed-decisions')): its keyring read, refused envelopes, one taken,
 * a key revoked; the second's start signed and verified (behind patched('signed-starts')).
 */
const SIGNED_HISTORIES = ['signed-decisions.v2.json', 'signed-starts.v2.json'];

type Payloads = { payloads?: { data: string }[] };
type HistoryEvent = {
  workflowExecutionStartedEventAttributes?: { input?: Payloads };
  workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { input?: { args?: Payloads } } };
};

/**
 * The workflow id to replay a history under: an envelope is signed for its election's id, and a replay under another
 * id would refuse the decisions the election took, so a history with signed decisions is replayed under the id its
 * first accepted envelope names; any other under its file name.
 */
function workflowIdOf(history: { events: HistoryEvent[] }, file: string): string {
  for (const event of history.events) {
    const data = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0]?.data;
    if (!data) continue;
    const decision = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { signature?: unknown; workflowId?: unknown };
    if (typeof decision.signature === 'string' && typeof decision.workflowId === 'string') return decision.workflowId;
  }
  return file;
}

describe('replay of captured village histories', () => {
  it('has histories of every path the workflow tests take, on versions 1, 2 and 3, notice deliveries included', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        ...PATHS.flatMap((path) => [`${path}.json`, `${path}.v2.json`, `${path}.v3.json`]),
        ...V3_HISTORIES,
        ...NOTICE_HISTORIES,
        ...SIGNED_HISTORIES,
      ]),
    );
  });

  it.each(files)('%s started on the machine version its name says', (file) => {
    const history = JSON.parse(readFileSync(join(HISTORY_DIR, file), 'utf8'));
    expect(versionOf(history)).toBe(Number(/\.v(\d+)\.json$/.exec(file)?.[1] ?? 1));
  });

  it.each(files)('replays %s with the current machine and workflow without nondeterminism', async (file) => {
    const history = JSON.parse(readFileSync(join(HISTORY_DIR, file), 'utf8'));
    await expect(
      Worker.runReplayHistory(
        { dataConverter: testDataConverter(), workflowBundle: workflowBundle() },
        history,
        workflowIdOf(history, file),
      ),
    ).resolves.toBeUndefined();
  });
});

/**
 * The traced bundle a worker runs when tracing is on holds the Temporal OpenTelemetry workflow interceptors: they wrap
 * the workflow, its updates, signals and activities, and must not change a command of any history recorded without them.
 */
describe('replay of captured village histories with the tracing interceptors in the bundle', () => {
  let code: string;
  const spans = new InMemorySpanExporter();
  const sinks = { exporter: makeWorkflowExporter(new SimpleSpanProcessor(spans), new Resource({ 'service.name': 'replay' })) };

  beforeAll(async () => {
    ({ code } = await bundleWorkflowCode({
      ...electionBundleOptions(join(__dirname, '..', '..', 'workflows', 'index.ts'), { traced: true }),
      logger: new DefaultLogger('WARN'),
    }));
  }, 120_000);

  it.each(files)('replays %s without nondeterminism', async (file) => {
    const history = JSON.parse(readFileSync(join(HISTORY_DIR, file), 'utf8'));
    await expect(
      Worker.runReplayHistory(
        { dataConverter: testDataConverter(), workflowBundle: { code }, sinks },
        history,
        workflowIdOf(history, file),
      ),
    ).resolves.toBeUndefined();
  });
});
