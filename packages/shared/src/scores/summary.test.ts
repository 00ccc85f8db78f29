import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Estimate } from './estimate'
import type { ScoreCounts } from './histogram'
import { SCALES, SURVEY_KINDS, type SurveyKind, scaleValues } from './scales'
import { MIN_RELIABLE_N, SCORE_RANGES, type ScoreSummary, summarize } from './summary'

function countsOf(kind: SurveyKind, perScore: readonly number[]): ScoreCounts {
  return Object.fromEntries(scaleValues(kind).map((score, i) => [score, perScore[i] ?? 0]))
}

const kindAndCounts = fc.constantFrom(...SURVEY_KINDS).chain((kind) =>
  fc.tuple(
    fc.constant(kind),
    fc.array(fc.nat({ max: 3_000 }), {
      minLength: scaleValues(kind).length,
      maxLength: scaleValues(kind).length,
    }),
  ),
)
const nonEmpty = kindAndCounts.filter(([, perScore]) => perScore.some((count) => count > 0))

function estimatesOf(summary: ScoreSummary): Array<[Estimate, { min: number; max: number }]> {
  if (summary.status === 'no_data') return []
  const estimates: Array<[Estimate, { min: number; max: number }]> = [
    [summary.score, SCORE_RANGES[summary.kind]],
    [summary.mean, SCALES[summary.kind]],
  ]
  if (summary.kind === 'ces') estimates.push([summary.easy, { min: 0, max: 100 }])
  return estimates
}

