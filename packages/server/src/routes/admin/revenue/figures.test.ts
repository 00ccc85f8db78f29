import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject, testApp } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

interface Ratio {
  numerator: number
  denominator: number
  value: number | null
}
interface MovementPoint {
  label: string
  mrr: Record<string, number>
  customers: Record<string, number>
  arr: number
  arpa: Ratio
}
interface RetentionPoint {
  label: string
  grossRevenueRetention: Ratio
  netRevenueRetention: Ratio
  quickRatio: Ratio
  logoRetention: Ratio
  trailing12: { accounts: number; netRevenueRetention: Ratio; grossRevenueRetention: Ratio }
}

const RANGE = 'from=2026-01-01T00:00:00Z&to=2026-05-01T00:00:00Z'

/*
 * Five accounts, January to April 2026, reported in USD (every amount in cents):
 * - upsell-downgrade (plan pro): $100 since 15 December, $150 on 10 January, $120 on 20 January.
 * - leaves-returns (plan basic): $50 since November, canceled 5 February, back at $60 on 3 April.
 * - switches-currency: €100 since December, $110 from 15 March (EUR rates 1.05, 1.05, 1.08, 1.10).
 * - joins: $30 from 10 February.
 * - old-customer: $10 since March 2025, $15 from 10 April (the only account paying a year earlier).
 */
const CHANGES = [
  { accountId: 'upsell-downgrade', at: '2025-12-15T00:00:00Z', mrr: 10_000, currency: 'USD' },
  { accountId: 'upsell-downgrade', at: '2026-01-10T00:00:00Z', mrr: 15_000, currency: 'USD' },
  { accountId: 'upsell-downgrade', at: '2026-01-20T00:00:00Z', mrr: 12_000, currency: 'USD' },
  { accountId: 'leaves-returns', at: '2025-11-01T00:00:00Z', mrr: 5_000, currency: 'USD' },
  {
    accountId: 'leaves-returns',
    at: '2026-02-05T00:00:00Z',
    mrr: 5_000,
    currency: 'USD',
    status: 'canceled',
  },
  { accountId: 'leaves-returns', at: '2026-04-03T00:00:00Z', mrr: 6_000, currency: 'USD' },
  { accountId: 'switches-currency', at: '2025-12-01T00:00:00Z', mrr: 10_000, currency: 'EUR' },
  { accountId: 'switches-currency', at: '2026-03-15T00:00:00Z', mrr: 11_000, currency: 'USD' },
  { accountId: 'joins', at: '2026-02-10T00:00:00Z', mrr: 3_000, currency: 'USD' },
  { accountId: 'old-customer', at: '2025-03-01T00:00:00Z', mrr: 1_000, currency: 'USD' },
  { accountId: 'old-customer', at: '2026-04-10T00:00:00Z', mrr: 1_500, currency: 'USD' },
]

const totals = (start: number, moves: Partial<Record<string, number>>, end: number) => ({
  start,
  new: 0,
  expansion: 0,
  contraction: 0,
  churn: 0,
  reactivation: 0,
  ...moves,
  end,
})

