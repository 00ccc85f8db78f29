import { bucketOf } from '@heed/shared/scores/buckets'
import type { SurveyKind } from '@heed/shared/scores/scales'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ErrorJson, post, seedProject, type TestProject, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'
import type { HeedDatabase } from '../../db/open'

interface ResponseJson {
  id: string
  surveyId: string
  score: number | null
  bucket: string | null
  comment: string | null
  personId: string | null
  accountId: string | null
  anonymousId: string
  locale: string | null
  url: string | null
  traits: Record<string, unknown>
  createdAt: string
  updatedAt: string
}

interface ListJson {
  responses: ResponseJson[]
  nextCursor: string | null
}

/** What a test sent, to derive the expected answer of each filter from. */
interface Sent {
  id: string
  kind: SurveyKind
  score: number
  comment?: string
  at: number
  personId?: string
  accountId?: string
  traits: Record<string, unknown>
}

const MINUTE = 60_000
// Client times within the last 30 days are kept as sent, so the data sits a few days back, on the hour.
const BASE = Math.floor((Date.now() - 3 * 24 * 60 * MINUTE) / (60 * MINUTE)) * 60 * MINUTE
const iso = (time: number) => new Date(time).toISOString()

const PRO_TRAITS = { plan: 'pro', seats: 10, beta: true, 'account.tier': 'gold' }
const FREE_TRAITS = { plan: 'free', seats: 1, beta: false }

/** Newest first, ties by id descending: the order the API promises. */
const newestFirst = (a: Sent, b: Sent) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

