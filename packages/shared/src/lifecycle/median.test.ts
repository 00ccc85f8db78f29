import { describe, expect, it } from 'vitest'
import { medianDays } from './median'

const DAY = 86_400_000

describe('median days', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(medianDays([3 * DAY, 1 * DAY, 10 * DAY])).toBe(3)
    expect(medianDays([1 * DAY, 2 * DAY, 4 * DAY, 100 * DAY])).toBe(3)
    expect(medianDays([DAY / 4])).toBe(0.3)
    expect(medianDays([])).toBeNull()
  })
})
