import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countCustomers, customerChurnRate, logoRetention } from './customers'

describe('customer counts', () => {
  it('counts start, new, reactivated, churned and end customers, ignoring join-and-leave', () => {
    const counts = countCustomers([
      { start: 100, end: 150, paidBefore: true }, // stays (upsell)
      { start: 100, end: 0, paidBefore: true }, // churns
      { start: 0, end: 80, paidBefore: false }, // new
      { start: 0, end: 80, paidBefore: true }, // reactivated
      { start: 0, end: 0, paidBefore: false }, // joined and left within the period
    ])
    expect(counts).toEqual({ start: 2, new: 1, reactivated: 1, churned: 1, end: 3 })
    expect(logoRetention(counts)).toEqual({ numerator: 1, denominator: 2, value: 0.5 })
    expect(customerChurnRate(counts)).toEqual({ numerator: 1, denominator: 2, value: 0.5 })
    expect(logoRetention(countCustomers([])).value).toBeNull()
  })

  it('start + new + reactivated − churned = end', () => {
    const account = fc.record({ start: fc.nat(1000), end: fc.nat(1000), paidBefore: fc.boolean() })
    fc.assert(
      fc.property(fc.array(account), (accounts) => {
        const c = countCustomers(accounts.map((a) => ({ ...a, paidBefore: a.paidBefore || a.start > 0 })))
        expect(c.start + c.new + c.reactivated - c.churned).toBe(c.end)
      }),
    )
  })
})
