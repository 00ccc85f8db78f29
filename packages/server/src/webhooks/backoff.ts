/**
 * When a failed delivery is tried again: the delay doubles with each failed attempt up to a cap, and is
 * spread by ±20% so that events which failed together (a receiver that was down) do not all come back at
 * the same moment. After `maxAttempts` the event is given up ("dead") and stays in the log.
 */
export interface BackoffPolicy {
  /** The delay after the first failed attempt. */
  baseMs: number
  capMs: number
  maxAttempts: number
}

/** The cap as a multiple of the base: 6 hours at the default base of one minute. */
const CAP_TO_BASE = 360
const DEFAULT_BASE_MS = 60_000
const MAX_ATTEMPTS = 12

/**
 * The schedule for a base delay: 1, 2, 4 … 256 minutes, then 6 hours twice at the default, so an event is
 * tried for about 20 hours before it is given up. A shorter base (tests) scales the whole schedule.
 */
export function backoffPolicy(baseMs = DEFAULT_BASE_MS): BackoffPolicy {
  return { baseMs, capMs: baseMs * CAP_TO_BASE, maxAttempts: MAX_ATTEMPTS }
}

/**
 * The delay before the next attempt once `failedAttempts` attempts (1 or more) have failed, or undefined
 * when the event is to be given up. `random` is in [0, 1).
 */
export function retryDelay(
  policy: BackoffPolicy,
  failedAttempts: number,
  random: () => number = Math.random,
): number | undefined {
  if (failedAttempts >= policy.maxAttempts) return undefined
  const exponential = policy.baseMs * 2 ** Math.max(0, failedAttempts - 1)
  const jittered = exponential * (0.8 + 0.4 * random())
  return Math.round(Math.min(policy.capMs, jittered))
}
