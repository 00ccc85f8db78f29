import { describe, expect, it } from 'vitest'
import { goalMet } from './goals'

describe('goalMet', () => {
  it('compares a result with its target, and has no verdict without a result', () => {
    expect(goalMet({ comparison: '>=', target: 1 }, 1)).toBe(true)
    expect(goalMet({ comparison: '>', target: 0.03 }, 0.03)).toBe(false)
    expect(goalMet({ comparison: '<', target: 0.015 }, 0.012)).toBe(true)
    expect(goalMet({ comparison: '<=', target: 0.01 }, 0.02)).toBe(false)
    expect(goalMet({ comparison: '>=', target: 40 }, null)).toBeNull()
  })
})
