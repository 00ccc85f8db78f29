import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bucketOf } from '../scores/buckets'
import { SURVEY_KINDS, scaleValues } from '../scores/scales'
import { ratingLean } from './rating'

describe('ratingLean', () => {
  it('is 0 for passives, -0.5 to -1 for detractors and 0.5 to 1 for promoters (hand-computed)', () => {
    const nps = [-1, -11 / 12, -5 / 6, -0.75, -2 / 3, -7 / 12, -0.5, 0, 0, 0.75, 1]
    scaleValues('nps').forEach((score, index) => {
      expect(ratingLean({ kind: 'nps', score })).toBeCloseTo(nps[index] as number, 12)
    })
    expect(scaleValues('csat').map((score) => ratingLean({ kind: 'csat', score }))).toEqual([
      -1, -0.5, 0, 0.75, 1,
    ])
    expect(ratingLean({ kind: 'ces', score: 4 })).toBe(0)
    expect(ratingLean({ kind: 'ces', score: 5 })).toBeCloseTo(2 / 3)
    expect(ratingLean({ kind: 'ces', score: 7 })).toBe(1)
  })

  it('has the sign of the score’s bucket and never falls as the score rises', () => {
    const sign = { detractor: -1, passive: 0, promoter: 1 } as const
    fc.assert(
      fc.property(fc.constantFrom(...SURVEY_KINDS), (kind) => {
        const leans = scaleValues(kind).map((score) => ratingLean({ kind, score }))
        scaleValues(kind).forEach((score, index) => {
          expect(Math.sign(leans[index] as number)).toBe(sign[bucketOf(kind, score)])
          if (index > 0) expect(leans[index]).toBeGreaterThanOrEqual(leans[index - 1] as number)
        })
      }),
    )
  })

  it('refuses a score its scale does not allow', () => {
    expect(() => ratingLean({ kind: 'csat', score: 0 })).toThrow(RangeError)
  })
})
