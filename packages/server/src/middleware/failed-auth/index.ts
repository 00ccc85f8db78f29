import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env'
import { requestHeader } from '../../http/request-header'
import { tooManyRequests } from '../rate-limit'
import { TokenBuckets } from '../rate-limit/token-buckets'

export interface FailedAuthLimitOptions {
  /** Failed authentications (401s) allowed per client address per minute; as many may come at once. */
  perMinute: number
  now?: () => number
  /**
   * Addresses of reverse proxies in front of the server, whose `X-Forwarded-For` is believed. Without them
   * the client is the socket's peer, and every client behind a proxy would share one count.
   */
  trustedProxies?: readonly string[]
  /** The client's address, for tests; requests without one are not limited. */
  addressOf?: (c: Context<AppEnv>) => string | undefined
}

/**
 * Limits failed authentications per client address: each 401 takes a token, and an address without one is
 * answered 429 with `Retry-After` before any key is looked up, so keys cannot be tried faster than the
 * limit, and unknown keys cannot make the server look up keys without end. While blocked, an address is
 * refused every request, with a valid key too: answering those would tell valid keys from invalid ones.
 * Runs in front of every route, so every way to authenticate is covered. In memory, per instance.
 */
export function failedAuthLimit(options: FailedAuthLimitOptions): MiddlewareHandler<AppEnv> {
  const { perMinute, now = Date.now } = options
  const trusted = new Set((options.trustedProxies ?? []).map(plainAddress))
  const addressOf = options.addressOf ?? ((c: Context<AppEnv>) => clientAddress(c, trusted))
  const buckets = new TokenBuckets(perMinute / 60, perMinute)
  return async function failedAuthLimiter(c, next) {
    const address = addressOf(c)
    if (address === undefined) return next()
    const key = addressKey(plainAddress(address))
    if (buckets.tokens(key, now()) < 1) throw tooManyRequests(buckets.retryAfter(key, now()))
    await next()
    if (c.res.status === 401) buckets.take(key, now())
  }
}

/**
 * The socket's peer or, when that is a trusted proxy, the nearest address in `X-Forwarded-For` that is not
 * one: proxies append the address they received from, so entries further left may be made up by the client.
 */
function clientAddress(c: Context<AppEnv>, trusted: ReadonlySet<string>): string | undefined {
  const peer = c.env?.incoming?.socket.remoteAddress
  if (peer === undefined || !trusted.has(plainAddress(peer))) return peer
  const forwarded = (requestHeader(c, 'x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => plainAddress(entry.trim()))
    .filter((entry) => entry !== '')
  return forwarded.findLast((entry) => !trusted.has(entry)) ?? forwarded[0] ?? peer
}

/** IPv4 as written, also when the socket reports it IPv6-mapped (`::ffff:10.0.0.1`). */
const plainAddress = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')

/**
 * IPv6 clients by their /64, the block one subscriber is given: counting each address would let one of
 * them try keys from 2^64 addresses. IPv4 by the whole address.
 */
export function addressKey(address: string): string {
  if (!address.includes(':')) return address
  const [head = '', tail = ''] = address.toLowerCase().split('::', 2)
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : []
  const groups = address.includes('::')
    ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}
