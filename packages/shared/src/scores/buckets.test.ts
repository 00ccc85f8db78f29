import { describe, expect, it } from 'vitest'
import { BUCKETS, bucketOf, emptyBucketCounts } from './buckets'
import { SURVEY_KINDS, scaleValues } from './scales'

function scoresByBucket(kind: (typeof SURVEY_KINDS)[number]) {
  const groups = { detractor: [] as number[], passive: [] as number[], promoter: [] as number[] }
  for (const score of scaleValues(kind)) groups[bucketOf(kind, score)].push(score)
  return groups
}

describe('bucketOf', () => {
  it('splits NPS 0-6 / 7-8 / 9-10', () => {
    expect(scoresByBucket('nps')).toEqual({
      detractor: [0, 1, 2, 3, 4, 5, 6],
      passive: [7, 8],
      promoter: [9, 10],
    })
  })

  it('splits CSAT 1-2 / 3 / 4-5', () => {
    expect(scoresByBucket('csat')).toEqual({ detractor: [1, 2], passive: [3], promoter: [4, 5] })
  })

  it('splits CES 1-3 / 4 / 5-7', () => {
    expect(scoresByBucket('ces')).toEqual({ detractor: [1, 2, 3], passive: [4], promoter: [5, 6, 7] })
  })

  it('partitions every scale into three non-empty runs, lowest answers first', () => {
    for (const kind of SURVEY_KINDS) {
      const groups = scoresByBucket(kind)
      expect(BUCKETS.flatMap((bucket) => groups[bucket])).toEqual(scaleValues(kind))
      for (const bucket of BUCKETS) expect(groups[bucket].length).toBeGreaterThan(0)
    }
  })

  it('throws a RangeError for a score off the scale', () => {
    expect(() => bucketOf('nps', 11)).toThrow(RangeError)
    expect(() => bucketOf('csat', 0)).toThrow(RangeError)
    expect(() => bucketOf('ces', 2.5)).toThrow(RangeError)
  })
})

describe('emptyBucketCounts', () => {
  it('starts every bucket at zero, as a fresh object each time', () => {
    const counts = emptyBucketCounts()
    expect(counts).toEqual({ detractor: 0, passive: 0, promoter: 0 })
    counts.promoter = 3
    expect(emptyBucketCounts().promoter).toBe(0)
  })
})
