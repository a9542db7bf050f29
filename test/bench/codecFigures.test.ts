import { codecOverhead, codecSide, impliedCodecMsPerVillage, type CodecRun } from '../../bench/codecFigures';

const history = (payloadBytes: number, sealedPayloads: number) => ({
  events: 246,
  historyBytes: payloadBytes + 20_000,
  payloads: 80,
  payloadBytes,
  sealedPayloads,
});

const run = (sealing: CodecRun['sealing'], wallMs: number, cpu: number, extra: Partial<CodecRun> = {}): CodecRun => ({
  sealing,
  villages: 10,
  wallMs,
  nodeCpuMs: cpu,
  serverCpuMs: 500,
  villagesMs: [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000],
  decisionsMs: [10, 20, 30, 40],
  histories: [history(sealing === 'sealed' ? 40_000 : 30_000, sealing === 'sealed' ? 70 : 0)],
  codecWork:
    sealing === 'sealed'
      ? { encodeCalls: 600, encodedPayloads: 700, decodeCalls: 800, decodedPayloads: 900, ms: 45 }
      : { encodeCalls: 0, encodedPayloads: 0, decodeCalls: 0, decodedPayloads: 0, ms: 0 },
  loadBefore: [1, 1, 1],
  ...extra,
});

describe("the codec phase's figures", () => {
  it('pools the runs of one side: villages and time added up, percentiles over every village and decision', () => {
    const side = codecSide('sealed', [
      run('sealed', 2_000, 1_000),
      run('plain', 1_000, 800),
      run('sealed', 3_000, 1_400, { villagesMs: [2_000], decisionsMs: [5], histories: [history(42_000, 72)] }),
    ]);
    expect(side).toMatchObject({
      sealing: 'sealed',
      runs: 2,
      villages: 20,
      villagesPerSecond: 4,
      msPerVillage: 250,
      villageP50Ms: 600,
      villageP95Ms: 2_000,
      decisionP50Ms: 20,
      decisionP95Ms: 40,
      nodeCpuMsPerVillage: 120,
      serverCpuMsPerVillage: 50,
      historiesSampled: 2,
      payloadBytesPerVillage: 41_000,
      sealedPayloadsPerVillage: 71,
      codecPerVillage: { encodeCalls: 60, encodedPayloads: 70, decodeCalls: 80, decodedPayloads: 90, ms: 4.5 },
    });
    expect(side.byRun.map((r) => r.villagesPerSecond)).toEqual([5, 3.33]);
  });

  it('leaves the dev server CPU out when a run could not read it', () => {
    expect(
      codecSide('plain', [run('plain', 1_000, 800), run('plain', 1_000, 800, { serverCpuMs: undefined })]).serverCpuMsPerVillage,
    ).toBeUndefined();
  });

  it('refuses to report a side that never ran', () => {
    expect(() => codecSide('plain', [run('sealed', 1_000, 800)])).toThrow('no plain run to report');
  });

  it("states the codec's cost as with against without", () => {
    const sealed = codecSide('sealed', [run('sealed', 2_500, 1_200)]);
    const plain = codecSide('plain', [run('plain', 2_000, 1_000)]);
    expect(codecOverhead(sealed, plain)).toEqual({
      throughputRatio: 1.25,
      villageP50Ratio: 1,
      villageP95Ratio: 1,
      decisionP50Ratio: 1,
      decisionP95Ratio: 1,
      nodeCpuMsPerVillage: 20,
      nodeCpuRatio: 1.2,
      serverCpuRatio: 1,
      payloadBytesPerVillage: 10_000,
      payloadBytesRatio: 1.333,
      historyBytesRatio: 1.2,
    });
  });

  it('implies the CPU a village spends in the codec from its cost per payload', () => {
    const costs = [
      { payload: 'start input', plainBytes: 4_000, sealedBytes: 4_100, encodeUs: 10, decodeUs: 5 },
      { payload: 'decision', plainBytes: 300, sealedBytes: 400, encodeUs: 20, decodeUs: 5 },
    ];
    expect(impliedCodecMsPerVillage(100, costs)).toBe(2);
  });
});
