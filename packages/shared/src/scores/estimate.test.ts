import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Estimate,
  meanEstimate,
  NPS_RANGE,
  normalEstimate,
  npsEstimate,
  proportionEstimate,
  Z_95,
} from './estimate'
import { SCALES } from './scales'

function expectInside(estimate: Estimate, min: number, max: number) {
  expect(estimate.low).toBeGreaterThanOrEqual(min)
  expect(estimate.low).toBeLessThanOrEqual(estimate.value)
  expect(estimate.value).toBeLessThanOrEqual(estimate.high)
  expect(estimate.high).toBeLessThanOrEqual(max)
}

const buckets = fc.record({
  detractor: fc.nat({ max: 5_000 }),
  passive: fc.nat({ max: 5_000 }),
  promoter: fc.nat({ max: 5_000 }),
})
const nonEmptyBuckets = buckets.filter((b) => b.detractor + b.passive + b.promoter > 0)

describe('Z_95', () => {
  it('is the 97.5th percentile of the standard normal', () => {
    expect(Z_95).toBeCloseTo(1.96, 2)
  })
})

describe('normalEstimate', () => {
  it('is value ± z·se, cut to the range', () => {
    expect(normalEstimate(10, 1, { min: -100, max: 100 })).toEqual({
      value: 10,
      low: 10 - Z_95,
      high: 10 + Z_95,
      standardError: 1,
    })
    expect(normalEstimate(99, 10, { min: -100, max: 100 })).toMatchObject({ low: 99 - 10 * Z_95, high: 100 })
  })
})

describe('proportionEstimate', () => {
  it('gives the Wilson interval in percent', () => {
    // p = 0.8, n = 100, z² = 3.841459; z²/n = 0.0384146
    // centre = (0.8 + 0.0192073) / 1.0384146 = 0.788902
    // half = 1.959964 · √(0.0016 + 0.0384146/400) / 1.0384146 = 1.959964 · 0.0411830 / 1.0384146 = 0.0777311
    // → 71.1171 .. 86.6633; se = √(0.788902 · 0.211098 / 100) = 0.0408088 → 4.08088 points
    const estimate = proportionEstimate(80, 100)
    expect(estimate.value).toBe(80)
    expect(estimate.low).toBeCloseTo(71.1171, 3)
    expect(estimate.high).toBeCloseTo(86.6633, 3)
    expect(estimate.standardError).toBeCloseTo(4.08088, 4)
  })

  it('keeps a non-zero interval at 0% and 100%', () => {
    // at p = 1 the Wilson bounds simplify to n/(n + z²) .. 1; n = 1: 1 / 4.841459 = 0.206549 → 20.6549 .. 100
    // and by symmetry p = 0 gives 0 .. 79.3451
    const all = proportionEstimate(1, 1)
    expect(all).toMatchObject({ value: 100, high: 100 })
    expect(all.low).toBeCloseTo(20.6549, 3)
    const none = proportionEstimate(0, 1)
    expect(none).toMatchObject({ value: 0, low: 0 })
    expect(none.high).toBeCloseTo(79.3451, 3)
    expect(none.standardError).toBeGreaterThan(0)
  })

  it('stays within 0..100 around the observed share, with a positive standard error', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const estimate = proportionEstimate(Math.round(share * n), n)
          expectInside(estimate, 0, 100)
          expect(estimate.high).toBeGreaterThan(estimate.low)
          expect(estimate.standardError).toBeGreaterThan(0)
        },
      ),
    )
  })

  it('throws a RangeError for impossible counts', () => {
    expect(() => proportionEstimate(1, 0)).toThrow(RangeError)
    expect(() => proportionEstimate(3, 2)).toThrow(RangeError)
    expect(() => proportionEstimate(-1, 2)).toThrow(RangeError)
    expect(() => proportionEstimate(0.5, 2)).toThrow(RangeError)
    expect(() => proportionEstimate(1, 2.5)).toThrow(RangeError)
  })
})

describe('npsEstimate', () => {
  it('computes NPS 45 and its adjusted-Wald margin for 60 / 25 / 15', () => {
    // NPS = 60% − 15% = 45
    // pP = 60.75/103 = 0.589806, pD = 15.75/103 = 0.152913
    // variance = 0.589806 + 0.152913 − 0.436893² = 0.742718 − 0.190876 = 0.551843
    // se = 100 · √(0.551843 / 100) = 7.42861; margin = 1.959964 · 7.42861 = 14.5598
    // (docs/metrics.md's plain formula would give 1.96 · √((0.6 + 0.15 − 0.2025)/100) · 100 = 14.50)
    const estimate = npsEstimate({ promoter: 60, passive: 25, detractor: 15 })
    expect(estimate.value).toBe(45)
    expect(estimate.standardError).toBeCloseTo(7.42861, 4)
    expect(estimate.low).toBeCloseTo(45 - 14.5598, 3)
    expect(estimate.high).toBeCloseTo(45 + 14.5598, 3)
  })

  it('gives one promoter a wide interval that reaches 100', () => {
    // pP = 1.75/4 = 0.4375, pD = 0.75/4 = 0.1875; variance = 0.625 − 0.25² = 0.5625
    // se = 100 · √(0.5625 / 1) = 75; margin = 146.997 → −46.997 .. 100
    const estimate = npsEstimate({ promoter: 1, passive: 0, detractor: 0 })
    expect(estimate).toMatchObject({ value: 100, high: 100, standardError: 75 })
    expect(estimate.low).toBeCloseTo(-46.997, 3)
  })

  it('lies within −100..100 and inside its own interval', () => {
    fc.assert(
      fc.property(nonEmptyBuckets, (b) => {
        const estimate = npsEstimate(b)
        expectInside(estimate, NPS_RANGE.min, NPS_RANGE.max)
        expect(estimate.high).toBeGreaterThan(estimate.low)
      }),
    )
  })

  it('never has zero width for unanimous samples of any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (n) => {
        const promoters = npsEstimate({ promoter: n, passive: 0, detractor: 0 })
        const detractors = npsEstimate({ promoter: 0, passive: 0, detractor: n })
        expect(promoters.value).toBe(100)
        expect(promoters.low).toBeLessThan(100)
        expect(detractors.value).toBe(-100)
        expect(detractors.high).toBeGreaterThan(-100)
      }),
    )
  })

  it('narrows as the sample grows with the same mix', () => {
    fc.assert(
      fc.property(nonEmptyBuckets, fc.integer({ min: 2, max: 50 }), (b, factor) => {
        const small = npsEstimate(b)
        const large = npsEstimate({
          detractor: b.detractor * factor,
          passive: b.passive * factor,
          promoter: b.promoter * factor,
        })
        expect(large.standardError).toBeLessThan(small.standardError)
        expect(large.high - large.low).toBeLessThanOrEqual(small.high - small.low)
      }),
    )
  })

  it('throws a RangeError without responses or with impossible counts', () => {
    expect(() => npsEstimate({ promoter: 0, passive: 0, detractor: 0 })).toThrow(RangeError)
    expect(() => npsEstimate({ promoter: 5, passive: 0, detractor: -1 })).toThrow(RangeError)
    expect(() => npsEstimate({ promoter: 1.5, passive: 0, detractor: 0 })).toThrow(RangeError)
  })
})

