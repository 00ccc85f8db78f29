import { type PeriodUnit, periodsInRange } from '@heed/shared/periods/period'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProject, surveyDefinition, type TestProject } from '../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../test-support/test-database'
import type { HeedDatabase } from '../db/open'
import { recordDisplay } from './displays'
import { recordResponse } from './responses'
import {
  type CountScope,
  countPeriods,
  countPeriodsBySurvey,
  countPeriodsByTrait,
  NO_VALUE_SEGMENT,
  OTHER_SEGMENT,
  type PeriodCounts,
  rollupRanges,
  rollupsCanCount,
} from './score-queries'
import { createSurvey } from './surveys'

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const HOUR = 3_600_000
// Three weeks around Europe/Berlin's spring-forward night (2026-03-29), with the times anywhere in a slot.
const DATA_FROM = Date.UTC(2026, 2, 16)
const DATA_TO = Date.UTC(2026, 3, 6)

interface Sent {
  surveyId: string
  score: number
  at: number
}

const boundsOf = (from: number, to: number, unit: PeriodUnit, timeZone: string) => {
  const periods = periodsInRange(new Date(from), new Date(to), unit, timeZone)
  return [...periods.map((period) => period.start.getTime()), periods.at(-1)?.end.getTime() ?? to]
}

const answersIn = (counts: readonly PeriodCounts[]) =>
  counts.map((period) => Object.values(period.scores).reduce((sum, n) => sum + n, 0))

