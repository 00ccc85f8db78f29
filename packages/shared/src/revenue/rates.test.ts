import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sumMovements } from './movements'
import {
  contractionRate,
  expansionRate,
  grossMrrChurnRate,
  grossRevenueRetention,
  netMrrChurnRate,
  netRevenueRetention,
  quickRatio,
  revenueChurnRate,
} from './rates'
import { annualRunRate, averageRevenuePerAccount } from './run-rate'

// Starting MRR $1,000.00: one upsell of $50, one downgrade of $20, one churn of $30, $40 new, $10 back.
const month = {
  start: 100_000,
  new: 4_000,
  expansion: 5_000,
  contraction: 2_000,
  churn: 3_000,
  reactivation: 1_000,
  end: 105_000,
}

describe('retention rates, hand-computed', () => {
  it('computes each rate over the starting MRR as an exact ratio', () => {
    expect(grossRevenueRetention(month)).toEqual({ numerator: 95_000, denominator: 100_000, value: 0.95 })
    expect(netRevenueRetention(month)).toEqual({ numerator: 100_000, denominator: 100_000, value: 1 })
    expect(grossMrrChurnRate(month).value).toBe(0.05)
    expect(netMrrChurnRate(month)).toEqual({ numerator: -1_000, denominator: 100_000, value: -0.01 })
    expect(expansionRate(month).value).toBe(0.05)
    expect(contractionRate(month).value).toBe(0.02)
    expect(revenueChurnRate(month).value).toBe(0.03)
    expect(quickRatio(month)).toEqual({ numerator: 10_000, denominator: 5_000, value: 2 })
  })

  it('gives null rather than Infinity when there is nothing to divide by', () => {
    const firstMonth = {
      ...month,
      start: 0,
      expansion: 0,
      contraction: 0,
      churn: 0,
      reactivation: 0,
      end: 4_000,
    }
    expect(netRevenueRetention(firstMonth).value).toBeNull()
    expect(quickRatio(firstMonth)).toEqual({ numerator: 4_000, denominator: 0, value: null })
  })

  it('ARR is 12 × MRR and ARPA is MRR per paying account', () => {
    expect(annualRunRate(105_000)).toBe(1_260_000)
    expect(averageRevenuePerAccount(105_000, 4)).toEqual({
      numerator: 105_000,
      denominator: 4,
      value: 26_250,
    })
    expect(averageRevenuePerAccount(0, 0).value).toBeNull()
  })

  it('GRR never exceeds 100% and never exceeds NRR', () => {
    const account = fc.record({ start: fc.nat(10_000), end: fc.nat(10_000), paidBefore: fc.boolean() })
    fc.assert(
      fc.property(fc.array(account, { minLength: 1 }), (accounts) => {
        const totals = sumMovements(accounts)
        const grr = grossRevenueRetention(totals).value
        const nrr = netRevenueRetention(totals).value
        if (grr === null || nrr === null) return
        expect(grr).toBeLessThanOrEqual(1)
        expect(grr).toBeGreaterThanOrEqual(0)
        expect(grr).toBeLessThanOrEqual(nrr)
      }),
    )
  })
})
