import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { monthlyAmount } from './monthly'

describe('monthlyAmount', () => {
  it('normalises each billing interval to a month, rounding once with halves up', () => {
    expect(monthlyAmount(120_000, 'year')).toBe(10_000)
    expect(monthlyAmount(1_000, 'year')).toBe(83) // 83.33
    expect(monthlyAmount(1_002, 'year')).toBe(84) // 83.5
    expect(monthlyAmount(1_000, 'week')).toBe(4_333) // 1000 × 52 ÷ 12 = 4333.33
    expect(monthlyAmount(100, 'day')).toBe(3_042) // 100 × 365 ÷ 12 = 3041.67
    expect(monthlyAmount(3_000, 'month', 3)).toBe(1_000) // quarterly
    expect(monthlyAmount(240_000, 'year', 2)).toBe(10_000) // every two years
    expect(monthlyAmount(0, 'month')).toBe(0)
  })

  it('refuses fractional amounts and interval counts below 1', () => {
    expect(() => monthlyAmount(10.5, 'month')).toThrow(RangeError)
    expect(() => monthlyAmount(-1, 'month')).toThrow(RangeError)
    expect(() => monthlyAmount(100, 'month', 0)).toThrow(RangeError)
  })

  it('is within half a minor unit of the exact monthly amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.constantFrom('day', 'week', 'month', 'year' as const),
        fc.integer({ min: 1, max: 36 }),
        (amount, interval, count) => {
          const exact = {
            day: (amount * 365) / 12,
            week: (amount * 52) / 12,
            month: amount,
            year: amount / 12,
          }[interval]
          expect(Math.abs(monthlyAmount(amount, interval, count) - exact / count)).toBeLessThanOrEqual(
            0.5 + 1e-6,
          )
        },
      ),
    )
  })
})
