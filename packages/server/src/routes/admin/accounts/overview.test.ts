import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ErrorJson,
  post,
  seedProject,
  type TestProject,
  testApp,
} from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'
import type { HealthBand } from '../../../db/schema'

interface Entry {
  kind: string
  at: string
  key: string
  [field: string]: unknown
}

interface Overview {
  account: {
    id: string
    owner: string | null
    health: { score: number } | null
    mrr: { amount: number } | null
  }
  health: {
    score: number | null
    band: string | null
    explanation: unknown
    trend: { thirtyDaysAgo: number | null; change: number | null } | null
    history: { day: string; band: string | null }[]
  }
  stages: { stage: string; endedAt: string | null; reason: string | null }[]
  revenue: { mrr: { amount: number; currency: string } | null; changes: { mrr: number }[] }
  scores: { periods: { label: string; nps: { n: number; value?: number } }[] }
  people: { id: string; latestAnswer: { responseId: string; score: number } | null }[]
  cases: { id: string; status: string }[]
  usage: { activePeople30d: number; featuresUsed30d: string[] } | null
  features: { key: string; status: string; lastUsedAt: string | null }[]
  timeline: { entries: Entry[]; nextCursor: string | null }
}

const DAY = 86_400_000
// Whole UTC days, a few back: the client times are kept as sent within 30 days.
const TODAY = Math.floor(Date.now() / DAY) * DAY
const at = (daysAgo: number, hours = 0) => new Date(TODAY - daysAgo * DAY + hours * 3_600_000).toISOString()
const dayOf = (daysAgo: number) => at(daysAgo).slice(0, 10)

/**
 * One account, acct-1, over the last 40 days (UTC, project zone UTC):
 *   day 40: revenue 10,000 USD; stage onboarding (rule) until day 20, then at_risk (manual, "pricing call")
 *   days 35..31 health green 80, days 5..1 red 40 (two band changes: green on day 35, red on day 5)
 *   day 3: ann answers 2 (detractor: a case opens), day 2 the case is contacted; day 1: bob answers 9
 *   day 1: revenue 5,000 USD; feature 'reports' first used on day 4
 */