describe('meanEstimate', () => {
  it('pads the variance with one answer at each end of the scale', () => {
    // CSAT 1:5, 2:5, 3:10, 4:40, 5:40 → mean = (5 + 10 + 30 + 160 + 200) / 100 = 4.05
    // padded with a 1 and a 5: sum 411 over 102, sum of squares 1755 + 26 = 1781
    // squared deviations = 1781 − 411²/102 = 124.91176; variance = 124.91176 / 101 = 1.236750
    // se = √(1.236750 / 100) = 0.111209; margin = 0.217966 → 3.832034 .. 4.267966
    const estimate = meanEstimate(SCALES.csat, [
      { score: 1, count: 5 },
      { score: 2, count: 5 },
      { score: 3, count: 10 },
      { score: 4, count: 40 },
      { score: 5, count: 40 },
    ])
    expect(estimate.value).toBeCloseTo(4.05, 10)
    expect(estimate.standardError).toBeCloseTo(0.111209, 5)
    expect(estimate.low).toBeCloseTo(3.832034, 5)
    expect(estimate.high).toBeCloseTo(4.267966, 5)
  })

  it('spans the whole scale for a single answer', () => {
    // answers 5, padded with 1 and 5: mean 11/3, squared deviations 51 − 121/3 = 10.6667,
    // variance 10.6667 / 2 = 5.3333, se = √5.3333 = 2.3094, margin 4.53 → cut to 1..5
    const estimate = meanEstimate(SCALES.csat, [{ score: 5, count: 1 }])
    expect(estimate).toMatchObject({ value: 5, low: 1, high: 5 })
    expect(estimate.standardError).toBeCloseTo(2.3094, 4)
  })

  const scaleAndCounts = fc.constantFrom(SCALES.nps, SCALES.csat, SCALES.ces).chain((scale) =>
    fc.tuple(
      fc.constant(scale),
      fc
        .array(fc.nat({ max: 2_000 }), {
          minLength: scale.max - scale.min + 1,
          maxLength: scale.max - scale.min + 1,
        })
        .filter((counts) => counts.some((count) => count > 0))
        .map((counts) => counts.map((count, i) => ({ score: scale.min + i, count }))),
    ),
  )

  it('lies within the scale, contains the mean and never has zero width', () => {
    fc.assert(
      fc.property(scaleAndCounts, ([scale, counts]) => {
        const estimate = meanEstimate(scale, counts)
        expectInside(estimate, scale.min, scale.max)
        expect(estimate.high).toBeGreaterThan(estimate.low)
      }),
    )
  })

  it('narrows as the sample grows with the same mix', () => {
    fc.assert(
      fc.property(scaleAndCounts, fc.integer({ min: 2, max: 50 }), ([scale, counts], factor) => {
        const small = meanEstimate(scale, counts)
        const large = meanEstimate(
          scale,
          counts.map(({ score, count }) => ({ score, count: count * factor })),
        )
        expect(large.standardError).toBeLessThan(small.standardError)
        expect(large.high - large.low).toBeLessThanOrEqual(small.high - small.low)
      }),
    )
  })

  it('moves only slightly when one answer of a unanimous sample dissents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5_000 }), (n) => {
        const unanimous = meanEstimate(SCALES.csat, [{ score: 5, count: n }])
        const dissent = meanEstimate(SCALES.csat, [
          { score: 4, count: 1 },
          { score: 5, count: n - 1 },
        ])
        expect(unanimous.standardError / dissent.standardError).toBeGreaterThan(0.9)
        expect(unanimous.standardError / dissent.standardError).toBeLessThan(1.1)
      }),
    )
  })

  it('throws a RangeError without responses or with answers off the scale', () => {
    expect(() => meanEstimate(SCALES.ces, [])).toThrow(RangeError)
    expect(() => meanEstimate(SCALES.ces, [{ score: 3, count: 0 }])).toThrow(RangeError)
    expect(() => meanEstimate(SCALES.ces, [{ score: 8, count: 1 }])).toThrow(RangeError)
  })
})
