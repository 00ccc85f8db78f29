import { describe, expect, it } from 'vitest'
import { DEFAULT_HEALTH_MODEL } from './model'
import { revenueReading } from './revenue'

const revenue = DEFAULT_HEALTH_MODEL.components.revenue // 50% → 0, 100% → 100, 90 days back

describe('revenue', () => {
  it('scores MRR now against 90 days ago', () => {
    // 32 000 / 40 000 = 80% → (80 − 50) / 50 = 0.6 → 60 points
    expect(revenueReading({ mrrNow: 32_000, mrrBefore: 40_000 }, revenue)).toEqual({
      raw: 80,
      unit: '%',
      points: 60,
      sentence: 'Pays 80% of what it paid 90 days ago (a downgrade).',
    })
    expect(revenueReading({ mrrNow: 0, mrrBefore: 40_000 }, revenue)?.points).toBe(0)
    expect(revenueReading({ mrrNow: 50_000, mrrBefore: 40_000 }, revenue)?.points).toBe(100)
  })

  it('has no reading for an account that paid nothing then', () => {
    expect(revenueReading({ mrrNow: 10_000, mrrBefore: 0 }, revenue)).toBeNull()
  })
})