describe.each(dialectCases())('admin responses API on $name', (dialect: DialectCase) => {
  let database: HeedDatabase
  let acme: TestProject
  let other: TestProject
  let app: ReturnType<typeof testApp>
  const sent: Sent[] = []

  const ingest = async (project: TestProject, path: string, body: unknown) => {
    const response = await app.request(`/ingest/v1${path}?key=${project.project.publicKey}`, post(body))
    expect(response.status).toBeLessThan(300)
  }

  const answer = async (project: TestProject, answer: Sent & { anonymousId: string; userId?: string }) => {
    await ingest(project, '/responses', {
      id: answer.id,
      surveyId: project.surveys[answer.kind],
      anonymousId: answer.anonymousId,
      ...(answer.userId !== undefined && { userId: answer.userId }),
      score: answer.score,
      ...(answer.comment !== undefined && { comment: answer.comment }),
      locale: 'en',
      url: 'https://app.acme.test/settings',
      timestamp: iso(answer.at),
    })
    if (project === acme) sent.push(answer)
  }

  const list = (query: string, key = acme.secretKey) =>
    app.request(`/admin/v1/responses${query === '' ? '' : `?${query}`}`, {
      headers: { authorization: `Bearer ${key}` },
    })

  /** Every id a query lists, following the cursor page by page. */
  const listAll = async (query: string, limit: number, key = acme.secretKey) => {
    const ids: string[] = []
    let cursor: string | null = null
    for (let pages = 0; pages < 100; pages++) {
      const page = `${query}&limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`
      const response = await list(page, key)
      expect(response.status).toBe(200)
      const body = (await response.json()) as ListJson
      expect(body.responses.length).toBeLessThanOrEqual(limit)
      ids.push(...body.responses.map((r) => r.id))
      cursor = body.nextCursor
      if (cursor === null) return ids
    }
    throw new Error('the cursor never ended')
  }

  const expectedIds = (keep: (answer: Sent) => boolean) =>
    sent
      .filter(keep)
      .sort(newestFirst)
      .map((answer) => answer.id)

  beforeAll(async () => {
    database = await dialect.open()
    acme = await seedProject(database, 'Acme')
    other = await seedProject(database, 'Other')
    app = testApp(database)

    // 30 anonymous NPS answers a minute apart, except 10..14, given at the same moment to test the tie-break.
    for (let i = 0; i < 30; i++) {
      await answer(acme, {
        id: `resp_nps_${String(i).padStart(4, '0')}`,
        kind: 'nps',
        score: i % 11,
        ...(i % 3 === 0 && { comment: `comment ${i}` }),
        at: BASE + (i >= 10 && i < 15 ? 10 : i) * MINUTE,
        anonymousId: `anon_plain_${String(i).padStart(4, '0')}`,
        traits: {},
      })
    }
    for (let i = 0; i < 5; i++) {
      await answer(acme, {
        id: `resp_csat_${String(i).padStart(4, '0')}`,
        kind: 'csat',
        score: i + 1,
        at: BASE + (40 + i) * MINUTE,
        anonymousId: `anon_csat_${String(i).padStart(4, '0')}`,
        traits: {},
      })
    }
    // Identified people: their answers carry a snapshot of their (and their account's) traits.
    await ingest(acme, '/identify', {
      anonymousId: 'anon_pro_0001',
      userId: 'user-pro',
      traits: { plan: 'pro', seats: 10, beta: true },
      account: { id: 'acct-gold', traits: { tier: 'gold' } },
      timestamp: iso(BASE),
    })
    await ingest(acme, '/identify', {
      anonymousId: 'anon_free_001',
      userId: 'user-free',
      traits: FREE_TRAITS,
      timestamp: iso(BASE),
    })
    for (let i = 0; i < 3; i++) {
      await answer(acme, {
        id: `resp_pro_${String(i).padStart(4, '0')}`,
        kind: 'nps',
        score: 9 - i * 4,
        at: BASE + (50 + i) * MINUTE,
        anonymousId: 'anon_pro_0001',
        personId: 'user-pro',
        accountId: 'acct-gold',
        traits: PRO_TRAITS,
      })
    }
    for (let i = 0; i < 2; i++) {
      await answer(acme, {
        id: `resp_free_${String(i).padStart(4, '0')}`,
        kind: 'ces',
        score: 2 + i * 4,
        comment: 'confusing',
        at: BASE + (60 + i) * MINUTE,
        anonymousId: 'anon_free_001',
        personId: 'user-free',
        traits: FREE_TRAITS,
      })
    }
    for (let i = 0; i < 3; i++) {
      await answer(other, {
        id: `resp_other_${String(i).padStart(4, '0')}`,
        kind: 'nps',
        score: 10,
        at: BASE + i * MINUTE,
        anonymousId: 'anon_other_01',
        traits: {},
      })
    }
  })
  afterAll(() => database.close())

  it('lists newest first, with ties broken by id, and every field of an answer', async () => {
    const response = await list('limit=500')
    expect(response.status).toBe(200)
    const body = (await response.json()) as ListJson
    expect(body.nextCursor).toBeNull()
    expect(body.responses.map((r) => r.id)).toEqual(expectedIds(() => true))
    const pro = body.responses.find((r) => r.id === 'resp_pro_0000')
    expect(pro).toEqual({
      id: 'resp_pro_0000',
      surveyId: acme.surveys.nps,
      score: 9,
      bucket: 'promoter',
      comment: null,
      personId: 'user-pro',
      accountId: 'acct-gold',
      anonymousId: 'anon_pro_0001',
      locale: 'en',
      url: 'https://app.acme.test/settings',
      traits: PRO_TRAITS,
      createdAt: iso(BASE + 50 * MINUTE),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      // Without a comment there is nothing to tag.
      language: null,
      sentiment: null,
      themes: [],
    })
  })

  it('defaults to pages of 50 and ends a full last page with a null cursor', async () => {
    // Older answers, enough for more than one default page.
    for (let i = sent.length; i < 55; i++) {
      await answer(acme, {
        id: `resp_old_${String(i).padStart(4, '0')}`,
        kind: 'ces',
        score: 1 + (i % 7),
        at: BASE - (i + 1) * MINUTE,
        anonymousId: `anon_old_${String(i).padStart(4, '0')}`,
        traits: {},
      })
    }
    const all = expectedIds(() => true)
    const first = (await (await list('')).json()) as ListJson
    expect(first.responses.map((r) => r.id)).toEqual(all.slice(0, 50))
    expect(first.nextCursor).not.toBeNull()
    const exact = (await (await list(`limit=${all.length}`)).json()) as ListJson
    expect(exact.responses).toHaveLength(all.length)
    expect(exact.nextCursor).toBeNull()
  })

  it('pages through everything with no duplicates or gaps, even when answers arrive between pages', async () => {
    const before = expectedIds(() => true)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const response = await list(`limit=4${cursor === null ? '' : `&cursor=${cursor}`}`)
      const body = (await response.json()) as ListJson
      seen.push(...body.responses.map((r) => r.id))
      cursor = body.nextCursor
      pages++
      if (pages === 2) {
        // A newer answer lands on the pages already read, not on the ones still to come.
        await answer(acme, {
          id: 'resp_late_0001',
          kind: 'csat',
          score: 4,
          at: BASE + 90 * MINUTE,
          anonymousId: 'anon_late_0001',
          traits: {},
        })
      }
    } while (cursor !== null && pages < 100)
    expect(seen).toEqual(before)
    expect(new Set(seen).size).toBe(seen.length)
    expect(pages).toBe(Math.ceil(before.length / 4))
  })

  it.each<[string, string, (answer: Sent) => boolean]>([
    ['survey', 'surveyId=<csat>', (a) => a.kind === 'csat'],
    [
      'half-open time range',
      'from=<t10>&to=<t20>',
      (a) => a.at >= BASE + 10 * MINUTE && a.at < BASE + 20 * MINUTE,
    ],
    [
      'bucket list',
      'bucket=detractor,promoter',
      (a) => ['detractor', 'promoter'].includes(bucketOf(a.kind, a.score)),
    ],
    [
      'repeated bucket',
      'bucket=passive&bucket=detractor',
      (a) => ['detractor', 'passive'].includes(bucketOf(a.kind, a.score)),
    ],
    ['answers with a comment', 'hasComment=true', (a) => a.comment !== undefined],
    ['answers without a comment', 'hasComment=false', (a) => a.comment === undefined],
    ['person', 'personId=user-pro', (a) => a.personId === 'user-pro'],
    ['account', 'accountId=acct-gold', (a) => a.accountId === 'acct-gold'],
    ['string trait', 'trait.plan=pro', (a) => a.traits.plan === 'pro'],
    ['account trait', 'trait.account.tier=gold', (a) => a.traits['account.tier'] === 'gold'],
    ['number trait', 'trait.seats=10', (a) => a.traits.seats === 10],
    ['boolean trait', 'trait.beta=false', (a) => a.traits.beta === false],
    ['any of a repeated trait', 'trait.plan=pro&trait.plan=free', (a) => a.traits.plan !== undefined],
    ['a trait value in another case', 'trait.plan=PRO', () => false],
    [
      'every filter at once',
      'surveyId=<nps>&bucket=detractor&hasComment=true&from=<t0>',
      (a) => a.kind === 'nps' && bucketOf(a.kind, a.score) === 'detractor' && a.comment !== undefined,
    ],
  ])('filters by %s', async (_label, template, keep) => {
    const query = template
      .replace('<csat>', acme.surveys.csat)
      .replace('<nps>', acme.surveys.nps)
      .replace(/<t(\d+)>/g, (_, minutes: string) => encodeURIComponent(iso(BASE + Number(minutes) * MINUTE)))
    const expected = expectedIds(keep)
    expect(await listAll(query, 3)).toEqual(expected)
  })

  it('filters by the comment’s sentiment and theme, as tagged or corrected', async () => {
    const correct = async (id: string, body: unknown) => {
      const response = await app.request(`/admin/v1/responses/${id}/tags`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${acme.secretKey}`,
          'content-type': 'application/json',
          'x-heed-actor': 'analyst@acme.test',
        },
        body: JSON.stringify(body),
      })
      expect(response.status).toBe(200)
    }
    await correct('resp_nps_0000', { sentiment: 'negative', themes: ['pricing'] })
    await correct('resp_nps_0003', { sentiment: 'negative', themes: [] })
    await correct('resp_nps_0006', { sentiment: 'positive', themes: ['pricing'] })
    // What the listing says of every answer is what the filters must keep.
    const all = ((await (await list('limit=200')).json()) as ListJson).responses as (ResponseJson & {
      sentiment: string | null
      themes: string[]
    })[]
    const idsOf = async (query: string) => listAll(query, 7)
    const keep = (test: (answer: (typeof all)[number]) => boolean) =>
      all.filter(test).map((answer) => answer.id)
    expect(await idsOf('sentiment=negative')).toEqual(keep((answer) => answer.sentiment === 'negative'))
    expect(await idsOf('theme=pricing')).toEqual(keep((answer) => answer.themes.includes('pricing')))
    expect(await idsOf('sentiment=negative&theme=pricing')).toEqual(
      keep((answer) => answer.sentiment === 'negative' && answer.themes.includes('pricing')),
    )
    expect(await idsOf('sentiment=negative')).toEqual(
      expect.arrayContaining(['resp_nps_0000', 'resp_nps_0003']),
    )
    expect(await idsOf('sentiment=negative&theme=pricing')).toContain('resp_nps_0000')
    expect(await idsOf('sentiment=negative&theme=pricing')).not.toContain('resp_nps_0003')
    expect(await idsOf('theme=pricing&bucket=promoter')).toEqual(
      keep((answer) => answer.themes.includes('pricing') && answer.bucket === 'promoter'),
    )
    // Another project's tags never match.
    expect(await listAll('theme=pricing', 7, other.secretKey)).toEqual([])
    const refused = await list('sentiment=angry')
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as ErrorJson).error.message).toMatch(/^sentiment: /)
  })

  it('reads one answer by id, only with its own project key', async () => {
    const response = await app.request('/admin/v1/responses/resp_free_0001', {
      headers: { authorization: `Bearer ${acme.secretKey}` },
    })
    expect(response.status).toBe(200)
    const { response: free } = (await response.json()) as { response: ResponseJson }
    expect(free).toMatchObject({
      id: 'resp_free_0001',
      surveyId: acme.surveys.ces,
      score: 6,
      bucket: 'promoter',
    })

    const foreign = await app.request('/admin/v1/responses/resp_free_0001', {
      headers: { authorization: `Bearer ${other.secretKey}` },
    })
    expect(foreign.status).toBe(404)
    expect(((await foreign.json()) as ErrorJson).error.code).toBe('not_found')
    const missing = await app.request('/admin/v1/responses/resp_none_0001', {
      headers: { authorization: `Bearer ${acme.secretKey}` },
    })
    expect(missing.status).toBe(404)
  })

  it("shows another project's key only that project's answers", async () => {
    expect(await listAll('hasComment=false', 2, other.secretKey)).toEqual([
      'resp_other_0002',
      'resp_other_0001',
      'resp_other_0000',
    ])
    expect(await listAll(`surveyId=${acme.surveys.nps}`, 50, other.secretKey)).toEqual([])
    expect(await listAll('personId=user-pro', 50, other.secretKey)).toEqual([])
  })

  it('refuses a request without a secret key', async () => {
    expect((await app.request('/admin/v1/responses')).status).toBe(401)
  })

  const personsCursor = Buffer.from(JSON.stringify(['persons', BASE, 'user-pro'])).toString('base64url')
  it.each([
    ['an unknown parameter', 'survey=srv_1', 'survey'],
    ['a parameter in the wrong case', 'surveyid=srv_1', 'surveyid'],
    ['a parameter given twice', 'surveyId=srv_1&surveyId=srv_2', 'surveyId'],
    ['an unknown bucket', 'bucket=detractor,angry', 'bucket'],
    ['an empty bucket', 'bucket=', 'bucket'],
    ['a hasComment other than true or false', 'hasComment=yes', 'hasComment'],
    ['a from that is not a date-time', 'from=yesterday', 'from'],
    ['a to without a time zone', 'to=2026-01-02T00:00:00', 'to'],
    ['a to not after from', 'from=2026-01-02T00:00:00Z&to=2026-01-02T00:00:00Z', 'to'],
    ['a limit of 0', 'limit=0', 'limit'],
    ['a limit above 500', 'limit=501', 'limit'],
    ['a limit that is not a whole number', 'limit=1.5', 'limit'],
    ['a limit in words', 'limit=ten', 'limit'],
    ['a cursor that is not base64url', 'cursor=not%20a%20cursor', 'cursor'],
    ['a cursor that is not JSON', `cursor=${Buffer.from('{nope').toString('base64url')}`, 'cursor'],
    ['a cursor of another list', `cursor=${personsCursor}`, 'cursor'],
    ['an empty person id', 'personId=%20', 'personId'],
    ['a trait without a name', 'trait.=pro', 'trait.'],
    ['a too-long trait name', `trait.${'x'.repeat(101)}=1`, `trait.${'x'.repeat(101)}`],
    ['a too-long trait value', `trait.plan=${'x'.repeat(1001)}`, 'trait.plan'],
    [
      'a trait given too often',
      Array.from({ length: 51 }, (_, i) => `trait.plan=${i}`).join('&'),
      'trait.plan',
    ],
    ['too many traits', Array.from({ length: 51 }, (_, i) => `trait.t${i}=1`).join('&'), 'trait.t50'],
  ])('answers 400 naming the parameter for %s', async (_label, query, field) => {
    const response = await list(query)
    expect(response.status).toBe(400)
    const { error } = (await response.json()) as ErrorJson
    expect(error.code).toBe('invalid_query')
    expect(error.issues?.map((issue) => issue.field)).toContain(field)
  })
})
