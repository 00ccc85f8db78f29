import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addBookCounts, bookFigures } from './book'
import {
  addPeriodCounts,
  emptyPeriodCounts,
  median,
  type PeriodCounts,
  periodFigures,
  shareOf,
} from './metrics'
import { isCoverageRole, normaliseRole } from './roles'

describe('the CS team metrics', () => {
  // docs/metrics.md, "The CS team's own metrics": Ann's month.
  const ann: PeriodCounts = {
    accountsAsked: 8,
    accountsAnswered: 6,
    casesOpened: 5,
    casesContactedInSla: 4,
    casesWithRootCause: 3,
    casesResolved: 4,
    casesResolvedFirstContact: 3,
    hoursToFirstContact: [2, 30, 5, 10],
  }

  it("works Ann's month as the docs do", () => {
    const figures = periodFigures(ann)
    expect(figures.participation).toEqual({ part: 6, whole: 8, rate: 0.75 })
    expect(figures.followedUpWithinSla.rate).toBe(0.8)
    expect(figures.rootCauseTagged.rate).toBe(0.6)
    expect(figures.firstContactResolution.rate).toBe(0.75)
    expect(figures.medianHoursToFirstContact).toBe(7.5)
  })

  it('adds managers up before dividing, so the team is not an average of averages', () => {
    const bob = { ...emptyPeriodCounts(), accountsAsked: 2, accountsAnswered: 0, hoursToFirstContact: [1] }
    const team = periodFigures(addPeriodCounts([ann, bob]))
    expect(team.participation).toEqual({ part: 6, whole: 10, rate: 0.6 })
    expect(team.medianHoursToFirstContact).toBe(5)
  })

  it('has no value where there is nothing to divide', () => {
    const figures = periodFigures(emptyPeriodCounts())
    expect(figures.participation.rate).toBeNull()
    expect(figures.firstContactResolution.rate).toBeNull()
    expect(figures.medianHoursToFirstContact).toBeNull()
    expect(() => shareOf(3, 2)).toThrow(RangeError)
  })

  it('gives a book its coverage, and the team the sum of the books', () => {
    const book = {
      accounts: 4,
      mrr: 12_000,
      health: { green: 2, yellow: 1, red: 0, unscored: 1 },
      accountsCovered: 3,
    }
    expect(bookFigures(book).contactCoverage.rate).toBe(0.75)
    const team = addBookCounts([book, { ...book, accounts: 1, accountsCovered: 0, mrr: 500 }])
    expect(team).toMatchObject({ accounts: 5, mrr: 12_500, accountsCovered: 3, health: { green: 4 } })
  })

  it('reads roles however they are written', () => {
    expect(normaliseRole(' Decision maker ')).toBe('decision_maker')
    expect(isCoverageRole('decision-maker')).toBe(true)
    expect(isCoverageRole('CHAMPION')).toBe(true)
    expect(isCoverageRole('user')).toBe(false)
    expect(isCoverageRole(7)).toBe(false)
  })

  it("puts the team's rate between its managers' rates, and the median between the extremes", () => {
    const counts = fc.tuple(fc.nat(50), fc.nat(50)).map(([answered, extra]) => ({
      ...emptyPeriodCounts(),
      accountsAsked: answered + extra,
      accountsAnswered: answered,
    }))
    fc.assert(
      fc.property(fc.array(counts, { minLength: 1, maxLength: 6 }), (managers) => {
        const rates = managers
          .map((m) => periodFigures(m).participation.rate)
          .filter((r): r is number => r !== null)
        const team = periodFigures(addPeriodCounts(managers)).participation.rate
        // No manager asked anyone: no rate at all. (Returning the assertion made the property fail on it.)
        if (rates.length === 0) {
          expect(team).toBeNull()
          return
        }
        expect(team).toBeGreaterThanOrEqual(Math.min(...rates) - 1e-12)
        expect(team).toBeLessThanOrEqual(Math.max(...rates) + 1e-12)
      }),
      // Always the case a CI run drew (seed -1605128924): one manager who asked nobody.
      { numRuns: 200, examples: [[[emptyPeriodCounts()]]] },
    )
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (values) => {
          const m = median(values) as number
          expect(m).toBeGreaterThanOrEqual(Math.min(...values))
          expect(m).toBeLessThanOrEqual(Math.max(...values))
          expect(values.filter((v) => v < m).length).toBeLessThanOrEqual(values.length / 2)
        },
      ),
      { numRuns: 200 },
    )
  })
})
