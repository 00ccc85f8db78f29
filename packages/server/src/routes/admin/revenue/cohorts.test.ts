import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject, testApp } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

/*
 * January cohort: a1 ($10, upsold to $15 in February, gone in April), a2 ($20, stays), and a3, which paid
 * $5 for three days and left in January, so it is not in the cohort's base. February cohort: b1 ($7, gone
 * in March). old has paid since 2025 and belongs to no cohort of the range.
 */
const CHANGES = [
  { accountId: 'a1', at: '2026-01-05T00:00:00Z', mrr: 1_000, currency: 'USD' },
  { accountId: 'a1', at: '2026-02-10T00:00:00Z', mrr: 1_500, currency: 'USD' },
  { accountId: 'a1', at: '2026-04-01T00:00:00Z', mrr: 0, currency: 'USD' },
  { accountId: 'a2', at: '2026-01-20T00:00:00Z', mrr: 2_000, currency: 'USD' },
  { accountId: 'a3', at: '2026-01-25T00:00:00Z', mrr: 500, currency: 'USD' },
  { accountId: 'a3', at: '2026-01-28T00:00:00Z', mrr: 0, currency: 'USD' },
  { accountId: 'b1', at: '2026-02-03T00:00:00Z', mrr: 700, currency: 'USD' },
  { accountId: 'b1', at: '2026-03-03T00:00:00Z', mrr: 700, currency: 'USD', status: 'canceled' },
  { accountId: 'old', at: '2025-06-01T00:00:00Z', mrr: 9_000, currency: 'USD' },
]

const r = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
})

describe.each(dialectCases())('revenue cohorts API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject

  const get = (path: string) =>
    app.request(`/admin/v1${path}`, { headers: { authorization: `Bearer ${acme.secretKey}` } })

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
    const response = await app.request('/admin/v1/revenue/changes', {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ changes: CHANGES }),
    })
    expect(response.status).toBe(201)
  })
  afterAll(() => database.close())

  it('groups accounts by first paid month and gives logos and MRR kept after each month', async () => {
    const response = await get('/revenue/cohorts?from=2026-01-01T00:00:00Z&to=2026-05-01T00:00:00Z')
    expect(response.status).toBe(200)
    const { cohorts } = await jsonOf<{ cohorts: unknown[] }>(response)
    expect(cohorts).toEqual([
      {
        label: '2026-01',
        base: { accounts: 2, mrr: 3_000 },
        after: [
          { months: 1, logos: r(2, 2), mrr: r(3_500, 3_000) },
          { months: 2, logos: r(2, 2), mrr: r(3_500, 3_000) },
          { months: 3, logos: r(1, 2), mrr: r(2_000, 3_000) },
        ],
      },
      {
        label: '2026-02',
        base: { accounts: 1, mrr: 700 },
        after: [
          { months: 1, logos: r(0, 1), mrr: r(0, 700) },
          { months: 2, logos: r(0, 1), mrr: r(0, 700) },
        ],
      },
    ])
  })

  it('refuses a split', async () => {
    expect(await fieldsOf(await get('/revenue/cohorts?splitBy=trait:plan'))).toEqual(['splitBy'])
  })
})
