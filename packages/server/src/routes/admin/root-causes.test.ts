import type { SurveyKind } from '@heed/shared/scores/scales'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, post, seedProject, type TestProject } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import { createApp } from '../../app'
import type { HeedDatabase } from '../../db/open'
import { createLogger } from '../../logger'
import type { RootCauseStats } from '../../store/case-analytics'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Monday 5 January 2026, 09:00 UTC: the server's clock when the answers arrive. */
const T0 = Date.UTC(2026, 0, 5, 9)
const iso = (time: number) => new Date(time).toISOString()

/** The range asked about: nine days ending a day before T0. */
const RANGE = `from=${iso(T0 - 10 * DAY)}&to=${iso(T0 - DAY)}`

type Labelled<T> = T & { label: string }
interface StatsJson extends Omit<RootCauseStats, 'pareto' | 'impact'> {
  pareto: Labelled<RootCauseStats['pareto'][number]>[]
  impact: Labelled<RootCauseStats['impact'][number]>[]
}
interface AnalyticsJson {
  kind: SurveyKind
  from: string
  to: string
  recoveryScore: number
  totals: StatsJson
  periods?: (StatsJson & { label: string; start: string; end: string })[]
}

describe.each(dialectCases())('root-cause analytics on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof createApp>
  let acme: TestProject
  let clock = T0

  const request = (project: TestProject, method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${project.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })

  const analytics = async (query: string, project = acme) => {
    const response = await request(project, 'GET', `/root-causes?${query}`)
    expect(response.status, await response.clone().text()).toBe(200)
    return jsonOf<AnalyticsJson>(response)
  }

  /** An answer to the project's survey of the kind, by a person (or anonymously), at a time before T0. */
  const answer = async (id: string, score: number, at: number, person?: string, kind: SurveyKind = 'nps') => {
    const response = await app.request(
      `/ingest/v1/responses?key=${acme.project.publicKey}`,
      post({
        id,
        surveyId: acme.surveys[kind],
        anonymousId: `anon-${person ?? id}`,
        ...(person !== undefined && { userId: person }),
        score,
        timestamp: iso(at),
      }),
    )
    expect(response.status).toBe(201)
  }

  /** Changes the case of a response at a time, as CS would have then. */
  const change = async (responseId: string, at: number, body: object) => {
    const listed = await jsonOf<{ cases: { id: string; responseId: string }[] }>(
      await request(acme, 'GET', '/cases?limit=500'),
    )
    const found = listed.cases.find((c) => c.responseId === responseId)
    clock = at
    const response = await request(acme, 'PATCH', `/cases/${found?.id}`, { ...body, by: 'Ann' })
    clock = T0
    expect(response.status, await response.clone().text()).toBe(200)
  }

  beforeAll(async () => {
    database = await dialect.open()
    app = createApp({
      database,
      logger: createLogger('silent'),
      rateLimits: { ingest: 100_000, admin: 100_000 },
      now: () => clock,
    })
    acme = await seedProject(database, 'Acme')

    // Five detractors in the range (one anonymous), four others.
    const d1 = T0 - 9 * DAY
    const d2 = T0 - 8 * DAY
    const d3 = T0 - 7 * DAY
    const d5 = T0 - 5 * DAY
    await answer('answer-d1', 2, d1, 'person-1')
    await answer('answer-d2', 5, d2, 'person-2')
    await answer('answer-d3', 6, d3, 'person-3')
    await answer('answer-d4', 0, T0 - 6 * DAY, 'person-4')
    await answer('answer-d5', 3, d5)
    await answer('answer-p5', 8, T0 - 9 * DAY, 'person-5')
    await answer('answer-p6', 9, T0 - 8 * DAY, 'person-6')
    await answer('answer-p7', 10, T0 - 7 * DAY, 'person-7')
    await answer('answer-p8', 9, T0 - 6 * DAY, 'person-8')
    // After the range: persons 1 and 3 come back at 7 or more; 2 stays a detractor; 4 answers another kind.
    await answer('answer-later-1', 9, T0 - 12 * HOUR, 'person-1')
    await answer('answer-later-3', 7, T0 - 12 * HOUR, 'person-3')
    await answer('answer-later-2', 6, T0 - 12 * HOUR, 'person-2')
    await answer('answer-later-4', 5, T0 - 12 * HOUR, 'person-4', 'csat')

    // Contacted after 10 h (within the 48 h SLA), resolved after 30 h.
    await change('answer-d1', d1 + 10 * HOUR, { status: 'contacted' })
    await change('answer-d1', d1 + 30 * HOUR, { status: 'resolved', rootCause: 'pricing' })
    // Contacted after 60 h (late), resolved after 100 h.
    await change('answer-d2', d2 + 60 * HOUR, { status: 'contacted' })
    await change('answer-d2', d2 + 100 * HOUR, { status: 'resolved', rootCause: 'pricing' })
    await change('answer-d3', d3 + 20 * HOUR, { status: 'contacted', rootCause: 'performance' })
    await change('answer-d5', d5 + HOUR, { status: 'wont_fix', rootCause: 'support' })
  })
  afterAll(() => database.close())

  it('computes the Pareto, follow-up, recovery and score impact of a range by hand', async () => {
    const body = await analytics(`surveyId=${acme.surveys.nps}&${RANGE}`)
    expect(body).toMatchObject({
      kind: 'nps',
      from: iso(T0 - 10 * DAY),
      to: iso(T0 - DAY),
      recoveryScore: 7,
    })
    const { totals } = body
    expect(totals).toMatchObject({ detractors: 5, cases: 5, withRootCause: 4, rootCauseShare: 0.8 })
    expect(totals.pareto).toEqual([
      { rootCause: 'pricing', label: expect.any(String), count: 2, share: 0.5, cumulativeShare: 0.5 },
      { rootCause: 'performance', label: expect.any(String), count: 1, share: 0.25, cumulativeShare: 0.75 },
      { rootCause: 'support', label: expect.any(String), count: 1, share: 0.25, cumulativeShare: 1 },
    ])
    expect(totals.followUp).toEqual({
      contacted: 3,
      contactedWithinSla: 2,
      rateWithinSla: 0.4,
      medianHoursToFirstContact: 20,
      medianHoursToResolution: 65,
    })
    expect(totals.recovered).toEqual({ detractorCustomers: 4, customers: 2, share: 0.5 })
    // 3 promoters, 5 detractors of 9: NPS −22.2. Without pricing's two: 3 − 3 of 7 = 0; without one
    // detractor: 3 − 4 of 8 = −12.5.
    expect(totals.score).toBeCloseTo(-200 / 9, 9)
    const impact = totals.impact.map(({ rootCause, responses, scoreWithout, impact }) => ({
      rootCause,
      responses,
      scoreWithout,
      impact: Number(impact?.toFixed(6)),
    }))
    expect(impact).toEqual([
      { rootCause: 'pricing', responses: 2, scoreWithout: 0, impact: Number((200 / 9).toFixed(6)) },
      {
        rootCause: 'performance',
        responses: 1,
        scoreWithout: -12.5,
        impact: Number((200 / 9 - 12.5).toFixed(6)),
      },
      {
        rootCause: 'support',
        responses: 1,
        scoreWithout: -12.5,
        impact: Number((200 / 9 - 12.5).toFixed(6)),
      },
    ])

    // All NPS surveys together are the same here: the project has one.
    expect((await analytics(`kind=nps&${RANGE}`)).totals).toEqual(totals)
  })

  it('splits the range into calendar periods, counting each period on its own', async () => {
    const body = await analytics(`kind=nps&${RANGE}&period=week&timeZone=UTC`)
    // Whole ISO weeks: from Monday 22 December to Monday 5 January.
    expect(body.from).toBe('2025-12-22T00:00:00.000Z')
    expect(body.to).toBe('2026-01-05T00:00:00.000Z')
    const periods = body.periods ?? []
    expect(periods.map((period) => period.start)).toEqual([
      '2025-12-22T00:00:00.000Z',
      '2025-12-29T00:00:00.000Z',
    ])
    // Week 1: d1 and d2. Week 2: d3, d4, d5 and person 2's later 6, which has a case without a root cause.
    expect(periods.map((period) => period.detractors)).toEqual([2, 4])
    expect(periods.map((period) => period.pareto.map((entry) => [entry.rootCause, entry.count]))).toEqual([
      [['pricing', 2]],
      [
        ['performance', 1],
        ['support', 1],
      ],
    ])
    expect(periods.map((period) => period.recovered)).toEqual([
      { detractorCustomers: 2, customers: 1, share: 0.5 },
      { detractorCustomers: 3, customers: 1, share: 1 / 3 },
    ])
    expect(body.totals.detractors).toBe(6)
  })

  it('answers with empty statistics for a range without answers, and for another project', async () => {
    const empty = await analytics(`kind=nps&from=${iso(T0 - 40 * DAY)}&to=${iso(T0 - 30 * DAY)}`)
    expect(empty.totals).toMatchObject({
      detractors: 0,
      rootCauseShare: null,
      pareto: [],
      score: null,
      followUp: { rateWithinSla: null, medianHoursToFirstContact: null },
      recovered: { share: null },
    })
    const other = await seedProject(database, 'Other')
    expect((await analytics(`kind=nps&${RANGE}`, other)).totals).toMatchObject({ detractors: 0, pareto: [] })
    expect((await request(other, 'GET', `/root-causes?surveyId=${acme.surveys.nps}`)).status).toBe(404)
  })

  it('refuses queries it cannot answer, naming the parameter', async () => {
    for (const [query, field] of [
      ['', 'surveyId'],
      [`kind=nps&surveyId=${acme.surveys.nps}`, 'kind'],
      ['kind=nps&period=year', 'period'],
      ['kind=nps&period=week&timeZone=Mars/Olympus', 'timeZone'],
      [`kind=nps&from=${iso(T0)}&to=${iso(T0 - DAY)}`, 'to'],
      ['kind=nps&rootCause=pricing', 'rootCause'],
    ]) {
      const response = await request(acme, 'GET', `/root-causes?${query}`)
      expect(response.status, query).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
    }
  })
})
