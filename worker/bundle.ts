import type { BundleOptions } from '@temporalio/worker';
import { dirname, join } from 'node:path';
import { FAILURE_CONVERTER_PATH } from '../common/codec/dataConverter';

/**
 * Modules the worker evaluates once and shares among every cached workflow (the reusable V8 context
 * deep-freezes them). Without this each cached village evaluates its own copy of xstate, zod, the
 * election rules and the statechart: 3.5 MB of heap per cached village, against 75 KB for a bare
 * workflow. Only modules without per-election state belong here: the statechart versions are built
 * once at import and never changed (an election's state lives in its snapshot); xstate and zod keep
 * no module state that reaches a workflow command. A module added here must pass the replay tests.
 */
export function sharedWorkflowModules(workflowsPath: string): string[] {
  const machines = join(dirname(workflowsPath), '..', 'machines');
  return ['xstate', 'zod', ...MACHINE_MODULES_OF_WORKFLOWS.map((name) => join(machines, name))];
}

/**
 * The machines/ modules the workflows import (their own imports come along). machines/ is pure by
 * design: no I/O, no Temporal import, nothing kept between calls; a test checks this list against the workflows' imports.
 */
export const MACHINE_MODULES_OF_WORKFLOWS = [
  'admission',
  'envelope',
  'events',
  'explain',
  'facts',
  'input',
  'keyring',
  'limits',
  'notices',
  'outcome',
  'persistence',
  'personal',
  'roles',
  'rules',
  'stages',
  'text',
  'timers',
  'versions',
  'view',
  'warnings',
];

/** The bundler options every bundle of the election workflows uses (build, tests, benchmark). */
export function electionBundleOptions(
  workflowsPath: string,
  options: { traced?: boolean } = {},
): Pick<BundleOptions, 'workflowsPath' | 'preloadModules' | 'failureConverterPath' | 'workflowInterceptorModules'> {
  // The failure converter runs inside the sandbox too: a workflow's failures (refusals among them) leave it encoded.
  return {
    workflowsPath,
    preloadModules: sharedWorkflowModules(workflowsPath),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    ...(options.traced ? { workflowInterceptorModules: [tracingInterceptorsOf(workflowsPath)] } : {}),
  };
}

/** The prebuilt bundles' file names in dist/ (`npm run build`). */
export const PREBUILT_BUNDLE = 'workflow-bundle.js';
export const PREBUILT_TRACED_BUNDLE = 'workflow-bundle-traced.js';

/**
 * The traced bundle's workflow interceptor module (workflows/tracingInterceptors.ts, beside the workflows bundled, so
 * that it shares their modules): the Temporal OpenTelemetry interceptors and the trace hooks of a queued decision. Only
 * the traced bundle (dist/workflow-bundle-traced.js) holds it, which a worker runs when tracing is on; the plain
 * bundle has no OpenTelemetry code, makes no span and calls no exporter sink. Both replay every committed history.
 */
export const tracingInterceptorsOf = (workflowsPath: string): string => join(dirname(workflowsPath), 'tracingInterceptors');
