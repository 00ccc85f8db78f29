import { z } from 'zod'
import { ZAccountId, ZClientId, ZPersonId, ZServerId } from './ids'
import { ZProperties, ZTraits } from './json'
import { LIMITS } from './limits'
import { ZLocale } from './locale'
import { ZPageUrl } from './page-url'
import { ZTimestamp } from './timestamp'

// Ingest objects strip unknown keys instead of refusing them: widgets cached on customers' pages lag behind
// the server, and a field a newer or older widget adds must not cost us the response it came with.

/** A survey shown to someone, or dismissed by them; displays are the denominator of the response rate. */
export const ZDisplayPayload = z.object({
  id: ZClientId,
  surveyId: ZServerId,
  anonymousId: ZClientId,
  userId: ZPersonId.optional(),
  event: z.enum(['shown', 'dismissed']),
  url: ZPageUrl.optional(),
  timestamp: ZTimestamp.optional(),
})
export type TDisplayPayload = z.infer<typeof ZDisplayPayload>

/**
 * An answer, created or updated by its client id: the widget sends the score as soon as it is picked and
 * the comment later under the same id, so a visitor who leaves before commenting still counts. Each
 * request carries a score, a comment or both. Whether the score fits the survey's scale is checked by the
 * server, which knows the survey's kind. `traits` is a snapshot at answer time, for segmenting.
 */
export const ZResponsePayload = z
  .object({
    id: ZClientId,
    surveyId: ZServerId,
    displayId: ZClientId.optional(),
    anonymousId: ZClientId,
    userId: ZPersonId.optional(),
    accountId: ZAccountId.optional(),
    score: z.int().min(0).max(10).optional(),
    comment: z.string().trim().min(1).max(LIMITS.comment).optional(),
    locale: ZLocale.optional(),
    url: ZPageUrl.optional(),
    traits: ZTraits.optional(),
    timestamp: ZTimestamp.optional(),
  })
  .refine((response) => response.score !== undefined || response.comment !== undefined, {
    error: 'must have a score or a comment',
  })
export type TResponsePayload = z.infer<typeof ZResponsePayload>

/**
 * A product-usage event: 'track' for an action the customer names, 'page' for a page view (named after the
 * page). Ids are client-generated so a retried batch is stored once.
 */
export const ZEvent = z.object({
  id: ZClientId,
  type: z.enum(['track', 'page']).default('track'),
  name: z.string().min(1).max(LIMITS.name),
  properties: ZProperties.optional(),
  anonymousId: ZClientId,
  userId: ZPersonId.optional(),
  accountId: ZAccountId.optional(),
  sessionId: ZClientId.optional(),
  url: ZPageUrl.optional(),
  timestamp: ZTimestamp,
})
export type TEvent = z.infer<typeof ZEvent>

/** Events sent together (the widget flushes its queue in batches): 1..100 per request. */
export const ZEventBatch = z.object({ events: z.array(ZEvent).min(1).max(LIMITS.eventBatch) })
export type TEventBatch = z.infer<typeof ZEventBatch>

/**
 * Ties an anonymous visitor to the customer's user id, and optionally to an account, updating their
 * traits. Identifying links earlier anonymous events and responses to the person.
 */
export const ZIdentifyPayload = z.object({
  anonymousId: ZClientId,
  userId: ZPersonId,
  traits: ZTraits.optional(),
  account: z.object({ id: ZAccountId, traits: ZTraits.optional() }).optional(),
  timestamp: ZTimestamp.optional(),
})
export type TIdentifyPayload = z.infer<typeof ZIdentifyPayload>
