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
import type { HealthBand, LifecycleStageName } from '../../../db/schema'

interface AccountJson {
  id: string
  owner: string | null
  health: { score: number | null; band: HealthBand | null } | null
  stage: { stage: LifecycleStageName; source: string } | null
  mrr: { amount: number; currency: string; status: string } | null
  nps: { answers: number; promoters: number; detractors: number; score: number | null }
  latestNpsScore: number | null
  personCount: number
  responseCount: number
}

const MINUTE = 60_000
const BASE = Math.floor((Date.now() - 3 * 24 * 60 * MINUTE) / (60 * MINUTE)) * 60 * MINUTE
const at = (minutes: number) => new Date(BASE + minutes * MINUTE).toISOString()

/**
 * Four accounts:
 *   acct-a  owner Ann (written in capitals)  health 80 green   adoption  10,000 USD cents   NPS answers 10, 9  -> NPS 100
 *   acct-b  owner bob                        health 40 red     at_risk    5,000 EUR = 5,500 USD at 1.1   answer 2 -> -100
 *   acct-c  no owner                         health 60 yellow  onboarding 3,000 USD, then canceled -> 0   answers 9, 7 -> 50
 *   acct-d  owner ann                        never scored, no stage, no ledger, no answers
 * Last activity: d (minute 40), c (30), b (20), a (10).
 */
