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
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ElectionTracing } from './tracing';

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

/** Sends the spans still buffered, when tracing was installed. */
export const flushInstalled = (): Promise<void> => installed?.processor.forceFlush() ?? Promise.resolve();

/**
 * Installs tracing to `url` (OTLP/HTTP, JSON) as the process's global provider (the interceptors ask the global API
 * for their tracer), once: a second call in the same process shares it. Loaded only when tracing is on (common/tracing.ts).
 */
export function installTracing(service: string, url: string): ElectionTracing {
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
