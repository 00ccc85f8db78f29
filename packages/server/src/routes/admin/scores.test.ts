import type { ScoreComparison } from '@heed/shared/scores/compare'
import type { ScoreSummary } from '@heed/shared/scores/summary'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  fieldsOf,
  jsonOf,
  post,
  seedProject,
  surveyDefinition,
  type TestProject,
} from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { createApp } from '../../app'
import type { HeedDatabase } from '../../db/open'
import { createLogger } from '../../logger'
import { updateProject } from '../../store/projects'
import { createSurvey } from '../../store/surveys'

interface DisplaysJson {
  shown: number
  dismissed: number
}

interface SummaryJson {
  kind: string
  surveyIds: string[]
  from: string
  to: string
  summary: ScoreSummary
  displays: DisplaysJson
  responseRate: number | null
}

interface PointJson {
  label: string
  start: string
  end: string
  summary: ScoreSummary
  displays: DisplaysJson | null
  responseRate: number | null
  change: ScoreComparison | null
}

interface TrendJson {
  kind: string
  surveyIds: string[]
  period: string
  timeZone: string
  points: PointJson[]
  segments?: { key: string; points: PointJson[] }[]
}

// Ingest keeps client times of the last 30 days, so the app's clock is fixed a few days after the data.
const NOW = Date.parse('2026-11-05T12:07:00Z')

/**
 * Three ISO weeks in Europe/Berlin around the end of summer time (Sunday 2026-10-25, 03:00 CEST -> 02:00
 * CET): W42 starts 2026-10-11T22:00Z, W43 2026-10-18T22:00Z and lasts 169 hours, W44 2026-10-25T23:00Z.
 */
const WEEKS = {
  from: '2026-10-12T00:00:00+02:00',
  to: '2026-11-02T00:00:00+01:00',
}

/** Answers to the main NPS survey; the last second of each week and the first of the next are both there. */
const ANSWERS: { at: string; score: number; plan?: string }[] = [
  // W42: promoters 2, detractors 1 -> NPS 33.3
  { at: '2026-10-12T08:00:00Z', score: 10, plan: 'pro' },
  { at: '2026-10-15T12:00:00Z', score: 9, plan: 'free' },
  { at: '2026-10-18T21:59:59Z', score: 3 },
  // W43: promoters 1, passives 2, detractors 2 -> NPS −20
  { at: '2026-10-18T22:00:00Z', score: 10, plan: 'pro' },
  { at: '2026-10-21T09:00:00Z', score: 7, plan: 'pro' },
  { at: '2026-10-22T09:00:00Z', score: 8, plan: 'free' },
  { at: '2026-10-25T01:30:00Z', score: 0, plan: 'free' },
  // Sunday 23:59:59 CET: still W43, though at the summer offset it would be Monday.
  { at: '2026-10-25T22:59:59Z', score: 6 },
  // W44: promoters 4 -> NPS 100
  { at: '2026-10-25T23:00:00Z', score: 9, plan: 'pro' },
  { at: '2026-10-28T09:00:00Z', score: 9, plan: 'pro' },
  { at: '2026-10-30T09:00:00Z', score: 9, plan: 'pro' },
  { at: '2026-11-01T22:30:00Z', score: 10, plan: 'free' },
]

/** Displays of the main survey per week: W42 4 shown (1 dismissed), W43 10 (2), W44 4 (0). */
const DISPLAYS: { at: string; dismissed: boolean }[] = [
  ...Array.from({ length: 4 }, (_, i) => ({ at: `2026-10-13T1${i}:00:00Z`, dismissed: i === 0 })),
  ...Array.from({ length: 10 }, (_, i) => ({ at: `2026-10-20T1${i}:00:00Z`, dismissed: i < 2 })),
  ...Array.from({ length: 4 }, (_, i) => ({ at: `2026-10-27T1${i}:00:00Z`, dismissed: false })),
]

const nps = (promoters: number, detractors: number, n: number) => ((promoters - detractors) / n) * 100

