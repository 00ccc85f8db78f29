import { describe, expect, it } from 'vitest'
import { adoptionReading } from './adoption'
import { DEFAULT_HEALTH_MODEL } from './model'

describe('feature adoption', () => {
  it('scores the share of the catalogue used in 30 days', () => {
    // 3 / 8 = 37.5% → 38%; (38 − 10) / (60 − 10) = 0.56 → 56 points
    expect(
      adoptionReading({ featuresUsed: 3, catalogueSize: 8 }, DEFAULT_HEALTH_MODEL.components.adoption),
    ).toEqual({
      raw: 38,
      unit: '%',
      points: 56,
      sentence: 'Used 3 of the 8 features (38%) in the last 30 days.',
    })
  })
})