describe.each(dialectCases())('revenue figures API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject

  const request = (method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${acme.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  const get = async <T>(path: string) => {
    const response = await request('GET', path)
    expect(response.status, await response.clone().text()).toBe(200)
    return jsonOf<T>(response)
  }

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
    const rates = ['2025-12:1.05', '2026-01:1.05', '2026-02:1.08', '2026-03:1.10'].map((entry) => {
      const [month, rate] = entry.split(':')
      return { currency: 'EUR', month, rate }
    })
    expect((await request('PUT', '/revenue/rates', { rates })).status).toBe(200)
    expect((await request('POST', '/revenue/changes', { changes: CHANGES })).status).toBe(201)
    for (const [id, plan] of [
      ['upsell-downgrade', 'pro'],
      ['leaves-returns', 'basic'],
    ] as const) {
      await database.db
        .insertInto('accounts')
        .values({
          project_id: acme.project.id,
          id,
          traits: JSON.stringify({ plan }),
          first_seen: 0,
          last_seen: 0,
        })
        .execute()
    }
    await seedOldCustomer()
  })
  afterAll(() => database.close())

  /** old-customer has a name, an owner and two NPS answers, the latest a 4. */
  async function seedOldCustomer() {
    await database.db
      .insertInto('accounts')
      .values({
        project_id: acme.project.id,
        id: 'old-customer',
        traits: JSON.stringify({ name: 'Old Customer Ltd', owner: 'ann@acme.test' }),
        first_seen: 0,
        last_seen: 0,
      })
      .execute()
    const answer = (score: number, id: string) =>
      app.request(`/ingest/v1/responses?key=${acme.project.publicKey}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, surveyId: acme.surveys.nps, anonymousId: 'anon-old-customer', score }),
      })
    const identified = await app.request(`/ingest/v1/identify?key=${acme.project.publicKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        anonymousId: 'anon-old-customer',
        userId: 'buyer@old.test',
        account: { id: 'old-customer' },
      }),
    })
    expect(identified.status).toBeLessThan(300)
    expect((await answer(9, 'answer-old-1')).status).toBeLessThan(300)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect((await answer(4, 'answer-old-2')).status).toBeLessThan(300)
  }

  it('gives each month’s movements, hand-computed, with exchange-rate swings never moving MRR', async () => {
    const { currency, points } = await get<{ currency: string; points: MovementPoint[] }>(
      `/revenue/movements?${RANGE}`,
    )
    expect(currency).toBe('USD')
    expect(points.map((point) => [point.label, point.mrr])).toEqual([
      // The upsell and the downgrade of one account in January net out to one upsell of $20.
      ['2026-01', totals(26_500, { expansion: 2_000 }, 28_500)],
      // The euro account is worth $108 at February's rate: a revaluation, not an expansion.
      ['2026-02', totals(28_800, { churn: 5_000, new: 3_000 }, 26_800)],
      // €100 at 1.10 then $110: the currency change is no movement.
      ['2026-03', totals(27_000, {}, 27_000)],
      ['2026-04', totals(27_000, { reactivation: 6_000, expansion: 500 }, 33_500)],
    ])
    expect(points.map((point) => point.customers)).toEqual([
      { start: 4, new: 0, reactivated: 0, churned: 0, end: 4 },
      { start: 4, new: 1, reactivated: 0, churned: 1, end: 4 },
      { start: 4, new: 0, reactivated: 0, churned: 0, end: 4 },
      { start: 4, new: 0, reactivated: 1, churned: 0, end: 5 },
    ])
    expect(points[3]?.arr).toBe(402_000)
    expect(points[3]?.arpa).toEqual({ numerator: 33_500, denominator: 5, value: 6_700 })
  })

  it('lists the accounts behind the last period’s movements, with name, owner and latest score', async () => {
    const { movers } = await get<{ movers: Record<string, unknown> }>(`/revenue/movements?${RANGE}`)
    expect(movers).toEqual({
      label: '2026-04',
      new: [],
      expansion: [
        {
          accountId: 'old-customer',
          kind: 'expansion',
          amount: 500,
          start: 1_000,
          end: 1_500,
          name: 'Old Customer Ltd',
          owner: 'ann@acme.test',
          latestScore: { kind: 'nps', score: 4, at: expect.any(String) },
        },
      ],
      contraction: [],
      churn: [],
      reactivation: [
        {
          accountId: 'leaves-returns',
          kind: 'reactivation',
          amount: 6_000,
          start: 0,
          end: 6_000,
          name: null,
          owner: null,
          latestScore: null,
        },
      ],
    })
  })

  it('splits by an account trait, the segments adding up to the whole', async () => {
    const { segments } = await get<{ segments: { key: string; points: MovementPoint[] }[] }>(
      `/revenue/movements?${RANGE}&splitBy=trait:plan`,
    )
    expect(segments.map((segment) => segment.key)).toEqual(['pro', 'basic', '(none)'])
    const [pro, basic] = segments
    expect(pro?.points[0]?.mrr).toEqual(totals(10_000, { expansion: 2_000 }, 12_000))
    expect(basic?.points[1]?.mrr).toEqual(totals(5_000, { churn: 5_000 }, 0))
    expect(basic?.points[3]?.mrr).toEqual(totals(0, { reactivation: 6_000 }, 6_000))
  })

  it('gives retention rates as exact ratios, and trailing-twelve-month NRR and GRR', async () => {
    const { points } = await get<{ points: RetentionPoint[] }>(`/revenue/retention?${RANGE}`)
    const february = points[1] as RetentionPoint
    expect(february.grossRevenueRetention).toEqual({
      numerator: 23_800,
      denominator: 28_800,
      value: 23_800 / 28_800,
    })
    expect(february.netRevenueRetention).toEqual({
      numerator: 23_800,
      denominator: 28_800,
      value: 23_800 / 28_800,
    })
    expect(february.quickRatio).toEqual({ numerator: 3_000, denominator: 5_000, value: 0.6 })
    expect(february.logoRetention).toEqual({ numerator: 3, denominator: 4, value: 0.75 })
    // March has no losses: a quick ratio has nothing to divide by.
    expect(points[2]?.quickRatio.value).toBeNull()
    // A year before the end of January nobody paid; a year before the end of April only old-customer did.
    expect(points[0]?.trailing12).toEqual({
      accounts: 0,
      netRevenueRetention: { numerator: 0, denominator: 0, value: null },
      grossRevenueRetention: { numerator: 0, denominator: 0, value: null },
    })
    expect(points[3]?.trailing12).toEqual({
      accounts: 1,
      netRevenueRetention: { numerator: 1_500, denominator: 1_000, value: 1.5 },
      grossRevenueRetention: { numerator: 1_000, denominator: 1_000, value: 1 },
    })
  })

  it('recomputes every later month when a backfill arrives late', async () => {
    // We learn that "joins" had been paying $20 since 20 January.
    const backfill = { accountId: 'joins', at: '2026-01-20T00:00:00Z', mrr: 2_000, currency: 'USD' }
    expect((await request('POST', '/revenue/changes', { changes: [backfill] })).status).toBe(201)
    const { points } = await get<{ points: MovementPoint[] }>(`/revenue/movements?${RANGE}`)
    expect(points[0]?.mrr).toEqual(totals(26_500, { expansion: 2_000, new: 2_000 }, 30_500))
    expect(points[1]?.mrr).toEqual(totals(30_800, { churn: 5_000, expansion: 1_000 }, 26_800))
    const retention = await get<{ points: RetentionPoint[] }>(`/revenue/retention?${RANGE}`)
    expect(retention.points[1]?.netRevenueRetention.numerator).toBe(26_800)
  })

  it('names the parameter at fault', async () => {
    for (const [query, field] of [
      ['period=week', 'period'],
      ['splitBy=survey', 'splitBy'],
      ['timeZone=Mars/Olympus', 'timeZone'],
      ['from=2026-05-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
      ['from=yesterday', 'from'],
    ]) {
      const response = await request('GET', `/revenue/movements?${query}`)
      expect(response.status, query).toBe(400)
      expect(await fieldsOf(response), query).toEqual([field])
    }
  })
})
