/**
 * The trace a message arrived in, carried to where the workflow's main loop takes it from the queue: a decision is
 * handled by its update or signal handler but processed later by the loop, which runs in the village's own trace; the
 * activities and notices the decision causes belong to the decision's trace (client or desk → update → activities →
 * delivery). Only the traced bundle's interceptor module (workflows/tracingInterceptors.ts) fills these in; in the
 * plain bundle they keep no trace and load no OpenTelemetry code. Either way nothing here makes a command.
 */
export interface TraceHooks {
  /** The trace context of the handler running now (opaque here). */
  current(): unknown;
  /** Runs `fn` in a context `current` gave. */
  run<T>(trace: unknown, fn: () => Promise<T>): Promise<T>;
}

let hooks: TraceHooks | undefined;

/** Called by the traced bundle's interceptor module, once per workflow, before the workflow runs. */
export function useTraceHooks(traced: TraceHooks): void {
  hooks = traced;
}

/** The trace context of the handler running now; undefined without tracing. */
export const currentTrace = (): unknown => hooks?.current();

/** Runs `fn` in the trace of the message it processes (as it is, without one). */
export const inTrace = <T>(trace: unknown, fn: () => Promise<T>): Promise<T> =>
  hooks && trace !== undefined ? hooks.run(trace, fn) : fn();
