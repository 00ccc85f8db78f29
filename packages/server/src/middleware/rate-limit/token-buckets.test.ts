import { describe, expect, it } from 'vitest'
import { TokenBuckets } from './token-buckets'

describe('TokenBuckets', () => {
  it('gives each key its burst, then tokens at the rate, and says when the next one comes', () => {
    const buckets = new TokenBuckets(0.5, 2)
    expect([buckets.take('a', 0), buckets.take('a', 0), buckets.take('a', 0)]).toEqual([true, true, false])
    expect(buckets.retryAfter('a', 0)).toBe(2)
    expect(buckets.take('b', 0)).toBe(true)
    expect(buckets.take('a', 1_000)).toBe(false)
    expect(buckets.take('a', 2_000)).toBe(true)
  })

  it('answers how many tokens a key has without keeping a bucket for it', () => {
    const buckets = new TokenBuckets(1, 3)
    expect(buckets.tokens('never', 0)).toBe(3)
    buckets.take('used', 0)
    expect(buckets.tokens('used', 0)).toBe(2)
    expect(buckets.tokens('used', 500)).toBe(2.5)
  })

  it('stays bounded when very many keys are limited at once, forgetting the oldest', () => {
    // One token a day: no bucket fills up again while the test runs.
    const buckets = new TokenBuckets(1 / 86_400, 1)
    buckets.take('first', 0)
    expect(buckets.tokens('first', 0)).toBe(0)
    for (let i = 0; i < 10_000; i++) buckets.take(`key ${i}`, 0)
    expect(buckets.tokens('first', 0)).toBe(1)
    expect(buckets.tokens('key 9999', 0)).toBe(0)
  })
})
