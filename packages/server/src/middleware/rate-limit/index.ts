import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env'
import { ApiError } from '../../errors'
import { TokenBuckets } from './token-buckets'

export interface RateLimitOptions {
  /** Sustained requests per second allowed for one key. */
  perSecond: number
  /** Requests a key may send at once after being idle. Defaults to two seconds' worth. */
  burst?: number
  now?: () => number
}

/**
 * A token bucket per project key (the key the auth middleware resolved, so one project's traffic never
 * slows another's). In memory: behind a load balancer each instance enforces its own share.
 */
export function rateLimit(
  keyOf: (project: AppEnv['Variables']['project']) => string,
  options: RateLimitOptions,
) {
  const { perSecond, now = Date.now } = options
  const buckets = new TokenBuckets(perSecond, options.burst ?? perSecond * 2)
  const limiter: MiddlewareHandler<AppEnv> = async function rateLimiter(c, next) {
    const key = keyOf(c.get('project'))
    const at = now()
    if (!buckets.take(key, at)) throw tooManyRequests(buckets.retryAfter(key, at))
    await next()
  }
  return limiter
}

/** A 429 that says when to come back. */
export const tooManyRequests = (retryAfter: number) =>
  new ApiError(429, 'rate_limited', `too many requests; retry in ${retryAfter} s`, [], {
    'Retry-After': String(retryAfter),
  })
