import { listenAddress } from '../../common/listenAddress';
import { tracesUrl } from '../../common/tracing';
import { telemetryFromEnv } from '../../worker/telemetry';
import { decisionTypeLabel, reasonLabel } from '../../workflows/metrics';

describe("the worker's telemetry settings", () => {
  it('export no metrics unless ELECTION_METRICS_ADDRESS is set, and forward the SDK core’s logs either way', () => {
    const off = telemetryFromEnv({});
    expect(off.metrics).toBeUndefined();
    expect(off.logging).toMatchObject({ forward: {} });
  });

  it('serve Prometheus names: counters with _total, durations in seconds, on loopback for a port alone', () => {
    expect(telemetryFromEnv({ ELECTION_METRICS_ADDRESS: '9464' }).metrics).toMatchObject({
      prometheus: { bindAddress: '127.0.0.1:9464', countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
    });
    expect(telemetryFromEnv({ ELECTION_METRICS_ADDRESS: '0.0.0.0:9464' }).metrics).toMatchObject({
      prometheus: { bindAddress: '0.0.0.0:9464' },
    });
  });

  it('refuse an address that is no host:port, naming the variable and what is accepted', () => {
    expect(() => listenAddress('ELECTION_METRICS_ADDRESS', 'http://127.0.0.1:9464')).toThrow(
      /^ELECTION_METRICS_ADDRESS: got "http:\/\/127\.0\.0\.1:9464"; accepted: host:port/,
    );
    expect(() => listenAddress('ELECTION_METRICS_ADDRESS', '127.0.0.1:70000')).toThrow(/accepted: host:port/);
    expect(() => telemetryFromEnv({ ELECTION_METRICS_ADDRESS: '0' })).toThrow(/accepted: a port from 1 to 65535/);
    expect(listenAddress('X', '[::1]:9464')).toBe('[::1]:9464');
  });

  it('trace only when an OTLP endpoint is set, to its traces path', () => {
    expect(tracesUrl({})).toBeUndefined();
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/' })).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom' })).toBe('http://collector:4318/custom');
  });
});

describe('the election’s metric labels', () => {
  it('name a decision type of the statechart, or `other` for whatever else a message claimed to be', () => {
    expect(decisionTypeLabel('APPROVE_SLATE')).toBe('APPROVE_SLATE');
    expect(decisionTypeLabel('CALENDAR_NOTICE')).toBe('CALENDAR_NOTICE');
    expect(decisionTypeLabel('王芳')).toBe('other');
    expect(decisionTypeLabel({ toString: 1 })).toBe('other');
  });

  it('carry a refusal’s code, never a text that could quote a name', () => {
    expect(reasonLabel('NOT_ALLOWED_NOW')).toBe('NOT_ALLOWED_NOW');
    expect(reasonLabel('candidate 王芳 is not on the roster')).toBe('OTHER');
  });
});
