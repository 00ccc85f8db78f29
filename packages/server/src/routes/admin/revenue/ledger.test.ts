import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf, jsonOf, seedProject, type TestProject, testApp } from '../../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../../test-support/test-database'
import type { HeedDatabase } from '../../../db/open'

interface ChangeJson {
  id: string
  accountId: string
  at: string
  mrr: number
  currency: string
  plan: string | null
  status: string
  renewsAt: string | null
}

describe.each(dialectCases())('revenue ledger API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let app: ReturnType<typeof testApp>
  let acme: TestProject
  let other: TestProject

  const request = (project: TestProject, method: string, path: string, body?: unknown) =>
    app.request(`/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${project.secretKey}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  const post = (project: TestProject, changes: unknown[]) =>
    request(project, 'POST', '/revenue/changes', { changes })
  /** An account's changes; none when it has no revenue, which the API answers with a 404. */
  const changesOf = async (project: TestProject, accountId: string) => {
    const response = await request(project, 'GET', `/accounts/${accountId}/revenue`)
    if (response.status === 404) return []
    return (await jsonOf<{ changes: ChangeJson[] }>(response)).changes
  }

  beforeAll(async () => {
    database = await dialect.open()
    app = testApp(database)
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
  })
  afterAll(() => database.close())

  it('stores changes arriving out of order and lists them by time; a retry changes nothing', async () => {
    const batch = [
      {
        id: 'chg_2',
        accountId: 'acc-1',
        at: '2026-03-01T00:00:00Z',
        mrr: 15_000,
        currency: 'USD',
        plan: 'Pro',
      },
      { id: 'chg_1', accountId: 'acc-1', at: '2026-01-10T09:00:00+01:00', mrr: 10_000, currency: 'USD' },
      {
        accountId: 'acc-1',
        at: '2026-05-01T00:00:00Z',
        mrr: 0,
        currency: 'USD',
        status: 'canceled',
        renewsAt: '2027-05-01T00:00:00Z',
      },
    ]
    const first = await post(acme, batch)
    expect(first.status).toBe(201)
    expect(await jsonOf(first)).toEqual({ created: 3, unchanged: 0 })
    const retry = await post(acme, batch)
    expect(retry.status).toBe(200)
    expect(await jsonOf(retry)).toEqual({ created: 0, unchanged: 3 })

    const listed = await changesOf(acme, 'acc-1')
    expect(
      listed.map(({ id, ...rest }) => ({ id: id.startsWith('rev_') ? 'generated' : id, ...rest })),
    ).toEqual([
      {
        id: 'chg_1',
        accountId: 'acc-1',
        at: '2026-01-10T08:00:00.000Z',
        mrr: 10_000,
        currency: 'USD',
        plan: null,
        status: 'active',
        renewsAt: null,
      },
      {
        id: 'chg_2',
        accountId: 'acc-1',
        at: '2026-03-01T00:00:00.000Z',
        mrr: 15_000,
        currency: 'USD',
        plan: 'Pro',
        status: 'active',
        renewsAt: null,
      },
      {
        id: 'generated',
        accountId: 'acc-1',
        at: '2026-05-01T00:00:00.000Z',
        mrr: 0,
        currency: 'USD',
        plan: null,
        status: 'canceled',
        renewsAt: '2027-05-01T00:00:00.000Z',
      },
    ])
    // Another project sees none of it.
    expect((await request(other, 'GET', '/accounts/acc-1/revenue')).status).toBe(404)
  })

  it('refuses a change that contradicts a stored one, and then stores nothing of the call', async () => {
    await post(acme, [{ accountId: 'acc-2', at: '2026-01-01T00:00:00Z', mrr: 5_000, currency: 'USD' }])
    const differentAmount = await post(acme, [
      { accountId: 'acc-2', at: '2026-02-01T00:00:00Z', mrr: 6_000, currency: 'USD' },
      { accountId: 'acc-2', at: '2026-01-01T00:00:00Z', mrr: 5_500, currency: 'USD' },
    ])
    expect(differentAmount.status).toBe(409)
    expect(await fieldsOf(differentAmount)).toEqual(['changes.1.at'])
    expect((await changesOf(acme, 'acc-2')).map((change) => change.mrr)).toEqual([5_000])

    const reusedId = await post(acme, [
      { id: 'chg_1', accountId: 'acc-1', at: '2026-01-10T08:00:00Z', mrr: 99, currency: 'USD' },
    ])
    expect(reusedId.status).toBe(409)
    expect(await fieldsOf(reusedId)).toEqual(['changes.0.id'])

    const twiceInOneCall = await post(acme, [
      { accountId: 'acc-3', at: '2026-01-01T00:00:00Z', mrr: 1, currency: 'USD' },
      { accountId: 'acc-3', at: '2026-01-01T00:00:00Z', mrr: 2, currency: 'USD' },
    ])
    expect(await fieldsOf(twiceInOneCall)).toEqual(['changes.1.at'])
    expect(await changesOf(acme, 'acc-3')).toEqual([])
  })

  it('names the field of anything invalid', async () => {
    const valid = { accountId: 'acc-9', at: '2026-01-01T00:00:00Z', mrr: 100, currency: 'USD' }
    const cases: [unknown, string][] = [
      [{ ...valid, mrr: 10.5 }, 'changes.3.mrr'],
      [{ ...valid, mrr: -1 }, 'changes.3.mrr'],
      [{ ...valid, mrr: '100' }, 'changes.3.mrr'],
      [{ ...valid, currency: 'usd' }, 'changes.3.currency'],
      [{ ...valid, at: '2026-01-01T00:00:00' }, 'changes.3.at'],
      [{ ...valid, status: 'paused' }, 'changes.3.status'],
      [{ ...valid, accountId: '' }, 'changes.3.accountId'],
      [{ ...valid, price: 1 }, 'changes.3.price'],
    ]
    for (const [change, field] of cases) {
      const response = await post(acme, [valid, valid, valid, change])
      expect(response.status, field).toBe(400)
      expect(await fieldsOf(response), JSON.stringify(change)).toContain(field)
    }
    const tooMany = await post(
      acme,
      Array.from({ length: 1_001 }, () => valid),
    )
    expect(await fieldsOf(tooMany)).toEqual(['changes'])
    expect(await changesOf(acme, 'acc-9')).toEqual([])
  })

  it('asks for the month rate of a foreign currency, in the project time zone, before storing the change', async () => {
    const euro = { accountId: 'acc-eu', at: '2026-02-28T23:30:00Z', mrr: 9_000, currency: 'EUR' }
    const missing = await post(acme, [{ ...euro, currency: 'USD', at: '2026-01-01T00:00:00Z' }, euro])
    expect(missing.status).toBe(422)
    const body = await jsonOf<{ error: { code: string; message: string } }>(missing)
    expect(body.error.code).toBe('missing_rate')
    expect(body.error.message).toMatch(/changes\.1\.currency: no EUR rate for 2026-02/)
    expect(await changesOf(acme, 'acc-eu')).toEqual([])

    const badRates = await request(acme, 'PUT', '/revenue/rates', {
      rates: [
        { currency: 'EUR', month: '2026-02', rate: '1.08' },
        { currency: 'EUR', month: '2026-13', rate: '1.08' },
      ],
    })
    expect(await fieldsOf(badRates)).toEqual(['rates.1.month'])
    for (const [rate, field] of [
      [{ currency: 'USD', month: '2026-02', rate: '1' }, 'rates.0.currency'],
      [{ currency: 'EUR', month: '2026-02', rate: '0' }, 'rates.0.rate'],
      [{ currency: 'EUR', month: '2026-02', rate: 1.08 }, 'rates.0.rate'],
    ] as const) {
      expect(await fieldsOf(await request(acme, 'PUT', '/revenue/rates', { rates: [rate] }))).toEqual([field])
    }
    const rates = await request(acme, 'PUT', '/revenue/rates', {
      rates: [{ currency: 'EUR', month: '2026-02', rate: '1.08' }],
    })
    expect(await jsonOf(rates)).toEqual({ rates: [{ currency: 'EUR', month: '2026-02', rate: '1.08' }] })
    expect((await post(acme, [euro])).status).toBe(201)

    // The project's zone decides the month: 23:30 UTC on 28 February is already March in Berlin.
    await request(acme, 'PATCH', '/project', { timeZone: 'Europe/Berlin' })
    const march = await post(acme, [{ ...euro, at: '2026-02-28T23:45:00Z' }])
    expect(march.status).toBe(422)
    expect((await jsonOf<{ error: { message: string } }>(march)).error.message).toMatch(/2026-03/)
    await request(acme, 'PATCH', '/project', { timeZone: 'UTC' })
  })

  it('keeps the reporting currency while the ledger is empty only', async () => {
    expect(await jsonOf(await request(other, 'GET', '/revenue/settings'))).toEqual({
      reportingCurrency: 'USD',
    })
    const changed = await request(other, 'PUT', '/revenue/settings', { reportingCurrency: 'EUR' })
    expect(await jsonOf(changed)).toEqual({ reportingCurrency: 'EUR' })
    expect(
      await fieldsOf(await request(other, 'PUT', '/revenue/settings', { reportingCurrency: 'euro' })),
    ).toEqual(['reportingCurrency'])
    await post(other, [{ accountId: 'x-1', at: '2026-01-01T00:00:00Z', mrr: 100, currency: 'EUR' }])
    const refused = await request(other, 'PUT', '/revenue/settings', { reportingCurrency: 'GBP' })
    expect(refused.status).toBe(409)
    expect(await fieldsOf(refused)).toEqual(['reportingCurrency'])
    expect(await jsonOf(await request(other, 'GET', '/revenue/settings'))).toEqual({
      reportingCurrency: 'EUR',
    })
  })
})
