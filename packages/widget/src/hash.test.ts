import { describe, expect, it } from 'vitest'
import { percentile } from './hash'

describe('percentile', () => {
  it('is FNV-1a of the text, reduced to [0, 100) in steps of 0.01', () => {
    // FNV-1a 32-bit of '' is the offset basis 0x811c9dc5 = 2166136261; of 'a' it is 0xe40c292c.
    expect(percentile('')).toBe((2166136261 % 10_000) / 100)
    expect(percentile('a')).toBe((0xe40c292c % 10_000) / 100)
  })

  it('spreads texts evenly', () => {
    const buckets = new Array(10).fill(0)
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(percentile(`srv_1:anon-${i}`) / 10)]++
    for (const count of buckets) expect(Math.abs(count - 1000)).toBeLessThan(150)
  })
})
