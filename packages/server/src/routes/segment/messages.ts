import { createHash } from 'node:crypto'
import { ZAccountId, ZClientId, ZPersonId } from '@heed/shared/schemas/ids'
import { isPlainObject } from '@heed/shared/schemas/json'
import { LIMITS } from '@heed/shared/schemas/limits'
import { ZPageUrl } from '@heed/shared/schemas/page-url'
import { ZTimestamp } from '@heed/shared/schemas/timestamp'
import { z } from 'zod'
import type { EventContext, EventInput } from '../../store/events'
import type { AnonymousIdentifyInput, IdentifyInput } from '../../store/people'
import { messageTime } from './message-time'

// Messages of Segment's HTTP Tracking API. Heed accepts what Segment accepts: its only size limits are
// Segment's (32 KB a message, 500 KB a batch), and properties and traits may be any JSON object. Unknown
// fields (integrations, context.ip, …) are ignored rather than refused: libraries send many.

/** One message, as JSON, may be at most 32 KB, as on Segment. */
export const MESSAGE_BYTES = 32 * 1024
/**
 * Event names are indexed, and an index entry has a size limit on PostgreSQL: a longer name (Segment sets
 * no limit, and none was ever seen in practice) is stored cut to this many characters.
 */
export const EVENT_NAME_LENGTH = 500
/** A context value (user agent, referrer…) is stored cut to this many characters. */
const CONTEXT_LENGTH = LIMITS.url

export const SEGMENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const
export type SegmentType = (typeof SEGMENT_TYPES)[number]

/** Some Segment libraries send `null` for what they do not know; it means the same as leaving it out. */
const absent = <S extends z.ZodType>(schema: S) =>
  schema.nullish().transform((value): z.output<S> | undefined => value ?? undefined)

/** Segment's ids are strings, but hand-written HTTP clients often send numeric user and group ids. */
const asText = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (typeof value === 'number' ? String(value) : value), schema)

/** Any JSON object: Segment puts no limit on properties or traits beyond the message's size. */
const ZObject = z.record(z.string(), z.unknown())

/**
 * Segment traits may nest objects (`address`, `company`); Heed's traits are flat so each can be a segment,
 * so `{ company: { name: 'Initech' } }` becomes `{ 'company.name': 'Initech' }`. Arrays are kept as they are.
 * The body's depth limit bounds the recursion.
 */
function flattenTraits(
  traits: Record<string, unknown>,
  prefix = '',
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [key, value] of Object.entries(traits)) {
    if (isPlainObject(value)) flattenTraits(value, `${prefix}${key}.`, into)
    else into[`${prefix}${key}`] = value
  }
  return into
}

const ZSegmentTraits = ZObject.transform((traits) => flattenTraits(traits))

/** Segment's anonymous ids are the customer's choice of format (UUIDs, cookies, device ids). */
const ZAnonymousId = z.string().min(1).max(LIMITS.name)
const ZMessageId = z.string().min(1).max(LIMITS.name)

const common = {
  userId: absent(asText(ZPersonId)),
  anonymousId: absent(asText(ZAnonymousId)),
  messageId: absent(asText(ZMessageId)),
  timestamp: absent(ZTimestamp),
  originalTimestamp: absent(ZTimestamp),
  sentAt: absent(ZTimestamp),
  /** Read leniently field by field (see contextOf): a context Heed cannot use never costs the message. */
  context: absent(ZObject),
}

type Identified = { userId?: string | undefined; anonymousId?: string | undefined }

function requireSomeone(message: Identified, ctx: z.RefinementCtx): void {
  if (message.userId === undefined && message.anonymousId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['userId'], message: 'is required when there is no anonymousId' })
  }
}

