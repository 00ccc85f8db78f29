import type { TDisplayPayload, TEvent, TEventBatch, TResponsePayload } from './ingest'
import { isPlainObject, type TProperties, type TTraits, type TTraitValue } from './json'
import { LIMITS } from './limits'
import { isLocaleTag, normaliseLocale } from './locale'

// Hand-written checkers for the hottest ingest payloads. Zod costs several microseconds per event, and the
// server must take 150,000 events per second on one core. Each checker returns what the zod schema's `parse`
// returns for the same JSON value, or undefined when it is not sure the value is valid; the caller then asks
// the zod schema, which stays the one source of error messages. Rules that are costly to mirror exactly (URL
// parsing) get a stricter pre-check that sends anything unusual to zod; so do objects that JSON.parse does not
// make, which zod's object schemas take.

/** A checker: the zod schema's output for a valid JSON value, undefined when zod must decide. */
export type FastPath<T> = (value: unknown) => T | undefined

// Without the `u` flag `\w` is [A-Za-z0-9_].
const CLIENT_ID = new RegExp(`^[\\w-]{${LIMITS.idMin},${LIMITS.id}}$`)
const SERVER_ID = new RegExp(`^[\\w-]{1,${LIMITS.id}}$`)
/** ZExternalId's rule on characters. */
const NO_CONTROL = /^\P{Cc}*$/u

/**
 * The URLs a browser reports as location.href: http(s), a host name of ASCII letters, digits and hyphens
 * whose last label starts with a letter (a numeric one is parsed as an IPv4 address, which may fail), an
 * optional port below 60000, then printable ASCII. Punycode labels ('xn--') can fail IDNA decoding, and
 * whitespace or control characters are trimmed or deleted by zod; all of these go to zod.
 */
const PAGE_URL =
  /^https?:\/\/(?:(?!xn--)[a-z\d-]+\.)*(?!xn--)[a-z][a-z\d-]*(?::[1-5]?\d{1,4})?(?:[/?#][!-~]*)?$/i

/** ZTimestamp's shape; whether the day exists in its month is checked by `isTimestamp`. */
const TIMESTAMP =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/

const isClientId = (value: unknown): value is string => typeof value === 'string' && CLIENT_ID.test(value)
const isServerId = (value: unknown): value is string => typeof value === 'string' && SERVER_ID.test(value)

/**
 * Whether zod's `.max(max)` passes `text`. Zod counts code points, a surrogate pair once, so a string of
 * up to twice `max` UTF-16 units may still pass.
 */
function withinMax(text: string, max: number): boolean {
  if (text.length <= max) return true
  if (text.length > 2 * max) return false
  let length = text.length
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length--
      i++
    }
  }
  return length <= max
}

/** ZPersonId and ZAccountId: the trimmed text, or undefined. */
function externalId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed !== '' && withinMax(trimmed, LIMITS.name) && NO_CONTROL.test(trimmed) ? trimmed : undefined
}

const isPageUrl = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= LIMITS.url && PAGE_URL.test(value)

/** The number written by the two digits at `at` in `text`. */
const twoDigits = (text: string, at: number) => (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48

function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return false
  const day = twoDigits(value, 8)
  if (day <= 28) return true
  const month = twoDigits(value, 5)
  if (month !== 2) return day <= 30 || (month < 8 ? month % 2 === 1 : month % 2 === 0)
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2)
  return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
}

// ZProperties measures its JSON with JSON.stringify; this walk adds up the same UTF-8 bytes as it checks
// the limits, without building the text. A negative result means ZProperties would refuse the value.
const REFUSED = -1

/** UTF-8 bytes of `text` as JSON.stringify writes it: quoted, with escapes, lone surrogates as \uXXXX. */
function stringBytes(text: string): number {
  let bytes = 2
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= 0x20 && unit < 0x80) bytes += unit === 0x22 || unit === 0x5c ? 2 : 1
    else if (unit < 0x20)
      bytes += unit === 0x08 || unit === 0x09 || unit === 0x0a || unit === 0x0c || unit === 0x0d ? 2 : 6
    else if (unit < 0x800) bytes += 2
    else if (unit < 0xd800 || unit > 0xdfff) bytes += 3
    else if (unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 6
  }
  return bytes
}

function valueBytes(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return value.length <= LIMITS.propertyString ? stringBytes(value) : REFUSED
    case 'number':
      return Number.isFinite(value) ? String(value).length : REFUSED
    case 'boolean':
      return value ? 4 : 5
    case 'object':
      if (value === null) return 4
      if (depth >= LIMITS.propertyDepth) return REFUSED
      if (Array.isArray(value)) return arrayBytes(value, depth + 1)
      return isPlainObject(value) ? objectBytes(value, depth + 1) : REFUSED
    default:
      return REFUSED
  }
}

function arrayBytes(array: unknown[], depth: number): number {
  if (array.length > LIMITS.propertyArray) return REFUSED
  let bytes = array.length === 0 ? 2 : array.length + 1
  for (let i = 0; i < array.length; i++) {
    const item = valueBytes(array[i], depth)
    if (item < 0) return REFUSED
    bytes += item
    if (bytes > LIMITS.propertyBytes) return REFUSED
  }
  return bytes
}

/** An object at `depth` (the outer properties object is 1): braces, and per key a comma or colon. */
function objectBytes(object: Record<string, unknown>, depth: number): number {
  const keys = Object.keys(object)
  if (keys.length > LIMITS.properties) return REFUSED
  let bytes = keys.length === 0 ? 2 : 2 * keys.length + 1
  for (const key of keys) {
    if (key.length === 0 || key.length > LIMITS.propertyKey) return REFUSED
    const value = valueBytes(object[key], depth)
    if (value < 0) return REFUSED
    bytes += stringBytes(key) + value
    if (bytes > LIMITS.propertyBytes) return REFUSED
  }
  return bytes
}

