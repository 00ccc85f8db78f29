import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, post, seedProject, type TestProject, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'

interface Share {
  part: number
  whole: number
  rate: number | null
}
interface PeriodJson {
  label: string
  participation: Share
  followedUpWithinSla: Share
  rootCauseTagged: Share
  firstContactResolution: Share
  medianHoursToFirstContact: number | null
}
interface BookJson {
  accounts: number
  mrr: number
  currency: string
  health: Record<string, number>
  accountsCovered: number
  contactCoverage: Share
}
interface MetricsJson {
  team: { book: BookJson; periods: PeriodJson[] }
  owners: { owner: string | null; book: BookJson; periods: PeriodJson[] }[]
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
const START = Math.floor(Date.now() / DAY) * DAY - 3 * DAY
const at = (hours: number) => new Date(START + hours * HOUR).toISOString()

/** A share's parts and wholes added over the periods: the scenario's days may fall in one period or two. */
const summed = (periods: PeriodJson[], pick: (period: PeriodJson) => Share) =>
  periods.reduce(
    (sum, period) => ({ part: sum.part + pick(period).part, whole: sum.whole + pick(period).whole }),
    {
      part: 0,
      whole: 0,
    },
  )

/**
 * Worked by hand (docs/metrics.md, "The CS team's own metrics"):
 *   a1 ann  p1 "Decision Maker", shown a survey, answers 3 -> case c1, resolved straight away (one contact)
 *   a2 ann  p2 "user", shown a survey, no answer
 *   a3 bob  p3 "champion", shown, answers 2 -> case c3: contacted, resolved, reopened, contacted, resolved
 *   a4 --   p4, answers 1 an hour ago -> case c4, contacted now, within its SLA, no root cause
 * Participation: ann 1/2, bob 1/1, none 1/1 (a4 answered without a display: asked and answering), team 3/4.
 * Followed up within SLA: ann 0/1 and bob 0/1 (contacted three days after the answer, SLA 48 h), none 1/1.
 * Root cause: 2 of 3 cases. First-contact resolution: ann 1/1, bob 0/1. Coverage: ann 1/2, bob 1/1, none 0/1.
 */
describe.each(dialectCases())('team metrics on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>
  let metrics: MetricsJson

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
        'x-heed-actor': 'lead@acme.test',
      },
    })
  const patch = async (caseId: string, body: unknown) => {
    const response = await admin(`/cases/${caseId}`, { method: 'PATCH', body: JSON.stringify(body) })
    if (response.status !== 200) throw new Error(await response.text())
  }
  const caseOf = async (account: string) => {
    const { cases } = (await (await admin(`/cases?accountId=${account}`)).json()) as {
      cases: { id: string }[]
    }
    return cases[0]?.id ?? ''
  }

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)
    const people: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
      ['p1', 'a1', { owner: 'Ann@acme.test' }, { role: 'Decision Maker' }],
      ['p2', 'a2', { owner: 'ann@acme.test' }, { role: 'user' }],
      ['p3', 'a3', { owner: 'bob@acme.test' }, { role: 'champion' }],
      ['p4', 'a4', {}, {}],
    ]
    for (const [person, account, accountTraits, traits] of people) {
      await ingest('/identify', {
        anonymousId: `anon_${person}_000`,
        userId: person,
        traits,
        account: { id: account, traits: accountTraits },
        timestamp: at(0),
      })
    }
    for (const person of ['p1', 'p2', 'p3']) {
      await ingest('/displays', {
        id: `disp_${person}_000`,
        surveyId: acme.surveys.nps,
        anonymousId: `anon_${person}_000`,
        userId: person,
        event: 'shown',
        timestamp: at(1),
      })
    }
    const answers: [string, string, number, string][] = [
      ['resp_p1_0001', 'p1', 3, at(2)],
      ['resp_p3_0001', 'p3', 2, at(2)],
      ['resp_p3_0002', 'p3', 9, at(3)],
      ['resp_p4_0001', 'p4', 1, new Date(Date.now() - HOUR).toISOString()],
    ]
    for (const [id, person, score, timestamp] of answers) {
      await ingest('/responses', {
        id,
        surveyId: acme.surveys.nps,
        anonymousId: `anon_${person}_000`,
        userId: person,
        score,
        timestamp,
      })
    }
    await patch(await caseOf('a1'), { status: 'resolved', rootCause: 'pricing' })
    const c3 = await caseOf('a3')
    await patch(c3, { status: 'contacted' })
    await patch(c3, { status: 'resolved', rootCause: 'support' })
    await patch(c3, { status: 'open' })
    await patch(c3, { status: 'contacted' })
    await patch(c3, { status: 'resolved' })
    await patch(await caseOf('a4'), { status: 'contacted' })
    await admin('/revenue/settings', { method: 'PUT', body: JSON.stringify({ reportingCurrency: 'USD' }) })
    const ledger = await admin('/revenue/changes', {
      method: 'POST',
      body: JSON.stringify({
        changes: [
          { accountId: 'a1', at: at(0), mrr: 1_000, currency: 'USD' },
          { accountId: 'a3', at: at(0), mrr: 500, currency: 'USD' },
        ],
      }),
    })
    expect(ledger.status).toBe(201)
    for (const [account, band, score] of [
      ['a1', 'green', 80],
      ['a3', 'red', 30],
    ] as const) {
      await database.db
        .insertInto('account_health')
        .values({
          project_id: acme.project.id,
          account_id: account,
          score,
          band,
          explanation: '{}',
          computed_at: START,
        })
        .execute()
    }
    const response = await admin(`/team/metrics?period=day&from=${encodeURIComponent(at(0))}&timeZone=UTC`)
    expect(response.status).toBe(200)
    metrics = (await response.json()) as MetricsJson
  })
  afterAll(() => database.close())

  const owner = (email: string | null) => {
    const found = metrics.owners.find((entry) => entry.owner === email)
    if (!found) throw new Error(`no ${email}`)
    return found
  }

  it("gives each manager's book: accounts, MRR, health bands and contact coverage", () => {
    expect(metrics.owners.map((entry) => entry.owner)).toEqual(['ann@acme.test', 'bob@acme.test', null])
    expect(owner('ann@acme.test').book).toMatchObject({
      accounts: 2,
      mrr: 1_000,
      currency: 'USD',
      health: { green: 1, yellow: 0, red: 0, unscored: 1 },
      contactCoverage: { part: 1, whole: 2, rate: 0.5 },
    })
    expect(owner('bob@acme.test').book).toMatchObject({
      accounts: 1,
      mrr: 500,
      health: { red: 1 },
      contactCoverage: { rate: 1 },
    })
    expect(owner(null).book).toMatchObject({ accounts: 1, mrr: 0, contactCoverage: { part: 0, whole: 1 } })
    expect(metrics.team.book).toMatchObject({
      accounts: 4,
      mrr: 1_500,
      accountsCovered: 2,
      health: { unscored: 2 },
    })
  })

  it('counts participation, follow-up within SLA, root causes and first-contact resolution as worked by hand', () => {
    const ann = owner('ann@acme.test').periods
    const bob = owner('bob@acme.test').periods
    const none = owner(null).periods
    const team = metrics.team.periods
    expect(summed(ann, (p) => p.participation)).toEqual({ part: 1, whole: 2 })
    expect(summed(bob, (p) => p.participation)).toEqual({ part: 1, whole: 1 })
    expect(summed(team, (p) => p.participation)).toEqual({ part: 3, whole: 4 })
    expect(summed(ann, (p) => p.followedUpWithinSla)).toEqual({ part: 0, whole: 1 })
    expect(summed(none, (p) => p.followedUpWithinSla)).toEqual({ part: 1, whole: 1 })
    expect(summed(team, (p) => p.rootCauseTagged)).toEqual({ part: 2, whole: 3 })
    expect(summed(ann, (p) => p.firstContactResolution)).toEqual({ part: 1, whole: 1 })
    expect(summed(bob, (p) => p.firstContactResolution)).toEqual({ part: 0, whole: 1 })
    const waited = none.map((p) => p.medianHoursToFirstContact).filter((hours) => hours !== null)
    expect(waited).toHaveLength(1)
    expect(waited[0]).toBeGreaterThanOrEqual(1)
    const annWaited = ann.map((p) => p.medianHoursToFirstContact).filter((hours) => hours !== null)
    expect(annWaited[0]).toBeGreaterThan(48)
  })

  it("gives another project's key an empty team", async () => {
    const response = await admin('/team/metrics', {}, other)
    const body = (await response.json()) as MetricsJson
    expect(body.owners).toEqual([])
    expect(body.team.book.accounts).toBe(0)
  })

  it.each([
    ['period=year', 'period'],
    ['timeZone=Nowhere/Land', 'timeZone'],
    ['from=2026-03-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
    ['from=1990-01-01T00:00:00Z&period=day', 'from'],
    ['owner=ann', 'owner'],
  ])('refuses %s naming %s', async (query, field) => {
    const response = await admin(`/team/metrics?${query}`)
    expect(response.status).toBe(400)
    expect(((await response.json()) as ErrorJson).error.issues?.map((issue) => issue.field)).toContain(field)
  })
})
