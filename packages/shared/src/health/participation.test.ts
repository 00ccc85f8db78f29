import { describe, expect, it } from 'vitest'
import { DEFAULT_HEALTH_MODEL } from './model'
import { participationReading } from './participation'

const participation = DEFAULT_HEALTH_MODEL.components.participation // 5% → 0, 40% → 100

describe('survey participation', () => {
  it('scores answers per survey shown', () => {
    // 3 / 10 = 30% → (30 − 5) / 35 = 0.714 → 71 points
    expect(participationReading({ displays: 10, answers: 3 }, participation)?.points).toBe(71)
    expect(participationReading({ displays: 0, answers: 0 }, participation)).toBeNull()
  })
})
