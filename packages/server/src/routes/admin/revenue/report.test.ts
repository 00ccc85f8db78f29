import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import { createApp } from '../../../app'
import type { HeedDatabase } from '../../../db/open'
import { createLogger } from '../../../logger'

/*
 * November 2026 in UTC: start MRR $300 (big $200, small $100); big upsells to $260, small churns; new-one
 * joins at $50. NRR = (300 + 60 − 100) ÷ 300 = 86.7%, upsell 20%, churn 33.3%, downgrades 0%.
 * big's buyer is a detractor with an open case: big's $260 is revenue at risk.
 */
const CHANGES = [
  { accountId: 'big', at: '2026-09-01T00:00:00Z', mrr: 20_000, currency: 'USD' },
  { accountId: 'small', at: '2026-09-01T00:00:00Z', mrr: 10_000, currency: 'USD' },
  { accountId: 'big', at: '2026-11-10T00:00:00Z', mrr: 26_000, currency: 'USD' },
  { accountId: 'small', at: '2026-11-20T00:00:00Z', mrr: 0, currency: 'USD' },
  { accountId: 'new-one', at: '2026-11-25T00:00:00Z', mrr: 5_000, currency: 'USD' },
]
const GOALS = [
  { metric: 'netRevenueRetention', comparison: '>=', target: 1 },
  { metric: 'expansionRate', comparison: '>', target: 0.03 },
  { metric: 'revenueChurnRate', comparison: '<', target: 0.015 },
]

interface Section {
  section: string
  goal: unknown
  result: { numerator: number; denominator: number } | null
  met: boolean | null
  series: { label: string; value: number | null }[]
  movers: { accountId: string; name: string | null; amount: number }[]
  note: { text: string; author: string } | null
}

