/** The events a webhook can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'response.created',
  'detractor.created',
  'case.updated',
  'account.health_changed',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/** Sent by `POST /admin/v1/webhooks/:id/test` to that one webhook, whatever it subscribes to. */
export const TEST_EVENT_TYPE = 'webhook.test'

export type OutboxEventType = WebhookEventType | typeof TEST_EVENT_TYPE
