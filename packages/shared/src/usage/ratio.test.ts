import { describe, expect, it } from 'vitest'
import { shareOf } from './ratio'

const names = { part: 'promoters', whole: 'responses' }

describe('shareOf', () => {
  it('divides the part by the whole, or gives null for an empty whole', () => {
    expect(shareOf(3, 4, names)).toBe(0.75)
    expect(shareOf(0, 0, names)).toBeNull()
  })

  it('names the offending count in its RangeError', () => {
    expect(() => shareOf(-1, 4, names)).toThrow(/promoters/)
    expect(() => shareOf(1, Number.NaN, names)).toThrow(/responses/)
    expect(() => shareOf(5, 4, names)).toThrow(/promoters \(5\) exceeds responses \(4\)/)
  })
})
