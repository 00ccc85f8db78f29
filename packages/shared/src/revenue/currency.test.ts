import { describe, expect, it } from 'vitest'
import { convertMinor, minorDigits, parseRate } from './currency'

describe('currencies', () => {
  it('knows how many digits each minor unit has', () => {
    expect(minorDigits('EUR')).toBe(2)
    expect(minorDigits('JPY')).toBe(0)
    expect(minorDigits('KWD')).toBe(3)
    expect(() => minorDigits('eur')).toThrow(RangeError)
  })

  it('parses decimal rates exactly and refuses anything else', () => {
    expect(parseRate('1.0845')).toEqual({ units: 10845n, scale: 4 })
    expect(parseRate('150')).toEqual({ units: 150n, scale: 0 })
    for (const bad of ['0', '0.000', '-1', '1e3', '1.', '.5', '1234567890123456']) {
      expect(() => parseRate(bad), bad).toThrow(RangeError)
    }
  })

  it('converts minor units across exponents, rounding halves up', () => {
    expect(convertMinor(1_000, 'EUR', 'USD', parseRate('1.1'))).toBe(1_100)
    expect(convertMinor(1_000, 'JPY', 'USD', parseRate('0.0062'))).toBe(620) // ¥1,000 = $6.20
    expect(convertMinor(620, 'USD', 'JPY', parseRate('161.29'))).toBe(1_000) // $6.20 = ¥1,000.0 (999.998)
    expect(convertMinor(5, 'EUR', 'USD', parseRate('1.1'))).toBe(6) // 5.5 cents
    expect(convertMinor(9_007_199_254_740, 'EUR', 'USD', parseRate('1.00000000000001'))).toBe(
      9_007_199_254_740,
    )
  })
})
