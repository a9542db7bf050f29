import { log } from '@temporalio/activity';
import type { ElectionActivities } from './contract';
import { renderedNotice } from './noticeHtml';
import { OutcomeStore, openStore } from './store';

/** The election's activities over one outcome store; each write is idempotent by its key. */
export function createActivities(store: OutcomeStore): ElectionActivities {
  return {
    async sendNotice(input) {
      const result = await store.addNotice(input, renderedNotice(input));
      if (!result.duplicate) log.info('notice posted to outbox', { kind: input.kind, village: input.village, id: result.noticeId });
      return result;
    },
    recordDecision: (input) => store.addDecision(input),
    recordRefusal: (input) => store.addRefusal(input),
    recordOutcome: (input) => store.addOutcome(input),
  };
}

export { OutcomeStore, openStore };