describe.each(dialectCases())('accounts list on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>

  const ingest = async (path: string, body: unknown, project = acme) => {
    const response = await app.request(`/ingest/v1${path}?key=${project.project.publicKey}`, post(body))
    if (response.status >= 300) throw new Error(await response.text())
  }
  const admin = (path: string, init: RequestInit = {}, project = acme) =>
    app.request(`/admin/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${project.secretKey}`, 'content-type': 'application/json' },
    })
  const ids = async (query: string, project = acme) => {
    const response = await admin(`/accounts?${query}`, {}, project)
    expect(response.status).toBe(200)
    return ((await response.json()) as { accounts: AccountJson[] }).accounts.map((account) => account.id)
  }

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)
    const accounts: [string, Record<string, unknown>, number][] = [
      ['acct-a', { owner: 'Ann@Acme.test', name: 'A' }, 10],
      ['acct-b', { owner: 'bob@acme.test' }, 20],
      ['acct-c', {}, 30],
      ['acct-d', { owner: 'ann@acme.test' }, 40],
    ]
    for (const [id, traits, minute] of accounts) {
      await ingest('/identify', {
        anonymousId: `anon_${id}`,
        userId: `user-${id}`,
        account: { id, traits },
        timestamp: at(minute),
      })
    }
    await ingest(
      '/identify',
      { anonymousId: 'anon_other', userId: 'x', account: { id: 'acct-a' }, timestamp: at(1) },
      other,
    )
    const answers: [string, string, number, number][] = [
      ['resp_a_0001', 'acct-a', 10, 1],
      ['resp_a_0002', 'acct-a', 9, 2],
      ['resp_b_0001', 'acct-b', 2, 3],
      ['resp_c_0001', 'acct-c', 9, 4],
      ['resp_c_0002', 'acct-c', 7, 5],
    ]
    for (const [id, account, score, minute] of answers) {
      await ingest('/responses', {
        id,
        surveyId: acme.surveys.nps,
        anonymousId: `anon_${account}`,
        userId: `user-${account}`,
        score,
        timestamp: at(minute),
      })
    }
    // A CSAT answer is not an NPS answer, whatever its bucket.
    await ingest('/responses', {
      id: 'resp_a_csat',
      surveyId: acme.surveys.csat,
      anonymousId: 'anon_acct-a',
      userId: 'user-acct-a',
      score: 1,
      timestamp: at(6),
    })
    expect(
      (
        await admin('/revenue/settings', {
          method: 'PUT',
          body: JSON.stringify({ reportingCurrency: 'USD' }),
        })
      ).status,
    ).toBe(200)
    const month = at(0).slice(0, 7)
    expect(
      (
        await admin('/revenue/rates', {
          method: 'PUT',
          body: JSON.stringify({ rates: [{ currency: 'EUR', month, rate: '1.1' }] }),
        })
      ).status,
    ).toBe(200)
    const ledger = await admin('/revenue/changes', {
      method: 'POST',
      body: JSON.stringify({
        changes: [
          { accountId: 'acct-a', at: at(0), mrr: 10_000, currency: 'USD' },
          { accountId: 'acct-b', at: at(0), mrr: 5_000, currency: 'EUR' },
          { accountId: 'acct-c', at: at(0), mrr: 3_000, currency: 'USD' },
          { accountId: 'acct-c', at: at(50), mrr: 0, currency: 'USD', status: 'canceled' },
        ],
      }),
    })
    expect(ledger.status).toBe(201)
    const health: [string, number, HealthBand][] = [
      ['acct-a', 80, 'green'],
      ['acct-b', 40, 'red'],
      ['acct-c', 60, 'yellow'],
    ]
    for (const [account, score, band] of health) {
      await database.db
        .insertInto('account_health')
        .values({
          project_id: acme.project.id,
          account_id: account,
          score,
          band,
          explanation: '{}',
          computed_at: BASE,
        })
        .execute()
    }
    const stages: [string, LifecycleStageName][] = [
      ['acct-a', 'adoption'],
      ['acct-b', 'at_risk'],
      ['acct-c', 'onboarding'],
    ]
    for (const [account, stage] of stages) {
      await database.db
        .insertInto('account_stages')
        .values({
          project_id: acme.project.id,
          account_id: account,
          stage,
          since: BASE,
          source: 'rule',
          reason: null,
          set_by: null,
        })
        .execute()
    }
  })
  afterAll(() => database.close())

  it('gives each account its owner, health, stage, MRR in the reporting currency and NPS', async () => {
    const response = await admin('/accounts')
    const { accounts } = (await response.json()) as { accounts: AccountJson[] }
    expect(accounts.map((account) => account.id)).toEqual(['acct-d', 'acct-c', 'acct-b', 'acct-a'])
    const byId = new Map(accounts.map((account) => [account.id, account]))
    expect(byId.get('acct-a')).toMatchObject({
      owner: 'ann@acme.test',
      health: { score: 80, band: 'green' },
      stage: { stage: 'adoption', source: 'rule' },
      mrr: { amount: 10_000, currency: 'USD', status: 'active' },
      nps: { answers: 2, promoters: 2, detractors: 0, score: 100 },
      latestNpsScore: 9,
      personCount: 1,
      responseCount: 3,
    })
    expect(byId.get('acct-b')).toMatchObject({
      mrr: { amount: 5_500, currency: 'USD' },
      nps: { score: -100 },
    })
    expect(byId.get('acct-c')).toMatchObject({
      owner: null,
      mrr: { amount: 0, status: 'canceled' },
      nps: { answers: 2, promoters: 1, detractors: 0, score: 50 },
      latestNpsScore: 7,
    })
    expect(byId.get('acct-d')).toMatchObject({
      health: null,
      stage: null,
      mrr: null,
      nps: { answers: 0, score: null },
      latestNpsScore: null,
    })
  })

  it('sorts by health, MRR, NPS and stage either way, accounts without the value last', async () => {
    expect(await ids('sort=health')).toEqual(['acct-a', 'acct-c', 'acct-b', 'acct-d'])
    expect(await ids('sort=health&order=asc')).toEqual(['acct-b', 'acct-c', 'acct-a', 'acct-d'])
    expect(await ids('sort=mrr')).toEqual(['acct-a', 'acct-b', 'acct-c', 'acct-d'])
    expect(await ids('sort=mrr&order=asc')).toEqual(['acct-c', 'acct-b', 'acct-a', 'acct-d'])
    expect(await ids('sort=nps')).toEqual(['acct-a', 'acct-c', 'acct-b', 'acct-d'])
    expect(await ids('sort=lastActivity&order=asc')).toEqual(['acct-a', 'acct-b', 'acct-c', 'acct-d'])
    // Stage in journey order: onboarding < adoption < at risk; the unstaged account last either way.
    expect(await ids('sort=stage')).toEqual(['acct-b', 'acct-a', 'acct-c', 'acct-d'])
    expect(await ids('sort=stage&order=asc')).toEqual(['acct-c', 'acct-a', 'acct-b', 'acct-d'])
  })

  it('sorts by owner e-mail, ties by id, accounts nobody owns last either way', async () => {
    // ann (written Ann@Acme.test on acct-a) owns a and d, bob owns b, nobody owns c.
    expect(await ids('sort=owner&order=asc')).toEqual(['acct-a', 'acct-d', 'acct-b', 'acct-c'])
    expect(await ids('sort=owner')).toEqual(['acct-b', 'acct-d', 'acct-a', 'acct-c'])
  })

  it('pages through the owner sort one account at a time, within an owner and across owners', async () => {
    for (const [order, expected] of [
      ['asc', ['acct-a', 'acct-d', 'acct-b', 'acct-c']],
      ['desc', ['acct-b', 'acct-d', 'acct-a', 'acct-c']],
    ] as const) {
      const seen: string[] = []
      let cursor: string | null = null
      for (let page = 0; page < 10; page++) {
        const response = await admin(
          `/accounts?sort=owner&order=${order}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        )
        const body = (await response.json()) as { accounts: AccountJson[]; nextCursor: string | null }
        seen.push(...body.accounts.map((account) => account.id))
        cursor = body.nextCursor
        if (cursor === null) break
      }
      expect(seen).toEqual(expected)
    }
    const response = await admin('/exports/accounts?sort=owner&order=asc')
    const lines = (await response.text()).split('\r\n').filter((line) => line.length > 0)
    const idColumn = lines[0]?.split(',').indexOf('id') ?? -1
    expect(lines.slice(1).map((line) => line.split(',')[idColumn])).toEqual([
      'acct-a',
      'acct-d',
      'acct-b',
      'acct-c',
    ])
  })

  it('filters by band, stage, owner, health, MRR, NPS and last activity', async () => {
    expect(await ids('band=red,yellow&sort=health')).toEqual(['acct-c', 'acct-b'])
    expect(await ids('stage=at_risk&stage=adoption&sort=health')).toEqual(['acct-a', 'acct-b'])
    expect(await ids('owner=ANN@acme.test')).toEqual(['acct-d', 'acct-a'])
    expect(await ids('owner=none')).toEqual(['acct-c'])
    expect(await ids('healthMin=50&healthMax=79')).toEqual(['acct-c'])
    expect(await ids('mrrMin=5500')).toEqual(['acct-b', 'acct-a'])
    expect(await ids('mrrMax=5499')).toEqual(['acct-c'])
    expect(await ids('npsMin=50')).toEqual(['acct-c', 'acct-a'])
    expect(await ids('npsMax=0')).toEqual(['acct-b'])
    expect(await ids(`npsFrom=${encodeURIComponent(at(3))}&npsMin=100`)).toEqual([])
    expect(await ids(`npsTo=${encodeURIComponent(at(2))}&npsMin=100`)).toEqual(['acct-a'])
    expect(
      await ids(`activeFrom=${encodeURIComponent(at(20))}&activeTo=${encodeURIComponent(at(40))}`),
    ).toEqual(['acct-c', 'acct-b'])
  })

  it('pages through a sort with cursors, which only that sort accepts', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    for (let page = 0; page < 10; page++) {
      const response = await admin(`/accounts?sort=health&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      const body = (await response.json()) as { accounts: AccountJson[]; nextCursor: string | null }
      seen.push(...body.accounts.map((account) => account.id))
      cursor = body.nextCursor
      if (cursor === null) break
    }
    expect(seen).toEqual(['acct-a', 'acct-c', 'acct-b', 'acct-d'])
    const first = (await (await admin('/accounts?sort=mrr&limit=1')).json()) as { nextCursor: string }
    const crossed = await admin(`/accounts?sort=health&limit=1&cursor=${first.nextCursor}`)
    expect(crossed.status).toBe(400)
    expect(((await crossed.json()) as ErrorJson).error.issues?.[0]?.field).toBe('cursor')
  })

  it('exports the same accounts as CSV, with health, stage and MRR, in the same order', async () => {
    const response = await admin('/exports/accounts?sort=mrr&band=green,red,yellow')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toMatch(
      /filename="heed-accounts-\d{4}-\d{2}-\d{2}\.csv"/,
    )
    const [header = [], ...records] = (await response.text())
      .split('\r\n')
      .filter((line) => line.length > 0)
      .map((line) => line.split(','))
    const column = (name: string) => header.indexOf(name)
    expect(records.map((record) => record[column('id')])).toEqual(['acct-a', 'acct-b', 'acct-c'])
    expect(records[1]?.[column('mrr')]).toBe('5500')
    expect(records[1]?.[column('mrr_currency')]).toBe('USD')
    expect(records[1]?.[column('health_score')]).toBe('40')
    expect(records[1]?.[column('health_band')]).toBe('red')
    expect(records[1]?.[column('stage')]).toBe('at_risk')
    expect(records[1]?.[column('nps')]).toBe('-100')
    expect((await admin('/exports/accounts?sort=size')).status).toBe(400)
  })

  it("gives another project's key only its own accounts", async () => {
    const response = await admin('/accounts', {}, other)
    const { accounts } = (await response.json()) as { accounts: AccountJson[] }
    expect(accounts).toHaveLength(1)
    expect(accounts[0]).toMatchObject({
      id: 'acct-a',
      health: null,
      stage: null,
      mrr: null,
      nps: { answers: 0 },
    })
  })

  it.each([
    ['band=blue', 'band'],
    ['stage=asleep', 'stage'],
    ['owner=not-an-email', 'owner'],
    ['healthMin=101', 'healthMin'],
    ['mrrMin=-1', 'mrrMin'],
    ['npsMin=1.5', 'npsMin'],
    ['sort=name', 'sort'],
    ['order=up', 'order'],
    ['npsFrom=2026-02-01T00:00:00Z&npsTo=2026-01-01T00:00:00Z', 'npsTo'],
    ['activeFrom=yesterday', 'activeFrom'],
    ['cursor=abc', 'cursor'],
  ])('refuses %s naming %s', async (query, field) => {
    const response = await admin(`/accounts?${query}`)
    expect(response.status).toBe(400)
    expect(((await response.json()) as ErrorJson).error.issues?.map((issue) => issue.field)).toContain(field)
  })
})
