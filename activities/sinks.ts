import type { InjectedSinks } from '@temporalio/worker';
import type { OutcomeStore } from './store';
import type { ElectionSinks } from '../workflows/sinks';

/**
 * The worker's end of the workflow's sinks: an update refused by its validator is written to the election's refusals
 * in the store (the audit chain takes it like any row). A write that fails is logged and dropped: a sink cannot retry,
 * and the refusal never changed the election.
 */
export function createSinks(store: OutcomeStore, warn: (message: string, meta: Record<string, unknown>) => void = () => {}) {
  const sinks: InjectedSinks<ElectionSinks> = {
    audit: {
      updateRefused: {
        fn: async (_info, refusal) => {
          await store.addRefusal(refusal).catch((err: unknown) => {
            warn('an update refused by its validator could not be recorded', { key: refusal.key, error: String(err) });
          });
        },
        callDuringReplay: false,
      },
    },
  };
  return sinks;
}