describe.each(dialectCases())('account overview on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>

  const ingest = async (path: string, body: unknown) => {
    const response = await app.request(`/ingest/v1${path}?key=${acme.project.publicKey}`, post(body))
    if (response.status >= 300) throw new Error(await response.text())
  }
  const admin = (path: string, init: RequestInit = {}, project = acme) =>
    app.request(`/admin/v1${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${project.secretKey}`,
        'content-type': 'application/json',
        'x-heed-actor': 'csm@acme.test',
      },
    })
  const overview = async (query = '') => {
    const response = await admin(`/accounts/acct-1/overview${query}`)
    expect(response.status).toBe(200)
    return (await response.json()) as Overview
  }

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)
    for (const [person, daysAgo] of [
      ['ann', 10],
      ['bob', 9],
    ] as const) {
      await ingest('/identify', {
        anonymousId: `anon_${person}_0001`,
        userId: person,
        account: { id: 'acct-1', traits: { owner: 'csm@acme.test' } },
        timestamp: at(daysAgo),
      })
    }
    await ingest('/responses', {
      id: 'resp_ann_0001',
      surveyId: acme.surveys.nps,
      anonymousId: 'anon_ann_0001',
      userId: 'ann',
      score: 2,
      comment: 'too slow',
      timestamp: at(3),
    })
    await ingest('/responses', {
      id: 'resp_bob_0001',
      surveyId: acme.surveys.nps,
      anonymousId: 'anon_bob_0001',
      userId: 'bob',
      score: 9,
      timestamp: at(1),
    })
    const { cases } = (await (await admin('/cases?accountId=acct-1')).json()) as { cases: { id: string }[] }
    const caseId = cases[0]?.id ?? ''
    const contacted = await admin(`/cases/${caseId}`, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'contacted' }),
    })
    expect(contacted.status).toBe(200)
    await admin('/revenue/settings', { method: 'PUT', body: JSON.stringify({ reportingCurrency: 'USD' }) })
    const ledger = await admin('/revenue/changes', {
      method: 'POST',
      body: JSON.stringify({
        changes: [
          { id: 'chg_0000001', accountId: 'acct-1', at: at(40), mrr: 10_000, currency: 'USD' },
          { id: 'chg_0000002', accountId: 'acct-1', at: at(1, 1), mrr: 5_000, currency: 'USD' },
        ],
      }),
    })
    expect(ledger.status).toBe(201)
    const project_id = acme.project.id
    await database.db
      .insertInto('account_stage_history')
      .values([
        {
          project_id,
          account_id: 'acct-1',
          started_at: Date.parse(at(40)),
          stage: 'onboarding',
          ended_at: Date.parse(at(20)),
          source: 'rule',
          reason: null,
          set_by: null,
        },
        {
          project_id,
          account_id: 'acct-1',
          started_at: Date.parse(at(20)),
          stage: 'at_risk',
          ended_at: null,
          source: 'manual',
          reason: 'pricing call',
          set_by: 'csm@acme.test',
        },
      ])
      .execute()
    const days: { project_id: string; account_id: string; day: string; score: number; band: HealthBand }[] = [
      35, 34, 33, 32, 31,
    ].map((d) => ({
      project_id,
      account_id: 'acct-1',
      day: dayOf(d),
      score: 80,
      band: 'green' as const,
    }))
    days.push(
      ...[5, 4, 3, 2, 1].map((d) => ({
        project_id,
        account_id: 'acct-1',
        day: dayOf(d),
        score: 40,
        band: 'red' as const,
      })),
    )
    await database.db.insertInto('account_health_days').values(days).execute()
    await database.db
      .insertInto('account_health')
      .values({
        project_id,
        account_id: 'acct-1',
        score: 40,
        band: 'red',
        explanation: JSON.stringify({ score: 40, summary: 'Red' }),
        computed_at: Date.parse(at(1)),
      })
      .execute()
    await database.db
      .insertInto('feature_usage')
      .values({
        project_id,
        feature_key: 'reports',
        day: Math.floor(Date.parse(at(4)) / DAY),
        person_id: 'ann',
        account_id: 'acct-1',
        hours: 1,
        uses: 3,
        last_at: Date.parse(at(4)),
      })
      .execute()
  })
  afterAll(() => database.close())

  it('gathers the account’s summary, health, stages, revenue, scores, people and cases', async () => {
    const body = await overview()
    expect(body.account).toMatchObject({
      id: 'acct-1',
      owner: 'csm@acme.test',
      health: { score: 40 },
      mrr: { amount: 5_000 },
    })
    expect(body.health).toMatchObject({
      score: 40,
      band: 'red',
      explanation: { summary: 'Red' },
      trend: { thirtyDaysAgo: 80, change: -40 },
    })
    expect(body.health.history).toHaveLength(10)
    expect(body.stages.map((s) => [s.stage, s.reason])).toEqual([
      ['onboarding', null],
      ['at_risk', 'pricing call'],
    ])
    expect(body.revenue.changes.map((c) => c.mrr)).toEqual([10_000, 5_000])
    const answered = body.scores.periods.filter((period) => period.nps.n > 0)
    expect(answered.reduce((sum, period) => sum + period.nps.n, 0)).toBe(2)
    expect(body.people.map((p) => [p.id, p.latestAnswer?.responseId])).toEqual([
      ['bob', 'resp_bob_0001'],
      ['ann', 'resp_ann_0001'],
    ])
    expect(body.cases.map((c) => c.status)).toEqual(['contacted'])
    expect(body.usage).toMatchObject({ activePeople30d: 0 })
  })

  it('puts answers, case changes, revenue and stage changes, band changes and first feature uses on one timeline', async () => {
    const { timeline } = await overview()
    const kinds = timeline.entries.map((entry) => entry.kind)
    expect(new Set(kinds)).toEqual(
      new Set([
        'answer',
        'case_change',
        'revenue_change',
        'stage_change',
        'health_band_change',
        'feature_first_used',
      ]),
    )
    const times = timeline.entries.map((entry) => Date.parse(entry.at))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    const bands = timeline.entries.filter((entry) => entry.kind === 'health_band_change')
    expect(bands.map((entry) => [entry.day, entry.from, entry.to])).toEqual([
      [dayOf(5), 'green', 'red'],
      [dayOf(35), null, 'green'],
    ])
    expect(timeline.entries.find((entry) => entry.kind === 'feature_first_used')).toMatchObject({
      feature: 'reports',
      at: `${dayOf(4)}T00:00:00.000Z`,
    })
    expect(
      timeline.entries.find((entry) => entry.kind === 'case_change' && entry.field === 'status'),
    ).toMatchObject({ from: 'open', to: 'contacted', by: 'csm@acme.test' })
  })

  it('pages the timeline by cursor without repeating or losing an entry', async () => {
    const all = (await overview('?limit=500')).timeline.entries.map((entry) => entry.key)
    const paged: string[] = []
    let cursor: string | null = null
    for (let page = 0; page < 50; page++) {
      const { timeline } = await overview(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(timeline.entries.length).toBeLessThanOrEqual(2)
      paged.push(...timeline.entries.map((entry) => entry.key))
      cursor = timeline.nextCursor
      if (cursor === null) break
    }
    expect(paged).toEqual(all)
    expect(new Set(all).size).toBe(all.length)
  })

  it("answers 404 for an unknown account and for another project's", async () => {
    expect((await admin('/accounts/nobody/overview')).status).toBe(404)
    expect((await admin('/accounts/acct-1/overview', {}, other)).status).toBe(404)
  })

  it.each([
    ['period=year', 'period'],
    ['timeZone=Mars/Base', 'timeZone'],
    ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
    ['cursor=abc', 'cursor'],
    ['limit=0', 'limit'],
  ])('refuses %s naming %s', async (query, field) => {
    const response = await admin(`/accounts/acct-1/overview?${query}`)
    expect(response.status).toBe(400)
    expect(((await response.json()) as ErrorJson).error.issues?.map((issue) => issue.field)).toContain(field)
  })

  it('gives each catalogue feature its status: used lately, outside the plan, not lately, never tried', async () => {
    const project_id = acme.project.id
    expect((await overview()).features).toEqual([])
    // The catalogue written as putCatalogue stores it; putCatalogue itself would drop the counted uses.
    const catalogue = [
      { key: 'reports', label: 'Reports', events: ['report.created'], pages: [] },
      { key: 'exports', label: 'Exports', events: ['export.created'], pages: [], plans: ['enterprise'] },
      { key: 'dashboards', label: 'Dashboards', events: ['dashboard.viewed'], pages: [] },
      { key: 'alerts', label: 'Alerts', events: ['alert.created'], pages: [] },
    ]
    await database.db
      .insertInto('features')
      .values(
        catalogue.map((feature, position) => ({
          project_id,
          key: feature.key,
          position,
          definition: JSON.stringify(feature),
        })),
      )
      .execute()
    // Dashboards last used 40 days ago: before the 30-day window.
    await database.db
      .insertInto('feature_usage')
      .values({
        project_id,
        feature_key: 'dashboards',
        day: Math.floor(Date.parse(at(40)) / DAY),
        person_id: 'bob',
        account_id: 'acct-1',
        hours: 1,
        uses: 1,
        last_at: Date.parse(at(40)),
      })
      .execute()
    try {
      const { features, usage } = await overview()
      expect(features).toEqual([
        { key: 'reports', label: 'Reports', status: 'used', lastUsedAt: at(4) },
        { key: 'exports', label: 'Exports', status: 'outside_plan', lastUsedAt: null },
        { key: 'dashboards', label: 'Dashboards', status: 'not_lately', lastUsedAt: at(40) },
        { key: 'alerts', label: 'Alerts', status: 'never_tried', lastUsedAt: null },
      ])
      expect(usage?.featuresUsed30d).toEqual(['reports'])
    } finally {
      await database.db.deleteFrom('features').where('project_id', '=', project_id).execute()
      await database.db
        .deleteFrom('feature_usage')
        .where('project_id', '=', project_id)
        .where('feature_key', '=', 'dashboards')
        .execute()
    }
  })
})
