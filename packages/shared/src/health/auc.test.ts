import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rocAuc } from './auc'

describe('ROC AUC', () => {
  it('is 1 when every kept account scored above every lost one, 0 when below', () => {
    expect(
      rocAuc([
        { score: 20, lost: true },
        { score: 80, lost: false },
        { score: 70, lost: false },
      ]),
    ).toEqual({ auc: 1, lost: 1, kept: 2 })
    expect(
      rocAuc([
        { score: 90, lost: true },
        { score: 10, lost: false },
      ]).auc,
    ).toBe(0)
  })

  it('counts ties as half, by hand', () => {
    // kept 60, 40, 30; lost 40, 20. Pairs (kept, lost): (60,40) 1, (60,20) 1, (40,40) ½, (40,20) 1,
    // (30,40) 0, (30,20) 1 → 4.5 / 6 = 0.75
    expect(
      rocAuc([
        { score: 60, lost: false },
        { score: 40, lost: false },
        { score: 30, lost: false },
        { score: 40, lost: true },
        { score: 20, lost: true },
      ]),
    ).toEqual({ auc: 0.75, lost: 2, kept: 3 })
    // Everyone tied: a coin toss.
    expect(
      rocAuc([
        { score: 50, lost: true },
        { score: 50, lost: false },
      ]).auc,
    ).toBe(0.5)
  })

  it('has no value with an empty group', () => {
    expect(rocAuc([{ score: 50, lost: false }])).toEqual({ auc: null, lost: 0, kept: 1 })
  })

  it('matches counting every pair, and flips to 1 − AUC when the outcomes swap', () => {
    const outcomes = fc.array(fc.record({ score: fc.integer({ min: 0, max: 10 }), lost: fc.boolean() }), {
      maxLength: 40,
    })
    fc.assert(
      fc.property(outcomes, (list) => {
        const { auc } = rocAuc(list)
        const kept = list.filter((o) => !o.lost)
        const lost = list.filter((o) => o.lost)
        if (kept.length === 0 || lost.length === 0) {
          expect(auc).toBeNull()
          return
        }
        let wins = 0
        for (const k of kept)
          for (const l of lost) wins += k.score > l.score ? 1 : k.score === l.score ? 0.5 : 0
        expect(auc).toBeCloseTo(wins / (kept.length * lost.length), 10)
        const swapped = rocAuc(list.map((o) => ({ score: o.score, lost: !o.lost }))).auc
        expect(swapped).toBeCloseTo(1 - (auc ?? 0), 10)
      }),
      { numRuns: 200 },
    )
  })
})
