import { log } from '@temporalio/activity';
import type { ElectionActivities } from './contract';
import { renderNotice } from './noticeText';
import { OutcomeStore } from './store';

/** The election's activities over one outcome store; each write is idempotent by its key. */
export function createActivities(store: OutcomeStore): ElectionActivities {
  return {
    async sendNotice(input) {
      const result = store.addNotice(input, renderNotice(input));
      if (!result.duplicate) log.info('notice posted to outbox', { kind: input.kind, village: input.village, id: result.noticeId });
      return result;
    },
    async recordDecision(input) {
      return store.addDecision(input);
    },
    async recordRefusal(input) {
      return store.addRefusal(input);
    },
    async recordOutcome(input) {
      return store.addOutcome(input);
    },
  };
}

export { OutcomeStore };
