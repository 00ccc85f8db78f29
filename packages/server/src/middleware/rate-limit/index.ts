import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env'
import { ApiError } from '../../errors'

export interface RateLimitOptions {
  /** Sustained requests per second allowed for one key. */
  perSecond: number
  /** Requests a key may send at once after being idle. Defaults to two seconds' worth. */
  burst?: number
  now?: () => number
}

interface Bucket {
  tokens: number
  updated: number
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
  const burst = options.burst ?? perSecond * 2
  const buckets = new Map<string, Bucket>()
  const limiter: MiddlewareHandler<AppEnv> = async function rateLimiter(c, next) {
    const key = keyOf(c.get('project'))
    const at = now()
    const bucket = buckets.get(key) ?? { tokens: burst, updated: at }
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.updated) / 1000) * perSecond)
    bucket.updated = at
    buckets.set(key, bucket)
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond))
      throw new ApiError(429, 'rate_limited', `too many requests; retry in ${retryAfter} s`, [], {
        'Retry-After': String(retryAfter),
      })
    }
    bucket.tokens -= 1
    await next()
  }
  return limiter
}
