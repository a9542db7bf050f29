import { workerModeSchema, type WorkerMode } from '../machines/hostEvents';

/** The environment variable that sets a worker's mode where it runs: production (the default), demo or test. */
export const WORKER_MODE_VARIABLE = 'ELECTION_WORKER_MODE';

/**
 * The worker's mode from its environment: `production` unless ELECTION_WORKER_MODE says `demo` or `test`. Only a
 * demo or test worker accepts a town plan that shortens the statutory periods (`durationOverridesMs`); an unknown
 * value stops the worker at start rather than run in a mode nobody chose.
 */
export function workerModeFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerMode {
  const value = env[WORKER_MODE_VARIABLE];
  if (value === undefined || value === '') return 'production';
  const parsed = workerModeSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `${WORKER_MODE_VARIABLE}: got ${JSON.stringify(value)}; accepted: ${workerModeSchema.options.join(', ')} (unset means production)`,
    );
  }
  return parsed.data;
}
