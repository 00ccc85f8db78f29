import { describe, expect, it } from 'vitest'
import { DEFAULT_HEALTH_MODEL } from './model'
import { usageReading } from './usage'

const usage = DEFAULT_HEALTH_MODEL.components.usage // scale 20% → 0 points, 90% → 100

describe('usage', () => {
  it('compares active people with seats when the account has them', () => {
    // 12 / 20 = 60%; (60 − 20) / (90 − 20) = 0.571… → 57 points
    expect(usageReading({ activePeople30d: 12, activePeoplePrev30d: 3, seats: 20 }, usage)).toEqual({
      raw: 60,
      unit: '%',
      points: 57,
      sentence: '12 of 20 seats (60%) were used in the last 30 days.',
    })
  })

  it('compares with the previous 30 days without seats, capped at 100 points', () => {
    // 9 / 12 = 75% → (75 − 20) / 70 = 0.786 → 79 points
    expect(usageReading({ activePeople30d: 9, activePeoplePrev30d: 12, seats: null }, usage).points).toBe(79)
    // 15 / 10 = 150% → past full → 100
    const growing = usageReading({ activePeople30d: 15, activePeoplePrev30d: 10, seats: null }, usage)
    expect([growing.raw, growing.points]).toEqual([150, 100])
  })

  it('counts a first month of activity as 100% and no activity as 0%', () => {
    expect(usageReading({ activePeople30d: 4, activePeoplePrev30d: 0, seats: null }, usage).raw).toBe(100)
    const idle = usageReading({ activePeople30d: 0, activePeoplePrev30d: 0, seats: null }, usage)
    expect([idle.raw, idle.points, idle.sentence]).toEqual([0, 0, 'Nobody was active in the last 60 days.'])
  })
})
