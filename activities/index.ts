import { Context, log } from '@temporalio/activity';
import type { ElectionActivities } from './contract';
import { channelsFor, deliverNotice, OUTBOX_ONLY, renderNotice, type ChannelConfig } from './notices';
import { OutcomeStore, openStore } from './store';

const HEARTBEAT_EVERY_MS = 5_000;

/**
 * The election's activities over one outcome store and the town's notice channels. Each write is
 * idempotent by its key; a notice is stored first, then delivered over every channel of its town, and a
 * retry sends only the deliveries no server confirmed.
 */
export function createActivities(store: OutcomeStore, channels: ChannelConfig = OUTBOX_ONLY): ElectionActivities {
  return {
    async sendNotice(input) {
      const rendered = renderNotice(input);
      const result = await store.addNotice(input, rendered);
      if (!result.duplicate) log.info('notice posted to outbox', { kind: input.kind, village: input.village, id: result.noticeId });
      const targets = channelsFor(channels, input.town, input.audience).filter((target) => target.channel !== 'outbox');
      if (!targets.length) return result;
      // The workflow gives a notice a heartbeat timeout of 15 s: beat well inside it, also during one slow send.
      const context = Context.current();
      const beating = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        const delivered = await deliverNotice(input, rendered, targets, store);
        const sent = delivered.filter((d) => d.result === 'sent');
        if (sent.length) log.info('notice delivered', { kind: input.kind, village: input.village, to: sent.map((d) => `${d.channel}:${d.recipient}`) });
      } finally {
        clearInterval(beating);
      }
      return result;
    },
    recordDecision: (input) => store.addDecision(input),
    recordRefusal: (input) => store.addRefusal(input),
    recordOutcome: (input) => store.addOutcome(input),
  };
}

export { OutcomeStore, openStore };