describe.each(dialectCases())('score queries on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let secondNps: string
  const sent: Sent[] = []
  const scope = (bounds: number[], surveyIds = [acme.surveys.nps, secondNps]): CountScope => ({
    projectId: acme.project.id,
    kind: 'nps',
    surveyIds,
    bounds,
  })

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    secondNps = (await createSurvey(database, acme.project.id, surveyDefinition('nps'))).id
    const next = random(20261122)
    const plans = ['pro', 'free', 'team', undefined]
    for (let i = 0; i < 300; i++) {
      const surveyId = next() < 0.6 ? acme.surveys.nps : secondNps
      const at = DATA_FROM + Math.floor(next() * (DATA_TO - DATA_FROM))
      const plan = plans[Math.floor(next() * plans.length)]
      const id = `resp_rand_${String(i).padStart(4, '0')}`
      const base = { id, surveyId, kind: 'nps' as const, anonymousId: `anon_rand_${i % 40}`, at }
      let score = Math.floor(next() * 11)
      await recordResponse(database, acme.project.id, { ...base, score, traits: plan ? { plan } : {} })
      // Some people change their answer: the rollup must move the count, not add one.
      if (next() < 0.1) {
        score = Math.floor(next() * 11)
        await recordResponse(database, acme.project.id, { ...base, score })
      }
      sent.push({ surveyId, score, at })
      const display = {
        id: `disp_rand_${String(i).padStart(4, '0')}`,
        surveyId,
        anonymousId: base.anonymousId,
      }
      await recordDisplay(database, acme.project.id, { ...display, event: 'shown', at: at - 5_000 })
      if (next() < 0.3) {
        await recordDisplay(database, acme.project.id, { ...display, event: 'dismissed', at: at + HOUR })
      }
    }
  })
  afterAll(() => database.close())

  it.each([
    ['day', 'Europe/Berlin'],
    ['week', 'Europe/Berlin'],
    ['week', 'UTC'],
    ['day', 'Asia/Kathmandu'],
    ['day', 'America/St_Johns'],
    ['month', 'Australia/Lord_Howe'],
    ['quarter', 'Pacific/Chatham'],
  ] as const)('counts %s periods in %s the same from the rollups as from the rows', async (unit, zone) => {
    const bounds = boundsOf(DATA_FROM - 2 * 86_400_000, DATA_TO + 86_400_000, unit, zone)
    expect(rollupsCanCount(bounds)).toBe(true)

    const fromRollups = await countPeriods(database, scope(bounds), 'rollups')
    expect(await countPeriods(database, scope(bounds), 'rows')).toEqual(fromRollups)
    const bySurvey = await countPeriodsBySurvey(database, scope(bounds), 'rollups')
    expect(await countPeriodsBySurvey(database, scope(bounds), 'rows')).toEqual(bySurvey)

    const expected = bounds.slice(1).map((end, period) => {
      const start = bounds[period] ?? end
      const scores: Record<number, number> = {}
      for (const answer of sent.filter((s) => s.at >= start && s.at < end)) {
        scores[answer.score] = (scores[answer.score] ?? 0) + 1
      }
      return scores
    })
    expect(fromRollups.map((period) => period.scores)).toEqual(expected)
    expect(answersIn(fromRollups).reduce((a, b) => a + b, 0)).toBe(sent.length)
    expect(fromRollups.reduce((sum, period) => sum + period.displays.shown, 0)).toBe(sent.length)
    expect([...bySurvey.keys()]).toEqual([acme.surveys.nps, secondNps])
    expect(answersIn(bySurvey.get(secondNps) ?? []).reduce((a, b) => a + b, 0)).toBe(
      sent.filter((s) => s.surveyId === secondNps).length,
    )
  })

  it('counts more periods than SQLite unites in one statement', async () => {
    // 700 days, the data on days 490-511: SQLite sums the first 500 in one UNION ALL and the rest in another.
    const DAY = 86_400_000
    const bounds = boundsOf(DATA_FROM - 490 * DAY, DATA_FROM + 210 * DAY, 'day', 'Europe/Berlin')
    expect(bounds.length).toBe(702)
    const dataStart = bounds.findIndex((bound) => bound > DATA_FROM) - 1
    const dataEnd = bounds.findIndex((bound) => bound > DATA_TO) - 1
    expect([dataStart, dataEnd]).toEqual([490, 511])
    const fromRollups = await countPeriods(database, scope(bounds), 'rollups')
    expect(await countPeriods(database, scope(bounds), 'rows')).toEqual(fromRollups)
    expect(answersIn(fromRollups).reduce((a, b) => a + b, 0)).toBe(sent.length)
  })

  it('splits by a trait into segments that add up to the totals', async () => {
    const bounds = boundsOf(DATA_FROM, DATA_TO, 'week', 'Europe/Berlin')
    const totals = answersIn(await countPeriods(database, scope(bounds)))
    const segments = await countPeriodsByTrait(database, scope(bounds), 'plan')
    expect(segments.map((segment) => segment.key).sort()).toEqual([NO_VALUE_SEGMENT, 'free', 'pro', 'team'])
    expect(segments.at(-1)?.key).toBe(NO_VALUE_SEGMENT)
    const summed = totals.map((_, period) =>
      segments.reduce(
        (sum, segment) => sum + Object.values(segment.scores[period] ?? {}).reduce((a, b) => a + b, 0),
        0,
      ),
    )
    expect(summed).toEqual(totals)
  })

  it('keeps the 20 largest trait values, folds the rest into (other), and reads values as text', async () => {
    const at = Date.UTC(2026, 4, 4, 12)
    let n = 0
    const answer = (traits: Record<string, string | number | boolean | null>) =>
      recordResponse(database, acme.project.id, {
        id: `resp_fold_${String(n++).padStart(4, '0')}`,
        surveyId: acme.surveys.ces,
        kind: 'ces',
        anonymousId: 'anon_folding',
        score: 6,
        traits,
        at,
      })
    // Value v01 has 25 answers, v02 24, … v25 one.
    for (let value = 1; value <= 25; value++) {
      for (let i = value; i <= 25; i++) await answer({ tier: `v${String(value).padStart(2, '0')}` })
    }
    await answer({})
    await answer({ tier: null })
    await answer({ tier: 10, beta: true })
    await answer({ tier: 10, beta: false })

    const cesScope = { ...scope([at - HOUR, at + HOUR], [acme.surveys.ces]), kind: 'ces' as const }
    const segments = await countPeriodsByTrait(database, cesScope, 'tier')
    const sizes = segments.map((s) => [s.key, Object.values(s.scores[0] ?? {}).reduce((a, b) => a + b, 0)])
    expect(sizes).toEqual([
      ...Array.from({ length: 20 }, (_, i) => [`v${String(i + 1).padStart(2, '0')}`, 25 - i]),
      [OTHER_SEGMENT, 5 + 4 + 3 + 2 + 1 + 2],
      [NO_VALUE_SEGMENT, 2],
    ])
    const beta = await countPeriodsByTrait(database, cesScope, 'beta')
    expect(beta.map((s) => s.key)).toEqual(['false', 'true', NO_VALUE_SEGMENT])
  })

  it('counts from the rows when a boundary falls inside a slot, as in zones with historic offsets', async () => {
    // Monrovia kept −0:44:30 until 1972: its midnight of 1971-06-11 is 00:44:30 UTC, inside a slot.
    const bounds = boundsOf(Date.UTC(1971, 5, 10, 12), Date.UTC(1971, 5, 11, 12), 'day', 'Africa/Monrovia')
    expect(bounds[1]).toBe(Date.UTC(1971, 5, 11, 0, 44, 30))
    expect(rollupsCanCount(bounds)).toBe(false)
    await expect(countPeriods(database, scope(bounds), 'rollups')).rejects.toThrow(RangeError)

    const base = { surveyId: acme.surveys.nps, kind: 'nps' as const, anonymousId: 'anon_monrovia' }
    // All three in the slot 00:30-00:45 UTC, which local midnight (00:44:30 UTC) cuts in two.
    for (const [id, at, score] of [
      ['resp_mnrv_0001', Date.UTC(1971, 5, 11, 0, 40), 3],
      ['resp_mnrv_0002', Date.UTC(1971, 5, 11, 0, 44, 29, 999), 10],
      ['resp_mnrv_0003', Date.UTC(1971, 5, 11, 0, 44, 30), 9],
    ] as const) {
      await recordResponse(database, acme.project.id, { ...base, id, score, at })
    }
    await recordDisplay(database, acme.project.id, {
      id: 'disp_mnrv_0001',
      surveyId: acme.surveys.nps,
      anonymousId: 'anon_monrovia',
      event: 'dismissed',
      at: Date.UTC(1971, 5, 11, 0, 30),
    })
    const counts = await countPeriods(database, scope(bounds))
    expect(counts).toEqual([
      { scores: { 3: 1, 10: 1 }, displays: { shown: 1, dismissed: 1 } },
      { scores: { 9: 1 }, displays: { shown: 0, dismissed: 0 } },
    ])
  })

  it('counts nothing for a kind without surveys, and nothing of another project', async () => {
    const bounds = boundsOf(DATA_FROM, DATA_TO, 'week', 'UTC')
    expect(answersIn(await countPeriods(database, scope(bounds, [])))).toEqual(bounds.slice(1).map(() => 0))
    const other = await seedProject(database, 'Other')
    const foreign = { ...scope(bounds), projectId: other.project.id }
    for (const source of ['rollups', 'rows'] as const) {
      const counts = await countPeriods(database, foreign, source)
      expect(counts.every((period) => period.displays.shown === 0 && answersIn([period])[0] === 0)).toBe(true)
    }
    expect(await countPeriodsByTrait(database, foreign, 'plan')).toEqual([])
  })
})

describe('rollupRanges', () => {
  const DAY = 96
  it('reads whole UTC days from the day rollups and the slots around them from the slot rollups', () => {
    // A week in Europe/Berlin in winter: from 23:00 UTC on day 10 to 23:00 UTC on day 17.
    const start = 10 * DAY + 92
    const end = 17 * DAY + 92
    expect(rollupRanges([start, end])).toEqual([
      { period: 0, table: 'response_rollups', from: start, to: 11 * DAY },
      { period: 0, table: 'response_day_rollups', from: 11, to: 17 },
      { period: 0, table: 'response_rollups', from: 17 * DAY, to: end },
    ])
  })

  it('reads only slots for a period holding no whole UTC day, and no empty ranges', () => {
    expect(rollupRanges([10 * DAY + 92, 11 * DAY + 92, 12 * DAY, 14 * DAY])).toEqual([
      { period: 0, table: 'response_rollups', from: 10 * DAY + 92, to: 11 * DAY + 92 },
      { period: 1, table: 'response_rollups', from: 11 * DAY + 92, to: 12 * DAY },
      { period: 2, table: 'response_day_rollups', from: 12, to: 14 },
    ])
  })
})
