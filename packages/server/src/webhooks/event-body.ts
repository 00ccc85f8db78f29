import type { OutboxEventType } from './event-types'

/** What a webhook in the json format receives, and what the Slack format summarises. */
export interface WebhookEvent {
  /** The outbox row's id: the same on every retry (also in X-Heed-Delivery), so receivers can dedupe. */
  id: string
  type: OutboxEventType
  createdAt: string
  projectId: string
  data: unknown
}