describe('summarize', () => {
  it('summarizes NPS: 60 promoters, 25 passives, 15 detractors', () => {
    // NPS = 60% − 15% = 45; adjusted shares 60.75/103 and 15.75/103 give variance 0.551843,
    // se = 100 · √(0.551843/100) = 7.42861, margin = 1.959964 · 7.42861 = 14.5598
    const summary = summarize('nps', { 0: 5, 6: 10, 7: 10, 8: 15, 9: 30, 10: 30 })
    if (summary.status === 'no_data') throw new Error('expected data')
    expect(summary.status).toBe('ok')
    expect(summary.n).toBe(100)
    expect(summary.buckets).toEqual({ detractor: 15, passive: 25, promoter: 60 })
    expect(summary.score.value).toBe(45)
    expect(summary.marginOfError).toBeCloseTo(14.5598, 3)
    expect(summary.score.low).toBeCloseTo(30.4402, 3)
    expect(summary.score.high).toBeCloseTo(59.5598, 3)
    // mean = (0 + 60 + 70 + 120 + 270 + 300) / 100 = 8.2
    expect(summary.mean.value).toBeCloseTo(8.2, 10)
  })

  it('summarizes CSAT as top-2-box with its mean', () => {
    // satisfied = 40 + 40 = 80 of 100 → 80%, Wilson 71.1171 .. 86.6633
    // mean = (5 + 10 + 30 + 160 + 200) / 100 = 4.05, padded-variance interval 3.832034 .. 4.267966
    const summary = summarize('csat', { 1: 5, 2: 5, 3: 10, 4: 40, 5: 40 })
    if (summary.status === 'no_data') throw new Error('expected data')
    expect(summary.buckets).toEqual({ detractor: 10, passive: 10, promoter: 80 })
    expect(summary.score.value).toBe(80)
    expect(summary.score.low).toBeCloseTo(71.1171, 3)
    expect(summary.score.high).toBeCloseTo(86.6633, 3)
    expect(summary.mean.value).toBeCloseTo(4.05, 10)
    expect(summary.mean.low).toBeCloseTo(3.832034, 5)
  })

  it('summarizes CES as its mean, with the share of easy answers', () => {
    // n = 100, sum = 2 + 6 + 15 + 40 + 150 + 180 + 140 = 533 → mean 5.33
    // padded with a 1 and a 7: sum 541 over 102, sum of squares 3029 + 50 = 3079,
    // squared deviations 3079 − 541²/102 = 209.5784; variance / 101 = 2.075034; se = √(2.075034/100) = 0.144050
    // margin 0.282332 → 5.047668 .. 5.612332; easy (5-7) = 30 + 30 + 20 = 80%
    const summary = summarize('ces', { 1: 2, 2: 3, 3: 5, 4: 10, 5: 30, 6: 30, 7: 20 })
    if (summary.status === 'no_data') throw new Error('expected data')
    expect(summary.score).toBe(summary.mean)
    expect(summary.score.value).toBeCloseTo(5.33, 10)
    expect(summary.score.standardError).toBeCloseTo(0.14405, 5)
    expect(summary.score.low).toBeCloseTo(5.047668, 5)
    expect(summary.score.high).toBeCloseTo(5.612332, 5)
    expect(summary.easy.value).toBe(80)
    expect(summary.easy.low).toBeCloseTo(71.1171, 3)
  })

  it('reports no data, without a score, when nobody answered', () => {
    for (const kind of SURVEY_KINDS) {
      expect(summarize(kind, {})).toEqual({
        kind,
        status: 'no_data',
        n: 0,
        buckets: { detractor: 0, passive: 0, promoter: 0 },
      })
    }
    expect(summarize('nps', { 3: 0, 10: 0 }).status).toBe('no_data')
  })

  it(`flags fewer than ${MIN_RELIABLE_N} responses as a low sample`, () => {
    expect(summarize('csat', { 5: MIN_RELIABLE_N - 1 }).status).toBe('low_sample')
    expect(summarize('csat', { 5: MIN_RELIABLE_N }).status).toBe('ok')
  })

  it('throws a RangeError for scores off the scale', () => {
    expect(() => summarize('csat', { 0: 1 })).toThrow(RangeError)
    expect(() => summarize('nps', { 11: 1 })).toThrow(RangeError)
  })

  it('narrows the result type by kind and status', () => {
    const summary = summarize('nps', { 9: 1 })
    if (summary.status !== 'no_data') expect(summary.marginOfError).toBeGreaterThan(0)
    const ces = summarize('ces', { 6: 1 })
    if (ces.status !== 'no_data') expect(ces.easy.value).toBe(100)
  })

  it('keeps every estimate inside its interval and its range, with non-zero width', () => {
    fc.assert(
      fc.property(nonEmpty, ([kind, perScore]) => {
        const summary = summarize(kind, countsOf(kind, perScore))
        for (const [estimate, range] of estimatesOf(summary)) {
          expect(estimate.low).toBeGreaterThanOrEqual(range.min)
          expect(estimate.low).toBeLessThanOrEqual(estimate.value)
          expect(estimate.value).toBeLessThanOrEqual(estimate.high)
          expect(estimate.high).toBeLessThanOrEqual(range.max)
          expect(estimate.high).toBeGreaterThan(estimate.low)
        }
      }),
    )
  })

  it('counts every response once across the buckets', () => {
    fc.assert(
      fc.property(kindAndCounts, ([kind, perScore]) => {
        const summary = summarize(kind, countsOf(kind, perScore))
        const n = perScore.reduce((sum, count) => sum + count, 0)
        expect(summary.n).toBe(n)
        expect(summary.buckets.detractor + summary.buckets.passive + summary.buckets.promoter).toBe(n)
      }),
    )
  })

  it('narrows every interval as the sample grows with the same mix', () => {
    fc.assert(
      fc.property(nonEmpty, fc.integer({ min: 2, max: 40 }), ([kind, perScore], factor) => {
        const small = estimatesOf(summarize(kind, countsOf(kind, perScore)))
        const large = estimatesOf(
          summarize(
            kind,
            countsOf(
              kind,
              perScore.map((count) => count * factor),
            ),
          ),
        )
        expect(large).toHaveLength(small.length)
        large.forEach(([after], i) => {
          const [before] = small[i]!
          expect(after.standardError).toBeLessThan(before.standardError)
          expect(after.high - after.low).toBeLessThanOrEqual(before.high - before.low)
        })
      }),
    )
  })

  it('gives unanimous samples of any size a non-zero interval', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SURVEY_KINDS), fc.integer({ min: 1, max: 1_000_000 }), (kind, n) => {
        for (const score of [SCALES[kind].min, SCALES[kind].max]) {
          for (const [estimate] of estimatesOf(summarize(kind, { [score]: n }))) {
            expect(estimate.high).toBeGreaterThan(estimate.low)
          }
        }
      }),
    )
  })
})
