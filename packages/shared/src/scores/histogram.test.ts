import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BUCKETS } from './buckets'
import { bucketCounts, type ScoreCounts, scoreCountsOf, totalCount } from './histogram'
import { SURVEY_KINDS, type SurveyKind, scaleValues } from './scales'

const kindAndCounts = fc
  .constantFrom(...SURVEY_KINDS)
  .chain((kind) =>
    fc.tuple(
      fc.constant(kind),
      fc.dictionary(
        fc.constantFrom(...scaleValues(kind)).map(String),
        fc.nat({ max: 10_000 }),
      ) as fc.Arbitrary<ScoreCounts>,
    ),
  )

describe('totalCount', () => {
  it('adds every count', () => {
    expect(totalCount({ 0: 3, 7: 4, 10: 5 })).toBe(12)
    expect(totalCount({})).toBe(0)
  })

  it('throws a RangeError for negative or fractional counts', () => {
    expect(() => totalCount({ 3: -1 })).toThrow(RangeError)
    expect(() => totalCount({ 3: 1.5 })).toThrow(RangeError)
    expect(() => totalCount({ 3: Number.NaN })).toThrow(RangeError)
  })
})

describe('bucketCounts', () => {
  it('tallies NPS answers into buckets', () => {
    // detractors 0-6: 1 + 2 + 3 = 6; passives 7-8: 4; promoters 9-10: 5 + 6 = 11
    expect(bucketCounts('nps', { 0: 1, 3: 2, 6: 3, 8: 4, 9: 5, 10: 6 })).toEqual({
      detractor: 6,
      passive: 4,
      promoter: 11,
    })
  })

  it('tallies CSAT and CES answers into buckets', () => {
    expect(bucketCounts('csat', { 1: 1, 2: 1, 3: 2, 4: 3, 5: 4 })).toEqual({
      detractor: 2,
      passive: 2,
      promoter: 7,
    })
    expect(bucketCounts('ces', { 3: 1, 4: 2, 5: 3 })).toEqual({ detractor: 1, passive: 2, promoter: 3 })
  })

  it('treats missing scores as zero', () => {
    expect(bucketCounts('csat', {})).toEqual({ detractor: 0, passive: 0, promoter: 0 })
  })

  it('throws a RangeError for scores off the scale or bad counts', () => {
    expect(() => bucketCounts('nps', { 11: 1 })).toThrow(RangeError)
    expect(() => bucketCounts('csat', { 0: 0 })).toThrow(RangeError)
    expect(() => bucketCounts('ces', { 1.5: 1 } as ScoreCounts)).toThrow(RangeError)
    expect(() => bucketCounts('nps', { 5: -2 })).toThrow(RangeError)
    expect(() => bucketCounts('nps', { 5: 0.5 })).toThrow(RangeError)
  })

  it('puts every response in exactly one bucket', () => {
    fc.assert(
      fc.property(kindAndCounts, ([kind, counts]) => {
        const buckets = bucketCounts(kind, counts)
        expect(BUCKETS.reduce((sum, bucket) => sum + buckets[bucket], 0)).toBe(totalCount(counts))
      }),
    )
  })
})

describe('scoreCountsOf', () => {
  it('lists the counts lowest score first, as numbers', () => {
    expect(scoreCountsOf('nps', { 10: 2, 0: 1, 7: 0 })).toEqual([
      { score: 0, count: 1 },
      { score: 7, count: 0 },
      { score: 10, count: 2 },
    ])
  })

  it('throws a RangeError for keys that are not scores of the kind', () => {
    const bad: Array<[SurveyKind, ScoreCounts]> = [
      ['nps', { [-1]: 1 }],
      ['csat', { 6: 1 }],
      ['ces', { Infinity: 1 } as ScoreCounts],
    ]
    for (const [kind, counts] of bad) expect(() => scoreCountsOf(kind, counts)).toThrow(RangeError)
  })
})
