import { describe, expect, it } from 'vitest'
import { featureAdoption } from './adoption'

describe('featureAdoption', () => {
  it('is the share of active users who used the feature', () => {
    expect(featureAdoption(25, 200)).toBe(0.125)
    expect(featureAdoption(0, 10)).toBe(0)
    expect(featureAdoption(10, 10)).toBe(1)
  })

  it('is null when nobody was active', () => {
    expect(featureAdoption(0, 0)).toBeNull()
  })

  it('throws RangeError for impossible counts', () => {
    expect(() => featureAdoption(11, 10)).toThrow(RangeError)
    expect(() => featureAdoption(-1, 10)).toThrow(RangeError)
    expect(() => featureAdoption(0, -1)).toThrow(RangeError)
    expect(() => featureAdoption(Number.NaN, 10)).toThrow(RangeError)
    expect(() => featureAdoption(1, Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })
})
