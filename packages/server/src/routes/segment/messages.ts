import { createHash } from 'node:crypto'
import { ZAccountId, ZClientId, ZPersonId } from '@heed/shared/schemas/ids'
import { ZProperties, ZTraits } from '@heed/shared/schemas/json'
import { LIMITS } from '@heed/shared/schemas/limits'
import { ZPageUrl } from '@heed/shared/schemas/page-url'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { z } from 'zod'
import { clientTime } from '../../http/client-time'
import type { EventInput } from '../../store/events'
import type { IdentifyInput } from '../../store/people'

// Messages of Segment's HTTP Tracking API that Heed understands. Unknown fields (integrations, context.ip,
// sentAt, …) are stripped rather than refused: Segment libraries send many that Heed has no use for.

/** One message of a batch, as JSON, may be at most 32 KB, as on Segment. */
export const MESSAGE_BYTES = 32 * 1024
/** Messages in one batch, as on Segment. */
const BATCH_MESSAGES = 2_500
/** Objects nested inside traits are flattened this deep (the traits object itself counts). */
const TRAIT_DEPTH = 3

export const SEGMENT_TYPES = ['track', 'page', 'identify', 'group'] as const
export type SegmentType = (typeof SEGMENT_TYPES)[number]

/** Some Segment libraries send `null` for what they do not know; it means the same as leaving it out. */
const absent = <S extends z.ZodType>(schema: S) =>
  schema.nullish().transform((value): z.output<S> | undefined => value ?? undefined)

/** Segment's ids are strings, but hand-written HTTP clients often send numeric user and group ids. */
const asText = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (typeof value === 'number' ? String(value) : value), schema)

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Segment traits may nest objects (`address`, `company`); Heed's traits are flat so each can be a segment,
 * so `{ company: { name: 'Initech' } }` becomes `{ 'company.name': 'Initech' }`. Arrays are left for
 * ZTraits to refuse: there is no flat value that keeps them usable in a breakdown.
 */
function flattenTraits(
  traits: Record<string, unknown>,
  prefix = '',
  depth = 1,
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [key, value] of Object.entries(traits)) {
    if (isObject(value) && depth < TRAIT_DEPTH) flattenTraits(value, `${prefix}${key}.`, depth + 1, into)
    else into[`${prefix}${key}`] = value
  }
  return into
}

const ZSegmentTraits = z.preprocess((value) => (isObject(value) ? flattenTraits(value) : value), ZTraits)

/** Segment's anonymous ids are the customer's choice of format (UUIDs, cookies, device ids). */
const ZAnonymousId = z.string().min(1).max(LIMITS.name)

const ZMessageId = z.string().min(1).max(LIMITS.name)

const ZContext = z.object({
  /** Kept only when it is an http(s) URL: apps and extensions send other schemes, which Heed leaves out. */
  page: absent(z.object({ url: absent(z.string()) })),
  /** The account a track or page call is attributed to (Segment's B2B context field). */
  groupId: absent(asText(ZAccountId)),
})

const ZIdentifyContext = ZContext.extend({
  /** The user's traits as the library knew them; an identify's own traits win over these. */
  traits: absent(ZSegmentTraits),
})
export type TSegmentContext = z.output<typeof ZIdentifyContext>

const common = {
  userId: absent(asText(ZPersonId)),
  anonymousId: absent(asText(ZAnonymousId)),
  messageId: absent(asText(ZMessageId)),
  timestamp: absent(ZTimestamp),
  originalTimestamp: absent(ZTimestamp),
}

type Identified = { userId?: string | undefined; anonymousId?: string | undefined }

function requireSomeone(message: Identified, ctx: z.RefinementCtx): void {
  if (message.userId === undefined && message.anonymousId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['userId'], message: 'is required when there is no anonymousId' })
  }
}

/** Heed keeps traits for known people only: it has no anonymous person to give them to. */
function requireUser(message: Identified, ctx: z.RefinementCtx): void {
  if (message.userId === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['userId'],
      message: 'is required for identify and group calls: Heed keeps traits of known users only',
    })
  }
}

const ZTrackMessage = z
  .object({
    ...common,
    type: z.literal('track'),
    event: z.string().min(1).max(LIMITS.name),
    properties: absent(ZProperties),
    context: absent(ZContext),
  })
  .superRefine(requireSomeone)

