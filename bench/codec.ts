import { defaultPayloadConverter, type Payload, type SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { EncryptionCodec, type KeyRing } from '../common/codec';
import type { DecisionEvent } from '../machines/events';
import {
  codecOverhead,
  codecSide,
  impliedCodecMsPerVillage,
  type CodecOverhead,
  type CodecRun,
  type CodecSide,
  type HistorySize,
  type PayloadCost,
} from './codecFigures';
import type { Sealing } from './environment';
import { workBetween } from './codecMeter';
import { median, round, startStretch } from './measure';
import { payloadTally } from './payloads';
import { allVillages, idsOf, WARM_UP_VILLAGES, type Workload } from './phases';
import { countEvents } from './profile';
import { driveLog, driveVillage, villageInput, villageNameOf } from './villages';

/** How the codec phase runs: villages per run, how many at once, and how many runs of each side (alternating). */
export interface CodecPlan {
  villages: number;
  inFlight: number;
  rounds: number;
}

/** The codec's cost: the same villages with it and without it, side by side, and the codec alone on typical payloads. */
export interface CodecFigures extends CodecPlan {
  sealed: CodecSide;
  plain: CodecSide;
  overhead: CodecOverhead;
  payloads: PayloadCost[];
  impliedCodecCpuMsPerVillage: number;
  durationS: number;
}

/** Histories fetched per run for their sizes: every village's history is the same but for its ids and ciphertext. */
const HISTORIES_SAMPLED = 10;

/**
 * Runs the XState host's happy path on `villages` villages, `inFlight` at once, with the codec and without it,
 * `rounds` times each in the order sealed, plain, plain, sealed, ... so that neither side always runs on the fuller
 * server; then times the codec alone on a start input and a decision.
 */
export async function codecPhase(work: Workload, plan: CodecPlan): Promise<CodecFigures> {
  const began = performance.now();
  const runs: CodecRun[] = [];
  for (let pass = 0; pass < plan.rounds; pass += 1) {
    for (const sealing of pass % 2 === 0 ? (['sealed', 'plain'] as const) : (['plain', 'sealed'] as const)) {
      work.log(`codec: ${plan.villages} villages, ${plan.inFlight} at once, ${sealing} (round ${pass + 1} of ${plan.rounds}) ...`);
      const run = await codecRun(work, sealing, plan, `codec-${sealing}-${pass}`);
      work.log(
        `  ${round((run.villages * 1000) / run.wallMs)} villages/s, ${round(run.nodeCpuMs / run.villages)} ms process CPU per village` +
          `${run.serverCpuMs === undefined ? '' : `, ${round(run.serverCpuMs / run.villages)} ms dev server CPU`}`,
      );
      runs.push(run);
    }
  }
  const sealed = codecSide('sealed', runs);
  const plain = codecSide('plain', runs);
  const payloads = await payloadCosts(work.env.codecKeys, work.decisions);
  return {
    ...plan,
    sealed,
    plain,
    overhead: codecOverhead(sealed, plain),
    payloads,
    impliedCodecCpuMsPerVillage: impliedCodecMsPerVillage(sealed.sealedPayloadsPerVillage, payloads),
    durationS: round((performance.now() - began) / 1000, 0),
  };
}

/** One run of one side: a fresh worker of that sealing, driven by the client of the same sealing. */
async function codecRun(work: Workload, sealing: Sealing, plan: CodecPlan, phase: string): Promise<CodecRun> {
  const { env, decisions } = work;
  const client = env.clients[sealing];
  const running = await env.startWorker('ours', {}, sealing);
  try {
    const drive = (log: ReturnType<typeof driveLog>) => (id: string) =>
      driveVillage(client, 'ours', running.taskQueue, id, work.plan, { decisions, log });
    await allVillages(work, idsOf(`${phase}-warm`, WARM_UP_VILLAGES), WARM_UP_VILLAGES, drive(driveLog()));
    const loadBefore = loadavg().map((l) => round(l));
    const log = driveLog();
    const ids = idsOf(phase, plan.villages);
    const end = startStretch(env.server.pid);
    const codecBefore = env.codecMeter.read();
    await allVillages(work, ids, plan.inFlight, drive(log));
    const codecWork = workBetween(codecBefore, env.codecMeter.read());
    const stretch = end();
    const histories = await Promise.all(ids.slice(0, HISTORIES_SAMPLED).map((id) => historySize(work, id)));
    const unlike = histories.filter((h) => (sealing === 'sealed') !== h.sealedPayloads > 0);
    if (unlike.length)
      throw new Error(`a ${sealing} run wrote ${unlike.length} histories with ${unlike[0]!.sealedPayloads} sealed payloads`);
    return {
      sealing,
      villages: plan.villages,
      wallMs: stretch.wallMs,
      nodeCpuMs: stretch.nodeCpuMs,
      serverCpuMs: stretch.serverCpuMs,
      villagesMs: log.villagesMs,
      decisionsMs: log.latenciesMs,
      histories,
      codecWork,
      loadBefore,
    };
  } finally {
    await running.stop();
  }
}

async function historySize(work: Workload, workflowId: string): Promise<HistorySize> {
  // The raw history, whatever the client's converter: fetching does not open payloads.
  const history = await work.env.client.workflow.getHandle(workflowId).fetchHistory();
  const { events, historyBytes } = countEvents(history);
  return { events, historyBytes, ...payloadTally(history) };
}

const wireBytes = (payload: Payload) => temporal.api.common.v1.Payload.encode(payload).finish().length;

/**
 * The codec alone on a bench village's start input and on the happy path's decision of median size: its size plain
 * and sealed, and the median time of one encode and one decode (batches of calls, as the SDK makes them, one
 * payload each).
 */
async function payloadCosts(keys: KeyRing, decisions: DecisionEvent[]): Promise<PayloadCost[]> {
  const codec = new EncryptionCodec(keys);
  const workflowId = 'bench/codec-alone/v0000';
  const context: SerializationContext = { type: 'workflow', namespace: 'default', workflowId };
  const bySize = [...decisions].sort(
    (a, b) => wireBytes(defaultPayloadConverter.toPayload(a)) - wireBytes(defaultPayloadConverter.toPayload(b)),
  );
  const decision = bySize[Math.floor(bySize.length / 2)];
  const typical: [string, unknown][] = [['start input', villageInput(villageNameOf(workflowId))]];
  if (decision) typical.push([`decision (${decision.type})`, decision]);
  const costs: PayloadCost[] = [];
  for (const [label, value] of typical) {
    const plain = defaultPayloadConverter.toPayload(value);
    const [sealed] = await codec.encode([plain], context);
    costs.push({
      payload: label,
      plainBytes: wireBytes(plain),
      sealedBytes: wireBytes(sealed!),
      encodeUs: await microsecondsPerCall(() => codec.encode([plain], context)),
      decodeUs: await microsecondsPerCall(() => codec.decode([sealed!])),
    });
  }
  return costs;
}

/** The median over batches of the wall time of one call, in microseconds, after calls to warm it up. */
async function microsecondsPerCall(call: () => Promise<unknown>, batches = 7, calls = 1000): Promise<number> {
  for (let i = 0; i < calls; i += 1) await call();
  const perCall: number[] = [];
  for (let b = 0; b < batches; b += 1) {
    const began = performance.now();
    for (let i = 0; i < calls; i += 1) await call();
    perCall.push(((performance.now() - began) * 1000) / calls);
  }
  return round(median(perCall), 1);
}
