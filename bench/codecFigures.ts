import type { CodecWork } from './codecMeter';
import type { Sealing } from './environment';
import { pooledPace, round, type Pace } from './measure';
import type { PayloadTally } from './payloads';

/** One village history's size: its events, its bytes on the wire, its payloads. */
export interface HistorySize extends PayloadTally {
  events: number;
  historyBytes: number;
}

/** One run of the codec phase as measured: villages of the XState host driven with or without the codec. */
export interface CodecRun {
  sealing: Sealing;
  villages: number;
  wallMs: number;
  /** This process, all threads: the worker and the client that drives the villages, both of which seal and open. */
  nodeCpuMs: number;
  serverCpuMs?: number;
  /** Each village from its start call to its result. */
  villagesMs: number[];
  /** Each decision's update round trip. */
  decisionsMs: number[];
  /** Some of the run's village histories. */
  histories: HistorySize[];
  /** What the codec did during the run, in every client and worker of this process (nothing without the codec). */
  codecWork: CodecWork;
  loadBefore: number[];
}

/** The codec's work in a run, per village. */
export interface CodecWorkPerVillage {
  encodeCalls: number;
  encodedPayloads: number;
  decodeCalls: number;
  decodedPayloads: number;
  ms: number;
}

/** One side of the comparison (with the codec, or without it), its runs pooled. */
export interface CodecSide extends Pace {
  sealing: Sealing;
  runs: number;
  villages: number;
  nodeCpuMsPerVillage: number;
  serverCpuMsPerVillage?: number;
  historiesSampled: number;
  eventsPerVillage: number;
  historyBytesPerVillage: number;
  payloadsPerVillage: number;
  payloadBytesPerVillage: number;
  sealedPayloadsPerVillage: number;
  /** The codec's calls and the time in them, per village, as counted in the runs. */
  codecPerVillage: CodecWorkPerVillage;
  /** Each run alone, so that the spread between runs can be judged against the difference between the sides. */
  byRun: { villagesPerSecond: number; nodeCpuMsPerVillage: number; serverCpuMsPerVillage?: number; loadBefore: number[] }[];
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * One side's figures over all its runs: the villages and the time and CPU they took are added up, the percentiles
 * taken over every village and decision of every run, the history sizes averaged over the histories sampled.
 */
export function codecSide(sealing: Sealing, runs: CodecRun[]): CodecSide {
  const mine = runs.filter((r) => r.sealing === sealing);
  if (mine.length === 0) throw new Error(`no ${sealing} run to report`);
  const villages = sum(mine.map((r) => r.villages));
  const serverCpus = mine.map((r) => r.serverCpuMs);
  const serverCpuMs = serverCpus.every((ms) => ms !== undefined) ? sum(serverCpus) : undefined;
  const histories = mine.flatMap((r) => r.histories);
  const perHistory = (key: keyof HistorySize) => round(mean(histories.map((h) => h[key])), 1);
  const codecPer = (key: keyof CodecWork) => round(sum(mine.map((r) => r.codecWork[key])) / villages);
  return {
    sealing,
    runs: mine.length,
    villages,
    ...pooledPace(mine),
    nodeCpuMsPerVillage: round(sum(mine.map((r) => r.nodeCpuMs)) / villages),
    serverCpuMsPerVillage: serverCpuMs === undefined ? undefined : round(serverCpuMs / villages),
    historiesSampled: histories.length,
    eventsPerVillage: perHistory('events'),
    historyBytesPerVillage: perHistory('historyBytes'),
    payloadsPerVillage: perHistory('payloads'),
    payloadBytesPerVillage: perHistory('payloadBytes'),
    sealedPayloadsPerVillage: perHistory('sealedPayloads'),
    codecPerVillage: {
      encodeCalls: codecPer('encodeCalls'),
      encodedPayloads: codecPer('encodedPayloads'),
      decodeCalls: codecPer('decodeCalls'),
      decodedPayloads: codecPer('decodedPayloads'),
      ms: codecPer('ms'),
    },
    byRun: mine.map((r) => ({
      villagesPerSecond: round((r.villages * 1000) / r.wallMs),
      nodeCpuMsPerVillage: round(r.nodeCpuMs / r.villages),
      serverCpuMsPerVillage: r.serverCpuMs === undefined ? undefined : round(r.serverCpuMs / r.villages),
      loadBefore: r.loadBefore,
    })),
  };
}

/** What the codec costs, with it against without it: ratios above 1 (and differences above 0) are its cost. */
export interface CodecOverhead {
  /** Villages per second without the codec over with it. */
  throughputRatio: number;
  villageP50Ratio: number;
  villageP95Ratio: number;
  decisionP50Ratio: number;
  decisionP95Ratio: number;
  nodeCpuMsPerVillage: number;
  nodeCpuRatio: number;
  serverCpuRatio?: number;
  payloadBytesPerVillage: number;
  payloadBytesRatio: number;
  historyBytesRatio: number;
}

/** The codec's cost from the two sides' figures. */
export function codecOverhead(sealed: CodecSide, plain: CodecSide): CodecOverhead {
  const ratio = (a: number, b: number) => round(a / b, 3);
  return {
    throughputRatio: ratio(plain.villagesPerSecond, sealed.villagesPerSecond),
    villageP50Ratio: ratio(sealed.villageP50Ms, plain.villageP50Ms),
    villageP95Ratio: ratio(sealed.villageP95Ms, plain.villageP95Ms),
    decisionP50Ratio: ratio(sealed.decisionP50Ms, plain.decisionP50Ms),
    decisionP95Ratio: ratio(sealed.decisionP95Ms, plain.decisionP95Ms),
    nodeCpuMsPerVillage: round(sealed.nodeCpuMsPerVillage - plain.nodeCpuMsPerVillage),
    nodeCpuRatio: ratio(sealed.nodeCpuMsPerVillage, plain.nodeCpuMsPerVillage),
    serverCpuRatio:
      sealed.serverCpuMsPerVillage === undefined || plain.serverCpuMsPerVillage === undefined
        ? undefined
        : ratio(sealed.serverCpuMsPerVillage, plain.serverCpuMsPerVillage),
    payloadBytesPerVillage: round(sealed.payloadBytesPerVillage - plain.payloadBytesPerVillage, 1),
    payloadBytesRatio: ratio(sealed.payloadBytesPerVillage, plain.payloadBytesPerVillage),
    historyBytesRatio: ratio(sealed.historyBytesPerVillage, plain.historyBytesPerVillage),
  };
}

/** The codec alone on one typical payload: its size plain and sealed, and the time of one encode and one decode. */
export interface PayloadCost {
  payload: string;
  plainBytes: number;
  sealedBytes: number;
  encodeUs: number;
  decodeUs: number;
}

/**
 * The codec's own CPU per village that its cost per payload implies: every sealed payload of a history sealed once
 * and opened once, at the mean cost of the typical payloads. A floor: a payload the worker and the client both read
 * is opened twice, and a payload that never reaches history (a query's) is not counted.
 */
export function impliedCodecMsPerVillage(sealedPayloadsPerVillage: number, costs: PayloadCost[]): number {
  const perPayloadUs = mean(costs.map((c) => c.encodeUs + c.decodeUs));
  return round((sealedPayloadsPerVillage * perPayloadUs) / 1000);
}