/** ZProperties returns its input itself, so a valid value needs no copy. */
const isProperties = (value: unknown): value is TProperties =>
  isPlainObject(value) && objectBytes(value, 1) >= 0

/**
 * ZTraits: a copy, since zod's record builds a new object. A '__proto__' key, which zod drops, and symbol
 * keys, which zod refuses, go to zod.
 */
function traitsOf(value: unknown): TTraits | undefined {
  if (!isPlainObject(value) || Object.getOwnPropertySymbols(value).length > 0) return undefined
  const keys = Object.keys(value)
  if (keys.length > LIMITS.traitKeys) return undefined
  const traits: TTraits = {}
  for (const key of keys) {
    if (key === '' || key === '__proto__' || !withinMax(key, LIMITS.traitKey)) return undefined
    const trait = value[key]
    if (!isTraitValue(trait)) return undefined
    traits[key] = trait
  }
  return traits
}

const isTraitValue = (value: unknown): value is TTraitValue =>
  typeof value === 'string'
    ? withinMax(value, LIMITS.traitString)
    : value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))

/** ZEvent, for one event of a batch. */
function eventOf(value: unknown): TEvent | undefined {
  if (!isPlainObject(value)) return undefined
  const {
    id,
    type = 'track',
    name,
    properties,
    anonymousId,
    userId,
    accountId,
    sessionId,
    url,
    timestamp,
  } = value
  if (!isClientId(id) || !isClientId(anonymousId) || !isTimestamp(timestamp)) return undefined
  if (type !== 'track' && type !== 'page') return undefined
  if (typeof name !== 'string' || name === '' || !withinMax(name, LIMITS.name)) return undefined
  const event: TEvent = { id, type, name, anonymousId, timestamp }
  if (properties !== undefined) {
    if (!isProperties(properties)) return undefined
    event.properties = properties
  }
  if (userId !== undefined) {
    event.userId = externalId(userId)
    if (event.userId === undefined) return undefined
  }
  if (accountId !== undefined) {
    event.accountId = externalId(accountId)
    if (event.accountId === undefined) return undefined
  }
  if (sessionId !== undefined) {
    if (!isClientId(sessionId)) return undefined
    event.sessionId = sessionId
  }
  if (url !== undefined) {
    if (!isPageUrl(url)) return undefined
    event.url = url
  }
  return event
}

/** ZEventBatch's output for a valid batch, else undefined: zod then decides and names the field at fault. */
export const fastEventBatch: FastPath<TEventBatch> = (value) => {
  if (!isPlainObject(value)) return undefined
  const { events } = value
  if (!Array.isArray(events) || events.length === 0 || events.length > LIMITS.eventBatch) return undefined
  const checked: TEvent[] = new Array(events.length)
  for (let i = 0; i < events.length; i++) {
    const event = eventOf(events[i])
    if (event === undefined) return undefined
    checked[i] = event
  }
  return { events: checked }
}

/** ZResponsePayload's output for a valid answer, else undefined. */
export const fastResponsePayload: FastPath<TResponsePayload> = (value) => {
  if (!isPlainObject(value)) return undefined
  const {
    id,
    surveyId,
    displayId,
    anonymousId,
    userId,
    accountId,
    score,
    comment,
    locale,
    url,
    traits,
    timestamp,
  } = value
  if (!isClientId(id) || !isServerId(surveyId) || !isClientId(anonymousId)) return undefined
  const response: TResponsePayload = { id, surveyId, anonymousId }
  if (displayId !== undefined) {
    if (!isClientId(displayId)) return undefined
    response.displayId = displayId
  }
  if (userId !== undefined) {
    response.userId = externalId(userId)
    if (response.userId === undefined) return undefined
  }
  if (accountId !== undefined) {
    response.accountId = externalId(accountId)
    if (response.accountId === undefined) return undefined
  }
  if (score !== undefined) {
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 10) return undefined
    response.score = score
  }
  if (comment !== undefined) {
    if (typeof comment !== 'string') return undefined
    response.comment = comment.trim()
    if (response.comment === '' || !withinMax(response.comment, LIMITS.comment)) return undefined
  }
  if (response.score === undefined && response.comment === undefined) return undefined
  if (locale !== undefined) {
    if (typeof locale !== 'string' || !isLocaleTag(locale)) return undefined
    response.locale = normaliseLocale(locale)
  }
  if (url !== undefined) {
    if (!isPageUrl(url)) return undefined
    response.url = url
  }
  if (traits !== undefined) {
    response.traits = traitsOf(traits)
    if (response.traits === undefined) return undefined
  }
  if (timestamp !== undefined) {
    if (!isTimestamp(timestamp)) return undefined
    response.timestamp = timestamp
  }
  return response
}

/** ZDisplayPayload's output for a valid display or dismissal, else undefined. */
export const fastDisplayPayload: FastPath<TDisplayPayload> = (value) => {
  if (!isPlainObject(value)) return undefined
  const { id, surveyId, anonymousId, userId, event, url, timestamp } = value
  if (!isClientId(id) || !isServerId(surveyId) || !isClientId(anonymousId)) return undefined
  if (event !== 'shown' && event !== 'dismissed') return undefined
  const display: TDisplayPayload = { id, surveyId, anonymousId, event }
  if (userId !== undefined) {
    display.userId = externalId(userId)
    if (display.userId === undefined) return undefined
  }
  if (url !== undefined) {
    if (!isPageUrl(url)) return undefined
    display.url = url
  }
  if (timestamp !== undefined) {
    if (!isTimestamp(timestamp)) return undefined
    display.timestamp = timestamp
  }
  return display
}
