import { describe, expect, it } from 'vitest'
import { isValidScore, SCALES, SURVEY_KINDS, scaleValues } from './scales'

describe('SCALES', () => {
  it('uses 0-10 for NPS, 1-5 for CSAT and 1-7 for CES', () => {
    expect(SCALES).toEqual({ nps: { min: 0, max: 10 }, csat: { min: 1, max: 5 }, ces: { min: 1, max: 7 } })
  })

  it('has a scale for every kind', () => {
    expect(Object.keys(SCALES).sort()).toEqual([...SURVEY_KINDS].sort())
  })
})

describe('isValidScore', () => {
  it('accepts every integer on the scale, ends included', () => {
    expect(isValidScore('nps', 0)).toBe(true)
    expect(isValidScore('nps', 10)).toBe(true)
    expect(isValidScore('csat', 1)).toBe(true)
    expect(isValidScore('csat', 5)).toBe(true)
    expect(isValidScore('ces', 7)).toBe(true)
  })

  it('rejects values off the scale, fractions and non-numbers', () => {
    expect(isValidScore('nps', -1)).toBe(false)
    expect(isValidScore('nps', 11)).toBe(false)
    expect(isValidScore('csat', 0)).toBe(false)
    expect(isValidScore('csat', 6)).toBe(false)
    expect(isValidScore('ces', 8)).toBe(false)
    expect(isValidScore('ces', 4.5)).toBe(false)
    expect(isValidScore('nps', Number.NaN)).toBe(false)
    expect(isValidScore('nps', Number.POSITIVE_INFINITY)).toBe(false)
  })
})

describe('scaleValues', () => {
  it('lists the answers of each scale in order', () => {
    expect(scaleValues('nps')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(scaleValues('csat')).toEqual([1, 2, 3, 4, 5])
    expect(scaleValues('ces')).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('holds exactly the valid scores', () => {
    for (const kind of SURVEY_KINDS) {
      for (const score of scaleValues(kind)) expect(isValidScore(kind, score)).toBe(true)
      expect(isValidScore(kind, SCALES[kind].min - 1)).toBe(false)
      expect(isValidScore(kind, SCALES[kind].max + 1)).toBe(false)
    }
  })
})