/** Each call type's fields, before the check that names someone: the OpenAPI document is built from these. */
export const SEGMENT_FIELDS = {
  track: z.object({
    ...common,
    type: z.literal('track'),
    event: z.string().min(1),
    properties: absent(ZObject),
  }),
  page: z.object({
    ...common,
    type: z.literal('page'),
    name: absent(z.string()),
    properties: absent(ZObject),
  }),
  screen: z.object({
    ...common,
    type: z.literal('screen'),
    name: absent(z.string()),
    properties: absent(ZObject),
  }),
  identify: z.object({ ...common, type: z.literal('identify'), traits: absent(ZSegmentTraits) }),
  group: z.object({
    ...common,
    type: z.literal('group'),
    groupId: asText(ZAccountId),
    traits: absent(ZSegmentTraits),
  }),
  alias: z.object({
    ...common,
    type: z.literal('alias'),
    userId: asText(ZPersonId),
    previousId: asText(ZAnonymousId),
  }),
} as const satisfies Record<SegmentType, z.ZodObject>

export const ZSegmentMessage = z.discriminatedUnion('type', [
  SEGMENT_FIELDS.track.superRefine(requireSomeone),
  SEGMENT_FIELDS.page.superRefine(requireSomeone),
  SEGMENT_FIELDS.screen.superRefine(requireSomeone),
  SEGMENT_FIELDS.identify.superRefine(requireSomeone),
  SEGMENT_FIELDS.group.superRefine(requireSomeone),
  // An alias names both ids itself.
  SEGMENT_FIELDS.alias,
])
export type TSegmentMessage = z.output<typeof ZSegmentMessage>

/** The body of `/v1/<type>`: one message, whose type is the path's whatever the body says. */
export const singleMessage = (type: SegmentType) =>
  z.preprocess((value) => (isPlainObject(value) ? { ...value, type } : value), ZSegmentMessage)

/**
 * The envelope of `/v1/batch`. Its messages are validated one by one (see parseMessage): one refused
 * message does not cost the others.
 */
export const ZSegmentBatch = z.object({
  batch: z.array(z.unknown()),
  /** Applies to every message of the batch; a message's own context fields win. */
  context: absent(ZObject),
  /** When the library sent the batch, by the device's clock: for messages without their own. */
  sentAt: absent(ZTimestamp),
})

/** A message Heed refused, by its place in the request. */
export interface MessageRefusal {
  index?: number
  messageId?: string
  type?: string
  field: string
  reason: string
}

/**
 * One message of a batch: the validated message, or why it is refused. The size is measured on the JSON
 * as received; the body's depth limit keeps that from recursing far.
 */
export function parseMessage(
  value: unknown,
  index: number,
): { message: TSegmentMessage } | { refusal: MessageRefusal } {
  const about = {
    index,
    messageId: isPlainObject(value) && typeof value.messageId === 'string' ? value.messageId : undefined,
    type: isPlainObject(value) && typeof value.type === 'string' ? value.type : undefined,
  }
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '')
  if (bytes > MESSAGE_BYTES) {
    return {
      refusal: { ...about, field: 'message', reason: `must be at most 32 KB as JSON, got ${bytes} bytes` },
    }
  }
  const result = ZSegmentMessage.safeParse(value)
  if (result.success) return { message: result.data }
  const issue = result.error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'message'
  return { refusal: { ...about, field, reason: issue?.message ?? 'is not a valid message' } }
}

/** What a set of messages asks the store to do. */
export interface SegmentWrites {
  events: EventInput[]
  /** Identifies, groups and aliases, in the order they were sent, so later traits win. */
  people: Array<{ known: IdentifyInput } | { anonymous: AnonymousIdentifyInput }>
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

/** A string value, cut to what a column keeps; anything else is left out. */
const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, CONTEXT_LENGTH) : undefined

const objectAt = (value: unknown, key: string): Record<string, unknown> | undefined => {
  const inner = isPlainObject(value) ? value[key] : undefined
  return isPlainObject(inner) ? inner : undefined
}

