import { describe, expect, it } from 'vitest'
import { upperBound } from './keyset-bound'

describe('upperBound', () => {
  it('folds `to` and the cursor into one position, the lower of the two', () => {
    expect(upperBound(undefined, undefined)).toBeUndefined()
    expect(upperBound(undefined, { at: 5, id: 'b' })).toEqual({ at: 5, id: 'b' })
    expect(upperBound(10, undefined)).toEqual({ at: 10, id: '' })
    expect(upperBound(10, { at: 5, id: 'b' })).toEqual({ at: 5, id: 'b' })
    // A cursor at or past `to` (only a hand-made one) still keeps the rows inside the range.
    expect(upperBound(10, { at: 10, id: 'b' })).toEqual({ at: 10, id: '' })
    expect(upperBound(10, { at: 99, id: 'b' })).toEqual({ at: 10, id: '' })
  })
})
