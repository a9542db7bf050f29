import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';

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
 * Spans as the exporter sends them, with failure texts left out: a refused decision's message may quote what was
 * refused (a member's name), and the SDK's interceptors put an error's message in the span's status and exception
 * event. The exception's type, the span's ids and the Temporal attributes (workflow, run and update ids) stay.
 */
class ReasonFreeExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans.map(withoutReasons), done);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** A span's copy without its status message and its events' exception message and stack. */
export function withoutReasons(span: ReadableSpan): ReadableSpan {
  const events = span.events.map((event) => {
    if (!event.attributes) return event;
    const { 'exception.message': _message, 'exception.stacktrace': _stack, ...kept } = event.attributes;
    return { ...event, attributes: kept };
  });
  const copy = Object.create(span) as ReadableSpan;
  Object.defineProperties(copy, {
    status: { value: { code: span.status.code } },
    events: { value: events },
  });
  return copy;
}

let installed: { resource: Resource; processor: SpanProcessor } | undefined;

/** Sends the spans still buffered, when tracing is on (a command line run does before it exits). */
export const flushTracing = (): Promise<void> => installed?.processor.forceFlush() ?? Promise.resolve();

/**
 * Tracing across one decision (client or desk → update → workflow → activities → delivery) with the Temporal
 * OpenTelemetry interceptors, exported over OTLP/HTTP (JSON) to the URL the standard variables give. Off, and nothing
 * added to the worker at all, unless OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set. The
 * provider is the process's global one (the interceptors ask the global API for their tracer), installed once: a
 * second call in the same process shares it.
 */
export function tracingFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): ElectionTracing | undefined {
  const url = tracesUrl(env);
  if (!url) return undefined;
  if (!installed) {
    const resource = new Resource({ 'service.name': service });
    const processor = new BatchSpanProcessor(new ReasonFreeExporter(new OTLPTraceExporter({ url })), { scheduledDelayMillis: 1000 });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ resource, spanProcessors: [processor] }));
    installed = { resource, processor };
  }
  const { resource, processor } = installed;
  return {
    workerOptions: () => ({
      interceptors: {
        activity: [
          (ctx) => ({
            inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
            outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
        client: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
      },
      sinks: { exporter: makeWorkflowExporter(processor, resource) },
    }),
    clientInterceptors: () => [new OpenTelemetryWorkflowClientInterceptor()],
    shutdown: () => processor.forceFlush(),
  };
}