const ZPageMessage = z
  .object({
    ...common,
    type: z.literal('page'),
    name: absent(z.string().max(LIMITS.name)),
    properties: absent(ZProperties),
    context: absent(ZContext),
  })
  .superRefine(requireSomeone)

const ZIdentifyMessage = z
  .object({
    ...common,
    type: z.literal('identify'),
    traits: absent(ZSegmentTraits),
    context: absent(ZIdentifyContext),
  })
  .superRefine(requireUser)

const ZGroupMessage = z
  .object({
    ...common,
    type: z.literal('group'),
    groupId: asText(ZAccountId),
    traits: absent(ZSegmentTraits),
  })
  .superRefine(requireUser)

export const ZSegmentMessage = z.discriminatedUnion('type', [
  ZTrackMessage,
  ZPageMessage,
  ZIdentifyMessage,
  ZGroupMessage,
])
export type TSegmentMessage = z.output<typeof ZSegmentMessage>

/** The body of `/v1/<type>`: one message, whose type is the path's whatever the body says. */
export const singleMessage = (type: SegmentType) =>
  z.preprocess((value) => (isObject(value) ? { ...value, type } : value), ZSegmentMessage)

const withinMessageSize = z.unknown().superRefine((message, ctx) => {
  const bytes = Buffer.byteLength(JSON.stringify(message))
  if (bytes > MESSAGE_BYTES) {
    ctx.addIssue({ code: 'custom', message: `must be at most 32 KB as JSON, got ${bytes} bytes` })
  }
})

export const ZSegmentBatch = z.object({
  batch: z.array(withinMessageSize.pipe(ZSegmentMessage)).min(1).max(BATCH_MESSAGES),
  /** Applies to every message of the batch; a message's own context fields win. */
  context: absent(ZIdentifyContext),
})

/** What a set of messages asks the store to do. */
export interface SegmentWrites {
  events: EventInput[]
  /** Identifies and groups, in the order they were sent, so later traits win. */
  people: IdentifyInput[]
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * The Heed event id of a message: its messageId when that is already a valid client id, else a hash of it.
 * Without a messageId the id is a hash of the message itself, so a retried request is stored once; two
 * identical messages with neither messageId nor timestamp are then one event: nothing tells them from a retry.
 */
function eventIdOf(message: TSegmentMessage): string {
  if (message.messageId === undefined) return `seg_${sha256(JSON.stringify(message)).slice(0, 40)}`
  if (ZClientId.safeParse(message.messageId).success) return message.messageId
  return `seg_${sha256(message.messageId).slice(0, 40)}`
}

const usableUrl = (value: unknown) => {
  const parsed = ZPageUrl.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

/** A page's name: the one given, else its path (as analytics libraries record it), else just 'page'. */
function pageName(name: string | undefined, properties: Record<string, unknown> | undefined): string {
  if (name) return name
  const path = properties?.path
  return typeof path === 'string' && path !== '' ? path.slice(0, LIMITS.name) : 'page'
}

/**
 * Maps validated messages to store inputs. `now` is when the request arrived: the time of a message
 * without a plausible timestamp (see clientTime).
 */
export function toHeedWrites(
  messages: readonly TSegmentMessage[],
  now: number,
  batchContext?: TSegmentContext,
): SegmentWrites {
  const writes: SegmentWrites = { events: [], people: [] }
  for (const message of messages) {
    const at = clientTime(message.timestamp ?? message.originalTimestamp, now)
    if (message.type === 'identify' || message.type === 'group') {
      // requireUser refused these messages without a userId.
      const who = { userId: message.userId!, anonymousId: message.anonymousId, at }
      writes.people.push(
        message.type === 'group'
          ? { ...who, account: { id: message.groupId, traits: message.traits } }
          : {
              ...who,
              traits: { ...(message.context?.traits ?? batchContext?.traits), ...message.traits },
            },
      )
      continue
    }
    const page = message.context?.page ?? batchContext?.page
    const event: EventInput = {
      id: eventIdOf(message),
      type: message.type,
      name: message.type === 'track' ? message.event : pageName(message.name, message.properties),
      // Heed's events always carry an anonymous id; a message with a userId alone gets one derived from it.
      anonymousId: message.anonymousId ?? `user:${message.userId}`,
      userId: message.userId,
      accountId: message.context?.groupId ?? batchContext?.groupId,
      properties: message.properties,
      url: usableUrl(page?.url) ?? usableUrl(message.properties?.url),
      at,
    }
    writes.events.push(event)
  }
  return writes
}
