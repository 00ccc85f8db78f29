import { describe, expect, it } from 'vitest'
import { unitEconomics } from './economics'

const costs = {
  salesAndMarketing: 1_000_000, // $10,000
  customerSuccess: 300_000,
  support: 200_000,
  productDevelopment: 900_000,
  grossMarginBasisPoints: 8_000, // 80%
}

describe('unitEconomics', () => {
  it('computes CAC, CLTV, payback, retention cost and cost to carry by hand', () => {
    // 100 accounts pay $50,000 (ARPA $500); 10 are new; $1,000 of $50,000 churned (2% revenue churn).
    const result = unitEconomics(costs, {
      mrr: 5_000_000,
      payingAccounts: 100,
      newCustomers: 10,
      startMrr: 5_000_000,
      churnedMrr: 100_000,
    })
    expect(result.cac).toEqual({ value: 100_000 }) // $10,000 ÷ 10
    expect(result.cltv.value).toBeCloseTo(2_000_000) // $500 × 0.8 ÷ 0.02 = $20,000
    expect(result.cltvToCac.value).toBeCloseTo(20)
    expect(result.cacPaybackMonths.value).toBeCloseTo(2.5) // $1,000 ÷ ($500 × 0.8)
    expect(result.customerRetentionCost).toEqual({ value: 3_000 }) // $3,000 ÷ 100
    expect(result.costToCarry).toEqual({ value: 0.1 }) // ($3,000 + $2,000) ÷ $50,000
  })

  it('says why a figure is undefined instead of giving Infinity, NaN or 0', () => {
    const result = unitEconomics(costs, {
      mrr: 0,
      payingAccounts: 0,
      newCustomers: 0,
      startMrr: 0,
      churnedMrr: 0,
    })
    for (const figure of Object.values(result)) {
      expect(figure.value).toBeNull()
      expect(figure.reason).toMatch(/\w/)
    }
    const noChurn = unitEconomics(costs, {
      mrr: 100,
      payingAccounts: 1,
      newCustomers: 1,
      startMrr: 100,
      churnedMrr: 0,
    })
    expect(noChurn.cltv).toEqual({ value: null, reason: expect.stringContaining('no revenue churned') })
    expect(noChurn.cltvToCac.value).toBeNull()
    expect(noChurn.cac).toEqual({ value: 1_000_000 })
  })
})
