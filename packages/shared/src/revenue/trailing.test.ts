import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { trailingRetention } from './trailing'

describe('trailingRetention', () => {
  it('follows the accounts paying twelve months earlier, capping each at its base for GRR', () => {
    const result = trailingRetention([
      { base: 10_000, end: 15_000 }, // grew by half
      { base: 10_000, end: 0 }, // churned
      { base: 20_000, end: 18_000 }, // downgraded
      { base: 0, end: 50_000 }, // joined since: not in the cohort
    ])
    expect(result.accounts).toBe(3)
    expect(result.netRevenueRetention).toEqual({ numerator: 33_000, denominator: 40_000, value: 0.825 })
    expect(result.grossRevenueRetention).toEqual({ numerator: 28_000, denominator: 40_000, value: 0.7 })
    expect(trailingRetention([]).netRevenueRetention.value).toBeNull()
  })

  it('GRR ≤ 100% and GRR ≤ NRR', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ base: fc.nat(10_000), end: fc.nat(10_000) })), (accounts) => {
        const { netRevenueRetention: nrr, grossRevenueRetention: grr } = trailingRetention(accounts)
        if (grr.value === null || nrr.value === null) return
        expect(grr.value).toBeLessThanOrEqual(1)
        expect(grr.numerator).toBeLessThanOrEqual(nrr.numerator)
      }),
    )
  })
})
