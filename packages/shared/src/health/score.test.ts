import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_HEALTH_MODEL, ZHealthModel } from './model'
import { type HealthInputs, healthScore } from './score'

const nothing: HealthInputs = {
  usage: null,
  adoption: null,
  sentiment: [],
  followUp: null,
  revenue: null,
  participation: null,
}

describe('health score', () => {
  it('weights every component, by hand', () => {
    const explanation = healthScore(DEFAULT_HEALTH_MODEL, {
      usage: { activePeople30d: 12, activePeoplePrev30d: 10, seats: 20 }, // 60% → 57 points, weight 25
      adoption: { featuresUsed: 3, catalogueSize: 8 }, // 38% → 56, weight 15
      sentiment: [{ kind: 'nps', score: 10, ageDays: 0 }], // 100 → 100, weight 25
      followUp: { open: 1, overdue: 0 }, // 70, weight 10
      revenue: { mrrNow: 32_000, mrrBefore: 40_000 }, // 80% → 60, weight 15
      participation: { displays: 10, answers: 3 }, // 30% → 71, weight 10
    })
    // (25×57 + 15×56 + 25×100 + 10×70 + 15×60 + 10×71) / 100 = (1425 + 840 + 2500 + 700 + 900 + 710) / 100 = 70.75
    expect(explanation.score).toBe(71)
    expect(explanation.band).toBe('yellow')
    expect(explanation.missing).toEqual([])
    expect(explanation.components.map((c) => [c.key, c.points, c.effectiveWeight])).toEqual([
      ['usage', 57, 0.25],
      ['adoption', 56, 0.15],
      ['sentiment', 100, 0.25],
      ['followUp', 70, 0.1],
      ['revenue', 60, 0.15],
      ['participation', 71, 0.1],
    ])
    expect(explanation.summary).toBe(
      'Health 71/100 (yellow). Weakest: feature adoption at 56 points. Used 3 of the 8 features (38%) in the last 30 days.',
    )
  })

  it('leaves out components without data and renormalises the others, saying so', () => {
    const explanation = healthScore(DEFAULT_HEALTH_MODEL, {
      ...nothing,
      usage: { activePeople30d: 0, activePeoplePrev30d: 0, seats: null }, // 0 points, weight 25
      sentiment: [{ kind: 'nps', score: 10, ageDays: 0 }], // 100 points, weight 25
    })
    // (25 × 0 + 25 × 100) / 50 = 50
    expect(explanation.score).toBe(50)
    expect(explanation.band).toBe('yellow')
    expect(explanation.missing).toEqual(['adoption', 'followUp', 'revenue', 'participation'])
    expect(explanation.components.find((c) => c.key === 'usage')?.effectiveWeight).toBe(0.5)
    expect(explanation.summary).toContain(
      'Left out for lack of data: feature adoption, follow-up, revenue, survey participation; the other weights were scaled up',
    )
  })

  it('has no score without any data, and ignores components weighted 0', () => {
    expect(healthScore(DEFAULT_HEALTH_MODEL, nothing)).toMatchObject({ score: null, band: null })
    const model = ZHealthModel.parse({
      ...DEFAULT_HEALTH_MODEL,
      components: { ...DEFAULT_HEALTH_MODEL.components, usage: { weight: 0, scale: { zero: 0, full: 1 } } },
    })
    const explanation = healthScore(model, {
      ...nothing,
      usage: { activePeople30d: 0, activePeoplePrev30d: 9, seats: null },
    })
    expect(explanation.score).toBeNull()
    expect(explanation.components.map((c) => c.key)).not.toContain('usage')
  })

  it('is the sum of its contributions, always within 0-100', () => {
    const inputs = fc.record({
      usage: fc.option(
        fc.record({
          activePeople30d: fc.nat(50),
          activePeoplePrev30d: fc.nat(50),
          seats: fc.option(fc.integer({ min: 1, max: 50 })),
        }),
      ),
      sentiment: fc.array(
        fc.record({
          kind: fc.constant('nps' as const),
          score: fc.integer({ min: 0, max: 10 }),
          ageDays: fc.nat(400),
        }),
        { maxLength: 5 },
      ),
      followUp: fc.option(fc.record({ open: fc.nat(4), overdue: fc.nat(4) })),
    })
    fc.assert(
      fc.property(inputs, (input) => {
        const explanation = healthScore(DEFAULT_HEALTH_MODEL, { ...nothing, ...input })
        if (explanation.score === null) return
        const sum = explanation.components.reduce((s, c) => s + c.contribution, 0)
        expect(explanation.score).toBe(Math.round(sum))
        expect(explanation.score).toBeGreaterThanOrEqual(0)
        expect(explanation.score).toBeLessThanOrEqual(100)
        const weights = explanation.components.reduce((s, c) => s + c.effectiveWeight, 0)
        expect(weights).toBeCloseTo(1, 10)
      }),
      { numRuns: 200 },
    )
  })
})

describe('health model', () => {
  it('refuses a model where every weight is 0, naming components', () => {
    const zero = Object.fromEntries(
      Object.entries(DEFAULT_HEALTH_MODEL.components).map(([key, c]) => [key, { ...c, weight: 0 }]),
    )
    const result = ZHealthModel.safeParse({ ...DEFAULT_HEALTH_MODEL, components: zero })
    expect(result.error?.issues[0]?.path).toEqual(['components'])
  })
})