describe.each(dialectCases())('monthly report API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof createApp>
  // Answers are given in October, so that the accounts' NPS buckets are known when November begins.
  let clock = Date.UTC(2026, 9, 20)
  let acme: TestProject

  const request = (method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${acme.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    app = createApp({
      database,
      logger: createLogger('silent'),
      rateLimits: { ingest: 100_000, admin: 100_000 },
      now: () => clock,
    })
    expect((await request('POST', '/revenue/changes', { changes: CHANGES })).status).toBe(201)
    expect((await request('PUT', '/goals', { goals: GOALS })).status).toBe(200)
    await database.db
      .insertInto('accounts')
      .values({
        project_id: acme.project.id,
        id: 'big',
        traits: JSON.stringify({ name: 'Big Co', owner: 'ann@acme.test' }),
        first_seen: 0,
        last_seen: 0,
      })
      .execute()
    const ingest = (path: string, body: unknown) =>
      app.request(`/ingest/v1/${path}?key=${acme.project.publicKey}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    await ingest('identify', { anonymousId: 'anon-big', userId: 'buyer@big.test', account: { id: 'big' } })
    // A detractor answer opens a follow-up case, which stays open.
    const answered = await ingest('responses', {
      id: 'answer-big-1',
      surveyId: acme.surveys.nps,
      anonymousId: 'anon-big',
      score: 3,
    })
    expect(answered.status).toBeLessThan(300)
    // small's buyer was unhappy about pricing too; that case is resolved, so small is not at risk.
    clock += 3_600_000
    await ingest('identify', {
      anonymousId: 'anon-small',
      userId: 'buyer@small.test',
      account: { id: 'small' },
    })
    await ingest('responses', {
      id: 'answer-small-1',
      surveyId: acme.surveys.nps,
      anonymousId: 'anon-small',
      score: 2,
    })
    const { cases } = await jsonOf<{ cases: { id: string; responseId: string }[] }>(
      await request('GET', '/cases'),
    )
    const smallCase = cases.find((c) => c.responseId === 'answer-small-1')
    const resolved = await request('PATCH', `/cases/${smallCase?.id}`, {
      status: 'resolved',
      rootCause: 'pricing',
      by: 'lena@acme.test',
    })
    expect(resolved.status).toBe(200)
    clock = Date.UTC(2026, 11, 7)
  })
  afterAll(() => database.close())

  it('measures each revenue section against its goal, with a year of history and the movers', async () => {
    const response = await request('GET', '/reports/monthly/2026-11')
    expect(response.status).toBe(200)
    const report = await jsonOf<{
      mrr: unknown
      sections: Section[]
      survey: { revenueAtRisk: unknown; byNpsBucket: unknown; lossesByRootCause: unknown }
    }>(response)
    expect(report.mrr).toEqual({ start: 30_000, end: 31_000 })
    const [retention, upsell, downgrades, churn] = report.sections
    expect(retention).toMatchObject({
      section: 'retention',
      goal: GOALS[0],
      result: { numerator: 26_000, denominator: 30_000 },
      met: false,
    })
    expect(upsell).toMatchObject({ result: { numerator: 6_000, denominator: 30_000 }, met: true })
    expect(upsell?.movers).toEqual([
      expect.objectContaining({ accountId: 'big', name: 'Big Co', amount: 6_000 }),
    ])
    expect(downgrades).toMatchObject({ result: { numerator: 0, denominator: 30_000 }, goal: null, met: null })
    expect(churn).toMatchObject({ result: { numerator: 10_000, denominator: 30_000 }, met: false })
    expect(churn?.movers.map((mover) => mover.accountId)).toEqual(['small'])
    expect(retention?.series).toHaveLength(12)
    expect(retention?.series[0]).toEqual({ label: '2025-12', value: null })
    expect(retention?.series[10]).toEqual({ label: '2026-10', value: 1 })
    // The open detractor case makes big's MRR at the end of November revenue at risk.
    expect(report.survey.revenueAtRisk).toEqual({ accounts: 1, mrr: 26_000 })
    // Both detractors together: $300 at the start, $60 upsell, $100 churned.
    expect(report.survey.byNpsBucket).toEqual([
      {
        bucket: 'detractor',
        startMrr: 30_000,
        netRevenueRetention: { numerator: 26_000, denominator: 30_000, value: 26_000 / 30_000 },
        revenueChurnRate: { numerator: 10_000, denominator: 30_000, value: 10_000 / 30_000 },
        churnedMrr: 10_000,
      },
      {
        bucket: '(none)',
        startMrr: 0,
        netRevenueRetention: { numerator: 0, denominator: 0, value: null },
        revenueChurnRate: { numerator: 0, denominator: 0, value: null },
        churnedMrr: 0,
      },
    ])
    expect(report.survey.lossesByRootCause).toEqual([
      { rootCause: 'pricing', accounts: 1, churn: 10_000, contraction: 0 },
    ])
  })

  it('keeps the team’s notes with author and time, and renders the whole report as Markdown', async () => {
    const put = await request('PUT', '/reports/monthly/2026-11/notes', {
      author: 'lena@acme.test',
      notes: {
        churn: 'Small left for a cheaper tool.',
        nextActions: 'Call every detractor account above $200.',
      },
    })
    expect(put.status).toBe(200)
    const { sections } = await jsonOf<{ sections: Section[] }>(
      await request('GET', '/reports/monthly/2026-11'),
    )
    expect(sections[3]?.note).toMatchObject({
      text: 'Small left for a cheaper tool.',
      author: 'lena@acme.test',
    })

    const markdown = await request('GET', '/reports/monthly/2026-11?format=md')
    expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/)
    const text = await markdown.text()
    expect(text).toContain('# Customer-success report, 2026-11')
    expect(text).toContain('Result: 86.7% (missed)')
    expect(text).toContain('- Big Co: 60.00 USD, owner ann@acme.test, latest NPS 3')
    expect(text).toContain(
      'Revenue at risk (accounts with an open detractor case): 260.00 USD from 1 accounts',
    )
    expect(text).toContain('Call every detractor account above $200.')
  })

  it('names the field at fault', async () => {
    expect(await fieldsOf(await request('GET', '/reports/monthly/2026-13'))).toEqual(['month'])
    expect(await fieldsOf(await request('GET', '/reports/monthly/2026-11?format=pdf'))).toEqual(['format'])
    const noAuthor = await request('PUT', '/reports/monthly/2026-11/notes', { notes: { churn: 'x' } })
    expect(await fieldsOf(noAuthor)).toEqual(['author'])
    const unknownSection = await request('PUT', '/reports/monthly/2026-11/notes', {
      author: 'a',
      notes: { x: 'y' },
    })
    expect((await fieldsOf(unknownSection))[0]).toMatch(/^notes/)
  })
})
