import { describe, expect, it } from 'vitest'
import { cohortRetention } from './cohorts'

describe('cohortRetention', () => {
  it('gives the share of logos and MRR kept after each month', () => {
    const result = cohortRetention({
      label: '2026-01',
      base: { accounts: 4, mrr: 40_000 },
      kept: [
        { accounts: 4, mrr: 42_000 }, // an upsell
        { accounts: 3, mrr: 32_000 }, // a churn of $100
      ],
    })
    expect(result.after).toEqual([
      {
        months: 1,
        logos: { numerator: 4, denominator: 4, value: 1 },
        mrr: { numerator: 42_000, denominator: 40_000, value: 1.05 },
      },
      {
        months: 2,
        logos: { numerator: 3, denominator: 4, value: 0.75 },
        mrr: { numerator: 32_000, denominator: 40_000, value: 0.8 },
      },
    ])
  })
})
