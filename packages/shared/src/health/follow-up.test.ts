import { describe, expect, it } from 'vitest'
import { followUpReading } from './follow-up'
import { DEFAULT_HEALTH_MODEL } from './model'

const followUp = DEFAULT_HEALTH_MODEL.components.followUp // −30 per open case, −40 more per overdue one

describe('follow-up', () => {
  it('takes points off for open and overdue detractor cases', () => {
    expect(followUpReading({ open: 0, overdue: 0 }, followUp).points).toBe(100)
    // 100 − 30 × 2 − 40 × 1 = 0
    expect(followUpReading({ open: 2, overdue: 1 }, followUp)).toEqual({
      raw: 2,
      unit: 'open cases',
      points: 0,
      sentence: '2 detractor follow-ups are open, 1 overdue.',
    })
    expect(followUpReading({ open: 1, overdue: 0 }, followUp).points).toBe(70)
    expect(followUpReading({ open: 3, overdue: 3 }, followUp).points).toBe(0)
  })
})
