export { renderNotice } from './render';
export type { NoticeSource } from './content';
export {
  loadChannelConfig,
  parseChannelConfig,
  channelsFor,
  missingSecrets,
  ChannelConfigError,
  OUTBOX_ONLY,
  deliveryRetry,
  type DeliveryRetry,
  AUDIENCES,
  type ChannelConfig,
  type DeliveryTarget,
  type EmailChannel,
  type WebhookChannel,
} from './channels';
export {
  deliverNotice,
  deliverTo,
  messageOf,
  webhookBody,
  DELIVERY_FAILURES,
  type DeliveryOptions,
  type DeliveryOutcome,
  type NoticeEnvelope,
} from './deliver';
export { isPermanentFailure, WebhookAnswerError, ChannelRefusalError } from './failures';
export { deliveryKey, messageIdFor } from './idempotency';
export { WEBHOOK_HEADERS, signWebhook, verifyWebhook, type WebhookToVerify } from './webhookSignature';
