import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonOf, seedProject, type TestProject, testApp } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

interface Ratio {
  numerator: number
  denominator: number
  value: number | null
}

const active = (accountId: string, at: string, mrr: number, renewsAt?: string) => ({
  accountId,
  at,
  mrr,
  currency: 'USD',
  ...(renewsAt && { renewsAt }),
})
const withStatus = (accountId: string, at: string, status: 'trial' | 'canceled') => ({
  accountId,
  at,
  mrr: 2_000,
  currency: 'USD',
  status,
})

/*
 * January to April 2026 (UTC), by hand:
 * - renews-jan is due on 15 January and renews (at a higher price): January 1 due, 1 renewed.
 * - lapses-feb is due on 10 February and cancels then; renews-feb-smaller is due on 20 February and renews
 *   at half the price (still a renewal): February 2 due, 1 renewed.
 * - no-date never says when it renews: never due.
 * - trial-converts (5 January → paying 19 January) and trial-late (25 January → paying 8 February) started
 *   in January and both converted: 2 of 2. trial-lapses started in February and was canceled: 0 of 1.
 *   trial-twice started in March (canceled) and again in April: only its first trial counts, 0 of 1 in
 *   March, none in April.
 */
const CHANGES = [
  active('renews-jan', '2025-06-01T00:00:00Z', 10_000, '2026-01-15T00:00:00Z'),
  active('renews-jan', '2026-01-15T00:00:00Z', 12_000, '2027-01-15T00:00:00Z'),
  active('lapses-feb', '2025-02-10T00:00:00Z', 5_000, '2026-02-10T00:00:00Z'),
  { ...withStatus('lapses-feb', '2026-02-10T00:00:00Z', 'canceled'), mrr: 0 },
  active('renews-feb-smaller', '2025-02-20T00:00:00Z', 8_000, '2026-02-20T00:00:00Z'),
  active('renews-feb-smaller', '2026-02-20T00:00:00Z', 4_000, '2027-02-20T00:00:00Z'),
  active('no-date', '2025-01-01T00:00:00Z', 3_000),
  withStatus('trial-converts', '2026-01-05T00:00:00Z', 'trial'),
  active('trial-converts', '2026-01-19T00:00:00Z', 2_000),
  withStatus('trial-late', '2026-01-25T00:00:00Z', 'trial'),
  active('trial-late', '2026-02-08T00:00:00Z', 2_000),
  withStatus('trial-lapses', '2026-02-01T00:00:00Z', 'trial'),
  withStatus('trial-lapses', '2026-02-15T00:00:00Z', 'canceled'),
  withStatus('trial-twice', '2026-03-01T00:00:00Z', 'trial'),
  withStatus('trial-twice', '2026-03-15T00:00:00Z', 'canceled'),
  withStatus('trial-twice', '2026-04-01T00:00:00Z', 'trial'),
]

const rate = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
})

describe.each(dialectCases())('renewal rate and trial conversion on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject
  const request = (method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${acme.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
    expect((await request('POST', '/revenue/changes', { changes: CHANGES })).status).toBe(201)
  })
  afterAll(() => database.close())

  it('gives each month the share of renewals due that renewed, and of trials started that converted', async () => {
    const response = await request(
      'GET',
      '/revenue/retention?from=2026-01-01T00:00:00Z&to=2026-05-01T00:00:00Z&timeZone=UTC',
    )
    expect(response.status).toBe(200)
    const { points } = await jsonOf<{
      points: { label: string; renewalRate: Ratio; trialConversion: Ratio }[]
    }>(response)
    expect(
      points.map(({ label, renewalRate, trialConversion }) => ({ label, renewalRate, trialConversion })),
    ).toEqual([
      { label: '2026-01', renewalRate: rate(1, 1), trialConversion: rate(2, 2) },
      { label: '2026-02', renewalRate: rate(1, 2), trialConversion: rate(0, 1) },
      { label: '2026-03', renewalRate: rate(0, 0), trialConversion: rate(0, 1) },
      { label: '2026-04', renewalRate: rate(0, 0), trialConversion: rate(0, 0) },
    ])
  })

  it('splits both by an account trait', async () => {
    const identified = await app.request(`/ingest/v1/identify?key=${acme.project.publicKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        anonymousId: 'anonymous-lapses',
        userId: 'someone@lapses.example',
        account: { id: 'lapses-feb', traits: { plan: 'basic' } },
      }),
    })
    expect(identified.status, await identified.clone().text()).toBeLessThan(300)
    const { segments } = await jsonOf<{
      segments: { key: string; points: { label: string; renewalRate: Ratio }[] }[]
    }>(
      await request(
        'GET',
        '/revenue/retention?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z&timeZone=UTC&splitBy=trait:plan',
      ),
    )
    const february = Object.fromEntries(segments.map(({ key, points }) => [key, points[0]?.renewalRate]))
    expect(february.basic).toEqual(rate(0, 1))
    expect(february['(none)']).toEqual(rate(1, 1))
  })
})
