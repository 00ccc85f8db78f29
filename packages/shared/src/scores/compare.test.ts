import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareScores } from './compare'
import { SURVEY_KINDS, scaleValues } from './scales'
import { summarize } from './summary'

describe('compareScores', () => {
  it('finds a significant rise in NPS from 10 to 45', () => {
    // before 40 / 30 / 30: pP = 40.75/103 = 0.395631, pD = 30.75/103 = 0.298544,
    //   variance = 0.694175 − 0.097087² = 0.684749, se = 100 · √(0.684749/100) = 8.27495
    // after 60 / 25 / 15: se = 7.42861 (see summary.test.ts)
    // difference 35 ± 1.959964 · √(8.27495² + 7.42861²) = 35 ± 1.959964 · 11.12021 = 35 ± 21.7952
    const before = summarize('nps', { 0: 30, 8: 30, 10: 40 })
    const after = summarize('nps', { 0: 15, 8: 25, 10: 60 })
    const comparison = compareScores(before, after)
    expect(comparison).toMatchObject({ status: 'ok', significant: true, direction: 'up' })
    if (comparison.status !== 'ok') return
    expect(comparison.difference.value).toBeCloseTo(35, 10)
    expect(comparison.difference.standardError).toBeCloseTo(11.12021, 4)
    expect(comparison.difference.low).toBeCloseTo(13.2048, 3)
    expect(comparison.difference.high).toBeCloseTo(56.7952, 3)
  })

  it('calls a fall significant and down', () => {
    const comparison = compareScores(
      summarize('nps', { 0: 15, 8: 25, 10: 60 }),
      summarize('nps', { 0: 30, 8: 30, 10: 40 }),
    )
    expect(comparison).toMatchObject({ status: 'ok', significant: true, direction: 'down' })
  })

  it('calls a small CSAT change flat', () => {
    // 80% vs 78% of 100: Wilson centres 0.788902 and 0.769642, se 4.08088 and 4.21062 points,
    // difference −2 ± 1.959964 · 5.86369 = −2 ± 11.4926: includes 0
    const comparison = compareScores(summarize('csat', { 3: 20, 5: 80 }), summarize('csat', { 3: 22, 5: 78 }))
    expect(comparison).toMatchObject({ status: 'ok', significant: false, direction: 'flat' })
    if (comparison.status !== 'ok') return
    expect(comparison.difference.value).toBeCloseTo(-2, 10)
    expect(comparison.difference.low).toBeCloseTo(-13.4926, 3)
    expect(comparison.difference.high).toBeCloseTo(9.4926, 3)
  })

  it('does not call one detractor then one promoter a change, and cuts the interval at +200', () => {
    // se = 75 on each side (see estimate.test.ts), so 200 ± 1.959964 · 106.066 = 200 ± 207.89
    const comparison = compareScores(summarize('nps', { 0: 1 }), summarize('nps', { 10: 1 }))
    expect(comparison).toMatchObject({ status: 'ok', significant: false, direction: 'flat' })
    if (comparison.status !== 'ok') return
    expect(comparison.difference.high).toBe(200)
    expect(comparison.difference.low).toBeCloseTo(-7.89, 2)
  })

  it('compares CES on the mean', () => {
    const comparison = compareScores(summarize('ces', { 3: 50, 4: 50 }), summarize('ces', { 6: 50, 7: 50 }))
    expect(comparison).toMatchObject({ status: 'ok', significant: true, direction: 'up' })
    if (comparison.status !== 'ok') return
    expect(comparison.difference.value).toBeCloseTo(3, 10)
    expect(comparison.difference.high).toBeLessThanOrEqual(6)
  })

  it('has no data when either side has none', () => {
    const some = summarize('csat', { 4: 10 })
    const none = summarize('csat', {})
    expect(compareScores(some, none)).toEqual({ status: 'no_data' })
    expect(compareScores(none, some)).toEqual({ status: 'no_data' })
    expect(compareScores(none, none)).toEqual({ status: 'no_data' })
  })

  it('throws a TypeError for summaries of different kinds', () => {
    expect(() => compareScores(summarize('nps', { 9: 1 }), summarize('csat', { 4: 1 }))).toThrow(TypeError)
    expect(() => compareScores(summarize('ces', {}), summarize('csat', {}))).toThrow(TypeError)
  })

  it('never finds a summary different from itself', () => {
    const kindAndCounts = fc.constantFrom(...SURVEY_KINDS).chain((kind) =>
      fc.tuple(
        fc.constant(kind),
        fc
          .array(fc.nat({ max: 100_000 }), {
            minLength: scaleValues(kind).length,
            maxLength: scaleValues(kind).length,
          })
          .map((perScore) =>
            Object.fromEntries(scaleValues(kind).map((score, i) => [score, perScore[i] ?? 0])),
          ),
      ),
    )
    fc.assert(
      fc.property(kindAndCounts, ([kind, counts]) => {
        const summary = summarize(kind, counts)
        const comparison = compareScores(summary, summary)
        if (summary.status === 'no_data') expect(comparison.status).toBe('no_data')
        else expect(comparison).toMatchObject({ status: 'ok', significant: false, direction: 'flat' })
      }),
    )
  })
})
