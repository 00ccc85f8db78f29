/**
 * Counts failed sign-ins per key (an account's e-mail, a client address) over a sliding window, and says how
 * long a key must wait once it has failed `maxFailures` times in it. Held in memory: each instance counts its
 * own failures, which bounds guessing per instance; the scrypt cost bounds it further.
 */
export interface FailureLimiter {
  /** Milliseconds until the key may try again; 0 when it may now. */
  waitFor(key: string, now: number): number
  recordFailure(key: string, now: number): void
  /** Forgets the key's failures (a successful sign-in of the account). */
  clear(key: string): void
}

/** Keys remembered at most; the oldest go first, so a flood of addresses cannot grow memory without bound. */
const MAX_KEYS = 50_000

export function failureLimiter(options: { maxFailures: number; windowMs: number }): FailureLimiter {
  const failures = new Map<string, number[]>()
  const recent = (key: string, now: number) =>
    (failures.get(key) ?? []).filter((time) => now - time < options.windowMs)
  return {
    waitFor(key, now) {
      const times = recent(key, now)
      if (times.length < options.maxFailures) return 0
      // The window frees a try when the oldest counted failure leaves it.
      const oldest = times[times.length - options.maxFailures] ?? now
      return Math.max(1, oldest + options.windowMs - now)
    },
    recordFailure(key, now) {
      const times = recent(key, now).slice(-(options.maxFailures - 1))
      times.push(now)
      failures.delete(key)
      failures.set(key, times)
      if (failures.size > MAX_KEYS) {
        const first = failures.keys().next().value
        if (first !== undefined) failures.delete(first)
      }
    },
    clear(key) {
      failures.delete(key)
    },
  }
}
