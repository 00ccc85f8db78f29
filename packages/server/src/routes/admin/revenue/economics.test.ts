import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject, testApp } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

// a1 ($100) and a2 ($200) start in January; a1 leaves in February.
const CHANGES = [
  { accountId: 'a1', at: '2026-01-05T00:00:00Z', mrr: 10_000, currency: 'USD' },
  { accountId: 'a2', at: '2026-01-10T00:00:00Z', mrr: 20_000, currency: 'USD' },
  { accountId: 'a1', at: '2026-02-03T00:00:00Z', mrr: 0, currency: 'USD' },
]
const COSTS = {
  salesAndMarketing: 60_000,
  customerSuccess: 30_000,
  support: 20_000,
  productDevelopment: 50_000,
}

interface Month {
  label: string
  costs: unknown
  economics: Record<string, { value: number | null; reason?: string }>
}

describe.each(dialectCases())('unit economics API on $name', (dialect: DialectCase) => {
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

  it('computes each month’s unit economics from its costs, hand-computed, or says why not', async () => {
    const put = await request('PUT', '/costs/2026-01', { ...COSTS, grossMarginPercent: 80 })
    expect(await jsonOf(put)).toEqual({ month: '2026-01', ...COSTS, grossMarginPercent: 80 })
    await request('PUT', '/costs/2026-02', { ...COSTS, salesAndMarketing: 100_000, grossMarginPercent: 80 })
    const response = await request(
      'GET',
      '/revenue/economics?from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z',
    )
    expect(response.status).toBe(200)
    const [january, february, march] = (await jsonOf<{ months: Month[] }>(response)).months

    // January: two new customers, $300 MRR, nothing to measure churn against.
    expect(january?.economics.cac).toEqual({ value: 30_000 }) // $600 ÷ 2
    expect(january?.economics.cacPaybackMonths).toEqual({ value: 2.5 }) // $300 ÷ ($150 × 80%)
    expect(january?.economics.cltv?.value).toBeNull()
    expect(january?.economics.cltv?.reason).toMatch(/no MRR at the start/)

    // February: $300 at the start, $100 churned (a third), one customer paying $200 at the end.
    expect(february?.economics.cac).toEqual({
      value: null,
      reason: expect.stringMatching(/no new customers/),
    })
    expect(february?.economics.cltv).toEqual({ value: 48_000 }) // $200 × 80% ÷ (1/3)
    expect(february?.economics.customerRetentionCost).toEqual({ value: 30_000 }) // $300 ÷ 1
    expect(february?.economics.costToCarry).toEqual({ value: 2.5 }) // ($300 + $200) ÷ $200

    // March has no costs.
    expect(march?.costs).toBeNull()
    expect(march?.economics.cac?.reason).toBe('no costs given for 2026-03: PUT /admin/v1/costs/2026-03')
  })

  it('names the field at fault', async () => {
    const valid = { ...COSTS, grossMarginPercent: 78.5 }
    for (const [path, body, field] of [
      ['/costs/2026-13', valid, 'month'],
      ['/costs/2026-01', { ...valid, grossMarginPercent: 101 }, 'grossMarginPercent'],
      ['/costs/2026-01', { ...valid, grossMarginPercent: 78.555 }, 'grossMarginPercent'],
      ['/costs/2026-01', { ...valid, support: -1 }, 'support'],
      ['/costs/2026-01', { ...valid, support: 10.5 }, 'support'],
    ] as const) {
      const response = await request('PUT', path, body)
      expect(response.status, field).toBe(400)
      expect(await fieldsOf(response)).toEqual([field])
    }
    expect(await fieldsOf(await request('GET', '/revenue/economics?period=quarter'))).toEqual(['period'])
  })
})
