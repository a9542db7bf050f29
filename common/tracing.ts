import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import type * as TracingSdk from './tracingSdk';

/** The standard OpenTelemetry variables that switch tracing on: the collector's base URL, or its traces URL itself. */
export const TRACES_ENDPOINT_ENV = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/** Tracing, when it is on: the worker's interceptors and sink, a client's interceptor, and a flush at the end. */
export interface ElectionTracing {
  /** What a Worker adds to its options: the activity interceptors, the workflow spans' sink, the worker client's interceptor. */
  workerOptions(): Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  /** The client interceptor that starts a decision's trace and carries it in the update's headers. */
  clientInterceptors(): WorkflowClientInterceptor[];
  /** Sends what is still buffered (the provider stays, shared by the process). */
  shutdown(): Promise<void>;
}

/** Where spans go over OTLP/HTTP, from the standard variables; undefined when neither is set (tracing is off). */
export function tracesUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Tracing across one decision (client or desk → update → workflow → activities → delivery) with the Temporal
 * OpenTelemetry interceptors, exported over OTLP/HTTP (JSON) to the URL the standard variables give. Off unless
 * OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set, and then only is the OpenTelemetry SDK
 * loaded (common/tracingSdk.ts): off costs a process nothing, not even the 0.3 s of loading it.
 */
export function tracingFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): Promise<ElectionTracing | undefined> {
  const url = tracesUrl(env);
  return Promise.resolve(url ? tracingSdk().installTracing(service, url) : undefined);
}

/** Sends the spans still buffered, when tracing is on (a command line run does before it exits); nothing otherwise. */
export async function flushTracing(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (tracesUrl(env)) await tracingSdk().flushInstalled();
}

/** The OpenTelemetry SDK's side, required on first use only. */
function tracingSdk(): typeof TracingSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on: a process without it saves 0.3 s
  return require('./tracingSdk') as typeof TracingSdk;
}
