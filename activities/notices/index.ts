export { renderNotice } from './render';
export type { NoticeSource } from './content';
export {
  loadChannelConfig,
  parseChannelConfig,
  channelsFor,
  missingSecrets,
  ChannelConfigError,
  OUTBOX_ONLY,
  AUDIENCES,
  type ChannelConfig,
  type DeliveryTarget,
  type EmailChannel,
  type WebhookChannel,
} from './channels';
export { deliverNotice, webhookBody, DELIVERY_FAILURES, type DeliveryOptions, type DeliveryOutcome } from './deliver';
export { deliveryKey, messageIdFor } from './idempotency';
export { WEBHOOK_HEADERS, signWebhook, verifyWebhook, type WebhookToVerify } from './webhookSignature';
