import { context, type Context } from '@opentelemetry/api';

/**
 * The trace a message arrived in, carried to where the workflow's main loop takes it from the queue: a decision is
 * handled by its update or signal handler but processed later by the loop, which runs in the village's own trace; the
 * activities and notices the decision causes belong to the decision's trace (client or desk → update → activities →
 * delivery). Only the traced bundle's interceptors set a context manager; in the plain bundle the API is a no-op, and
 * either way nothing here makes a command.
 */
export type TraceContext = Context;

/** The trace context of the handler running now. */
export const currentTrace = (): TraceContext => context.active();

/** Runs `fn` in the trace of the message it processes (as it is, without one). */
export const inTrace = <T>(trace: TraceContext | undefined, fn: () => Promise<T>): Promise<T> => (trace ? context.with(trace, fn) : fn());
