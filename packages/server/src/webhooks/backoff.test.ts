import { describe, expect, it } from 'vitest'
import { backoffPolicy, retryDelay } from './backoff'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe('webhook retry backoff', () => {
  const policy = backoffPolicy()
  const middle = () => 0.5

  it('doubles from one minute up to a cap of six hours', () => {
    const delays = Array.from({ length: 11 }, (_, i) => retryDelay(policy, i + 1, middle))
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360].map((m) => m * MINUTE))
  })

  it('gives up after the twelfth attempt, about 20 hours after the first', () => {
    expect(retryDelay(policy, 12, middle)).toBeUndefined()
    const total = Array.from({ length: 11 }, (_, i) => retryDelay(policy, i + 1, middle) ?? 0).reduce(
      (sum, delay) => sum + delay,
    )
    expect(total / HOUR).toBeCloseTo(20.5, 1)
  })

  it('spreads each delay by ±20% and never past the cap', () => {
    expect(retryDelay(policy, 1, () => 0)).toBe(0.8 * MINUTE)
    expect(retryDelay(policy, 1, () => 0.999_999)).toBeCloseTo(1.2 * MINUTE, -1)
    expect(retryDelay(policy, 11, () => 0.999_999)).toBe(6 * HOUR)
  })

  it('scales the whole schedule with the base, for tests', () => {
    const fast = backoffPolicy(100)
    expect(fast).toEqual({ baseMs: 100, capMs: 36_000, maxAttempts: 12 })
    expect(retryDelay(fast, 3, middle)).toBe(400)
  })
})