describe.each(dialectCases())('admin scores API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let secondNps: string
  let app: ReturnType<typeof createApp>

  const get = (path: string, parameters: Record<string, string>, key = acme.secretKey) =>
    app.request(`/admin/v1/scores/${path}?${new URLSearchParams(parameters)}`, {
      headers: { authorization: `Bearer ${key}` },
    })
  const trend = async (parameters: Record<string, string>) => {
    const response = await get('trend', parameters)
    expect(response.status).toBe(200)
    return jsonOf<TrendJson>(response)
  }
  const ingest = async (path: string, body: unknown) => {
    const response = await app.request(`/ingest/v1${path}?key=${acme.project.publicKey}`, post(body))
    expect(response.status).toBe(201)
  }
  const sizes = (points: PointJson[]) => points.map((point) => point.summary.n)

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    await updateProject(database, acme.project.id, { timeZone: 'Europe/Berlin' })
    secondNps = (await createSurvey(database, acme.project.id, surveyDefinition('nps'))).id
    app = createApp({
      database,
      logger: createLogger('silent'),
      rateLimits: { ingest: 100_000, admin: 100_000 },
      now: () => NOW,
    })

    for (const [i, { at, score, plan }] of ANSWERS.entries()) {
      await ingest('/responses', {
        id: `resp_week_${String(i).padStart(4, '0')}`,
        surveyId: acme.surveys.nps,
        anonymousId: `anon_week_${i}`,
        score,
        traits: plan === undefined ? undefined : { plan },
        timestamp: at,
      })
    }
    for (const [i, { at, dismissed }] of DISPLAYS.entries()) {
      await ingest('/displays', {
        id: `disp_week_${String(i).padStart(4, '0')}`,
        surveyId: acme.surveys.nps,
        anonymousId: `anon_week_${i}`,
        event: dismissed ? 'dismissed' : 'shown',
        timestamp: at,
      })
    }
    // Two detractors of another NPS survey in W44, and a CSAT answer that no NPS score may count.
    for (const id of ['resp_second_01', 'resp_second_02']) {
      await ingest('/responses', {
        id,
        surveyId: secondNps,
        anonymousId: 'anon_second',
        score: 0,
        timestamp: '2026-10-29T10:00:00Z',
      })
    }
    await ingest('/responses', {
      id: 'resp_csat_0001',
      surveyId: acme.surveys.csat,
      anonymousId: 'anon_csat',
      score: 1,
      timestamp: '2026-10-21T10:00:00Z',
    })
  })
  afterAll(() => database.close())

  it("scores each week of the project's time zone across the change from summer time", async () => {
    const body = await trend({ surveyId: acme.surveys.nps, ...WEEKS, period: 'week' })
    expect(body).toMatchObject({
      kind: 'nps',
      surveyIds: [acme.surveys.nps],
      period: 'week',
      timeZone: 'Europe/Berlin',
    })
    expect(body.points.map(({ label, start, end }) => ({ label, start, end }))).toEqual([
      { label: '2026-W42', start: '2026-10-11T22:00:00.000Z', end: '2026-10-18T22:00:00.000Z' },
      { label: '2026-W43', start: '2026-10-18T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z' },
      { label: '2026-W44', start: '2026-10-25T23:00:00.000Z', end: '2026-11-01T23:00:00.000Z' },
    ])
    const [w42, w43, w44] = body.points.map((point) => point.summary)
    expect(w42).toMatchObject({ n: 3, buckets: { detractor: 1, passive: 0, promoter: 2 } })
    expect(w43).toMatchObject({ n: 5, buckets: { detractor: 2, passive: 2, promoter: 1 } })
    expect(w44).toMatchObject({ n: 4, buckets: { detractor: 0, passive: 0, promoter: 4 } })
    const scores = body.points.map((point) =>
      point.summary.status === 'no_data' ? null : point.summary.score.value,
    )
    expect(scores[0]).toBeCloseTo(nps(2, 1, 3), 10)
    expect(scores[1]).toBeCloseTo(-20, 10)
    expect(scores[2]).toBeCloseTo(100, 10)

    expect(body.points.map((point) => point.displays)).toEqual([
      { shown: 4, dismissed: 1 },
      { shown: 10, dismissed: 2 },
      { shown: 4, dismissed: 0 },
    ])
    expect(body.points.map((point) => point.responseRate)).toEqual([3 / 4, 5 / 10, 4 / 4])
    expect(body.points[0]?.change).toBeNull()
    const change = body.points[1]?.change
    expect(change?.status).toBe('ok')
    if (change?.status === 'ok') expect(change.difference.value).toBeCloseTo(-20 - nps(2, 1, 3), 10)
  })

  it('buckets by the zone asked for, and by week unless told otherwise', async () => {
    const body = await trend({
      surveyId: acme.surveys.nps,
      timeZone: 'UTC',
      from: '2026-10-12T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
    })
    expect(body.timeZone).toBe('UTC')
    expect(body.period).toBe('week')
    // UTC weeks start on Monday 00:00Z: the two answers of Sunday night in Berlin move back a week.
    expect(body.points.map((point) => point.label)).toEqual(['2026-W42', '2026-W43', '2026-W44'])
    expect(sizes(body.points)).toEqual([4, 5, 3])
    const months = await trend({ surveyId: acme.surveys.nps, ...WEEKS, period: 'month' })
    expect(months.points.map((point) => [point.label, point.summary.n])).toEqual([
      ['2026-10', 11],
      ['2026-11', 1],
    ])
  })

  it('summarizes a range with its displays and response rate', async () => {
    const response = await get('summary', { surveyId: acme.surveys.nps, ...WEEKS })
    expect(response.status).toBe(200)
    const body = await jsonOf<SummaryJson>(response)
    expect(body).toMatchObject({
      kind: 'nps',
      surveyIds: [acme.surveys.nps],
      from: '2026-10-11T22:00:00.000Z',
      to: '2026-11-01T23:00:00.000Z',
      summary: { status: 'low_sample', n: 12, buckets: { detractor: 3, passive: 2, promoter: 7 } },
      displays: { shown: 18, dismissed: 3 },
    })
    expect(body.responseRate).toBeCloseTo(12 / 18, 10)
    if (body.summary.status !== 'no_data') expect(body.summary.score.value).toBeCloseTo(nps(7, 3, 12), 10)
  })

  it('summarizes the last 90 days by default, widened to whole 15-minute slots, over all surveys of a kind', async () => {
    const response = await get('summary', { kind: 'nps' })
    const body = await jsonOf<SummaryJson>(response)
    expect(body).toMatchObject({
      kind: 'nps',
      surveyIds: [acme.surveys.nps, secondNps],
      from: '2026-08-07T12:00:00.000Z',
      to: '2026-11-05T12:15:00.000Z',
      summary: { n: 14, buckets: { detractor: 5, passive: 2, promoter: 7 } },
      displays: { shown: 18, dismissed: 3 },
    })
    const csat = await jsonOf<SummaryJson>(await get('summary', { kind: 'csat' }))
    expect(csat.summary).toMatchObject({ kind: 'csat', n: 1, buckets: { detractor: 1 } })
    expect(csat.responseRate).toBeNull()
  })

  it('splits a kind by survey, with totals over all of them', async () => {
    const body = await trend({ kind: 'nps', ...WEEKS, splitBy: 'survey' })
    expect(sizes(body.points)).toEqual([3, 5, 6])
    expect(body.points[2]?.responseRate).toBeCloseTo(6 / 4, 10)
    expect(body.segments?.map((segment) => segment.key)).toEqual([acme.surveys.nps, secondNps])
    const [main, second] = body.segments ?? []
    expect(sizes(main?.points ?? [])).toEqual([3, 5, 4])
    expect(sizes(second?.points ?? [])).toEqual([0, 0, 2])
    expect(second?.points.map((point) => point.summary.status)).toEqual(['no_data', 'no_data', 'low_sample'])
    expect(second?.points[2]).toMatchObject({ displays: { shown: 0, dismissed: 0 }, responseRate: null })
    expect(second?.points[2]?.summary).toMatchObject({ buckets: { detractor: 2, passive: 0, promoter: 0 } })
  })

  it("splits by a trait of the answer's snapshot", async () => {
    const body = await trend({ surveyId: acme.surveys.nps, ...WEEKS, splitBy: 'trait:plan' })
    expect(sizes(body.points)).toEqual([3, 5, 4])
    expect(body.points[1]?.displays).toEqual({ shown: 10, dismissed: 2 })
    expect(body.segments?.map((segment) => [segment.key, sizes(segment.points)])).toEqual([
      ['pro', [1, 2, 3]],
      ['free', [1, 2, 1]],
      ['(none)', [1, 1, 0]],
    ])
    const free = body.segments?.[1]?.points[1]
    expect(free).toMatchObject({ displays: null, responseRate: null })
    expect(free?.summary).toMatchObject({ buckets: { detractor: 1, passive: 1, promoter: 0 } })
  })

  it("shows nothing of another project's surveys to its key", async () => {
    const foreignSurvey = await get('summary', { surveyId: acme.surveys.nps }, other.secretKey)
    expect(foreignSurvey.status).toBe(404)
    const foreignTrend = await get(
      'trend',
      { surveyId: acme.surveys.nps, splitBy: 'survey' },
      other.secretKey,
    )
    expect(foreignTrend.status).toBe(404)
    const own = await jsonOf<SummaryJson>(await get('summary', { kind: 'nps' }, other.secretKey))
    expect(own).toMatchObject({ surveyIds: [other.surveys.nps], summary: { status: 'no_data', n: 0 } })
    expect(own.displays).toEqual({ shown: 0, dismissed: 0 })
    const ownTrend = await get('trend', { kind: 'nps', ...WEEKS, splitBy: 'trait:plan' }, other.secretKey)
    const trendBody = await jsonOf<TrendJson>(ownTrend)
    expect(trendBody.timeZone).toBe('UTC')
    expect(sizes(trendBody.points).every((n) => n === 0)).toBe(true)
    expect(trendBody.segments).toEqual([])
    expect((await get('summary', { kind: 'nps' }, 'sk_not_a_key')).status).toBe(401)
  })

  it('answers 404 for an unknown survey', async () => {
    const response = await get('trend', { surveyId: 'srv_missing' })
    expect(response.status).toBe(404)
  })

  it.each([
    ['summary', {}, 'surveyId'],
    ['summary', { kind: 'nps', surveyId: 'srv_x' }, 'kind'],
    ['summary', { kind: 'nss' }, 'kind'],
    ['summary', { kind: 'nps', from: 'yesterday' }, 'from'],
    ['summary', { kind: 'nps', from: '2026-10-12T00:00:00 02:00' }, 'from'],
    ['summary', { kind: 'nps', from: '2026-10-02T00:00:00Z', to: '2026-10-01T00:00:00Z' }, 'to'],
    ['summary', { kind: 'nps', from: '2026-10-01T00:00:00Z', to: '2026-10-01T00:00:00Z' }, 'to'],
    ['summary', { kind: 'nps', from: '2027-01-01T00:00:00Z' }, 'from'],
    ['summary', { kind: 'nps', bogus: '1' }, 'bogus'],
    ['trend', { kind: 'nps', period: 'year' }, 'period'],
    ['trend', { kind: 'nps', timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['trend', { kind: 'nps', splitBy: 'account' }, 'splitBy'],
    ['trend', { kind: 'nps', splitBy: 'trait:' }, 'splitBy'],
    ['trend', { kind: 'nps', splitBy: 'trait:plan"' }, 'splitBy'],
    ['trend', { kind: 'nps', period: 'day', from: '2020-01-01T00:00:00Z' }, 'from'],
    ['trend', { kind: 'nps', granularity: 'week' }, 'granularity'],
  ])('refuses a bad %s query %j, naming %s', async (path, parameters, field) => {
    const response = await get(path, parameters)
    expect(response.status).toBe(400)
    expect(await fieldsOf(response)).toContain(field)
  })

  it('refuses a parameter given twice', async () => {
    const response = await app.request(`/admin/v1/scores/summary?kind=nps&kind=csat`, {
      headers: { authorization: `Bearer ${acme.secretKey}` },
    })
    expect(response.status).toBe(400)
    expect(await fieldsOf(response)).toEqual(['kind'])
  })
})
