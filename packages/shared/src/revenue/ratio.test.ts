import { describe, expect, it } from 'vitest'
import { divideRounded, ratio } from './ratio'

describe('ratio', () => {
  it('keeps numerator and denominator and derives the value, null over 0', () => {
    expect(ratio(3, 4)).toEqual({ numerator: 3, denominator: 4, value: 0.75 })
    expect(ratio(-1, 4).value).toBe(-0.25)
    expect(ratio(5, 0)).toEqual({ numerator: 5, denominator: 0, value: null })
  })

  it('refuses fractions and negative denominators', () => {
    expect(() => ratio(1.5, 2)).toThrow(RangeError)
    expect(() => ratio(1, -2)).toThrow(RangeError)
  })
})

describe('divideRounded', () => {
  it('rounds to the nearest integer, halves up', () => {
    expect(divideRounded(1000n, 12n)).toBe(83n)
    expect(divideRounded(1002n, 12n)).toBe(84n)
    expect(divideRounded(1001n, 12n)).toBe(83n)
    expect(divideRounded(-1002n, 12n)).toBe(-84n)
  })
})
