import { context, type Context } from '@opentelemetry/api';
import { interceptors as openTelemetryInterceptors } from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';
import { useTraceHooks } from './traceContext';

/**
 * The workflow interceptor module of the traced bundle (worker/bundle.ts): the Temporal OpenTelemetry interceptors,
 * and the hooks that let a queued decision be processed in the trace it arrived in. Only this module imports
 * OpenTelemetry in the sandbox, so the plain bundle, which tracing off runs, carries none of it.
 */
export const interceptors = () => {
  useTraceHooks({
    current: () => context.active(),
    run: (trace, fn) => context.with(trace as Context, fn),
  });
  return openTelemetryInterceptors();
};