/** The context fields Heed keeps, read leniently: a field of an unexpected type is left out. */
function contextOf(
  context: Record<string, unknown>,
  properties: Record<string, unknown> | undefined,
): EventContext {
  const page = objectAt(context, 'page')
  const library = objectAt(context, 'library')
  const campaign = objectAt(context, 'campaign')
  const libraryName = textOf(library?.name)
  const libraryVersion = textOf(library?.version)
  const found: EventContext = {
    userAgent: textOf(context.userAgent),
    locale: textOf(context.locale),
    library: libraryName && (libraryVersion ? `${libraryName}@${libraryVersion}` : libraryName),
    utmCampaign: textOf(campaign?.name),
    utmSource: textOf(campaign?.source),
    utmMedium: textOf(campaign?.medium),
    // A page call's properties describe the page too (analytics.js sends path, referrer and title there).
    pagePath: textOf(page?.path) ?? textOf(properties?.path),
    referrer: textOf(page?.referrer) ?? textOf(properties?.referrer),
    title: textOf(page?.title) ?? textOf(properties?.title),
  }
  for (const key of Object.keys(found) as Array<keyof EventContext>) {
    if (found[key] === undefined) delete found[key]
  }
  return found
}

/** A page's or screen's name: the one given, else its path (as analytics libraries record it), else its type. */
function viewName(
  type: 'page' | 'screen',
  name: string | undefined,
  properties: Record<string, unknown> | undefined,
): string {
  if (name) return name
  const fallback = properties?.name ?? properties?.path
  return typeof fallback === 'string' && fallback !== '' ? fallback : type
}

/**
 * Maps validated messages to store inputs. `receivedAt` is when the request arrived, `batch` the envelope's
 * context and sentAt for a `/v1/batch` request.
 */
export function toHeedWrites(
  messages: readonly TSegmentMessage[],
  receivedAt: number,
  batch: { context?: Record<string, unknown>; sentAt?: string } = {},
): SegmentWrites {
  const writes: SegmentWrites = { events: [], people: [] }
  for (const message of messages) {
    const at = messageTime({ ...message, sentAt: message.sentAt ?? batch.sentAt }, receivedAt)
    const context = { ...batch.context, ...message.context }
    if (message.type === 'alias') {
      // The earlier id (anonymous, or a user id before sign-up) becomes one of the person's ids.
      if (message.previousId !== message.userId) {
        writes.people.push({ known: { userId: message.userId, anonymousId: message.previousId, at } })
      }
      continue
    }
    if (message.type === 'identify' || message.type === 'group') {
      const traits =
        message.type === 'identify' ? { ...flattenedContextTraits(context), ...message.traits } : undefined
      const account = message.type === 'group' ? { id: message.groupId, traits: message.traits } : undefined
      if (message.userId !== undefined) {
        writes.people.push({
          known: { userId: message.userId, anonymousId: message.anonymousId, traits, account, at },
        })
      } else {
        // requireSomeone refused a message with neither id.
        writes.people.push({ anonymous: { anonymousId: message.anonymousId!, traits, account, at } })
      }
      continue
    }
    const page = objectAt(context, 'page')
    const name =
      message.type === 'track' ? message.event : viewName(message.type, message.name, message.properties)
    writes.events.push({
      id: eventIdOf(message),
      type: message.type,
      name: name.slice(0, EVENT_NAME_LENGTH),
      // Heed's events always carry an anonymous id; a message with a userId alone gets one derived from it.
      anonymousId: message.anonymousId ?? `user:${message.userId}`,
      userId: message.userId,
      accountId: accountOf(context),
      properties: message.properties,
      url: usableUrl(page?.url) ?? usableUrl(message.properties?.url),
      context: contextOf(context, message.type === 'track' ? undefined : message.properties),
      at,
    })
  }
  return writes
}

/** The account a track, page or screen call is attributed to (Segment's B2B `context.groupId`). */
function accountOf(context: Record<string, unknown>): string | undefined {
  const groupId = typeof context.groupId === 'number' ? String(context.groupId) : context.groupId
  const parsed = ZAccountId.safeParse(groupId)
  return parsed.success ? parsed.data : undefined
}

/** The user's traits as the library knew them (`context.traits`); an identify's own traits win over these. */
function flattenedContextTraits(context: Record<string, unknown>): Record<string, unknown> | undefined {
  const traits = context.traits
  return isPlainObject(traits) ? flattenTraits(traits) : undefined
}
