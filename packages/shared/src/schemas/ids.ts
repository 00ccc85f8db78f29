import { z } from 'zod'
import { LIMITS } from './limits'

const URL_SAFE = /^[A-Za-z0-9_-]*$/
const URL_SAFE_MESSAGE = 'must contain only letters, digits, "_" and "-"'

/**
 * An id the client generates (displays, responses, events, anonymous visitors, sessions): 8..64 URL-safe
 * characters, so UUIDs and nanoids fit. Clients create ids so that retries and later updates (a comment sent
 * after the score) land on the same record without a round trip.
 */
export const ZClientId = z.string().min(LIMITS.idMin).max(LIMITS.id).regex(URL_SAFE, URL_SAFE_MESSAGE)
export type TClientId = z.infer<typeof ZClientId>

/**
 * An id the server generated (e.g. 'srv_…' for surveys), as a client refers to it: 1..64 URL-safe
 * characters. Looser than ZClientId on length because the server, not the client, chose it.
 */
export const ZServerId = z.string().min(1).max(LIMITS.id).regex(URL_SAFE, URL_SAFE_MESSAGE)
export type TServerId = z.infer<typeof ZServerId>

/**
 * An id from the customer's own system (their user or account id): any text of 1..200 characters without
 * control characters, trimmed so ' 42' and '42' are one person. Not restricted further because we do not
 * choose these ids; e-mail addresses and numeric ids are both common.
 */
const ZExternalId = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.name)
  .regex(/^\P{Cc}*$/u, 'must not contain control characters')

/** The customer's id for a person (a signed-in user). */
export const ZPersonId = ZExternalId
export type TPersonId = z.infer<typeof ZPersonId>

/** The customer's id for an account (the company or team a person belongs to). */
export const ZAccountId = ZExternalId
export type TAccountId = z.infer<typeof ZAccountId>
