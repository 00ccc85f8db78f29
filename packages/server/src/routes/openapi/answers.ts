import { z } from 'zod'
import { SEGMENT_FIELDS, SEGMENT_TYPES, type SegmentType } from '../segment/messages'

// Schemas the OpenAPI document gives for what the ingest routes take and answer, where the routes' own
// schemas do not say it: a Segment route's body as clients write it, and the answers' JSON.

const ZRefusal = z.object({
  index: z.int().optional().describe('The position of the refused message in the request'),
  messageId: z.string().optional(),
  type: z.string().optional(),
  field: z.string().describe('The field at fault, within the message'),
  reason: z.string(),
})

export const ZSegmentAnswer = z.object({
  success: z.literal(true),
  refused: z.array(ZRefusal).describe('Messages that were not stored, by index; the others were'),
})

export const ZIngestEventsAnswer = z.object({
  ok: z.literal(true),
  stored: z.int(),
  duplicates: z.int(),
  refused: z.array(ZRefusal.pick({ index: true, field: true, reason: true })),
})

/** A `/v1/<type>` body: the route gives the type, so a body may leave it out. */
const single = (type: SegmentType): z.ZodObject =>
  (SEGMENT_FIELDS[type] as z.ZodObject).extend({
    type: z.literal(type).optional(),
    writeKey: z.string().optional().describe('The write key, when not sent as the Basic-auth user name'),
  })

/**
 * The documented bodies of the Segment routes, typed per call type. The routes validate with the same
 * fields, plus the check that a message names someone (userId or anonymousId), which JSON Schema states
 * less clearly than the error does.
 */
export const SEGMENT_DOCUMENTED = {
  ...(Object.fromEntries(SEGMENT_TYPES.map((type) => [type, single(type)])) as Record<
    SegmentType,
    z.ZodObject
  >),
  batch: z.object({
    batch: z.array(
      z.discriminatedUnion(
        'type',
        SEGMENT_TYPES.map((type) => SEGMENT_FIELDS[type]) as unknown as [z.ZodObject, ...z.ZodObject[]],
      ),
    ),
    context: z.record(z.string(), z.unknown()).optional().describe('Context for every message of the batch'),
    sentAt: z.iso.datetime({ offset: true }).optional().describe('When the library sent the batch'),
    writeKey: z.string().optional().describe('The write key, when not sent as the Basic-auth user name'),
  }),
}
