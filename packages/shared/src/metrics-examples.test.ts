import { describe, expect, it } from 'vitest'
import { rocAuc } from './health/auc'
import { DEFAULT_HEALTH_MODEL } from './health/model'
import { healthScore } from './health/score'
import { medianDays } from './lifecycle/median'
import { periodsInRange } from './periods/period'
import { compareScores } from './scores/compare'
import { summarize } from './scores/summary'
import { addPeriodCounts, emptyPeriodCounts, periodFigures } from './team/metrics'
import { activeUsersByDay, stickiness } from './usage/active-users'
import { featureAdoption } from './usage/adoption'
import { sessionize, sessionStats } from './usage/sessions'

// The examples of docs/metrics.md, worked by hand there: if the code changes what they give, the page
// must change with it.
describe('the worked examples of docs/metrics.md', () => {
  const close = (value: number | undefined, expected: number) => expect(value).toBeCloseTo(expected, 2)

  it('NPS of 10, 10, 9, 9, 9, 8, 7, 6, 3, 0', () => {
    const nps = summarize('nps', { 10: 2, 9: 3, 8: 1, 7: 1, 6: 1, 3: 1, 0: 1 })
    if (nps.status === 'no_data') throw new Error('expected data')
    expect(nps.score.value).toBe(20)
    close(nps.score.standardError, 26.59)
    close(nps.marginOfError, 52.12)
    close(nps.score.low, -32.12)
    close(nps.score.high, 72.12)
  })

  it('CSAT of 5, 5, 4, 4, 4, 3, 2, 1', () => {
    const csat = summarize('csat', { 5: 2, 4: 3, 3: 1, 2: 1, 1: 1 })
    if (csat.status === 'no_data') throw new Error('expected data')
    expect(csat.score.value).toBe(62.5)
    close(csat.score.low, 30.57)
    close(csat.score.high, 86.32)
    expect(csat.mean.value).toBe(3.5)
  })

  it('CES of 7, 6, 5, 5, 4, 2', () => {
    const ces = summarize('ces', { 7: 1, 6: 1, 5: 2, 4: 1, 2: 1 })
    if (ces.status === 'no_data') throw new Error('expected data')
    close(ces.score.value, 29 / 6)
    close(ces.score.standardError, 0.898)
    close(ces.score.low, 3.07)
    close(ces.score.high, 6.59)
    close(ces.easy.value, 66.67)
    close(ces.easy.low, 30)
    close(ces.easy.high, 90.32)
  })

  it('an NPS drop from 50 to 30 on 100 answers each is not significant', () => {
    const before = summarize('nps', { 10: 60, 8: 30, 5: 10 })
    const after = summarize('nps', { 10: 50, 8: 30, 5: 20 })
    const change = compareScores(before, after)
    if (change.status === 'no_data') throw new Error('expected data')
    expect(change.difference.value).toBe(-20)
    close(change.difference.standardError, 10.33)
    close(change.difference.low, -40.25)
    close(change.difference.high, 0.25)
    expect(change).toMatchObject({ significant: false, direction: 'flat' })
  })

  it("Ann's sessions at 09:00, 09:10, 09:35 and 10:20", () => {
    const at = (time: string) => ({ personId: 'ann', time: Date.parse(`2026-12-01T${time}Z`) })
    const sessions = sessionize([at('09:00'), at('09:10'), at('09:35'), at('10:20')])
    expect(sessions.map(({ eventCount, start, end }) => [eventCount, (end - start) / 60_000])).toEqual([
      [3, 35],
      [1, 0],
    ])
    expect(sessionStats(sessions)).toEqual({
      count: 2,
      averageDurationMs: 1_050_000,
      medianDurationMs: 1_050_000,
    })
  })

  it('DAU, WAU, MAU and stickiness on 30 June', () => {
    const day = (person: string, date: string) => ({ personId: person, time: Date.parse(`${date}T12:00Z`) })
    const events = [
      day('dan', '2026-05-31'),
      day('cat', '2026-06-02'),
      day('bob', '2026-06-25'),
      day('ann', '2026-06-29'),
      day('ann', '2026-06-30'),
    ]
    const june = periodsInRange(new Date('2026-06-01T00:00Z'), new Date('2026-07-01T00:00Z'), 'day', 'UTC')
    const last = activeUsersByDay(events, june).at(-1)
    expect(last).toMatchObject({ dau: 1, wau: 2, mau: 3 })
    close(stickiness(1, 3) ?? Number.NaN, 0.33)
    expect(stickiness(20, 100)).toBe(0.2)
  })

  it('adoption of a feature used by 25 of 200 active persons', () => {
    expect(featureAdoption(25, 200)).toBe(0.125)
  })
  it("the CS team's metrics of Ann's month, and Bob's", () => {
    const ann = {
      accountsAsked: 8,
      accountsAnswered: 6,
      casesOpened: 5,
      casesContactedInSla: 4,
      casesWithRootCause: 3,
      casesResolved: 4,
      casesResolvedFirstContact: 3,
      hoursToFirstContact: [2, 30, 5, 10],
    }
    const figures = periodFigures(ann)
    expect(figures.participation.rate).toBe(0.75)
    expect(figures.followedUpWithinSla.rate).toBe(0.8)
    expect(figures.rootCauseTagged.rate).toBe(0.6)
    expect(figures.firstContactResolution.rate).toBe(0.75)
    expect(figures.medianHoursToFirstContact).toBe(7.5)
    const bob = { ...emptyPeriodCounts(), accountsAsked: 2 }
    expect(periodFigures(addPeriodCounts([ann, bob])).participation.rate).toBe(0.6)
  })

  it('account health: all six components, and two with the others left out', () => {
    const all = healthScore(DEFAULT_HEALTH_MODEL, {
      usage: { activePeople30d: 6, activePeoplePrev30d: 0, seats: 10 },
      adoption: { featuresUsed: 3, catalogueSize: 8 },
      sentiment: [{ kind: 'nps', score: 10, ageDays: 0 }],
      followUp: { open: 1, overdue: 0 },
      revenue: { mrrNow: 32_000, mrrBefore: 40_000 },
      participation: { displays: 10, answers: 3 },
    })
    expect(all.components.map((c) => c.points)).toEqual([57, 56, 100, 70, 60, 71])
    expect([all.score, all.band]).toEqual([71, 'yellow'])
    const partial = healthScore(DEFAULT_HEALTH_MODEL, {
      usage: { activePeople30d: 0, activePeoplePrev30d: 0, seats: null },
      adoption: null,
      sentiment: [{ kind: 'nps', score: 10, ageDays: 0 }],
      followUp: null,
      revenue: null,
      participation: null,
    })
    expect([partial.score, partial.band, partial.missing]).toEqual([
      50,
      'yellow',
      ['adoption', 'followUp', 'revenue', 'participation'],
    ])
  })

  it('backtest AUC and lifecycle medians', () => {
    const kept = [60, 40, 30].map((score) => ({ score, lost: false }))
    const lost = [40, 20].map((score) => ({ score, lost: true }))
    expect(rocAuc([...kept, ...lost]).auc).toBe(0.75)
    const DAY = 86_400_000
    expect(medianDays([3 * DAY, 1 * DAY, 10 * DAY])).toBe(3)
    expect(medianDays([1 * DAY, 2 * DAY, 4 * DAY, 100 * DAY])).toBe(3)
  })
})
